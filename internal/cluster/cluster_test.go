package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify/smtptest"
)

var ctx = context.Background()

// seedPeople gives a database what the two-process test acts with: units, a
// procedure, an office account, an enterprise and its account, and a person who
// reads notifications in a daily digest with three waiting.
func seedPeople(t *testing.T, d *db.DB) {
	t.Helper()
	now := time.Now()
	dossiertest.Unit(t, d, "VP", "Văn phòng Sở")
	dossiertest.Add(t, d, dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15, Online: "full"})
	if _, err := d.Write().Exec(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
		VALUES ('4900100001', 'Công ty Vận tải Hoàng Long', 'private', 'hoang long', $1, $1)`, now.UTC()); err != nil {
		t.Fatal(err)
	}
	as := auth.NewStore(d, time.Now)
	for _, nu := range []auth.NewUser{
		{Username: "vanphong", Role: auth.RoleOffice, Password: "mat-khau-vanphong"},
		{Username: "hoanglong", Role: auth.RoleEnterprise, EnterpriseTC: "4900100001", Password: "mat-khau-hoanglong", Email: "hoanglong@example.vn"},
		{Username: "qlxd", Role: auth.RoleUnitManager, UnitCode: "QLXD", Password: "mat-khau-qlxd", Email: "qlxd@example.vn"},
	} {
		if _, err := as.CreateUser(ctx, nu); err != nil {
			t.Fatal(err)
		}
	}
	var uid int64
	d.Read().QueryRow("SELECT id FROM users WHERE username = 'qlxd'").Scan(&uid)
	if _, err := d.Write().Exec("UPDATE users SET notify_mode = 'digest' WHERE id = $1", uid); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if _, err := d.Write().Exec("INSERT INTO notifications (user_id, subject, created_at) VALUES ($1, $2, $3)",
			uid, fmt.Sprintf("Thông báo thử %d", i), now.UTC().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
}

// queueEmails puts n e-mails in the outbox, each with the job that sends it.
func queueEmails(t *testing.T, d *db.DB, n int) {
	t.Helper()
	q := job.New(d, time.Now)
	for i := 1; i <= n; i++ {
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO email_outbox (recipient, subject, body, state, created_at)
			VALUES ($1, $2, 'Nội dung', 'pending', $3) RETURNING id`, fmt.Sprintf("nguoi%d@example.vn", i), fmt.Sprintf("Thư số %d", i), time.Now().UTC()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, _, err := q.Enqueue(ctx, d.Write(), job.Spec{Kind: "email.send", Payload: map[string]int64{"outbox_id": id},
			Key: "email:" + strconv.FormatInt(id, 10), MaxAttempts: 5}); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Two `thidua serve` on one PostgreSQL, as behind a load balancer: a person signed in
// on one is signed in on the other and signing out on either ends it on both; a file
// sent through one is downloaded whole through the other; background jobs run once
// across both; documents made at once through both get distinct consecutive numbers;
// a change through one shows at once in the figures read through the other.
func TestTwoProcessesOnePostgres(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	seedPeople(t, d)
	queueEmails(t, d, 30)
	mail := smtptest.Start(t)
	smtp := []string{"THIDUA_SMTP_HOST=127.0.0.1", "THIDUA_SMTP_PORT=" + strconv.Itoa(mail.Port), "THIDUA_SMTP_TLS=none",
		"THIDUA_SMTP_FROM=thidua@example.vn"}

	// Both start at once, as after a deployment.
	var a, b *proc
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = start(t, "A", smtp, "serve", "--addr", "127.0.0.1:0", "--db", dsn) }()
	go func() { defer wg.Done(); b = start(t, "B", smtp, "serve", "--addr", "127.0.0.1:0", "--db", dsn) }()
	wg.Wait()
	a.waitReady(t)
	b.waitReady(t)

	t.Run("session", func(t *testing.T) {
		onA := login(t, a.base, "vanphong", "mat-khau-vanphong")
		both := withCookiesOf(onA, a.base, b.base)
		if r := get(t, both, b.base+"/dashboard"); r.code != http.StatusOK {
			t.Fatalf("the session of A on B: %d %s", r.code, r.location)
		}
		if r := postForm(t, both, b.base+"/logout", nil); r.code != http.StatusSeeOther {
			t.Fatalf("logout on B: %d", r.code)
		}
		if r := get(t, onA, a.base+"/dashboard"); r.code != http.StatusSeeOther || !strings.HasPrefix(r.location, "/login") {
			t.Fatalf("after logging out on B, A still lets the session in: %d %s", r.code, r.location)
		}
	})

	t.Run("file", func(t *testing.T) {
		ent := login(t, a.base, "hoanglong", "mat-khau-hoanglong")
		file := bytes.Repeat([]byte("%PDF-1.4\n% tệp đính kèm kiến nghị\n"), 4000) // ~150 kB
		file = append(file, []byte("%%EOF\n")...)
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"kind": "proposal", "subject": "Thời gian cấp phù hiệu xe quá dài",
			"content": "Đề nghị rút ngắn thời gian cấp phù hiệu xe."} {
			w.WriteField(k, v)
		}
		fw, _ := w.CreateFormFile("attachments", "de-nghi.pdf")
		fw.Write(file)
		w.Close()
		r := do(t, ent, "POST", a.base+"/petitions", &buf, w.FormDataContentType())
		if r.code != http.StatusSeeOther {
			t.Fatalf("send a petition with a file through A: %d %s", r.code, tail(r.body, 500))
		}
		entB := withCookiesOf(ent, a.base, b.base)
		page := get(t, entB, b.base+r.location)
		link := regexp.MustCompile(`/petitions/files/\d+`).FindString(page.body)
		if page.code != http.StatusOK || link == "" {
			t.Fatalf("the petition through B: %d, link %q", page.code, link)
		}
		got := get(t, entB, b.base+link)
		if got.code != http.StatusOK || got.body != string(file) {
			t.Fatalf("the file through B: %d, %d bytes instead of %d", got.code, len(got.body), len(file))
		}
	})

	t.Run("jobs", func(t *testing.T) {
		// 30 e-mails queued before the start and the digest of the day's slot, which
		// both processes schedule: 31 messages, each sent once.
		deadline := time.Now().Add(40 * time.Second)
		for time.Now().Before(deadline) && (count(t, d, "SELECT COUNT(*) FROM jobs WHERE kind = 'email.digest' AND state = 'done'") == 0 ||
			count(t, d, "SELECT COUNT(*) FROM jobs WHERE kind IN ('email.send', 'email.digest') AND state <> 'done'") > 0) {
			time.Sleep(100 * time.Millisecond)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM jobs WHERE kind IN ('email.send', 'email.digest') AND state <> 'done'"); n > 0 {
			t.Fatalf("%d e-mail jobs not done after 40 s", n)
		}
		msgs := mail.Messages()
		seen := map[string]int{}
		digests := 0
		sent := 0
		for _, m := range msgs {
			if !strings.HasPrefix(m.To, "nguoi") && m.To != "qlxd@example.vn" {
				continue // the petition's acknowledgement to its sender
			}
			sent++
			seen[m.To+" "+m.Subject]++
			if m.To == "qlxd@example.vn" {
				digests++
				if !strings.Contains(m.Body, "Thông báo thử 3") {
					t.Errorf("the digest does not list the notifications: %s", m.Body)
				}
			}
		}
		if sent != 31 || len(seen) != 31 || digests != 1 {
			t.Errorf("%d messages received, %d distinct, %d digests; want 31, 31, 1", sent, len(seen), digests)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM jobs WHERE kind = 'email.digest'"); n != 1 {
			t.Errorf("%d digest jobs for one day", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM email_outbox WHERE state = 'sent' AND attempts = 1 AND (recipient LIKE 'nguoi%' OR recipient = 'qlxd@example.vn')"); n != 31 {
			t.Errorf("%d e-mails sent at the first attempt, want 31", n)
		}
		t.Logf("e-mail jobs were run by %d processes", count(t, d, "SELECT COUNT(DISTINCT locked_by) FROM jobs WHERE kind = 'email.send'"))
	})

	today := calendar.DateOf(time.Now())
	received := today.AddDays(-60)
	from := received.AddDays(-1).String()
	statsURL := "/api/v1/public/dossier-stats?from=" + from + "&to=" + today.String()
	var office *http.Client

	t.Run("figures", func(t *testing.T) {
		// B answers the figure once before the change, as a cache would keep it.
		var before, after struct {
			Total struct {
				ReceivedTotal int `json:"received_total"`
				OpenOverdue   int `json:"open_overdue"`
			} `json:"total"`
		}
		r := get(t, http.DefaultClient, b.base+statsURL)
		if err := json.Unmarshal([]byte(r.body), &before); r.code != http.StatusOK || err != nil {
			t.Fatalf("public statistics through B: %d %v", r.code, err)
		}
		office = login(t, a.base, "vanphong", "mat-khau-vanphong")
		csv := dossiertest.CSV(
			dossiertest.Row{Code: "H37.1-001", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: received.DMY(), Appointment: received.AddDays(20).DMY()},
			dossiertest.Row{Code: "H37.1-002", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: received.DMY(), Finished: received.AddDays(3).DMY()},
		)
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", "hoso.csv")
		fw.Write([]byte(csv))
		w.Close()
		imp := do(t, office, "POST", a.base+"/import/dossiers", &buf, w.FormDataContentType())
		if imp.code != http.StatusOK {
			t.Fatalf("import through A: %d %s", imp.code, tail(imp.body, 800))
		}
		r = get(t, http.DefaultClient, b.base+statsURL)
		if err := json.Unmarshal([]byte(r.body), &after); r.code != http.StatusOK || err != nil {
			t.Fatalf("public statistics through B: %d %v", r.code, err)
		}
		if after.Total.ReceivedTotal != before.Total.ReceivedTotal+2 || after.Total.OpenOverdue != before.Total.OpenOverdue+1 {
			t.Fatalf("B's figures after the import through A: %+v, before %+v", after.Total, before.Total)
		}
	})

	t.Run("register", func(t *testing.T) {
		if office == nil {
			t.Skip("needs the dossiers of the figures subtest")
		}
		both := withCookiesOf(office, a.base, b.base)
		const n = 12
		var wg sync.WaitGroup
		codes := make([]int, n)
		for i := range n {
			base := a.base
			if i%2 == 1 {
				base = b.base
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := postForm(t, both, base+"/dossiers/H37.1-001/apology", url.Values{"new_date": {today.AddDays(10).String()},
					"reason": {"Hồ sơ phải lấy ý kiến nhiều cơ quan"}, "applicant": {"Ông Nguyễn Văn A"}})
				codes[i] = r.code
			}()
		}
		wg.Wait()
		for i, c := range codes {
			if c != http.StatusOK {
				t.Errorf("apology letter %d: status %d", i, c)
			}
		}
		rows, err := d.Read().Query("SELECT number, number_text FROM documents WHERE type = 'PXL' AND year = $1", today.Year)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var nums []int
		texts := map[string]bool{}
		for rows.Next() {
			var num int
			var text string
			rows.Scan(&num, &text)
			nums, texts[text] = append(nums, num), true
		}
		sort.Ints(nums)
		if len(nums) != n || len(texts) != n {
			t.Fatalf("%d numbers, %d distinct texts for %d letters: %v", len(nums), len(texts), n, nums)
		}
		for i, num := range nums {
			if num != i+1 {
				t.Fatalf("numbers are not 1…%d without a gap: %v", n, nums)
			}
		}

		// The minutes of a dialogue take one number on their first download; several
		// first downloads at once through both processes still take one.
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO dialogues (title, held_on, place, chair, state, conclusions, search, created_at, updated_at)
			VALUES ('Đối thoại doanh nghiệp vận tải', $1, 'Hội trường Sở', 'Ông Trần Văn Vương, Phó Giám đốc Sở', 'held', 'Đã trả lời các kiến nghị', 'doi thoai', $2, $2)
			RETURNING id`, today.AddDays(-3).String(), time.Now().UTC()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		docs := make([]response, 8)
		for i := range docs {
			base := a.base
			if i%2 == 1 {
				base = b.base
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				docs[i] = get(t, both, base+"/dialogues/"+strconv.FormatInt(id, 10)+"/minutes.docx")
			}()
		}
		wg.Wait()
		for i, r := range docs {
			if r.code != http.StatusOK {
				t.Fatalf("minutes download %d: %d %s", i, r.code, tail(r.body, 300))
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM documents WHERE type = 'BB'"); n != 1 {
			t.Errorf("%d register entries for one dialogue's minutes", n)
		}
		var kept string
		d.Read().QueryRow("SELECT minutes_number FROM dialogues WHERE id = $1", id).Scan(&kept)
		if kept != "01/BB-SXD" {
			t.Errorf("the minutes' number: %q", kept)
		}
	})

	// Both processes wrote the audit log at once throughout: its hash chain is whole.
	v := start(t, "audit verify", nil, "audit", "verify", "--db", dsn)
	if code := v.wait(t, time.Minute); code != 0 || !strings.Contains(v.out.String(), "Nhật ký thay đổi toàn vẹn") {
		t.Errorf("audit verify: exit %d\n%s", code, v.out.String())
	}
}

// Two servers started at once on a new database both come up: one loads the plans,
// makes their report requests and the first account, the other finds them made.
func TestTwoProcessesFirstStart(t *testing.T) {
	dsn := dbtest.PostgresURL(t)
	var a, b *proc
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = start(t, "A", nil, "serve", "--addr", "127.0.0.1:0", "--db", dsn) }()
	go func() { defer wg.Done(); b = start(t, "B", nil, "serve", "--addr", "127.0.0.1:0", "--db", dsn) }()
	wg.Wait()
	a.waitReady(t)
	b.waitReady(t)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	admins := strings.Count(a.out.String()+b.out.String(), "tên đăng nhập admin, mật khẩu dùng một lần")
	if n := count(t, d, "SELECT COUNT(*) FROM users"); n != 1 || admins != 1 {
		t.Errorf("%d accounts, %d one-time passwords printed; want one administrator", n, admins)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM movements"); n != 1 {
		t.Errorf("%d movements loaded", n)
	}
	for _, p := range []*proc{a, b} {
		if r := get(t, http.DefaultClient, p.base+"/login"); r.code != http.StatusOK {
			t.Errorf("%s: the login page answers %d", p.name, r.code)
		}
	}
}
