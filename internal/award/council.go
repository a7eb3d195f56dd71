package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// CouncilState is where a council session stands.
type CouncilState string

const (
	CouncilOpen   CouncilState = "open"   // members and nominations being set
	CouncilVoting CouncilState = "voting" // the secret ballot is open
	CouncilClosed CouncilState = "closed" // the ballot is closed, results known
)

var councilLabels = map[CouncilState]string{CouncilOpen: "Chuẩn bị", CouncilVoting: "Đang bỏ phiếu", CouncilClosed: "Đã kết thúc bỏ phiếu"}

// Label is the state in Vietnamese.
func (s CouncilState) Label() string { return councilLabels[s] }

// Council is a session of the awards council.
type Council struct {
	ID             int64         `json:"id"`
	Year           int           `json:"year"`
	Name           string        `json:"name"`
	HeldOn         calendar.Date `json:"held_on"`
	Place          string        `json:"place"`
	State          CouncilState  `json:"state"`
	QuorumPercent  float64       `json:"quorum_percent"`
	ClosedAt       *time.Time    `json:"closed_at,omitempty"`
	DecisionNumber string        `json:"decision_number,omitempty"`
	DecisionOn     calendar.Date `json:"decision_on"`
}

// CouncilMember is a member of a session.
type CouncilMember struct {
	UserID  int64  `json:"user_id"`
	Name    string `json:"name"`
	StaffID int64  `json:"staff_id,omitempty"`
	UnitID  int64  `json:"-"` // the member's unit (staff's or account's), for conflicts
	Present bool   `json:"present"`
}

// Conflict says why m may not vote on n (their own nomination, or their unit's), or "".
func (m CouncilMember) Conflict(n Nomination) string {
	switch {
	case m.StaffID != 0 && m.StaffID == n.Subject.StaffID:
		return "Ông/Bà " + m.Name + " là người được đề nghị “" + n.TitleName + "” nên không bỏ phiếu cho chính mình (xung đột lợi ích)."
	case m.UnitID != 0 && m.UnitID == n.UnitID:
		return "Ông/Bà " + m.Name + " thuộc đơn vị của " + n.Name + " nên không bỏ phiếu cho đề nghị “" + n.TitleName + "” này (xung đột lợi ích)."
	}
	return ""
}

// ErrNoCouncil is returned for a council session that does not exist.
var ErrNoCouncil = errors.New("Không có phiên họp Hội đồng Thi đua - Khen thưởng này")

func getCouncil(ctx context.Context, q db.Querier, id int64) (*Council, error) {
	var c Council
	var held, decided string
	var quorum sql.NullFloat64
	var closed sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, year, name, held_on, place, state, quorum_percent, closed_at, decision_number, COALESCE(decision_on, '')
		FROM award_councils WHERE id = $1`, id).Scan(&c.ID, &c.Year, &c.Name, &held, &c.Place, &c.State, &quorum, &closed, &c.DecisionNumber, &decided)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoCouncil
	}
	if err != nil {
		return nil, fmt.Errorf("award: council: %w", err)
	}
	c.HeldOn, _ = calendar.ParseDate(held)
	if decided != "" {
		c.DecisionOn, _ = calendar.ParseDate(decided)
	}
	c.QuorumPercent = quorum.Float64
	if closed.Valid {
		t := closed.Time.UTC()
		c.ClosedAt = &t
	}
	return &c, nil
}

// Council returns one session.
func (s *Store) Council(ctx context.Context, id int64) (*Council, error) {
	return getCouncil(ctx, s.db.Read(), id)
}

// Councils lists the sessions, newest first.
func (s *Store) Councils(ctx context.Context) ([]Council, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT id FROM award_councils ORDER BY held_on DESC, id DESC LIMIT 100")
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]Council, 0, len(ids))
	for _, id := range ids {
		c, err := s.Council(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// CreateCouncil schedules a session for a year's commendations; the office only.
func (s *Store) CreateCouncil(ctx context.Context, u *auth.User, year int, name string, heldOn calendar.Date, place string) (*Council, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	if strings.TrimSpace(name) == "" || heldOn.IsZero() {
		return nil, refused("Nhập tên phiên họp và ngày họp.")
	}
	now := s.now().UTC()
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_councils (year, name, held_on, place, state, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, year, strings.TrimSpace(name), heldOn.String(), strings.TrimSpace(place), CouncilOpen, now).Scan(&id); err != nil {
			return fmt.Errorf("award: create council: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_council", EntityID: id,
			Summary: "Lên lịch phiên họp Hội đồng Thi đua - Khen thưởng “" + name + "” ngày " + heldOn.DMY()})
	})
	if err != nil {
		return nil, err
	}
	return s.Council(ctx, id)
}

// Members lists a session's members.
func (s *Store) Members(ctx context.Context, councilID int64) ([]CouncilMember, error) {
	return councilMembers(ctx, s.db.Read(), councilID)
}

func councilMembers(ctx context.Context, q db.Querier, councilID int64) ([]CouncilMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, COALESCE(st.full_name, ''), u.full_name, u.username, COALESCE(m.staff_id, 0),
		COALESCE(st.unit_id, u.unit_id, 0), m.present FROM award_council_members m JOIN users u ON u.id = m.user_id
		LEFT JOIN staff st ON st.id = m.staff_id WHERE m.council_id = $1 ORDER BY u.id`, councilID)
	if err != nil {
		return nil, fmt.Errorf("award: members: %w", err)
	}
	defer rows.Close()
	var out []CouncilMember
	for rows.Next() {
		var m CouncilMember
		var staffName, full, user string
		if err := rows.Scan(&m.UserID, &staffName, &full, &user, &m.StaffID, &m.UnitID, &m.Present); err != nil {
			return nil, err
		}
		m.Name = firstOf(staffName, full, user)
		out = append(out, m)
	}
	return out, rows.Err()
}

func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// AddCouncilMember adds a council or office account to a session being prepared;
// staffID, when not 0, says which staff member the account is (for conflicts).
func (s *Store) AddCouncilMember(ctx context.Context, u *auth.User, councilID, userID, staffID int64) error {
	return s.prepare(ctx, u, councilID, "Thêm thành viên Hội đồng", func(tx *sql.Tx) error {
		var role auth.Role
		if err := tx.QueryRowContext(ctx, "SELECT role FROM users WHERE id = $1 AND active", userID).Scan(&role); err != nil {
			return refused("Không có tài khoản đang hoạt động này.")
		}
		if role != auth.RoleCouncil && role != auth.RoleOffice && role != auth.RoleLeader {
			return refused("Chỉ tài khoản thành viên hội đồng, Lãnh đạo hoặc Văn phòng Sở được làm thành viên Hội đồng Thi đua - Khen thưởng.")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO award_council_members (council_id, user_id, staff_id) VALUES ($1, $2, $3)
			ON CONFLICT (council_id, user_id) DO UPDATE SET staff_id = excluded.staff_id`, councilID, userID, nullID(staffID))
		return err
	})
}

// SetPresent records who attends the session (before the ballot opens).
func (s *Store) SetPresent(ctx context.Context, u *auth.User, councilID int64, present map[int64]bool) error {
	return s.prepare(ctx, u, councilID, "Điểm danh thành viên dự họp", func(tx *sql.Tx) error {
		for id, p := range present {
			if _, err := tx.ExecContext(ctx, "UPDATE award_council_members SET present = $1 WHERE council_id = $2 AND user_id = $3", p, councilID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddNominations puts a year's proposed nominations not yet before a council on the
// session's agenda.
func (s *Store) AddNominations(ctx context.Context, u *auth.User, councilID int64) error {
	return s.prepare(ctx, u, councilID, "Đưa các đề nghị vào phiên họp", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE award_nominations SET council_id = $1 WHERE state = $2 AND council_id IS NULL
			AND year = (SELECT year FROM award_councils WHERE id = $1)`, councilID, Proposed)
		return err
	})
}

// prepare runs a change to a session still being prepared, with its audit entry.
func (s *Store) prepare(ctx context.Context, u *auth.User, councilID int64, what string, fn func(tx *sql.Tx) error) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCouncil(ctx, tx, councilID)
		if err != nil {
			return err
		}
		if c.State != CouncilOpen {
			return refused("Phiên họp đang ở bước “%s”: không thay đổi thành viên hay đề nghị được nữa.", c.State.Label())
		}
		if err := fn(tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_council", EntityID: councilID, Summary: what + " “" + c.Name + "”"})
	})
}
