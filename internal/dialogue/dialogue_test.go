package dialogue

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/validate"
	"github.com/thidua/thidua/plans"
)

// docxText is the text of a .docx's body, a line per paragraph.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := io.ReadAll(f)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
	return html.UnescapeString(text)
}

func TestMain(m *testing.M) { dbtest.Main(m) }

// today is 29/11/2026 in Vietnam.
var clock = func() time.Time { return time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC) }

// enterprises adds three: two in transport, one in construction.
func enterprises(t *testing.T, d *db.DB) (transport1, transport2, builder int64) {
	t.Helper()
	ids := make([]int64, 3)
	for i, e := range []struct{ tax, name, sector string }{
		{"4900100001", "Công ty Vận tải Hoàng Long", "transport"},
		{"4900100002", "Công ty Logistics Đồng Đăng", "transport"},
		{"4900100003", "Công ty Xây dựng Pác Bó", "construction"},
	} {
		if err := d.Write().QueryRow(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
			VALUES ($1, $2, 'private', $2, $3, $3) RETURNING id`, e.tax, e.name, clock()).Scan(&ids[i]); err != nil {
			t.Fatal(err)
		}
		d.Write().Exec("INSERT INTO enterprise_sectors (enterprise_id, sector) VALUES ($1, $2)", ids[i], e.sector)
	}
	return ids[0], ids[1], ids[2]
}

func valid(heldOn string) Input {
	return Input{Title: "Hội nghị đối thoại doanh nghiệp vận tải năm 2026", HeldOn: heldOn, StartsAt: "08:30",
		Place: "Hội trường Sở Xây dựng", Chair: "Ông Trần Văn Vương, Phó Giám đốc Sở", Topics: "Cấp phù hiệu xe\n- Bến xe khách",
		Sectors: []string{"transport"}}
}

func TestBadInputChangesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d, clock)
		in := valid("2026-13-01")
		in.Title, in.StartsAt, in.Sectors, in.Role = " ", "25:00", []string{"bakery"}, "guest"
		in.RegistrationUntil = "2027-01-05"
		_, err := s.Create(context.Background(), in)
		var errs validate.Errors
		if !errors.As(err, &errs) {
			t.Fatalf("err = %v, want field errors", err)
		}
		for _, f := range []string{"title", "held_on", "starts_at", "sectors", "organiser"} {
			if errs[f] == "" {
				t.Errorf("no message for %s: %v", f, errs)
			}
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM dialogues").Scan(&n)
		if n != 0 {
			t.Errorf("%d dialogues written", n)
		}
	})
}

func TestInviteRegisterHoldAndCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d, clock)
		t1, t2, builder := enterprises(t, d)
		next, err := s.Create(ctx, valid("2026-12-10"))
		if err != nil {
			t.Fatal(err)
		}
		if n, err := s.Invite(ctx, next.ID); err != nil || n != 2 {
			t.Fatalf("invite = %d %v, want the 2 transport enterprises", n, err)
		}
		if err := s.Register(ctx, auth.Scope{EnterpriseID: t1}, next.ID, "Nguyễn Văn An, Giám đốc"); err != nil {
			t.Fatal(err)
		}
		if err := s.Register(ctx, auth.Scope{EnterpriseID: builder}, next.ID, "Lê Thị Bình"); !errors.Is(err, ErrNotInvited) {
			t.Errorf("an enterprise of another sector registered: %v", err)
		}
		if err := s.Register(ctx, auth.Scope{EnterpriseID: t2}, next.ID, " "); err == nil {
			t.Error("registered without a representative")
		}
		if err := s.RecordHeld(ctx, next.ID, nil, ""); !errors.Is(err, ErrInFuture) {
			t.Errorf("recorded a future dialogue as held: %v", err)
		}
		got, _ := s.Get(ctx, next.ID)
		if got.Invited != 2 || got.Registered != 1 {
			t.Errorf("counts = %d invited, %d registered", got.Invited, got.Registered)
		}
		mine, reg, err := s.ForEnterprise(ctx, auth.Scope{EnterpriseID: t1}, 10)
		if err != nil || len(mine) != 1 || !reg[next.ID] {
			t.Errorf("the enterprise's dialogues = %v %v %v", mine, reg, err)
		}
		if others, _, _ := s.ForEnterprise(ctx, auth.Scope{EnterpriseID: builder}, 10); len(others) != 0 {
			t.Errorf("a construction firm is offered a transport dialogue: %v", others)
		}

		past, err := s.Create(ctx, valid("2026-06-15"))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Register(ctx, auth.Scope{EnterpriseID: t2}, past.ID, "Trần Văn C"); !errors.Is(err, ErrClosed) {
			t.Errorf("registered after the day: %v", err)
		}
		if err := s.RecordHeld(ctx, past.ID, []int64{t1, builder}, "Sở tiếp thu, trả lời trong 15 ngày làm việc."); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordHeld(ctx, past.ID, nil, ""); !errors.Is(err, ErrNotPlanned) {
			t.Errorf("held twice: %v", err)
		}
		if _, err := s.Update(ctx, past.ID, valid("2026-06-16")); !errors.Is(err, ErrNotPlanned) {
			t.Errorf("edited a dialogue held: %v", err)
		}
		cancelled, _ := s.Create(ctx, valid("2026-03-02"))
		s.Cancel(ctx, cancelled.ID)
		today := calendar.DateOf(clock())
		if n, _ := s.HeldIn(ctx, 2026, today); n != 1 {
			t.Errorf("T4 2026 = %d, want 1 (planned and cancelled ones do not count)", n)
		}
		if n, _ := s.HeldIn(ctx, 2027, today); n != 0 {
			t.Errorf("T4 2027 = %d", n)
		}
		list, total, err := s.List(ctx, Filter{Year: 2026}, 10, 0)
		if err != nil || total != 3 || list[0].ID != next.ID || list[1].Attended != 2 {
			t.Errorf("list = %d %v %+v", total, err, list)
		}
		held, total, _ := s.List(ctx, Filter{Year: 2026, State: Held, Query: "van tai"}, 10, 0)
		if total != 1 || held[0].ID != past.ID {
			t.Errorf("held list = %+v", held)
		}
		var audits int
		d.Read().QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity = 'dialogue'").Scan(&audits)
		if audits < 7 {
			t.Errorf("%d audit entries for dialogues", audits)
		}

		// The minutes of the dialogue held.
		dlg, _ := s.Get(ctx, past.ID)
		parts, _, _ := s.Participants(ctx, auth.Scope{All: true}, past.ID, 50, 0)
		data, _ := plans.Files.ReadFile("langson-sxd-2026.yaml")
		p, probs := plan.Parse("seed", data)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		doc, err := Minutes(p, dlg, parts, []Question{{TrackingCode: "PA-2026-ABC123", Asker: "Công ty Vận tải Hoàng Long", Subject: "Thời gian cấp phù hiệu", Unit: "Phòng Quản lý vận tải", State: "Đang xử lý"}}, "03/BB-SXD")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := docgen.Render(&buf, doc); err != nil {
			t.Fatal(err)
		}
		text := docxText(t, buf.Bytes())
		for _, want := range []string{"BIÊN BẢN", "Số: 03/BB-SXD", "Vào hồi 08 giờ 30 phút, ngày 15/06/2026", "Công ty Xây dựng Pác Bó",
			"Thời gian cấp phù hiệu", "PA-2026-ABC123", "Sở tiếp thu, trả lời trong 15 ngày làm việc.", "CHỦ TRÌ", "Trần Văn Vương"} {
			if !strings.Contains(text, want) {
				t.Errorf("minutes lack %q", want)
			}
		}
	})
}
