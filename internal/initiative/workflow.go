package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/validate"
)

// step is one move of the workflow: which states it leaves, where it goes, who may
// take it, and how the refusal and the history name it.
type step struct {
	verb    string // what the refusal says cannot be done: "nộp"
	from    []State
	to      State
	allowed func(u *auth.User, it *Initiative) bool
	note    string // the history line
}

// Allowed reports whether u may take the step named by action on it now; the page
// offers only these. The store checks again when the step is taken.
func Allowed(u *auth.User, it *Initiative, action string) bool {
	st, ok := steps[action]
	return ok && st.allowed(u, it) && slices.Contains(st.from, it.State)
}

func officeOnly(u *auth.User, _ *Initiative) bool { return isOffice(u) }

var steps = map[string]step{
	"submit":    {"nộp", []State{Draft, Returned}, Submitted, Owns, "Nộp đề nghị công nhận"},
	"return":    {"trả lại để hoàn thiện", []State{Submitted}, Returned, officeOnly, "Trả lại để hoàn thiện"},
	"review":    {"đưa ra Hội đồng xét", []State{Submitted}, UnderReview, officeOnly, "Đưa ra Hội đồng sáng kiến xét"},
	"recognise": {"ghi nhận quyết định công nhận", []State{UnderReview}, Recognised, officeOnly, "Hội đồng công nhận sáng kiến"},
	"reject":    {"ghi nhận không công nhận", []State{UnderReview}, NotRecognised, officeOnly, "Hội đồng không công nhận sáng kiến"},
	"apply":     {"ghi nhận áp dụng hiệu quả", []State{Recognised}, Applied, officeOnly, "Ghi nhận áp dụng hiệu quả"},
}

// move takes a step in one transaction: it checks the role and the state, lets more
// check and write what the step carries (it may set it.StageOn and add to the
// note), changes the state only if no one else did meanwhile, and writes the history
// and the audit log.
func (s *Store) move(ctx context.Context, u *auth.User, id int64, action string, more func(tx *sql.Tx, it *Initiative) (string, error)) error {
	st := steps[action]
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := getFor(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if !st.allowed(u, it) {
			return ErrForbidden
		}
		if !slices.Contains(st.from, it.State) {
			return notInState(it, st.verb)
		}
		before := it.State
		it.StageOn = s.today()
		note := st.note
		if more != nil {
			extra, err := more(tx, it)
			if err != nil {
				return err
			}
			if extra != "" {
				note += ": " + extra
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE initiatives SET state = $1, stage_on = $2, updated_at = $3 WHERE id = $4 AND state = $5",
			st.to, it.StageOn.String(), now, id, before)
		if err != nil {
			return fmt.Errorf("initiative: %s: %w", action, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return notInState(it, st.verb)
		}
		if err := addEvent(ctx, tx, id, now, before, st.to, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "initiative", EntityID: id,
			Summary: note + " “" + it.Title + "”", Before: map[string]State{"state": before}, After: map[string]any{"state": st.to, "note": note}})
	})
}

// Submit sends a draft, or an initiative returned for completion, to the office.
func (s *Store) Submit(ctx context.Context, u *auth.User, id int64) error {
	return s.move(ctx, u, id, "submit", func(tx *sql.Tx, it *Initiative) (string, error) {
		_, err := tx.ExecContext(ctx, "UPDATE initiatives SET return_reason = '' WHERE id = $1", id)
		return "", err
	})
}

// Return sends a submitted initiative back to its proposer with what to complete.
func (s *Store) Return(ctx context.Context, u *auth.User, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.move(ctx, u, id, "return", func(tx *sql.Tx, it *Initiative) (string, error) {
		if reason == "" {
			return "", validate.Errors{"reason": "Nêu nội dung cần hoàn thiện để trả lại cho đơn vị đề nghị"}
		}
		_, err := tx.ExecContext(ctx, "UPDATE initiatives SET return_reason = $1 WHERE id = $2", reason, id)
		return reason, err
	})
}

// StartReview puts a submitted initiative before the council at a session whose
// decision is not yet made.
func (s *Store) StartReview(ctx context.Context, u *auth.User, id int64, sessionID string) error {
	return s.move(ctx, u, id, "review", func(tx *sql.Tx, it *Initiative) (string, error) {
		sid, err := strconv.ParseInt(strings.TrimSpace(sessionID), 10, 64)
		if err != nil {
			return "", validate.Errors{"session": "Chọn phiên họp Hội đồng sáng kiến"}
		}
		ses, err := getSession(ctx, tx, sid)
		if err != nil {
			return "", validate.Errors{"session": "Không có phiên họp Hội đồng số " + strconv.FormatInt(sid, 10)}
		}
		if ses.DecisionNumber != "" {
			return "", validate.Errors{"session": "Phiên họp “" + ses.Name + "” đã có quyết định số " + ses.DecisionNumber + "; chọn phiên họp khác"}
		}
		_, err = tx.ExecContext(ctx, "UPDATE initiatives SET session_id = $1 WHERE id = $2", sid, id)
		return ses.Name, err
	})
}

// DecisionInput is the council's decision as the office records it.
type DecisionInput struct {
	VotesFor, VotesAgainst, Level string
}

// Decide records the council's decision on an initiative under review: recognised
// (at a level) or not, with the vote. A recognition needs members' scores, the
// disqualifying criteria passed, and more votes for than against.
func (s *Store) Decide(ctx context.Context, u *auth.User, id int64, recognise bool, in DecisionInput) error {
	action := "reject"
	if recognise {
		action = "recognise"
	}
	return s.move(ctx, u, id, action, func(tx *sql.Tx, it *Initiative) (string, error) {
		ses, err := getSession(ctx, tx, it.SessionID)
		if err != nil {
			return "", err
		}
		if ses.DecisionNumber != "" {
			return "", refused("Quyết định của phiên họp “" + ses.Name + "” đã được cấp số " + ses.DecisionNumber + ": không ghi thêm kết quả vào phiên này.")
		}
		votesFor, votesAgainst, level, err := checkVote(ctx, tx, it, ses, recognise, in)
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE initiatives SET votes_for = $1, votes_against = $2, level = $3, decided_on = $4 WHERE id = $5`,
			votesFor, votesAgainst, level, it.StageOn.String(), id); err != nil {
			return "", err
		}
		text := fmt.Sprintf("%d phiếu đồng ý, %d phiếu không đồng ý", votesFor, votesAgainst)
		if recognise {
			text += "; " + strings.ToLower(level.Label())
		}
		return text, nil
	})
}

func checkVote(ctx context.Context, tx *sql.Tx, it *Initiative, ses *Session, recognise bool, in DecisionInput) (int, int, Level, error) {
	errs := validate.Errors{}
	count := func(field, label, text string) int {
		n, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil || n < 0 {
			errs.Add(field, fmt.Sprintf("Số phiếu %s %q không hợp lệ: nhập số nguyên không âm", label, strings.TrimSpace(text)))
		}
		return n
	}
	votesFor, votesAgainst := count("votes_for", "đồng ý", in.VotesFor), count("votes_against", "không đồng ý", in.VotesAgainst)
	members, err := countMembers(ctx, tx, ses.ID)
	if err != nil {
		return 0, 0, "", err
	}
	if len(errs) == 0 && votesFor+votesAgainst == 0 {
		errs.Add("votes_for", "Nhập kết quả biểu quyết: số phiếu đồng ý và không đồng ý")
	}
	if len(errs) == 0 && members > 0 && votesFor+votesAgainst > members {
		errs.Add("votes_for", fmt.Sprintf("Tổng số phiếu %d nhiều hơn số thành viên Hội đồng của phiên họp (%d)", votesFor+votesAgainst, members))
	}
	level := Level(strings.TrimSpace(in.Level))
	if recognise && level.Label() == "" {
		errs.Add("level", "Chọn phạm vi công nhận: cấp cơ sở hoặc cấp tỉnh")
	}
	if !recognise {
		level = ""
	}
	if err := errs.Err(); err != nil {
		return 0, 0, "", err
	}
	if !recognise {
		return votesFor, votesAgainst, level, nil
	}
	sum, err := summarise(ctx, tx, it, ses)
	if err != nil {
		return 0, 0, "", err
	}
	if sum.Scorers == 0 {
		return 0, 0, "", refused("Chưa có thành viên Hội đồng nào chấm điểm sáng kiến này nên chưa thể công nhận.")
	}
	if c := sum.Disqualified(); c != nil {
		return 0, 0, "", refused("Sáng kiến không đạt tiêu chí “" + c.Criterion.Name + "” nên không được công nhận; ghi nhận “Không công nhận”.")
	}
	if votesFor <= votesAgainst {
		return 0, 0, "", refused(fmt.Sprintf("Số phiếu đồng ý (%d) không nhiều hơn số phiếu không đồng ý (%d) nên không thể công nhận.", votesFor, votesAgainst))
	}
	return votesFor, votesAgainst, level, nil
}
