package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/validate"
)

// Criterion is one scoring rule in force: its range, its passing score, whether
// failing it disqualifies, and where the rule comes from.
type Criterion struct {
	ID            int64         `json:"id"`
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	Kind          string        `json:"kind"` // pass_fail or points
	Max           int           `json:"max"`
	Pass          int           `json:"pass"`
	Disqualifies  bool          `json:"disqualifies"`
	Guidance      string        `json:"guidance"`
	Citation      string        `json:"citation"`
	EffectiveFrom calendar.Date `json:"effective_from"`
}

// PassFail reports whether the criterion is scored đạt (1) or không đạt (0).
func (c Criterion) PassFail() bool { return c.Kind == "pass_fail" }

// Criteria returns the criteria in force on day: per code, the rule with the latest
// effective date not after it.
func (s *Store) Criteria(ctx context.Context, day calendar.Date) ([]Criterion, error) {
	return criteriaAt(ctx, s.db.Read(), day)
}

func criteriaAt(ctx context.Context, q db.Querier, day calendar.Date) ([]Criterion, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.kind, c.max_points, c.pass_points, c.disqualifies, c.guidance,
		c.citation, c.effective_from FROM initiative_criteria c WHERE c.effective_from <= $1 AND NOT EXISTS (
			SELECT 1 FROM initiative_criteria n WHERE n.code = c.code AND n.effective_from <= $1 AND n.effective_from > c.effective_from)
		ORDER BY c.sort_order, c.id`, day.String())
	if err != nil {
		return nil, fmt.Errorf("initiative: criteria: %w", err)
	}
	defer rows.Close()
	var out []Criterion
	for rows.Next() {
		var c Criterion
		var from string
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &c.Kind, &c.Max, &c.Pass, &c.Disqualifies, &c.Guidance, &c.Citation, &from); err != nil {
			return nil, err
		}
		c.EffectiveFrom, _ = calendar.ParseDate(from)
		out = append(out, c)
	}
	return out, rows.Err()
}

// member returns u as a member of the initiative's session, or why u may not score it.
func member(ctx context.Context, q db.Querier, u *auth.User, it *Initiative) (*Member, error) {
	if it.SessionID == 0 || it.State != UnderReview {
		return nil, notInState(it, "chấm điểm")
	}
	ms, err := members(ctx, q, it.SessionID)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if ms[i].UserID == u.ID {
			if why := ms[i].Conflict(it); why != "" {
				return nil, refused(why)
			}
			return &ms[i], nil
		}
	}
	return nil, refused("Bạn không phải thành viên Hội đồng của phiên họp xét sáng kiến này nên không chấm điểm được.")
}

// CanScore says whether u may score it now, and if not, why (empty when u is simply
// not a member): the page shows the form or the reason.
func (s *Store) CanScore(ctx context.Context, u *auth.User, it *Initiative) (bool, string, error) {
	_, err := member(ctx, s.db.Read(), u, it)
	if re, ok := err.(*RefusedError); ok {
		if strings.Contains(re.Msg, "xung đột lợi ích") {
			return false, re.Msg, nil
		}
		return false, "", nil
	}
	return err == nil, "", err
}

// Score records a council member's scores of every criterion, given by criterion
// code; they replace the member's earlier ones while the initiative is under review.
func (s *Store) Score(ctx context.Context, u *auth.User, id int64, points map[string]string) error {
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := getFor(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if _, err := member(ctx, tx, u, it); err != nil {
			return err
		}
		ses, err := getSession(ctx, tx, it.SessionID)
		if err != nil {
			return err
		}
		crit, err := criteriaAt(ctx, tx, ses.HeldOn)
		if err != nil {
			return err
		}
		errs := validate.Errors{}
		got := map[int64]int{}
		for _, c := range crit {
			field, text := "score_"+c.Code, strings.TrimSpace(points[c.Code])
			v, err := strconv.Atoi(text)
			switch {
			case text == "":
				errs.Add(field, "Chấm điểm tiêu chí “"+c.Name+"”")
			case c.PassFail() && (err != nil || v < 0 || v > 1):
				errs.Add(field, fmt.Sprintf("Tiêu chí “%s” chỉ chấm Đạt (1) hoặc Không đạt (0), không nhận %q", c.Name, text))
			case err != nil || v < 0 || v > c.Max:
				errs.Add(field, fmt.Sprintf("Điểm tiêu chí “%s” là %q, ngoài khoảng cho phép 0–%d điểm", c.Name, text, c.Max))
			default:
				got[c.ID] = v
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		for cid, v := range got {
			if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_scores (initiative_id, user_id, criterion_id, points, scored_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (initiative_id, user_id, criterion_id) DO UPDATE SET points = $4, scored_at = $5`,
				id, u.ID, cid, v, now); err != nil {
				return fmt.Errorf("initiative: score: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "initiative", EntityID: id,
			Summary: "Thành viên Hội đồng chấm điểm sáng kiến “" + it.Title + "”", After: map[string]any{"scores": points}})
	})
}

// MyScores returns u's scores of an initiative by criterion code.
func (s *Store) MyScores(ctx context.Context, u *auth.User, id int64) (map[string]int, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT c.code, sc.points FROM initiative_scores sc JOIN initiative_criteria c ON c.id = sc.criterion_id
		WHERE sc.initiative_id = $1 AND sc.user_id = $2`, id, u.ID)
	if err != nil {
		return nil, fmt.Errorf("initiative: my scores: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var v int
		if err := rows.Scan(&code, &v); err != nil {
			return nil, err
		}
		out[code] = v
	}
	return out, rows.Err()
}

// scoresOf reads every score of the given initiatives in one query: per initiative,
// per member, per criterion.
func scoresOf(ctx context.Context, q db.Querier, ids []int64) (map[int64]map[int64]map[int64]int, error) {
	out := map[int64]map[int64]map[int64]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	marks := make([]string, len(ids))
	for i, id := range ids {
		args[i], marks[i] = id, "$"+strconv.Itoa(i+1)
	}
	rows, err := q.QueryContext(ctx, `SELECT initiative_id, user_id, criterion_id, points FROM initiative_scores
		WHERE initiative_id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("initiative: scores: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var iid, uid, cid int64
		var v int
		if err := rows.Scan(&iid, &uid, &cid, &v); err != nil {
			return nil, err
		}
		if out[iid] == nil {
			out[iid] = map[int64]map[int64]int{}
		}
		if out[iid][uid] == nil {
			out[iid][uid] = map[int64]int{}
		}
		out[iid][uid][cid] = v
	}
	return out, rows.Err()
}

// median of a sorted copy of vs.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

func mean(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	var t float64
	for _, v := range vs {
		t += v
	}
	return t / float64(len(vs))
}
