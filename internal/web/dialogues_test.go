package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The office schedules a dialogue and invites a sector; an enterprise of it registers;
// after the day the office records it held, T4 counts it, and the minutes come out
// as a Word document with the next Biên bản number.
func TestDialogueFromScheduleToMinutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		var entID int64
		if err := d.Write().QueryRow(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
			VALUES ('4900100001', 'Công ty Vận tải Hoàng Long', 'private', 'hoang long', $1, $1) RETURNING id`, fixedNow).Scan(&entID); err != nil {
			t.Fatal(err)
		}
		d.Write().Exec("INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES ($1, 'transport')", entID)
		if _, err := auth.NewStore(d, now).CreateUser(ctx, auth.NewUser{Username: "hoanglong", Role: auth.RoleEnterprise, EnterpriseTC: "4900100001", Password: "mat-khau-hoanglong"}); err != nil {
			t.Fatal(err)
		}
		office := s.login(t, "vanphong")

		// A bad form keeps what was typed and says what is wrong.
		resp, _ := office.PostForm(s.URL+"/dialogues", url.Values{"title": {"Đối thoại vận tải"}, "held_on": {"30/02/2026"}, "place": {"Sở"}, "chair": {"Ông A"}})
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "Ngày tổ chức") || !strings.Contains(string(body), `value="Đối thoại vận tải"`) {
			t.Fatalf("bad form: %d", resp.StatusCode)
		}
		// The test clock is 26/11/2026: a dialogue on 27/11 can be registered for today.
		resp, _ = office.PostForm(s.URL+"/dialogues", url.Values{"title": {"Đối thoại doanh nghiệp vận tải"}, "held_on": {"2026-11-27"}, "starts_at": {"08:00"},
			"place": {"Hội trường Sở"}, "chair": {"Ông Trần Văn Vương, Phó Giám đốc Sở"}, "sectors": {"transport"}})
		page := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/dialogues/\d+$`).MatchString(page) {
			t.Fatalf("create: %d %s", resp.StatusCode, page)
		}
		if resp, _ = office.PostForm(s.URL+page+"/invite", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: %d", resp.StatusCode)
		}
		ent := s.login(t, "hoanglong")
		if _, list := get(t, ent, s.URL+"/dialogues"); !strings.Contains(list, "Đối thoại doanh nghiệp vận tải") {
			t.Fatal("the invited enterprise does not see the dialogue")
		}
		if resp, _ = ent.PostForm(s.URL+page+"/register", url.Values{"representative": {"Nguyễn Văn An, Giám đốc"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d", resp.StatusCode)
		}
		if resp, _ = ent.PostForm(s.URL+page+"/held", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an enterprise recorded the dialogue held: %d", resp.StatusCode)
		}
		if resp, _ = office.PostForm(s.URL+page+"/held", nil); resp.StatusCode != http.StatusConflict {
			t.Errorf("recorded held before its day: %d", resp.StatusCode)
		}
		// The day comes.
		d.Write().Exec("UPDATE dialogues SET held_on = '2026-11-20'")
		resp, _ = office.PostForm(s.URL+page+"/held", url.Values{"attended": {strconv.FormatInt(entID, 10)}, "conclusions": {"Sở trả lời bằng văn bản trong 15 ngày làm việc."}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("held: %d", resp.StatusCode)
		}
		var qlxd string
		d.Read().QueryRow("SELECT CAST(id AS TEXT) FROM units WHERE code = 'QLXD'").Scan(&qlxd)
		resp, _ = office.PostForm(s.URL+page+"/questions", url.Values{"enterprise_id": {strconv.FormatInt(entID, 10)}, "kind": {"proposal"},
			"subject": {"Đề nghị mở rộng bãi đỗ xe tải"}, "content": {"Xe chờ thông quan đỗ tràn ra quốc lộ"}, "unit_id": {qlxd}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("record a question: %d", resp.StatusCode)
		}
		var channel, state string
		d.Read().QueryRow("SELECT channel, state FROM petitions WHERE dialogue_id IS NOT NULL").Scan(&channel, &state)
		if channel != "dialogue" || state != "processing" {
			t.Errorf("the question became a petition %s in state %s, want a dialogue petition being processed", channel, state)
		}
		if _, p := get(t, office, s.URL+page); !strings.Contains(p, "Đề nghị mở rộng bãi đỗ xe tải") {
			t.Error("the dialogue page does not list its question")
		}
		_, targets := get(t, office, s.URL+"/targets?period=2026")
		if !strings.Contains(targets, `<a href="/dialogues?year=2026&amp;state=held">1</a> ✓`) {
			t.Error("T4 does not show the dialogue held in 2026 with its drill-down")
		}
		resp, err := office.Get(s.URL + page + "/minutes.docx")
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(string(doc), "PK") {
			t.Fatalf("minutes: %d", resp.StatusCode)
		}
		var number string
		d.Read().QueryRow("SELECT minutes_number FROM dialogues").Scan(&number)
		if !strings.HasPrefix(number, "01/BB-") {
			t.Errorf("minutes number %q, want the first BB of the year", number)
		}
		office.Get(s.URL + page + "/minutes.docx")
		var numbers int
		d.Read().QueryRow("SELECT COUNT(*) FROM documents WHERE type = 'BB'").Scan(&numbers)
		if numbers != 1 {
			t.Errorf("a second download took another number: %d in the register", numbers)
		}
	})
}
