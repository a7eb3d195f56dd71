package notify

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/notify/smtptest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var now = time.Date(2026, 11, 30, 2, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

type fixture struct {
	d              *db.DB
	jobs           *job.Queue
	office, leader *auth.User
	unitA, unitB   int64
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d, jobs: job.New(d, clock)}
	for i, code := range []string{"PA", "PB"} {
		var id int64
		if err := d.Write().QueryRowContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at)
			VALUES ($1, $2, 'division', $1, $3, $3) RETURNING id`, code, "Phòng "+code, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.unitA = id
		} else {
			f.unitB = id
		}
	}
	users := auth.NewStore(d, clock)
	mk := func(name string, role auth.Role, unit string, email string) *auth.User {
		u, err := users.CreateUser(ctx, auth.NewUser{Username: name, Password: "mat-khau-dai-du", Role: role, UnitCode: unit, Email: email})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	f.office = mk("vanphong", auth.RoleOffice, "", "vanphong@sxd.test")
	f.leader = mk("lanhdao", auth.RoleLeader, "", "lanhdao@sxd.test")
	mk("chuyenvien-a", auth.RoleUnitStaff, "PA", "cva@sxd.test")
	mk("truongphong-a", auth.RoleUnitManager, "PA", "")
	mk("chuyenvien-b", auth.RoleUnitStaff, "PB", "cvb@sxd.test")
	return f
}

func (f *fixture) notify(t *testing.T, s *Service, n Notice) {
	t.Helper()
	if err := f.d.Tx(context.Background(), func(tx *sql.Tx) error { return s.Notify(context.Background(), tx, n) }); err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) runJobs(t *testing.T) {
	t.Helper()
	for {
		ran, err := f.jobs.RunNext(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
}

// Without SMTP every account named is told once inside thidua, and the e-mails wait
// in the outbox for the office to read.
func TestNotifyWithoutSMTPKeepsMailInTheOutbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		s := New(d, clock, f.jobs, nil)
		f.notify(t, s, Notice{UnitIDs: []int64{f.unitA}, UserIDs: []int64{f.office.ID}, Roles: []string{"office"},
			Emails:  []string{"doanhnghiep@example.vn", "khong-phai-email"},
			Subject: "Phản ánh PA-2026-1 được giao cho phòng", Body: "Hạn xử lý 15/12/2026.", Link: "/petitions/1"})
		for name, want := range map[string]int{"vanphong": 1, "chuyenvien-a": 1, "truongphong-a": 1, "chuyenvien-b": 0, "lanhdao": 0} {
			var n int
			d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1", name).Scan(&n)
			if n != want {
				t.Errorf("%s has %d notifications, want %d", name, n, want)
			}
		}
		mails, total, err := s.Outbox(ctx, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		// vanphong, chuyenvien-a and the enterprise; truongphong-a has no address and
		// the malformed address is skipped.
		if total != 3 {
			t.Fatalf("outbox has %d mails, want 3: %+v", total, mails)
		}
		for _, m := range mails {
			if m.State != Held || !strings.Contains(m.Body, "/petitions/1") {
				t.Errorf("mail to %s: state %s, body %q", m.Recipient, m.State, m.Body)
			}
		}
		if unread, _ := s.Unread(ctx, f.office.ID); unread != 1 {
			t.Errorf("office unread = %d", unread)
		}
		list, _, _ := s.Inbox(ctx, f.office.ID, 10, 0)
		if link, err := s.MarkRead(ctx, f.office.ID, list[0].ID); err != nil || link != "/petitions/1" {
			t.Errorf("mark read = %q %v", link, err)
		}
		if _, err := s.MarkRead(ctx, f.leader.ID, list[0].ID); err != ErrNotFound {
			t.Errorf("another user's notification: %v, want not found", err)
		}
		if unread, _ := s.Unread(ctx, f.office.ID); unread != 0 {
			t.Errorf("office unread after reading = %d", unread)
		}
	})
}

// With SMTP, e-mails go out through the job queue to a real SMTP server, Vietnamese
// intact; a user on the daily digest gets one message with the day's notifications.
func TestMailGoesOutOverSMTPAndDigestsCollect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := smtptest.Start(t)
		f := setup(t, d)
		s := New(d, clock, f.jobs, NewMailer(SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: "none", From: "Sở Xây dựng <thidua@sxd.test>"}))
		if err := s.SetMode(ctx, f.leader.ID, Digest); err != nil {
			t.Fatal(err)
		}
		f.notify(t, s, Notice{UserIDs: []int64{f.office.ID, f.leader.ID}, Subject: "Phản ánh quá hạn xử lý", Body: "Đề nghị chỉ đạo.", Link: "/petitions/7"})
		f.notify(t, s, Notice{UserIDs: []int64{f.leader.ID}, Subject: "Báo cáo sơ kết đến hạn"})
		f.runJobs(t)
		got := srv.Messages()
		if len(got) != 1 || got[0].To != "vanphong@sxd.test" || got[0].Subject != "Phản ánh quá hạn xử lý" ||
			!strings.Contains(got[0].Body, "Đề nghị chỉ đạo.") {
			t.Fatalf("after the immediate mails the server has %+v", got)
		}
		if _, _, err := f.jobs.Enqueue(ctx, d.Write(), job.Spec{Kind: KindDigest}); err != nil {
			t.Fatal(err)
		}
		f.runJobs(t)
		got = srv.Messages()
		if len(got) != 2 || got[1].To != "lanhdao@sxd.test" || !strings.HasPrefix(got[1].Subject, "Tổng hợp 2 thông báo") ||
			!strings.Contains(got[1].Body, "Báo cáo sơ kết đến hạn") {
			t.Fatalf("after the digest the server has %+v", got)
		}
		f.jobs.Enqueue(ctx, d.Write(), job.Spec{Kind: KindDigest, Key: "again"})
		f.runJobs(t)
		if n := len(srv.Messages()); n != 2 {
			t.Errorf("a second digest with nothing new sent mail: %d messages", n)
		}
		mails, _, _ := s.Outbox(ctx, 10, 0)
		for _, m := range mails {
			if m.State != Sent || m.SentAt == nil {
				t.Errorf("outbox mail to %s is %s", m.Recipient, m.State)
			}
		}
	})
}

// A server that refuses the message leaves the e-mail pending for a retry, with why.
func TestRefusedMailIsRetried(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	srv := smtptest.Start(t)
	srv.Refuse("bad@sxd.test")
	f := setup(t, d)
	s := New(d, clock, f.jobs, NewMailer(SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: "none", From: "thidua@sxd.test"}))
	f.notify(t, s, Notice{Emails: []string{"bad@sxd.test"}, Subject: "Thử"})
	f.runJobs(t)
	mails, _, _ := s.Outbox(ctx, 10, 0)
	if len(mails) != 1 || mails[0].State != Pending || !strings.Contains(mails[0].Error, "550") || mails[0].Attempts != 1 {
		t.Errorf("refused mail = %+v", mails)
	}
}

func TestSMTPFromEnv(t *testing.T) {
	t.Setenv("THIDUA_SMTP_HOST", "")
	if c, err := SMTPFromEnv(); c != nil || err != nil {
		t.Errorf("no host: %v %v, want nothing", c, err)
	}
	t.Setenv("THIDUA_SMTP_HOST", "mail.langson.gov.vn")
	t.Setenv("THIDUA_SMTP_FROM", "thidua@sxd.langson.gov.vn")
	t.Setenv("THIDUA_SMTP_TLS", "tls")
	if c, err := SMTPFromEnv(); err != nil || c.Port != 465 {
		t.Errorf("implicit TLS: %+v %v, want port 465", c, err)
	}
	t.Setenv("THIDUA_SMTP_PORT", "cổng")
	if _, err := SMTPFromEnv(); err == nil || !strings.Contains(err.Error(), "THIDUA_SMTP_PORT") {
		t.Errorf("a bad port: %v", err)
	}
}
