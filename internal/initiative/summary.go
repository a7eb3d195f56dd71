package initiative

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// CriterionResult is the council's scoring of one criterion: how many members
// scored it, their mean and median, and whether it passed. A points criterion passes
// when the mean reaches its passing score; a pass/fail one when more than half of
// the members scored it đạt.
type CriterionResult struct {
	Criterion Criterion `json:"criterion"`
	Count     int       `json:"count"`
	Passes    int       `json:"passes"` // members who scored a pass/fail criterion đạt
	Mean      float64   `json:"mean"`
	Median    float64   `json:"median"`
	Passed    bool      `json:"passed"`
}

// MeanText and MedianText are the figures as the page prints them: "27,33".
func (r CriterionResult) MeanText() string   { return Decimal(r.Mean) }
func (r CriterionResult) MedianText() string { return Decimal(r.Median) }

// Summary is the council's scoring of one initiative. The totals add the points
// criteria of each member who scored, then take the mean and median of those totals.
type Summary struct {
	Criteria    []CriterionResult `json:"criteria"`
	Scorers     int               `json:"scorers"`
	TotalMean   float64           `json:"total_mean"`
	TotalMedian float64           `json:"total_median"`
	MaxTotal    int               `json:"max_total"`
}

// TotalMeanText and TotalMedianText print the totals.
func (s *Summary) TotalMeanText() string   { return Decimal(s.TotalMean) }
func (s *Summary) TotalMedianText() string { return Decimal(s.TotalMedian) }

// Disqualified is the first disqualifying criterion the initiative failed, or nil.
func (s *Summary) Disqualified() *CriterionResult {
	for i := range s.Criteria {
		if r := &s.Criteria[i]; r.Criterion.Disqualifies && r.Count > 0 && !r.Passed {
			return r
		}
	}
	return nil
}

// Verdict says in one line what the scores come to.
func (s *Summary) Verdict() string {
	if s.Scorers == 0 {
		return "Chưa có thành viên nào chấm điểm"
	}
	if r := s.Disqualified(); r != nil {
		return "Không đạt tiêu chí “" + r.Criterion.Name + "”: không xét công nhận"
	}
	var failed []string
	for _, r := range s.Criteria {
		if !r.Passed {
			failed = append(failed, "“"+r.Criterion.Name+"”")
		}
	}
	if len(failed) > 0 {
		return "Chưa đạt điểm tiêu chí " + strings.Join(failed, ", ")
	}
	return "Đạt các tiêu chí"
}

// Decimal writes v with at most two decimals and a decimal comma: 27,33; 30.
func Decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// summaryOf computes the summary from the criteria in force and each member's
// scores by criterion id; members who left a criterion unscored are not counted.
func summaryOf(crit []Criterion, byMember map[int64]map[int64]int) *Summary {
	sum := &Summary{}
	var totals []float64
	complete := map[int64]bool{}
	for uid, scores := range byMember {
		complete[uid] = true
		for _, c := range crit {
			if _, ok := scores[c.ID]; !ok {
				complete[uid] = false
			}
		}
	}
	for _, c := range crit {
		r := CriterionResult{Criterion: c}
		var vs []float64
		for uid, scores := range byMember {
			if complete[uid] {
				vs = append(vs, float64(scores[c.ID]))
				if scores[c.ID] >= 1 {
					r.Passes++
				}
			}
		}
		r.Count, r.Mean, r.Median = len(vs), mean(vs), median(vs)
		if c.PassFail() {
			r.Passed = r.Count > 0 && 2*r.Passes > r.Count
		} else {
			r.Passed = r.Count > 0 && r.Mean >= float64(c.Pass)
			sum.MaxTotal += c.Max
		}
		sum.Criteria = append(sum.Criteria, r)
	}
	for uid, scores := range byMember {
		if !complete[uid] {
			continue
		}
		var t float64
		for _, c := range crit {
			if !c.PassFail() {
				t += float64(scores[c.ID])
			}
		}
		totals = append(totals, t)
	}
	sum.Scorers, sum.TotalMean, sum.TotalMedian = len(totals), mean(totals), median(totals)
	return sum
}

// summarise computes the summary of one initiative of a session.
func summarise(ctx context.Context, q db.Querier, it *Initiative, ses *Session) (*Summary, error) {
	crit, err := criteriaAt(ctx, q, ses.HeldOn)
	if err != nil {
		return nil, err
	}
	scores, err := scoresOf(ctx, q, []int64{it.ID})
	if err != nil {
		return nil, err
	}
	return summaryOf(crit, scores[it.ID]), nil
}

// Summary returns the scoring of an initiative u may see that has gone before the
// council, or nil when it has not.
func (s *Store) Summary(ctx context.Context, u *auth.User, id int64) (*Summary, error) {
	it, err := getFor(ctx, s.db.Read(), u, id)
	if err != nil || it.SessionID == 0 {
		return nil, err
	}
	ses, err := getSession(ctx, s.db.Read(), it.SessionID)
	if err != nil {
		return nil, err
	}
	return summarise(ctx, s.db.Read(), it, ses)
}

// SessionItem is an initiative before a session, with its scoring.
type SessionItem struct {
	Initiative
	Summary *Summary
}

// SessionInitiatives lists the initiatives of a session with their authors and
// scoring, reading the scores of all of them in one query.
func (s *Store) SessionInitiatives(ctx context.Context, sessionID int64) ([]SessionItem, error) {
	q := s.db.Read()
	ses, err := getSession(ctx, q, sessionID)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, "SELECT "+columns+from+" WHERE i.session_id = $1 ORDER BY i.id", sessionID)
	if err != nil {
		return nil, fmt.Errorf("initiative: session initiatives: %w", err)
	}
	var items []SessionItem
	for rows.Next() {
		it, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		items = append(items, SessionItem{Initiative: *it})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID := map[int64]*Initiative{}
	ids := make([]int64, len(items))
	for i := range items {
		byID[items[i].ID], ids[i] = &items[i].Initiative, items[i].ID
	}
	if err := loadAuthors(ctx, q, byID); err != nil {
		return nil, err
	}
	crit, err := criteriaAt(ctx, q, ses.HeldOn)
	if err != nil {
		return nil, err
	}
	scores, err := scoresOf(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Summary = summaryOf(crit, scores[items[i].ID])
	}
	return items, nil
}

// Scored says, for each initiative given, which members have scored it, in one query.
func (s *Store) Scored(ctx context.Context, ids ...int64) (map[int64]map[int64]bool, error) {
	scores, err := scoresOf(ctx, s.db.Read(), ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]map[int64]bool, len(ids))
	for _, iid := range ids {
		out[iid] = map[int64]bool{}
		for uid := range scores[iid] {
			out[iid][uid] = true
		}
	}
	return out, nil
}
