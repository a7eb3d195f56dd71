package award

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

// Line is one criterion of an assessment's result.
type Line struct {
	Criterion Criterion `json:"criterion"`
	Self      *float64  `json:"self"`
	Office    *float64  `json:"office"`
	Council   []float64 `json:"council"`
	Mean      *float64  `json:"mean"`   // of the council members' scores
	Median    *float64  `json:"median"` // of the council members' scores
	Final     float64   `json:"final"`  // the council's mean, else the office's, else the unit's
	// For an evidence criterion: the figures the latest score used, and today's.
	Used    *Input `json:"used,omitempty"`
	Current *Input `json:"current,omitempty"`
	// NoData: the measure had nothing to count for the unit (no dossier, no petition
	// handled), which is not a failure: the criterion is left out and the other
	// weights scaled up to 100.
	NoData bool `json:"no_data,omitempty"`
}

// Changed reports whether the records behind an evidence score changed since.
func (l Line) Changed() bool { return l.Used != nil && l.Current != nil && !l.Used.Same(*l.Current) }

// Result is an assessment's scores, criterion by criterion, and its total out of 100
// plus bonus less penalty. Weighted is Σ weight × final ÷ max over the criteria that
// apply, scaled to the weights that apply: an evidence criterion with nothing to
// count for the unit is left out rather than scored 0.
type Result struct {
	Assessment *Assessment `json:"assessment"`
	Rubric     *Rubric     `json:"rubric"`
	Lines      []Line      `json:"lines"`
	Weighted   float64     `json:"weighted"` // out of 100
	Total      float64     `json:"total"`
	Rank       int         `json:"rank,omitempty"`
}

// Mean and Median of a list of scores, nil when empty.
func Mean(v []float64) *float64 {
	if len(v) == 0 {
		return nil
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	m := round2(sum / float64(len(v)))
	return &m
}

func Median(v []float64) *float64 {
	if len(v) == 0 {
		return nil
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	m = round2(m)
	return &m
}

type scoreRow struct {
	criterion int64
	stage     Stage
	points    float64
	used      Input
	userID    int64
}

func loadScores(ctx context.Context, q db.Querier, where string, arg any) (map[int64][]scoreRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.assessment_id, s.criterion_id, s.stage, s.user_id, s.points, s.input_value, COALESCE(s.input_num, 0), COALESCE(s.input_den, 0)
		FROM award_scores s JOIN award_assessments a ON a.id = s.assessment_id WHERE `+where+` ORDER BY s.scored_at, s.user_id`, arg)
	if err != nil {
		return nil, fmt.Errorf("award: scores: %w", err)
	}
	defer rows.Close()
	out := map[int64][]scoreRow{}
	for rows.Next() {
		var id int64
		var r scoreRow
		var val sql.NullFloat64
		if err := rows.Scan(&id, &r.criterion, &r.stage, &r.userID, &r.points, &val, &r.used.Num, &r.used.Den); err != nil {
			return nil, err
		}
		if val.Valid {
			v := val.Float64
			r.used.Value = &v
		}
		out[id] = append(out[id], r)
	}
	return out, rows.Err()
}

// compute builds the result of a from its score rows; f, when given, adds today's
// figures beside those each evidence score used.
func compute(a *Assessment, r *Rubric, scores []scoreRow, f Figures) *Result {
	res := &Result{Assessment: a, Rubric: r}
	sum, weights := 0.0, 0
	for _, c := range r.Criteria {
		l := Line{Criterion: c}
		for _, sc := range scores {
			if sc.criterion != c.ID {
				continue
			}
			p := sc.points
			switch sc.stage {
			case SelfStage:
				l.Self = &p
			case OfficeStage:
				l.Office = &p
			case CouncilStage:
				l.Council = append(l.Council, p)
			}
			if c.Kind == Evidence {
				used := sc.used
				l.Used = &used
			}
		}
		l.Mean, l.Median = Mean(l.Council), Median(l.Council)
		switch {
		case l.Mean != nil:
			l.Final = *l.Mean
		case l.Office != nil:
			l.Final = *l.Office
		case l.Self != nil:
			l.Final = *l.Self
		}
		if c.Kind == Evidence && f != nil {
			cur := f.Get(c.Measure, a.Subject.UnitID)
			l.Current = &cur
		}
		l.NoData = c.Kind == Evidence && l.Used != nil && l.Used.Value == nil
		if !l.NoData {
			sum += float64(c.Weight) * l.Final / float64(c.MaxPoints)
			weights += c.Weight
		}
		res.Lines = append(res.Lines, l)
	}
	if weights > 0 {
		res.Weighted = round2(sum * 100 / float64(weights))
	}
	res.Total = round2(res.Weighted + a.Bonus - a.Penalty)
	return res
}

// Result returns an assessment's scores with today's evidence beside the figures
// each evidence score used.
func (s *Store) Result(ctx context.Context, u *auth.User, id int64) (*Result, error) {
	a, err := s.Assessment(ctx, u, id)
	if err != nil {
		return nil, err
	}
	r, err := s.Rubric(ctx, a.RubricID)
	if err != nil {
		return nil, err
	}
	scores, err := loadScores(ctx, s.db.Read(), "s.assessment_id = $1", id)
	if err != nil {
		return nil, err
	}
	var f Figures
	if r.Audience == Units {
		if f, err = s.evidence(ctx, r.MovementID, r.Year); err != nil {
			return nil, err
		}
	}
	return compute(a, r, scores[id], f), nil
}

// Ranking returns every assessment of a rubric version with its total, ranked within
// its group (units together; enterprises by sector) from the highest total; equal
// totals share a rank.
func (s *Store) Ranking(ctx context.Context, rubricID int64) ([]*Result, error) {
	r, err := s.Rubric(ctx, rubricID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+assessmentColumns+assessmentFrom+" WHERE a.rubric_id = $1", rubricID)
	if err != nil {
		return nil, fmt.Errorf("award: ranking: %w", err)
	}
	var list []*Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, a)
	}
	rows.Close()
	scores, err := loadScores(ctx, s.db.Read(), "a.rubric_id = $1", rubricID)
	if err != nil {
		return nil, err
	}
	out := make([]*Result, len(list))
	for i, a := range list {
		out[i] = compute(a, r, scores[a.ID], nil)
	}
	Rank(out)
	return out, nil
}

// Rank orders results by group, then total (highest first), then name, and numbers
// them within each group; equal totals share a rank (1, 2, 2, 4).
func Rank(rs []*Result) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Assessment.Group != b.Assessment.Group {
			return a.Assessment.Group < b.Assessment.Group
		}
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Assessment.Name < b.Assessment.Name
	})
	for i, r := range rs {
		switch {
		case i > 0 && rs[i-1].Assessment.Group == r.Assessment.Group && rs[i-1].Total == r.Total:
			r.Rank = rs[i-1].Rank
		case i > 0 && rs[i-1].Assessment.Group == r.Assessment.Group:
			r.Rank = i + 1 - firstOfGroup(rs, i)
		default:
			r.Rank = 1
		}
	}
}

func firstOfGroup(rs []*Result, i int) int {
	g := rs[i].Assessment.Group
	for i > 0 && rs[i-1].Assessment.Group == g {
		i--
	}
	return i
}
