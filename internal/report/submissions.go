package report

import (
	"context"
	"database/sql"
	"encoding/json"
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

// Submitter is who owes a report: a unit or an enterprise.
type Submitter struct {
	UnitID       int64
	EnterpriseID int64
}

func (s Submitter) column() (string, int64) {
	if s.EnterpriseID != 0 {
		return "enterprise_id", s.EnterpriseID
	}
	return "unit_id", s.UnitID
}

// Submission states as stored; "not started" is the absence of a row.
const (
	Draft     = "draft"
	Submitted = "submitted"
	Returned  = "returned"
)

// Submission is what one submitter wrote against one report.
type Submission struct {
	ID               int64
	DefinitionID     int64
	Submitter        Submitter
	State            string // "" when not started
	Version          int
	Answers          map[string]string
	Figures          []Figure
	SubmittedAt      *time.Time
	FirstSubmittedAt *time.Time
	ReturnComment    string
	UpdatedAt        time.Time
}

// Late reports whether the first submission came after the due date, in Vietnam's days.
func (s *Submission) Late(due calendar.Date) bool {
	return s.FirstSubmittedAt != nil && calendar.DateOf(*s.FirstSubmittedAt).After(due)
}

// Version is one submitted text, kept.
type Version struct {
	Version     int
	Answers     map[string]string
	Figures     []Figure
	SubmittedAt time.Time
	By          string
}

// mayAct checks that the user's scope covers the submitter.
func mayAct(scope auth.Scope, sub Submitter) error {
	switch {
	case scope.All:
		return nil
	case sub.UnitID != 0 && scope.UnitID == sub.UnitID:
		return nil
	case sub.EnterpriseID != 0 && scope.EnterpriseID == sub.EnterpriseID:
		return nil
	}
	return ErrNotYours
}

// Get returns the submission of sub against a report, or an empty one (State "")
// when nothing was written yet.
func (s *Store) Get(ctx context.Context, scope auth.Scope, defID int64, sub Submitter) (*Submission, error) {
	if err := mayAct(scope, sub); err != nil {
		return nil, err
	}
	return getSubmission(ctx, s.db.Read(), defID, sub)
}

func getSubmission(ctx context.Context, q db.Querier, defID int64, sub Submitter) (*Submission, error) {
	col, id := sub.column()
	out := &Submission{DefinitionID: defID, Submitter: sub, Answers: map[string]string{}}
	var answers, figures string
	var submitted, first sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, state, version, answers, figures, submitted_at, first_submitted_at, return_comment, updated_at
		FROM report_submissions WHERE definition_id = $1 AND `+col+` = $2`, defID, id).
		Scan(&out.ID, &out.State, &out.Version, &answers, &figures, &submitted, &first, &out.ReturnComment, &out.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: submission: %w", err)
	}
	json.Unmarshal([]byte(answers), &out.Answers)
	json.Unmarshal([]byte(figures), &out.Figures)
	if submitted.Valid {
		out.SubmittedAt = &submitted.Time
	}
	if first.Valid {
		out.FirstSubmittedAt = &first.Time
	}
	return out, nil
}

// owes checks that sub must submit the report.
func owes(ctx context.Context, q db.Querier, d *Definition, sub Submitter) error {
	switch d.Audience {
	case AllUnits:
		if sub.UnitID != 0 {
			return nil
		}
	case SomeUnits:
		for _, u := range d.Units {
			if u == sub.UnitID {
				return nil
			}
		}
	case Enterprises:
		if sub.EnterpriseID != 0 {
			return nil
		}
	}
	return ErrNotOwed
}

// Save writes the answers as a draft (or keeps a returned submission returned while
// it is corrected). A submitted report is changed only after the office returns it.
func (s *Store) Save(ctx context.Context, scope auth.Scope, defID int64, sub Submitter, answers map[string]string) error {
	return s.write(ctx, scope, defID, sub, answers, nil)
}

// Submit sends the answers with the figures thidua computed, as a new version.
// Required sections must be written.
func (s *Store) Submit(ctx context.Context, scope auth.Scope, defID int64, sub Submitter, answers map[string]string, figures []Figure) error {
	if figures == nil {
		figures = []Figure{}
	}
	return s.write(ctx, scope, defID, sub, answers, figures)
}

func (s *Store) write(ctx context.Context, scope auth.Scope, defID int64, sub Submitter, answers map[string]string, figures []Figure) error {
	if err := mayAct(scope, sub); err != nil {
		return err
	}
	submit := figures != nil
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDefinition(ctx, tx, defID)
		if err != nil {
			return err
		}
		if !d.Open() {
			return ErrClosed
		}
		if err := owes(ctx, tx, d, sub); err != nil {
			return err
		}
		clean := map[string]string{}
		errs := validate.Errors{}
		for _, sec := range d.Sections {
			v := strings.TrimSpace(answers[sec.Key])
			clean[sec.Key] = v
			if submit && sec.Required && v == "" {
				errs.Add(sec.Key, "Mục “"+sec.Label+"” bắt buộc: hãy viết trước khi nộp")
			}
			if sec.Number && v != "" && !IsNumber(v) {
				errs.Add(sec.Key, "Mục “"+sec.Label+"” phải là một số (ví dụ 12 hoặc 1.250 hoặc 12,5), không phải “"+v+"”")
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		before, err := getSubmission(ctx, tx, defID, sub)
		if err != nil {
			return err
		}
		if before.State == Submitted {
			return ErrState
		}
		now := s.now().UTC()
		ans, _ := json.Marshal(clean)
		state := before.State
		if state == "" {
			state = Draft
		}
		col, id := sub.column()
		if before.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO report_submissions (definition_id, `+col+`, state, answers, updated_by, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, defID, id, state, string(ans), actorID(ctx), now).Scan(&before.ID); err != nil {
				return fmt.Errorf("report: save: %w", err)
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE report_submissions SET answers = $1, updated_by = $2, updated_at = $3 WHERE id = $4`,
			string(ans), actorID(ctx), now, before.ID); err != nil {
			return fmt.Errorf("report: save: %w", err)
		}
		summary := "Lưu nháp báo cáo “" + d.Title + "”"
		if submit {
			figs, _ := json.Marshal(figures)
			version := before.Version + 1
			if _, err := tx.ExecContext(ctx, `UPDATE report_submissions SET state = $1, version = $2, figures = $3, submitted_at = $4,
				first_submitted_at = COALESCE(first_submitted_at, $4), return_comment = '' WHERE id = $5`,
				Submitted, version, string(figs), now, before.ID); err != nil {
				return fmt.Errorf("report: submit: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_versions (submission_id, version, answers, figures, submitted_at, submitted_by)
				VALUES ($1, $2, $3, $4, $5, $6)`, before.ID, version, string(ans), string(figs), now, actorID(ctx)); err != nil {
				return fmt.Errorf("report: version: %w", err)
			}
			summary = fmt.Sprintf("Nộp báo cáo “%s” (lần %d)", d.Title, version)
			if calendar.DateOf(now).After(d.Due) && before.FirstSubmittedAt == nil {
				summary += ", quá hạn nộp " + d.Due.DMY()
			}
			if s.notify != nil {
				if err := s.notify.Notify(ctx, tx, notify.Notice{Roles: []string{string(auth.RoleOffice)}, Subject: summary,
					Link: fmt.Sprintf("/reports/%d/register", defID)}); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "report_submission", EntityID: before.ID,
			Summary: summary, Before: before, After: map[string]any{"answers": clean, "figures": figures}})
	})
}

// Return sends a submitted report back to its submitter with what to correct.
func (s *Store) Return(ctx context.Context, defID int64, sub Submitter, comment string) error {
	comment = strings.TrimSpace(comment)
	if comment == "" {
		return ErrNeedReason
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		d, err := getDefinition(ctx, tx, defID)
		if err != nil {
			return err
		}
		before, err := getSubmission(ctx, tx, defID, sub)
		if err != nil {
			return err
		}
		if before.State != Submitted {
			return ErrState
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, "UPDATE report_submissions SET state = $1, return_comment = $2, updated_at = $3 WHERE id = $4 AND state = $5",
			Returned, comment, now, before.ID, Submitted); err != nil {
			return err
		}
		if s.notify != nil {
			n := notify.Notice{Subject: "Báo cáo “" + d.Title + "” bị trả lại để bổ sung", Body: comment, Link: fmt.Sprintf("/reports/%d", defID)}
			if sub.UnitID != 0 {
				n.UnitIDs = []int64{sub.UnitID}
			} else {
				n.Link += fmt.Sprintf("?enterprise=%d", sub.EnterpriseID)
			}
			if err := s.notify.Notify(ctx, tx, n); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "report_submission", EntityID: before.ID,
			Summary: "Trả lại báo cáo “" + d.Title + "”: " + comment, Before: map[string]string{"state": Submitted},
			After: map[string]string{"state": Returned, "comment": comment}})
	})
}

// Versions lists the texts a submission was submitted with, newest first.
func (s *Store) Versions(ctx context.Context, scope auth.Scope, defID int64, sub Submitter) ([]Version, error) {
	if err := mayAct(scope, sub); err != nil {
		return nil, err
	}
	col, id := sub.column()
	rows, err := s.db.Read().QueryContext(ctx, `SELECT v.version, v.answers, v.figures, v.submitted_at, COALESCE(u.username, '')
		FROM report_versions v JOIN report_submissions s ON s.id = v.submission_id LEFT JOIN users u ON u.id = v.submitted_by
		WHERE s.definition_id = $1 AND s.`+col+` = $2 ORDER BY v.version DESC`, defID, id)
	if err != nil {
		return nil, fmt.Errorf("report: versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var answers, figures string
		if err := rows.Scan(&v.Version, &answers, &figures, &v.SubmittedAt, &v.By); err != nil {
			return nil, err
		}
		json.Unmarshal([]byte(answers), &v.Answers)
		json.Unmarshal([]byte(figures), &v.Figures)
		out = append(out, v)
	}
	return out, rows.Err()
}

func actorID(ctx context.Context) any {
	if a := audit.ActorFrom(ctx); a.ID != 0 {
		return a.ID
	}
	return nil
}
