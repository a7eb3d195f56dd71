package award

import (
	"context"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/report"
)

// Measure is one of the fixed figures thidua computes for a unit and year, which an
// evidence criterion turns into points. There are no enterprise indicators in thidua
// yet, so none is offered.
type Measure string

const (
	DossierOnTime      Measure = "dossier_on_time"     // % of dossiers resolved early or on time
	PetitionOnTime     Measure = "petition_on_time"    // % of petitions answered on time
	ReportsOnTime      Measure = "reports_on_time"     // % of the year's reports submitted by their due date
	InitiativesApplied Measure = "initiatives_applied" // initiatives applied effectively in the year
	Deployed           Measure = "deployed"            // 100 when the unit deployed the movement, else 0
)

// Measures lists the measures in the order forms offer them.
var Measures = []Measure{DossierOnTime, PetitionOnTime, ReportsOnTime, InitiativesApplied, Deployed}

var measureLabels = map[Measure]string{
	DossierOnTime:      "Tỷ lệ hồ sơ TTHC giải quyết trước hạn, đúng hạn (%)",
	PetitionOnTime:     "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (%)",
	ReportsOnTime:      "Tỷ lệ báo cáo nộp đúng hạn (%)",
	InitiativesApplied: "Số sáng kiến áp dụng hiệu quả trong năm",
	Deployed:           "Đã triển khai phong trào (100 = có, 0 = chưa)",
}

// Label is the measure in Vietnamese.
func (m Measure) Label() string { return measureLabels[m] }

// Valid reports whether m is a known measure.
func (m Measure) Valid() bool { _, ok := measureLabels[m]; return ok }

// Input is a measure's value for one unit and year, with what it was computed from;
// Value is nil when there is no data (nothing to count), which is not 0.
type Input struct {
	Value *float64 `json:"value"`
	Num   int      `json:"num"`
	Den   int      `json:"den"`
}

// Text is the input as shown: "97,5% (39/40)", "2", "không có số liệu".
func (in Input) Text(m Measure) string {
	if in.Value == nil {
		return "không có số liệu"
	}
	switch m {
	case InitiativesApplied:
		return Decimal(*in.Value)
	case Deployed:
		if *in.Value >= 100 {
			return "đã triển khai"
		}
		return "chưa triển khai"
	}
	return Decimal(*in.Value) + "% (" + itoa(in.Num) + "/" + itoa(in.Den) + ")"
}

// Same reports whether two inputs are the same figures.
func (in Input) Same(o Input) bool {
	if (in.Value == nil) != (o.Value == nil) {
		return false
	}
	return (in.Value == nil || round2(*in.Value) == round2(*o.Value)) && in.Num == o.Num && in.Den == o.Den
}

// Figures are every unit's measures for a year: measure → unit id → input.
type Figures map[Measure]map[int64]Input

// Get returns a unit's input for a measure. A unit absent from a count is 0 (no
// initiative applied, not deployed); absent from a rate it has no data.
func (f Figures) Get(m Measure, unit int64) Input {
	in, ok := f[m][unit]
	if !ok && (m == InitiativesApplied || m == Deployed) {
		zero := 0.0
		in = Input{Value: &zero}
		if m == Deployed {
			in.Den = 1
		}
	}
	return in
}

// EvidenceSource computes the figures of a movement's year for every unit at once.
type EvidenceSource func(ctx context.Context, movementID int64, year int) (Figures, error)

func ratio(num, den int) Input {
	if den == 0 {
		return Input{}
	}
	v := round2(100 * float64(num) / float64(den))
	return Input{Value: &v, Num: num, Den: den}
}

// ThiduaEvidence reads the figures from thidua's own records, one grouped query per
// measure for all units: dossiers resolved in the year, petitions answered in it,
// reports due in it, initiatives applied in it, the deployment by its last day.
func ThiduaEvidence(d *db.DB, now func() time.Time) EvidenceSource {
	dossiers, petitions := dossier.NewStore(d, now), petition.NewStore(d, now)
	reports, initiatives, deployments := report.NewStore(d, now, nil), initiative.NewStore(d, now), deployment.NewStore(d, now)
	return func(ctx context.Context, movementID int64, year int) (Figures, error) {
		from, to := calendar.NewDate(year, 1, 1), calendar.NewDate(year, 12, 31)
		f := Figures{}
		for _, m := range Measures {
			f[m] = map[int64]Input{}
		}
		lines, _, err := dossiers.StatsByUnit(ctx, auth.Scope{All: true}, dossier.StatsQuery{From: from, To: to})
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			f[DossierOnTime][l.UnitID] = ratio(l.ResolvedEarly+l.ResolvedOnTime, l.ResolvedTotal)
		}
		scores, _, err := petitions.Scores(ctx, from, to)
		if err != nil {
			return nil, err
		}
		for _, sc := range scores {
			f[PetitionOnTime][sc.UnitID] = ratio(sc.OnTime, sc.Handled)
		}
		onTime, err := reports.OnTimeByUnit(ctx, year)
		if err != nil {
			return nil, err
		}
		for unit, o := range onTime {
			f[ReportsOnTime][unit] = ratio(o.OnTime, o.Due)
		}
		applied, err := initiatives.AppliedByUnit(ctx, year)
		if err != nil {
			return nil, err
		}
		for unit, n := range applied {
			v := float64(n)
			f[InitiativesApplied][unit] = Input{Value: &v, Num: n}
		}
		deployed, err := deployments.DeployedBy(ctx, movementID, to.String())
		if err != nil {
			return nil, err
		}
		for unit := range deployed {
			v := 100.0
			f[Deployed][unit] = Input{Value: &v, Num: 1, Den: 1}
		}
		return f, nil
	}
}
