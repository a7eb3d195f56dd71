package inspection

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
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/validate"
)

// Store keeps inspections, their teams, findings and the actions' follow-up.
type Store struct {
	db        *db.DB
	now       func() time.Time
	notify    *notify.Service // nil: nobody is told (command line, demo)
	calendars *calendar.Store
}

// NewStore returns a Store on d; now is the clock; n tells people of what concerns
// them and may be nil.
func NewStore(d *db.DB, now func() time.Time, n *notify.Service) *Store {
	return &Store{db: d, now: now, notify: n, calendars: calendar.NewStore(d, now)}
}

func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

// Input is what the office types in the inspection form.
type Input struct {
	UnitID                                              int64
	Title, ContentCode, PeriodFrom, PeriodTo, Scheduled string
	Lead                                                int64   // the staff member who leads the team
	Members                                             []int64 // the other members
}

// parse checks the form's own fields; the unit, content and staff are checked
// against the database by check.
func (in Input) parse() (Inspection, []int64, validate.Errors) {
	errs := validate.Errors{}
	x := Inspection{UnitID: in.UnitID, Title: strings.TrimSpace(in.Title), ContentCode: strings.TrimSpace(in.ContentCode), State: Planned}
	if x.UnitID == 0 {
		errs.Add("unit", "Chọn đơn vị được kiểm tra")
	}
	if x.Title == "" {
		errs.Add("title", "Nhập tên cuộc kiểm tra (ví dụ: Kiểm tra công tác cải cách thủ tục hành chính năm 2026)")
	}
	if x.ContentCode == "" {
		errs.Add("content", "Chọn nội dung thi đua được kiểm tra")
	}
	x.PeriodFrom = parseDate(errs, "period_from", "Ngày đầu thời kỳ được kiểm tra", in.PeriodFrom)
	x.PeriodTo = parseDate(errs, "period_to", "Ngày cuối thời kỳ được kiểm tra", in.PeriodTo)
	x.ScheduledOn = parseDate(errs, "scheduled_on", "Ngày kiểm tra", in.Scheduled)
	if errs["period_from"] == "" && errs["period_to"] == "" && x.PeriodTo.Before(x.PeriodFrom) {
		errs.Add("period_to", "Ngày cuối thời kỳ được kiểm tra trước ngày đầu")
	}
	if errs["period_to"] == "" && errs["scheduled_on"] == "" && x.ScheduledOn.Before(x.PeriodTo) {
		errs.Add("period_to", fmt.Sprintf("Thời kỳ được kiểm tra kết thúc ngày %s, sau ngày kiểm tra %s: không thể kiểm tra công việc chưa làm",
			x.PeriodTo.DMY(), x.ScheduledOn.DMY()))
	}
	team := []int64{}
	if in.Lead == 0 {
		errs.Add("lead", "Chọn trưởng đoàn kiểm tra")
	} else {
		team = append(team, in.Lead)
	}
	for _, m := range in.Members {
		if m != 0 && m != in.Lead && !contains(team, m) {
			team = append(team, m)
		}
	}
	return x, team, errs
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// check looks up the unit, the content code in the movement's plan and the team's
// staff, adding what is wrong to errs.
func check(ctx context.Context, q db.Querier, movementID int64, x *Inspection, team []int64, errs validate.Errors) error {
	if x.UnitID != 0 {
		err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1 AND active", x.UnitID).Scan(&x.UnitName)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add("unit", "Đơn vị được chọn không có hoặc đã ngừng hoạt động")
		} else if err != nil {
			return fmt.Errorf("inspection: unit: %w", err)
		}
	}
	if x.ContentCode != "" {
		err := q.QueryRowContext(ctx, "SELECT title FROM movement_contents WHERE movement_id = $1 AND code = $2 AND audience = 'units'",
			movementID, x.ContentCode).Scan(&x.ContentTitle)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add("content", fmt.Sprintf("Kế hoạch không có nội dung thi đua %q dành cho các phòng, đơn vị", x.ContentCode))
		} else if err != nil {
			return fmt.Errorf("inspection: content: %w", err)
		}
	}
	x.Members = x.Members[:0]
	for i, id := range team {
		m := Member{StaffID: id, Leads: i == 0}
		err := q.QueryRowContext(ctx, `SELECT s.full_name, s.position, u.name FROM staff s JOIN units u ON u.id = s.unit_id
			WHERE s.id = $1 AND s.active`, id).Scan(&m.Name, &m.Position, &m.UnitName)
		if errors.Is(err, sql.ErrNoRows) {
			field := "members"
			if i == 0 {
				field = "lead"
			}
			errs.Add(field, "Cán bộ được chọn không có hoặc đã nghỉ")
			continue
		} else if err != nil {
			return fmt.Errorf("inspection: staff: %w", err)
		}
		x.Members = append(x.Members, m)
	}
	return nil
}

// Create plans an inspection of the movement.
func (s *Store) Create(ctx context.Context, movementID int64, in Input) (*Inspection, error) {
	x, team, errs := in.parse()
	x.MovementID = movementID
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := check(ctx, tx, movementID, &x, team, errs); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspections (movement_id, unit_id, title, content_code, period_from, period_to,
			scheduled_on, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			movementID, x.UnitID, x.Title, x.ContentCode, x.PeriodFrom.String(), x.PeriodTo.String(), x.ScheduledOn.String(), Planned, now).Scan(&x.ID); err != nil {
			return fmt.Errorf("inspection: create: %w", err)
		}
		x.CreatedAt, x.UpdatedAt = now, now
		if err := writeMembers(ctx, tx, x.ID, x.Members); err != nil {
			return err
		}
		if s.notify != nil {
			if err := s.notify.Notify(ctx, tx, notify.Notice{UnitIDs: []int64{x.UnitID}, Subject: "Kế hoạch kiểm tra: " + x.Title + " ngày " + x.ScheduledOn.DMY(),
				Link: link(x.ID)}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "inspection", EntityID: x.ID,
			Summary: "Lên kế hoạch kiểm tra “" + x.Title + "” tại " + x.UnitName + " ngày " + x.ScheduledOn.DMY(), After: x})
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

// Update changes an inspection still planned.
func (s *Store) Update(ctx context.Context, id int64, in Input) (*Inspection, error) {
	x, team, errs := in.parse()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.State != Planned {
			return stateError(before, "sửa kế hoạch kiểm tra")
		}
		x.ID, x.MovementID, x.CreatedAt = id, before.MovementID, before.CreatedAt
		if err := check(ctx, tx, before.MovementID, &x, team, errs); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		x.UpdatedAt = s.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE inspections SET unit_id = $1, title = $2, content_code = $3, period_from = $4, period_to = $5,
			scheduled_on = $6, updated_at = $7 WHERE id = $8`, x.UnitID, x.Title, x.ContentCode, x.PeriodFrom.String(), x.PeriodTo.String(),
			x.ScheduledOn.String(), x.UpdatedAt, id); err != nil {
			return fmt.Errorf("inspection: update: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM inspection_members WHERE inspection_id = $1", id); err != nil {
			return err
		}
		if err := writeMembers(ctx, tx, id, x.Members); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: x.UpdatedAt, Action: "update", Entity: "inspection", EntityID: id,
			Summary: "Sửa kế hoạch kiểm tra “" + x.Title + "”", Before: before, After: x})
	})
	if err != nil {
		return nil, err
	}
	return &x, nil
}

func writeMembers(ctx context.Context, tx *sql.Tx, id int64, ms []Member) error {
	for i, m := range ms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_members (inspection_id, staff_id, leads, sort_order) VALUES ($1, $2, $3, $4)`,
			id, m.StaffID, m.Leads, i); err != nil {
			return fmt.Errorf("inspection: members: %w", err)
		}
	}
	return nil
}

func link(id int64) string { return fmt.Sprintf("/inspections/%d", id) }

// Get returns an inspection the scope covers, with its team and findings.
func (s *Store) Get(ctx context.Context, scope auth.Scope, id int64) (*Inspection, []Finding, error) {
	x, err := get(ctx, s.db.Read(), id)
	if err != nil {
		return nil, nil, err
	}
	if !scope.SeesUnit(x.UnitID) {
		return nil, nil, ErrNotYours
	}
	fs, err := findings(ctx, s.db.Read(), "f.inspection_id = $1 ORDER BY f.seq", id)
	return x, fs, err
}
