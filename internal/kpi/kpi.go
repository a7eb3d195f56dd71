// Package kpi computes the movement's targets from the records of the other
// capabilities. A target's value is never typed in: each measure named in the plan
// file has one function here that counts records, and the same function feeds the
// targets page, the API, the dashboard and the reports.
package kpi

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/procedure"
)

// Period is the span a target is judged over: a calendar year, a phase or the
// whole movement. Both days are included.
type Period struct {
	Label    string
	From, To calendar.Date
}

// Result is one target's value over a period. Value, Numerator, Denominator and Met
// are nil when there is no data yet, which is not the same as zero.
type Result struct {
	Code        string          `json:"code"`
	Name        string          `json:"name"`
	Kind        plan.TargetKind `json:"kind"`
	Measure     plan.Measure    `json:"measure"`
	Threshold   float64         `json:"threshold"`
	Value       *float64        `json:"value"`
	Numerator   *int            `json:"numerator"`
	Denominator *int            `json:"denominator"`
	Met         *bool           `json:"met"`
	// From is the period's first day; AsOf the last day counted: the period's end, or
	// today while it runs.
	From calendar.Date `json:"from"`
	AsOf calendar.Date `json:"as_of"`
	// Years holds one check per calendar year for count-per-year targets.
	Years []YearCount `json:"years,omitempty"`
	// Definition says in Vietnamese how the figure is computed.
	Definition string `json:"definition"`
}

// YearCount is one year's check of a count-per-year target.
type YearCount struct {
	Year  int   `json:"year"`
	Count *int  `json:"count"`
	Met   *bool `json:"met"`
}

// Service computes targets.
type Service struct {
	db          *db.DB
	now         func() time.Time
	deployments *deployment.Store
	procedures  *procedure.Store
	dossiers    *dossier.Store
	dialogues   *dialogue.Store
	initiatives *initiative.Store
}

// NewService returns a Service on d; now is the clock.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: now, deployments: deployment.NewStore(d, now), procedures: procedure.NewStore(d, now),
		dossiers: dossier.NewStore(d, now), dialogues: dialogue.NewStore(d, now), initiatives: initiative.NewStore(d, now)}
}

// ratioMeasure counts a numerator and a denominator for a period, ok=false when
// the capability that provides the records does not exist yet.
type ratioMeasure func(ctx context.Context, s *Service, movementID int64, p Period, asOf calendar.Date) (num, den int, ok bool, err error)

// countMeasure counts the items of one calendar year.
type countMeasure func(ctx context.Context, s *Service, movementID int64, year int, asOf calendar.Date) (n int, ok bool, err error)

var ratios = map[plan.Measure]ratioMeasure{
	plan.MeasureUnitsDeployed: unitsDeployed,
	// T3 is judged on the catalogue as it stands on the last day counted.
	plan.MeasureProceduresFullOnline: func(ctx context.Context, s *Service, _ int64, _ Period, asOf calendar.Date) (int, int, bool, error) {
		num, den, err := s.procedures.Coverage(ctx, asOf)
		return num, den, true, err
	},
	// T2 counts the dossiers finished from the period's start to the last day counted.
	plan.MeasureDossiersOnTime: func(ctx context.Context, s *Service, _ int64, p Period, asOf calendar.Date) (int, int, bool, error) {
		num, den, err := s.dossiers.OnTime(ctx, p.From, asOf)
		return num, den, true, err
	},
}

var counts = map[plan.Measure]countMeasure{
	// T4 counts the dialogues recorded as held, whether the department hosted them or took part.
	plan.MeasureDialoguesHeld: func(ctx context.Context, s *Service, _ int64, year int, asOf calendar.Date) (int, bool, error) {
		n, err := s.dialogues.HeldIn(ctx, year, asOf)
		return n, true, err
	},
	// T5 counts the initiatives recorded as applied effectively, by the year of the day recorded.
	plan.MeasureInitiativesApplied: func(ctx context.Context, s *Service, _ int64, year int, asOf calendar.Date) (int, bool, error) {
		n, err := s.initiatives.AppliedIn(ctx, year, asOf)
		return n, true, err
	},
}

var definitions = map[plan.Measure]string{
	plan.MeasureUnitsDeployed:        "Số phòng, đơn vị đang hoạt động đã ghi nhận triển khai phong trào (đến ngày tính) ÷ tổng số phòng, đơn vị đang hoạt động.",
	plan.MeasureDossiersOnTime:       "(Hồ sơ giải quyết trước hạn + đúng hạn) ÷ hồ sơ đã giải quyết trong kỳ.",
	plan.MeasureProceduresFullOnline: "Thủ tục cung cấp trực tuyến toàn trình ÷ thủ tục đủ điều kiện toàn trình.",
	plan.MeasureDialoguesHeld:        "Số cuộc gặp gỡ, đối thoại doanh nghiệp đã tổ chức hoặc tham gia trong từng năm.",
	plan.MeasureInitiativesApplied:   "Số sáng kiến được công nhận và ghi nhận áp dụng hiệu quả trong từng năm, tính theo ngày ghi nhận áp dụng hiệu quả.",
}

func unitsDeployed(ctx context.Context, s *Service, movementID int64, p Period, asOf calendar.Date) (int, int, bool, error) {
	num, den, err := s.deployments.Coverage(ctx, movementID, asOf.String())
	return num, den, true, err
}

// Compute returns every target of the movement over the period, in plan order.
// Under a request memo (db.WithMemo) the same targets over the same days are computed
// once: the dashboard shows this year's values and, in the trend, this year's point.
// The results are shared and must not be modified.
func (s *Service) Compute(ctx context.Context, movementID int64, targets []plan.Target, p Period) ([]Result, error) {
	key := fmt.Sprintf("kpi.Compute %d %s %s", movementID, p.From, p.To)
	for _, t := range targets {
		key += fmt.Sprintf(" %+v", t)
	}
	return db.Memo(ctx, key, func() ([]Result, error) { return s.compute(ctx, movementID, targets, p) })
}

func (s *Service) compute(ctx context.Context, movementID int64, targets []plan.Target, p Period) ([]Result, error) {
	today := calendar.DateOf(s.now())
	asOf := p.To
	if today.Before(asOf) {
		asOf = today
	}
	out := make([]Result, 0, len(targets))
	for _, t := range targets {
		r := Result{Code: t.Code, Name: t.Name, Kind: t.Kind, Measure: t.Measure, Threshold: t.Threshold, From: p.From, AsOf: asOf,
			Definition: definitions[t.Measure]}
		var err error
		if t.Kind == plan.KindCountPerYear {
			r.Threshold = float64(t.PerYear)
			err = s.countPerYear(ctx, movementID, t, p, asOf, &r)
		} else {
			err = s.ratio(ctx, movementID, t, p, asOf, &r)
		}
		if err != nil {
			return nil, fmt.Errorf("kpi: %s: %w", t.Code, err)
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Service) ratio(ctx context.Context, movementID int64, t plan.Target, p Period, asOf calendar.Date, r *Result) error {
	m, known := ratios[t.Measure]
	if !known || asOf.Before(p.From) {
		return nil
	}
	num, den, ok, err := m(ctx, s, movementID, p, asOf)
	if err != nil || !ok {
		return err
	}
	r.Numerator, r.Denominator = &num, &den
	if den == 0 {
		return nil
	}
	v := round2(100 * float64(num) / float64(den))
	threshold := t.Threshold
	if t.Kind == plan.KindCoverage {
		threshold = 100
	}
	met := v >= threshold
	r.Value, r.Met = &v, &met
	return nil
}

// countPerYear checks each calendar year of the period that has begun: the target
// holds only when every such year has its items (five years are five checks, not one
// total), so over several years the value is the number of years that met it.
func (s *Service) countPerYear(ctx context.Context, movementID int64, t plan.Target, p Period, asOf calendar.Date, r *Result) error {
	m, known := counts[t.Measure]
	if !known || asOf.Before(p.From) {
		return nil
	}
	allMet, yearsMet, yearsChecked := true, 0, 0
	for y := p.From.Year; y <= asOf.Year; y++ {
		n, ok, err := m(ctx, s, movementID, y, asOf)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		// A running year counts what it has so far: "not met yet" is what a director needs to see.
		met := n >= t.PerYear
		yc := YearCount{Year: y, Count: &n, Met: &met}
		yearsChecked++
		if met {
			yearsMet++
		} else {
			allMet = false
		}
		r.Years = append(r.Years, yc)
	}
	if len(r.Years) == 1 {
		r.Value = floatPtr(float64(*r.Years[0].Count))
		r.Numerator = r.Years[0].Count
	} else {
		r.Numerator, r.Denominator = intPtr(yearsMet), intPtr(yearsChecked)
		r.Value = floatPtr(float64(yearsMet))
	}
	if yearsChecked > 0 {
		r.Met = &allMet
	}
	return nil
}

func round2(v float64) float64    { return float64(int64(v*100+0.5)) / 100 }
func floatPtr(v float64) *float64 { return &v }
func intPtr(v int) *int           { return &v }

// Years returns one period per calendar year of the movement.
func Years(movement Period) []Period {
	var out []Period
	for y := movement.From.Year; y <= movement.To.Year; y++ {
		from, to := calendar.NewDate(y, time.January, 1), calendar.NewDate(y, time.December, 31)
		if from.Before(movement.From) {
			from = movement.From
		}
		if to.After(movement.To) {
			to = movement.To
		}
		out = append(out, Period{Label: fmt.Sprintf("Năm %d", y), From: from, To: to})
	}
	return out
}
