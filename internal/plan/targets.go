package plan

import "github.com/thidua/thidua/internal/calendar"

// TargetKind says how a target's value is judged.
type TargetKind string

const (
	// KindRatio holds when a percentage reaches Threshold (T2: ≥ 98%).
	KindRatio TargetKind = "ratio"
	// KindCoverage holds when a percentage is 100 (T1, T3); Threshold is always 100.
	KindCoverage TargetKind = "coverage"
	// KindCountPerYear holds when every calendar year of the movement has at least
	// PerYear items (T4, T5): five years are five checks, not one total.
	KindCountPerYear TargetKind = "count_per_year"
)

// Measure names the computation behind a target. Code that computes targets finds
// them by measure, never by their code in one plan.
type Measure string

const (
	MeasureUnitsDeployed        Measure = "units_deployed"         // units with a deployment record ÷ active units
	MeasureDossiersOnTime       Measure = "dossiers_on_time"       // (early + on time) ÷ resolved dossiers
	MeasureProceduresFullOnline Measure = "procedures_full_online" // procedures offered fully online ÷ eligible
	MeasureDialoguesHeld        Measure = "dialogues_held"         // dialogues held in each calendar year
	MeasureInitiativesApplied   Measure = "initiatives_applied"    // initiatives applied effectively, per year
)

// measureKinds lists each known measure with the target kinds that make sense for
// it: a percentage cannot be counted per year, nor a count be a percentage.
var measureKinds = map[Measure][]TargetKind{
	MeasureUnitsDeployed:        {KindCoverage, KindRatio},
	MeasureDossiersOnTime:       {KindRatio, KindCoverage},
	MeasureProceduresFullOnline: {KindCoverage, KindRatio},
	MeasureDialoguesHeld:        {KindCountPerYear},
	MeasureInitiativesApplied:   {KindCountPerYear},
}

// Target is one of the movement's targets (chỉ tiêu). Threshold is a percentage for
// ratio and coverage targets; PerYear is the yearly minimum of count_per_year ones.
type Target struct {
	Code      string     `yaml:"code" json:"code"`
	Name      string     `yaml:"name" json:"name"`
	Kind      TargetKind `yaml:"kind" json:"kind"`
	Measure   Measure    `yaml:"measure" json:"measure"`
	Threshold float64    `yaml:"threshold" json:"threshold,omitempty"`
	PerYear   int        `yaml:"per_year" json:"per_year,omitempty"`
}

// TargetFor finds the target computed by m, from a Plan's targets or Store.Targets.
func TargetFor(targets []Target, m Measure) (Target, bool) {
	for _, t := range targets {
		if t.Measure == m {
			return t, true
		}
	}
	return Target{}, false
}

// Phase is a stage of the movement (giai đoạn), first and last day included.
type Phase struct {
	Code        string        `yaml:"code" json:"code"`
	Name        string        `yaml:"name" json:"name"`
	Start       calendar.Date `yaml:"start" json:"start"`
	End         calendar.Date `yaml:"end" json:"end"`
	Description string        `yaml:"description" json:"description"`
}

// ReportKind is the kind of a report the plan requires.
type ReportKind string

const (
	ReportInterim ReportKind = "interim" // sơ kết
	ReportFinal   ReportKind = "final"   // tổng kết
	ReportAdHoc   ReportKind = "ad_hoc"  // đột xuất, when asked: no fixed date
)

// Report is a report the plan requires. Due is the last day on which the report is
// on time; figures recorded after Cutoff belong to no earlier report than the next.
// Both are zero for ad hoc reports. Phase is the code of the phase the report
// reviews, empty when it reviews the whole movement.
type Report struct {
	Code      string        `yaml:"code" json:"code"`
	Kind      ReportKind    `yaml:"kind" json:"kind"`
	Name      string        `yaml:"name" json:"name"`
	Text      string        `yaml:"text" json:"text"`
	Phase     string        `yaml:"phase" json:"phase,omitempty"`
	Recipient string        `yaml:"recipient" json:"recipient,omitempty"`
	Due       calendar.Date `yaml:"due" json:"due,omitzero"`
	Cutoff    calendar.Date `yaml:"cutoff" json:"cutoff,omitzero"`
}
