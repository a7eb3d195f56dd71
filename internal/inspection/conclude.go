package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/validate"
)

// officeStep runs fn on an inspection in state want, for the office only, in one
// transaction; what says what the step does, for the refusal.
func (s *Store) officeStep(ctx context.Context, u *auth.User, id int64, want State, what string, fn func(tx *sql.Tx, x *Inspection) error) error {
	if u == nil || u.Role != auth.RoleOffice {
		return ErrForbidden
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.State != want {
			return stateError(x, what)
		}
		return fn(tx, x)
	})
}

// Start records that the team began the inspection on the day given (today when
// empty), which cannot be in the future.
func (s *Store) Start(ctx context.Context, u *auth.User, id int64, on string) error {
	day := s.today()
	if strings.TrimSpace(on) != "" {
		errs := validate.Errors{}
		day = parseDate(errs, "started_on", "Ngày bắt đầu kiểm tra", on)
		if errs["started_on"] == "" && day.After(s.today()) {
			errs.Add("started_on", "Ngày bắt đầu kiểm tra "+day.DMY()+" là ngày trong tương lai")
		}
		if err := errs.Err(); err != nil {
			return err
		}
	}
	return s.officeStep(ctx, u, id, Planned, "bắt đầu kiểm tra", func(tx *sql.Tx, x *Inspection) error {
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, "UPDATE inspections SET state = $1, started_on = $2, updated_at = $3 WHERE id = $4",
			InProgress, day.String(), now, id); err != nil {
			return fmt.Errorf("inspection: start: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "inspection", EntityID: id,
			Summary: "Bắt đầu kiểm tra “" + x.Title + "” ngày " + day.DMY(), Before: map[string]State{"state": x.State},
			After: map[string]string{"state": string(InProgress), "started_on": day.String()}})
	})
}

// FindingInput is one finding as the office types it: what was found, the corrective
// action, and the due date as working days from the conclusion or as a date.
type FindingInput struct {
	Finding, Action, DueDays, DueOn string
}

// AddFinding records a finding of an inspection in progress; its action belongs to
// the inspected unit.
func (s *Store) AddFinding(ctx context.Context, u *auth.User, id int64, in FindingInput) (*Finding, error) {
	errs := validate.Errors{}
	f := Finding{InspectionID: id, Text: strings.TrimSpace(in.Finding), Action: strings.TrimSpace(in.Action), State: Pending}
	if f.Text == "" {
		errs.Add("finding", "Nhập nội dung tồn tại, hạn chế phát hiện qua kiểm tra")
	}
	if f.Action == "" {
		errs.Add("action", "Nhập biện pháp khắc phục đơn vị phải thực hiện")
	}
	days, date := strings.TrimSpace(in.DueDays), strings.TrimSpace(in.DueOn)
	switch {
	case days != "" && date != "":
		errs.Add("due_days", "Chỉ nhập một trong hai: số ngày làm việc kể từ ngày kết luận, hoặc hạn khắc phục cụ thể")
	case days != "":
		f.DueDays = parseDays(errs, "due_days", days)
	case date != "":
		f.DueOn = parseDate(errs, "due_on", "Hạn khắc phục", date)
	default:
		errs.Add("due_days", "Nhập thời hạn khắc phục: số ngày làm việc kể từ ngày kết luận, hoặc hạn cụ thể")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	err := s.officeStep(ctx, u, id, InProgress, "ghi nhận thêm tồn tại, hạn chế", func(tx *sql.Tx, x *Inspection) error {
		if !f.DueOn.IsZero() && !f.DueOn.After(x.StartedOn) {
			return validate.Errors{"due_on": "Hạn khắc phục " + f.DueOn.DMY() + " không sau ngày bắt đầu kiểm tra " + x.StartedOn.DMY() +
				": hạn phải sau ngày kết luận kiểm tra"}
		}
		now := s.now().UTC()
		f.UnitID, f.UnitName, f.InspectionTitle = x.UnitID, x.UnitName, x.Title
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) + 1 FROM inspection_findings WHERE inspection_id = $1", id).Scan(&f.Seq); err != nil {
			return err
		}
		var dueDays, dueOn any
		if f.DueDays > 0 {
			dueDays = f.DueDays
		} else {
			dueOn = f.DueOn.String()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_findings (inspection_id, seq, finding, action, unit_id, due_days, due_on, state,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			id, f.Seq, f.Text, f.Action, f.UnitID, dueDays, dueOn, Pending, now).Scan(&f.ID); err != nil {
			return fmt.Errorf("inspection: add finding: %w", err)
		}
		f.UpdatedAt = now
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "inspection_finding", EntityID: f.ID,
			Summary: "Ghi nhận tồn tại, hạn chế số " + strconv.Itoa(f.Seq) + " của cuộc kiểm tra “" + x.Title + "”", After: f})
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// DeleteFinding removes a finding recorded by mistake, before the conclusion.
func (s *Store) DeleteFinding(ctx context.Context, u *auth.User, id, findingID int64) error {
	return s.officeStep(ctx, u, id, InProgress, "xóa tồn tại, hạn chế", func(tx *sql.Tx, x *Inspection) error {
		f, err := getFinding(ctx, tx, findingID)
		if err != nil {
			return err
		}
		if f.InspectionID != id {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM inspection_findings WHERE id = $1", findingID); err != nil {
			return fmt.Errorf("inspection: delete finding: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: s.now().UTC(), Action: "delete", Entity: "inspection_finding", EntityID: findingID,
			Summary: "Xóa tồn tại, hạn chế số " + strconv.Itoa(f.Seq) + " của cuộc kiểm tra “" + x.Title + "”", Before: f})
	})
}

// ConcludeInput is the conclusion as the office types it.
type ConcludeInput struct {
	On, Conclusion string
}

// Conclude records the inspection's conclusion: its date (not in the future, not
// before the inspection began) and text. Every finding's action opens, its due date
// counted in working days from the conclusion on the department's calendar; a due
// date given as a date must come after the conclusion. The unit and the leadership
// are told.
func (s *Store) Conclude(ctx context.Context, u *auth.User, id int64, in ConcludeInput) error {
	errs := validate.Errors{}
	day := parseDate(errs, "concluded_on", "Ngày kết luận", in.On)
	text := strings.TrimSpace(in.Conclusion)
	if text == "" {
		errs.Add("conclusion", "Nhập nội dung kết luận kiểm tra")
	}
	if errs["concluded_on"] == "" && day.After(s.today()) {
		errs.Add("concluded_on", "Ngày kết luận "+day.DMY()+" là ngày trong tương lai")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return err
	}
	return s.officeStep(ctx, u, id, InProgress, "kết luận kiểm tra", func(tx *sql.Tx, x *Inspection) error {
		if day.Before(x.StartedOn) {
			return validate.Errors{"concluded_on": "Ngày kết luận " + day.DMY() + " trước ngày bắt đầu kiểm tra " + x.StartedOn.DMY()}
		}
		fs, err := findings(ctx, tx, "f.inspection_id = $1 ORDER BY f.seq", id)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		for _, f := range fs {
			due := f.DueOn
			if f.DueDays > 0 {
				due = cal.AddWorkingDays(day, f.DueDays)
			} else if !due.After(day) {
				return validate.Errors{"concluded_on": fmt.Sprintf("Hạn khắc phục của tồn tại số %d (%s) không sau ngày kết luận %s: sửa ngày kết luận hoặc xóa và ghi lại tồn tại đó với hạn đúng",
					f.Seq, due.DMY(), day.DMY())}
			}
			if _, err := tx.ExecContext(ctx, "UPDATE inspection_findings SET due_on = $1, state = $2, updated_at = $3 WHERE id = $4",
				due.String(), Open, now, f.ID); err != nil {
				return fmt.Errorf("inspection: open action: %w", err)
			}
			if err := addEvent(ctx, tx, f.ID, now, Pending, Open, "Hạn khắc phục "+due.DMY()); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE inspections SET state = $1, concluded_on = $2, conclusion = $3, updated_at = $4 WHERE id = $5",
			Concluded, day.String(), text, now, id); err != nil {
			return fmt.Errorf("inspection: conclude: %w", err)
		}
		if s.notify != nil {
			body := fmt.Sprintf("Kết luận kiểm tra ngày %s: %d tồn tại, hạn chế cần khắc phục.", day.DMY(), len(fs))
			if err := s.notify.Notify(ctx, tx, notify.Notice{UnitIDs: []int64{x.UnitID}, Roles: []string{string(auth.RoleLeader)},
				Subject: "Kết luận kiểm tra: " + x.Title, Body: body, Link: link(id)}); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "inspection", EntityID: id,
			Summary: "Kết luận kiểm tra “" + x.Title + "” ngày " + day.DMY(), Before: map[string]State{"state": x.State},
			After: map[string]any{"state": Concluded, "concluded_on": day, "conclusion": text, "findings": len(fs)}})
	})
}

func addEvent(ctx context.Context, tx *sql.Tx, findingID int64, at any, from, to ActionState, note string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO inspection_action_events (finding_id, at, actor, from_state, to_state, note)
		VALUES ($1, $2, $3, $4, $5, $6)`, findingID, at, audit.ActorFrom(ctx).Name, from, to, note)
	if err != nil {
		return fmt.Errorf("inspection: event: %w", err)
	}
	return nil
}
