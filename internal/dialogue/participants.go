package dialogue

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/validate"
)

// Participant is an enterprise's part in one dialogue.
type Participant struct {
	EnterpriseID   int64      `json:"enterprise_id"`
	TaxCode        string     `json:"tax_code"`
	Name           string     `json:"name"`
	Invited        bool       `json:"invited"`
	RegisteredAt   *time.Time `json:"registered_at"`
	Representative string     `json:"representative"`
	Attended       bool       `json:"attended"`
}

// Invite invites every active enterprise of the dialogue's sectors (every active
// enterprise when it names none); it returns how many were invited anew.
func (s *Store) Invite(ctx context.Context, id int64) (int, error) {
	var added int
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.State != Planned {
			return ErrNotPlanned
		}
		bySector := ""
		if len(d.Sectors) > 0 {
			bySector = " AND e.id IN (SELECT es.enterprise_id FROM enterprise_sectors es JOIN dialogue_sectors ds ON ds.sector = es.sector WHERE ds.dialogue_id = $1)"
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO dialogue_participants (dialogue_id, enterprise_id, invited)
			SELECT $1, e.id, TRUE FROM enterprises e WHERE e.active`+bySector+`
			AND NOT EXISTS (SELECT 1 FROM dialogue_participants p WHERE p.dialogue_id = $1 AND p.enterprise_id = e.id)`, id)
		if err != nil {
			return fmt.Errorf("dialogue: invite: %w", err)
		}
		n, _ := res.RowsAffected()
		added = int(n)
		if _, err := tx.ExecContext(ctx, "UPDATE dialogue_participants SET invited = TRUE WHERE dialogue_id = $1 AND NOT invited", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "update", Entity: "dialogue", EntityID: id,
			Summary: fmt.Sprintf("Mời %d doanh nghiệp dự đối thoại “%s”", added, d.Title), After: map[string]int{"invited": added}})
	})
	return added, err
}

// Register records that the user's enterprise will attend, with its representative.
// It is open to invited enterprises, or to any when the dialogue names no sector,
// until the registration closes.
func (s *Store) Register(ctx context.Context, scope auth.Scope, id int64, representative string) error {
	if scope.EnterpriseID == 0 {
		return ErrNoEnterprise
	}
	representative = strings.TrimSpace(representative)
	if representative == "" {
		return validate.Errors{"representative": "Nhập họ tên, chức vụ người đại diện dự đối thoại"}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !d.OpenForRegistration(s.today()) {
			return ErrClosed
		}
		if len(d.Sectors) > 0 {
			var ok bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM dialogue_participants WHERE dialogue_id = $1 AND enterprise_id = $2 AND invited)
				OR EXISTS (SELECT 1 FROM enterprise_sectors es JOIN dialogue_sectors ds ON ds.sector = es.sector
				WHERE ds.dialogue_id = $1 AND es.enterprise_id = $2)`, id, scope.EnterpriseID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return ErrNotInvited
			}
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO dialogue_participants (dialogue_id, enterprise_id, registered_at, representative)
			VALUES ($1, $2, $3, $4) ON CONFLICT (dialogue_id, enterprise_id) DO UPDATE SET registered_at = $3, representative = $4`,
			id, scope.EnterpriseID, now, representative); err != nil {
			return fmt.Errorf("dialogue: register: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "dialogue", EntityID: id,
			Summary: "Doanh nghiệp đăng ký dự đối thoại “" + d.Title + "”",
			After:   map[string]any{"enterprise_id": scope.EnterpriseID, "representative": representative}})
	})
}

// Unregister withdraws the user's enterprise while registration is open.
func (s *Store) Unregister(ctx context.Context, scope auth.Scope, id int64) error {
	if scope.EnterpriseID == 0 {
		return ErrNoEnterprise
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !d.OpenForRegistration(s.today()) {
			return ErrClosed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dialogue_participants SET registered_at = NULL, representative = ''
			WHERE dialogue_id = $1 AND enterprise_id = $2`, id, scope.EnterpriseID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now(), Action: "update", Entity: "dialogue", EntityID: id,
			Summary: "Doanh nghiệp hủy đăng ký dự đối thoại “" + d.Title + "”", Before: map[string]int64{"enterprise_id": scope.EnterpriseID}})
	})
}

// Participants lists a dialogue's enterprises, registered first, a page at a time.
// An enterprise account sees only its own line.
func (s *Store) Participants(ctx context.Context, scope auth.Scope, id int64, limit, offset int) ([]Participant, int, error) {
	where, args := "p.dialogue_id = $1", []any{id}
	if !scope.All && scope.EnterpriseID != 0 {
		where += " AND p.enterprise_id = $2"
		args = append(args, scope.EnterpriseID)
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM dialogue_participants p WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("dialogue: participants: %w", err)
	}
	n := len(args)
	rows, err := s.db.Read().QueryContext(ctx, fmt.Sprintf(`SELECT e.id, e.tax_code, e.name, p.invited, p.registered_at, p.representative, p.attended
		FROM dialogue_participants p JOIN enterprises e ON e.id = p.enterprise_id WHERE %s
		ORDER BY p.attended DESC, (p.registered_at IS NULL), e.name LIMIT $%d OFFSET $%d`, where, n+1, n+2), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("dialogue: participants: %w", err)
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		var reg sql.NullTime
		if err := rows.Scan(&p.EnterpriseID, &p.TaxCode, &p.Name, &p.Invited, &reg, &p.Representative, &p.Attended); err != nil {
			return nil, 0, err
		}
		if reg.Valid {
			p.RegisteredAt = &reg.Time
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}
