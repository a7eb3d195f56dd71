package auth_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLoginSessionsAndThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)}
		s := auth.NewStore(d, c.now)
		if _, err := s.CreateUser(ctx, auth.NewUser{Username: "vanphong", Role: auth.RoleOffice, Password: "mat-khau-dai"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "vanphong", "sai-mat-khau", "1.2.3.4"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("wrong password accepted: %v", err)
		}
		if _, err := s.Authenticate(ctx, "khongco", "mat-khau-dai", "1.2.3.4"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("unknown user: %v", err)
		}
		u, err := s.Authenticate(ctx, "VanPhong ", "mat-khau-dai", "1.2.3.4")
		if err != nil || u.Role != auth.RoleOffice {
			t.Fatalf("login: %v %+v", err, u)
		}
		tok, err := s.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, tok); err != nil || got.Username != "vanphong" {
			t.Fatalf("session user: %v %v", got, err)
		}
		c.t = c.t.Add(auth.SessionLifetime + time.Minute)
		if _, err := s.SessionUser(ctx, tok); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("expired session still valid: %v", err)
		}
		for i := 0; i < 5; i++ {
			s.Authenticate(ctx, "vanphong", "sai", "5.6.7.8")
		}
		if _, err := s.Authenticate(ctx, "vanphong", "mat-khau-dai", "5.6.7.8"); !errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("sixth attempt after five failures not throttled: %v", err)
		}
		c.t = c.t.Add(16 * time.Minute)
		if _, err := s.Authenticate(ctx, "vanphong", "mat-khau-dai", "5.6.7.8"); err != nil {
			t.Fatalf("throttle did not lift after the window: %v", err)
		}
	})
}

func TestUserRulesAndTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := auth.NewStore(d, time.Now)
		var fe *auth.FieldError
		_, err := s.CreateUser(ctx, auth.NewUser{Username: "ab", Role: auth.RoleOffice, Password: "mat-khau-dai-du"})
		if !errors.As(err, &fe) || fe.Field != "username" {
			t.Fatalf("short username: %v", err)
		}
		_, err = s.CreateUser(ctx, auth.NewUser{Username: "canbo", Role: auth.RoleUnitStaff, Password: "mat-khau-dai-du"})
		if !errors.As(err, &fe) || fe.Field != "unit" {
			t.Fatalf("unit role without unit: %v", err)
		}
		_, err = s.CreateUser(ctx, auth.NewUser{Username: "canbo", Role: auth.RoleUnitStaff, UnitCode: "KHONG", Password: "mat-khau-dai-du"})
		if !errors.As(err, &fe) || fe.Field != "unit" {
			t.Fatalf("unknown unit: %v", err)
		}
		_, err = s.CreateUser(ctx, auth.NewUser{Username: "canbo", Role: auth.RoleLeader, Password: "1234"})
		if !errors.As(err, &fe) || fe.Field != "password" {
			t.Fatalf("short password: %v", err)
		}
		pw, err := s.EnsureAdmin(ctx)
		if err != nil || pw == "" {
			t.Fatalf("first admin: %q %v", pw, err)
		}
		if again, _ := s.EnsureAdmin(ctx); again != "" {
			t.Fatal("a second admin was made")
		}
		_, err = s.CreateUser(ctx, auth.NewUser{Username: "admin", Role: auth.RoleLeader, Password: "mat-khau-dai-du"})
		if !errors.As(err, &fe) || fe.Field != "username" {
			t.Fatalf("duplicate username: %v", err)
		}
		tok, err := s.CreateToken(ctx, "admin", "thử")
		if err != nil {
			t.Fatal(err)
		}
		if u, err := s.TokenUser(ctx, tok); err != nil || u.Username != "admin" {
			t.Fatalf("token user: %v %v", u, err)
		}
		if _, err := s.TokenUser(ctx, tok+"x"); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("altered token accepted: %v", err)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM audit_log WHERE entity IN ('user', 'api_token')").Scan(&n)
		if n != 2 {
			t.Fatalf("audit rows for user and token = %d, want 2", n)
		}
	})
}

func TestPasswordPolicy(t *testing.T) {
	for _, c := range []struct {
		user, pw string
		ok       bool
		says     string
	}{
		{"vanphong", "thidua2026", true, ""},        // the demo password stays valid
		{"vanphong", "mat-khau-vanphong", true, ""}, // letters and a symbol
		{"vanphong", "Đổi mật khẩu", true, ""},      // Vietnamese letters and spaces
		{"vanphong", "abc123", false, "ít nhất 10 ký tự"},
		{"vanphong", "          ", false, "khoảng trắng"},
		{"vanphong", "matkhaudaiqua", false, "hai loại"},
		{"vanphong", "12345678901234", false, "hai loại"},
		{"vanphong1", "VanPhong1", false, "ít nhất 10"},
		{"vanphong12", "VANPHONG12", false, "trùng tên đăng nhập"},
		{"vanphong", "Password123", false, "phổ biến"},
		{"vanphong", "matkhau@123", false, "phổ biến"},
	} {
		err := auth.CheckPassword(c.user, c.pw)
		if c.ok != (err == nil) {
			t.Errorf("%q for %s: %v, want ok=%v", c.pw, c.user, err, c.ok)
			continue
		}
		var fe *auth.FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field != "password" || !strings.Contains(fe.Message, c.says)) {
			t.Errorf("%q: message %v, want it to say %q", c.pw, err, c.says)
		}
	}
}

func TestPasswordPolicyAppliedToChangeAndCreation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := auth.NewStore(d, time.Now)
		var fe *auth.FieldError
		if _, err := s.CreateUser(ctx, auth.NewUser{Username: "lanhdao", Role: auth.RoleLeader, Password: "1234567890"}); !errors.As(err, &fe) || fe.Field != "password" {
			t.Fatalf("account created with a digits-only password: %v", err)
		}
		u, err := s.CreateUser(ctx, auth.NewUser{Username: "lanhdao", Role: auth.RoleLeader, Password: "thidua2026"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ChangePassword(ctx, u.ID, "thidua2026", "lanhdao123", ""); err == nil {
			if err := s.ChangePassword(ctx, u.ID, "lanhdao123", "qwerty1234", ""); !errors.As(err, &fe) || !strings.Contains(fe.Message, "phổ biến") {
				t.Fatalf("changed to a common password: %v", err)
			}
		} else {
			t.Fatalf("a fine new password refused: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, "lanhdao123", "LanhDao", ""); !errors.As(err, &fe) || fe.Field != "password" {
			t.Fatalf("changed to a short password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "lanhdao", "lanhdao123", "1.1.1.1"); err != nil {
			t.Fatalf("refused changes altered the password: %v", err)
		}
	})
}
