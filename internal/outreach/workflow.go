package outreach

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

// Steps of an article's workflow.
const (
	StepSubmit    = "submit"    // the author asks for approval
	StepPublish   = "publish"   // a publisher puts it on the public pages
	StepReturn    = "return"    // a publisher sends a submitted article back, with the reason
	StepUnpublish = "unpublish" // a publisher takes it down
)

var stepLabels = map[string]string{StepSubmit: "Gửi duyệt", StepPublish: "Đăng", StepReturn: "Trả lại", StepUnpublish: "Gỡ"}

// Steps lists the steps u may take on a now.
func Steps(u *auth.User, a *Article) []string {
	var out []string
	for _, st := range []string{StepSubmit, StepPublish, StepReturn, StepUnpublish} {
		if _, err := allowed(u, a, st); err == nil {
			out = append(out, st)
		}
	}
	return out
}

// allowed returns the state step leads a to when u may take it.
func allowed(u *auth.User, a *Article, step string) (State, error) {
	pub := Publisher(u)
	switch step {
	case StepSubmit:
		if pub || u == nil || a.AuthorID != u.ID {
			return "", ErrForbidden
		}
		if a.State != Draft {
			return "", notInState(a, "gửi duyệt")
		}
		return Submitted, nil
	case StepPublish:
		if !pub {
			return "", ErrForbidden
		}
		if a.State == Published {
			return "", notInState(a, "đăng lại")
		}
		return Published, nil
	case StepReturn:
		if !pub {
			return "", ErrForbidden
		}
		if a.State != Submitted {
			return "", notInState(a, "trả lại")
		}
		return Draft, nil
	case StepUnpublish:
		if !pub {
			return "", ErrForbidden
		}
		if a.State != Published {
			return "", notInState(a, "gỡ")
		}
		return Unpublished, nil
	}
	return "", ErrForbidden
}

// Step moves an article on: its author submits a draft, a publisher publishes
// (checking it has a title, a body and an author), returns a submitted one with the
// reason, or takes a published one down (note optional). A refused step changes
// nothing.
func (s *Store) Step(ctx context.Context, u *auth.User, id int64, step, note string) error {
	note = strings.TrimSpace(note)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !Publisher(u) && a.AuthorID != u.ID {
			return ErrNotFound
		}
		to, err := allowed(u, a, step)
		if err != nil {
			return err
		}
		if to == Submitted || to == Published {
			if err := complete(a); err != nil {
				return err
			}
		}
		if step == StepReturn && note == "" {
			return validate.Errors{"note": "Lý do trả lại: nêu tác giả cần sửa gì"}
		}
		now := s.now().UTC()
		set, args := "review_note = $1", []any{note}
		if to == Published {
			name := u.FullName
			if name == "" {
				name = u.Username
			}
			set, args = "review_note = '', published_at = $1, published_by = $2", []any{now, name}
		}
		n := len(args)
		args = append(args, to, now, id, a.State)
		res, err := tx.ExecContext(ctx, "UPDATE articles SET "+set+", state = $"+strconv.Itoa(n+1)+", updated_at = $"+strconv.Itoa(n+2)+
			" WHERE id = $"+strconv.Itoa(n+3)+" AND state = $"+strconv.Itoa(n+4), args...)
		if err != nil {
			return fmt.Errorf("outreach: %s: %w", step, err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return &StateError{Msg: "Bài viết vừa được người khác cập nhật; mở lại trang và thử lại"}
		}
		summary := stepLabels[step] + " bài tuyên truyền “" + a.Title + "”"
		if s.notify != nil {
			tell := notify.Notice{Subject: summary, Body: note, Link: "/outreach/" + strconv.FormatInt(id, 10)}
			if step == StepSubmit {
				tell.Roles = []string{string(auth.RoleOffice), string(auth.RoleLeader)}
			} else if a.AuthorID != 0 && a.AuthorID != u.ID {
				tell.UserIDs = []int64{a.AuthorID}
			}
			if len(tell.Roles)+len(tell.UserIDs) > 0 {
				if err := s.notify.Notify(ctx, tx, tell); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "article", EntityID: id, Summary: summary,
			Before: map[string]State{"state": a.State}, After: map[string]any{"state": to, "note": note}})
	})
}
