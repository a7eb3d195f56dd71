package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
)

// User is an account. UnitID and EnterpriseID are 0 when the role has none.
type User struct {
	ID                 int64  `json:"id"`
	Username           string `json:"username"`
	FullName           string `json:"full_name"`
	Email              string `json:"email"`
	Role               Role   `json:"role"`
	UnitID             int64  `json:"unit_id,omitempty"`
	EnterpriseID       int64  `json:"enterprise_id,omitempty"`
	Active             bool   `json:"active"`
	MustChangePassword bool   `json:"must_change_password"`
}

// FieldError is a validation failure the user can fix, named by its field.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Message }

// Store keeps accounts, sessions and tokens.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d; now is the clock.
func NewStore(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// NewUser is what creating an account takes.
type NewUser struct {
	Username     string
	FullName     string
	Email        string
	Role         Role
	UnitCode     string
	EnterpriseTC string // tax code
	Password     string
	MustChange   bool
}

// CreateUser validates and stores an account.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	if !usernamePattern.MatchString(nu.Username) {
		return nil, &FieldError{"username", "Tên đăng nhập phải dài 3–40 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới"}
	}
	if !nu.Role.Valid() {
		return nil, &FieldError{"role", fmt.Sprintf("Vai trò %q không có; các vai trò: office, leader, planning, unit_manager, unit_staff, council, enterprise", nu.Role)}
	}
	if err := CheckPassword(nu.Username, nu.Password); err != nil {
		return nil, err
	}
	u := &User{Username: nu.Username, FullName: strings.TrimSpace(nu.FullName), Email: strings.TrimSpace(nu.Email),
		Role: nu.Role, Active: true, MustChangePassword: nu.MustChange}
	hash, err := bcrypt.GenerateFromPassword([]byte(nu.Password), bcrypt.DefaultCost)
	if err != nil {
		return nil, fmt.Errorf("auth: hash: %w", err)
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if nu.Role.NeedsUnit() {
			if nu.UnitCode == "" {
				return &FieldError{"unit", "Vai trò này cần mã đơn vị (--unit)"}
			}
			if err := tx.QueryRowContext(ctx, "SELECT id FROM units WHERE code = $1", nu.UnitCode).Scan(&u.UnitID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return &FieldError{"unit", fmt.Sprintf("Không có đơn vị mã %q", nu.UnitCode)}
				}
				return err
			}
		}
		if nu.Role == RoleEnterprise {
			if nu.EnterpriseTC == "" {
				return &FieldError{"enterprise", "Tài khoản doanh nghiệp cần mã số thuế (--enterprise)"}
			}
			if err := tx.QueryRowContext(ctx, "SELECT id FROM enterprises WHERE tax_code = $1", nu.EnterpriseTC).Scan(&u.EnterpriseID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return &FieldError{"enterprise", fmt.Sprintf("Không có doanh nghiệp mã số thuế %q", nu.EnterpriseTC)}
				}
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, full_name, email, password_hash, role, unit_id, enterprise_id,
			active, must_change_password, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
			u.Username, u.FullName, u.Email, string(hash), string(u.Role), nullID(u.UnitID), nullID(u.EnterpriseID),
			true, u.MustChangePassword, now).Scan(&u.ID)
		if db.IsUniqueViolation(err) {
			return &FieldError{"username", fmt.Sprintf("Tên đăng nhập %q đã có", u.Username)}
		}
		if err != nil {
			return fmt.Errorf("auth: insert user: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "user", EntityID: u.ID,
			Summary: "Tạo tài khoản " + u.Username + " (" + u.Role.Label() + ")", After: u})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const userColumns = "id, username, full_name, email, role, unit_id, enterprise_id, active, must_change_password"

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var unit, ent sql.NullInt64
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &role, &unit, &ent, &u.Active, &u.MustChangePassword); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, db.ErrNotFound
		}
		return nil, err
	}
	u.Role, u.UnitID, u.EnterpriseID = Role(role), unit.Int64, ent.Int64
	return &u, nil
}

// UserByID returns one account.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(s.db.Read().QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
}

// UserByName returns one account by its user name.
func (s *Store) UserByName(ctx context.Context, username string) (*User, error) {
	return scanUser(s.db.Read().QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE username = $1",
		strings.ToLower(strings.TrimSpace(username))))
}

// CountUsers tells whether the first administrator still has to be made.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&n)
	return n, err
}

// ListUsers returns a page of accounts ordered by user name, and the total.
func (s *Store) ListUsers(ctx context.Context, limit, offset int) ([]User, int, error) {
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM users").Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY username LIMIT $1 OFFSET $2", limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *u)
	}
	return out, total, rows.Err()
}

// EnsureAdmin creates the first department-office account when there is no account
// at all, and returns its one-time password ("" when accounts already exist).
func (s *Store) EnsureAdmin(ctx context.Context) (string, error) {
	n, err := s.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	pw := RandomPassword()
	_, err = s.CreateUser(ctx, NewUser{Username: "admin", FullName: "Quản trị Văn phòng Sở", Role: RoleOffice, Password: pw, MustChange: true})
	if err != nil {
		return "", err
	}
	return pw, nil
}

// RandomPassword makes a password that is easy to read aloud and type.
func RandomPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 14)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:4]) + "-" + string(b[4:9]) + "-" + string(b[9:])
}
