package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Session is a meeting of the initiative council and the decision it leads to.
type Session struct {
	ID             int64         `json:"id"`
	Name           string        `json:"name"`
	HeldOn         calendar.Date `json:"held_on"`
	Place          string        `json:"place"`
	DecisionNumber string        `json:"decision_number"`
	DecisionOn     calendar.Date `json:"decision_on"`
	CreatedAt      time.Time     `json:"created_at"`
	// Counts, filled by Sessions.
	Members     int `json:"members"`
	Initiatives int `json:"initiatives"`
}

// SessionInput is what the office types to schedule a session.
type SessionInput struct{ Name, HeldOn, Place string }

// Member is a council member of one session: an account, and the staff member it is
// when the office said so.
type Member struct {
	UserID      int64     `json:"user_id"`
	Username    string    `json:"username"`
	FullName    string    `json:"full_name"`
	Role        auth.Role `json:"role"`
	UserUnitID  int64     `json:"-"`
	StaffID     int64     `json:"staff_id,omitempty"`
	StaffName   string    `json:"staff_name,omitempty"`
	StaffUnitID int64     `json:"-"`
	StaffUnit   string    `json:"staff_unit,omitempty"`
}

// Name is how messages name the member.
func (m Member) Name() string {
	switch {
	case m.StaffName != "":
		return m.StaffName
	case m.FullName != "":
		return m.FullName
	}
	return m.Username
}

// Conflict says why m may not score it (an author, or someone of the proposing
// unit), or "" when m may.
func (m Member) Conflict(it *Initiative) string {
	names := map[string]bool{}
	for _, n := range []string{m.FullName, m.StaffName} {
		if f := textnorm.Fold(n); f != "" {
			names[f] = true
		}
	}
	for _, a := range it.Authors {
		if (m.StaffID != 0 && a.StaffID == m.StaffID) || names[textnorm.Fold(a.Name)] {
			return "Ông/Bà " + m.Name() + " là tác giả của sáng kiến này nên không được chấm điểm sáng kiến (xung đột lợi ích)."
		}
	}
	for _, unit := range []int64{m.StaffUnitID, m.UserUnitID} {
		if unit != 0 && unit == it.UnitID {
			return "Ông/Bà " + m.Name() + " thuộc " + it.Proposer + ", đơn vị đề nghị công nhận sáng kiến, nên không được chấm điểm sáng kiến này (xung đột lợi ích)."
		}
	}
	return ""
}

// CreateSession schedules a council session.
func (s *Store) CreateSession(ctx context.Context, u *auth.User, in SessionInput) (*Session, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	errs := validate.Errors{}
	ses := Session{Name: strings.TrimSpace(in.Name), Place: strings.TrimSpace(in.Place)}
	if ses.Name == "" {
		errs.Add("name", "Nhập tên phiên họp, ví dụ “Phiên họp Hội đồng sáng kiến quý III năm 2026”")
	}
	var err error
	if ses.HeldOn, err = calendar.ParseDate(strings.TrimSpace(in.HeldOn)); err != nil {
		errs.Add("held_on", fmt.Sprintf("Ngày họp %q không hợp lệ (cần dạng YYYY-MM-DD)", strings.TrimSpace(in.HeldOn)))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO initiative_sessions (name, held_on, place, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, ses.Name, ses.HeldOn.String(), ses.Place, now).Scan(&ses.ID); err != nil {
			return fmt.Errorf("initiative: session: %w", err)
		}
		ses.CreatedAt = now
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "initiative_session", EntityID: ses.ID,
			Summary: "Lên lịch phiên họp Hội đồng sáng kiến “" + ses.Name + "” ngày " + ses.HeldOn.DMY(), After: ses})
	})
	if err != nil {
		return nil, err
	}
	return &ses, nil
}

const sessionColumns = "s.id, s.name, s.held_on, s.place, s.decision_number, COALESCE(s.decision_on, ''), s.created_at"

func scanSession(row interface{ Scan(...any) error }, extra ...any) (*Session, error) {
	var ses Session
	var held, decided string
	if err := row.Scan(append([]any{&ses.ID, &ses.Name, &held, &ses.Place, &ses.DecisionNumber, &decided, &ses.CreatedAt}, extra...)...); err != nil {
		return nil, err
	}
	ses.HeldOn, _ = calendar.ParseDate(held)
	if decided != "" {
		ses.DecisionOn, _ = calendar.ParseDate(decided)
	}
	return &ses, nil
}

// ErrNoSession is returned for a session that does not exist.
var ErrNoSession = errors.New("Không có phiên họp Hội đồng sáng kiến này")

func getSession(ctx context.Context, q db.Querier, id int64) (*Session, error) {
	ses, err := scanSession(q.QueryRowContext(ctx, "SELECT "+sessionColumns+" FROM initiative_sessions s WHERE s.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoSession
	}
	return ses, err
}

// Session returns one session.
func (s *Store) Session(ctx context.Context, id int64) (*Session, error) {
	return getSession(ctx, s.db.Read(), id)
}

// Sessions lists sessions, newest first, a page at a time, with their counts of
// members and initiatives from one grouped query; open keeps those without a decision.
func (s *Store) Sessions(ctx context.Context, open bool, limit, offset int) ([]Session, int, error) {
	where := ""
	if open {
		where = " WHERE s.decision_number = ''"
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM initiative_sessions s"+where).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("initiative: sessions: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+sessionColumns+`,
		(SELECT COUNT(*) FROM initiative_session_members m WHERE m.session_id = s.id),
		(SELECT COUNT(*) FROM initiatives i WHERE i.session_id = s.id)
		FROM initiative_sessions s`+where+` ORDER BY s.held_on DESC, s.id DESC LIMIT $1 OFFSET $2`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("initiative: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var members, items int
		ses, err := scanSession(rows, &members, &items)
		if err != nil {
			return nil, 0, err
		}
		ses.Members, ses.Initiatives = members, items
		out = append(out, *ses)
	}
	return out, total, rows.Err()
}

// AddMember makes a council or office account a member of a session; staffID, when
// given, says which staff member the account is.
func (s *Store) AddMember(ctx context.Context, u *auth.User, sessionID int64, userID, staffID string) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	uid, err := strconv.ParseInt(strings.TrimSpace(userID), 10, 64)
	if err != nil {
		return validate.Errors{"user": "Chọn tài khoản thành viên Hội đồng"}
	}
	var sid int64
	if t := strings.TrimSpace(staffID); t != "" {
		if sid, err = strconv.ParseInt(t, 10, 64); err != nil {
			return validate.Errors{"staff": "Cán bộ được chọn không hợp lệ"}
		}
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ses, err := getSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if ses.DecisionNumber != "" {
			return refused("Phiên họp đã có quyết định số " + ses.DecisionNumber + " nên không thay đổi thành viên được.")
		}
		var role auth.Role
		var name string
		var active bool
		err = tx.QueryRowContext(ctx, "SELECT role, username, active FROM users WHERE id = $1", uid).Scan(&role, &name, &active)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
			return validate.Errors{"user": "Không có tài khoản đang hoạt động số " + strconv.FormatInt(uid, 10)}
		} else if err != nil {
			return err
		}
		if role != auth.RoleCouncil && role != auth.RoleOffice {
			return validate.Errors{"user": "Tài khoản " + name + " là “" + role.Label() + "”: chỉ tài khoản thành viên hội đồng hoặc Văn phòng Sở được làm thành viên Hội đồng sáng kiến"}
		}
		if sid != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM staff WHERE id = $1", sid).Scan(&n); err != nil || n == 0 {
				return validate.Errors{"staff": "Không có cán bộ số " + strconv.FormatInt(sid, 10)}
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO initiative_session_members (session_id, user_id, staff_id, added_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (session_id, user_id) DO NOTHING`, sessionID, uid, nullID(sid), now)
		if err != nil {
			return fmt.Errorf("initiative: member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return validate.Errors{"user": "Tài khoản " + name + " đã là thành viên của phiên họp này"}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "initiative_session", EntityID: sessionID,
			Summary: "Thêm " + name + " vào Hội đồng sáng kiến phiên “" + ses.Name + "”", After: map[string]int64{"user_id": uid, "staff_id": sid}})
	})
}

// RemoveMember takes a member who has not scored yet off a session.
func (s *Store) RemoveMember(ctx context.Context, u *auth.User, sessionID, userID int64) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ses, err := getSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		var scored int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM initiative_scores sc JOIN initiatives i ON i.id = sc.initiative_id
			WHERE i.session_id = $1 AND sc.user_id = $2`, sessionID, userID).Scan(&scored); err != nil {
			return err
		}
		if ses.DecisionNumber != "" || scored > 0 {
			return refused("Thành viên đã chấm điểm hoặc phiên họp đã có quyết định nên không bỏ khỏi Hội đồng được.")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM initiative_session_members WHERE session_id = $1 AND user_id = $2", sessionID, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "update", Entity: "initiative_session", EntityID: sessionID,
			Summary: "Bỏ một thành viên khỏi Hội đồng sáng kiến phiên “" + ses.Name + "”", Before: map[string]int64{"user_id": userID}})
	})
}

// Members lists a session's members in the order they were added.
func (s *Store) Members(ctx context.Context, sessionID int64) ([]Member, error) {
	return members(ctx, s.db.Read(), sessionID)
}

func members(ctx context.Context, q db.Querier, sessionID int64) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.username, u.full_name, u.role, COALESCE(u.unit_id, 0), COALESCE(st.id, 0),
		COALESCE(st.full_name, ''), COALESCE(st.unit_id, 0), COALESCE(su.name, '')
		FROM initiative_session_members m JOIN users u ON u.id = m.user_id
		LEFT JOIN staff st ON st.id = m.staff_id LEFT JOIN units su ON su.id = st.unit_id
		WHERE m.session_id = $1 ORDER BY m.added_at, u.id`, sessionID)
	if err != nil {
		return nil, fmt.Errorf("initiative: members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Username, &m.FullName, &m.Role, &m.UserUnitID, &m.StaffID, &m.StaffName, &m.StaffUnitID, &m.StaffUnit); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func countMembers(ctx context.Context, q db.Querier, sessionID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM initiative_session_members WHERE session_id = $1", sessionID).Scan(&n)
	return n, err
}

// Candidates lists the active accounts that may sit on the council: council members
// and the office, by name.
func (s *Store) Candidates(ctx context.Context) ([]Member, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, username, full_name, role FROM users WHERE active AND role IN ($1, $2)
		ORDER BY role, full_name, username`, auth.RoleCouncil, auth.RoleOffice)
	if err != nil {
		return nil, fmt.Errorf("initiative: candidates: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Username, &m.FullName, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
