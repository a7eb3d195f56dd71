package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/plan"
)

// Consolidated is everything the department's report states, gathered from thidua's
// records for a period up to its cut-off date. The document is built from it alone.
type Consolidated struct {
	Movement *plan.Movement
	Kind     Kind
	Title    string // e.g. "Sơ kết giai đoạn 1"
	From, To calendar.Date
	Cutoff   calendar.Date // the last day counted
	// Targets per calendar year of the period, and over the whole period.
	Years []YearTargets
	Whole []kpi.Result
	// Units' lines: their deployment, dossiers and whether they reported.
	Units    []UnitLine
	Deployed int
	Active   int
	Dossiers dossier.Stats
	// Dialogues held in the period.
	Dialogues []dialogue.Dialogue
	// Difficulties raised in the period, open ones first.
	Difficulties []Difficulty
	// Narratives are the units' own words from the report's submissions.
	Narratives []Narrative
	// More are the figures of the other capabilities, by group.
	More []Figure
}

// YearTargets are the targets of one calendar year.
type YearTargets struct {
	Year    int
	Results []kpi.Result
}

// UnitLine is one unit's row of the per-unit table.
type UnitLine struct {
	Name       string
	Deployed   string
	Resolved   int
	OnTimeRate string
	Report     string
}

// Narrative is what one unit wrote in one section.
type Narrative struct {
	Unit, Section, Text string
}

// GatherInput says which report to gather: its kind and period, and the report
// definition whose submissions supply the units' narratives (0 for none).
type GatherInput struct {
	Kind         Kind
	Title        string
	From, To     calendar.Date
	Cutoff       calendar.Date
	DefinitionID int64
}

// Gather collects a consolidated report from the records, as of the cut-off date (or
// today, if earlier).
func (s *Store) Gather(ctx context.Context, m *plan.Movement, in GatherInput) (*Consolidated, error) {
	asOf := in.Cutoff
	if asOf.IsZero() || asOf.After(in.To) {
		asOf = in.To
	}
	if today := s.today(); today.Before(asOf) {
		asOf = today
	}
	if asOf.Before(in.From) {
		return nil, fmt.Errorf("%w: kỳ báo cáo bắt đầu ngày %s, sau ngày chốt số liệu %s", errNothingYet, in.From.DMY(), asOf.DMY())
	}
	c := &Consolidated{Movement: m, Kind: in.Kind, Title: in.Title, From: in.From, To: in.To, Cutoff: asOf}
	k := kpi.NewService(s.db, s.now)
	targets := m.Plan.Targets
	for y := in.From.Year; y <= asOf.Year; y++ {
		p := kpi.Period{Label: fmt.Sprintf("Năm %d", y), From: maxDate(in.From, calendar.NewDate(y, 1, 1)), To: minDate(asOf, calendar.NewDate(y, 12, 31))}
		res, err := k.Compute(ctx, m.ID, targets, p)
		if err != nil {
			return nil, err
		}
		c.Years = append(c.Years, YearTargets{Year: y, Results: res})
	}
	var err error
	if c.Whole, err = k.Compute(ctx, m.ID, targets, kpi.Period{From: in.From, To: asOf}); err != nil {
		return nil, err
	}
	all := auth.Scope{All: true}
	byUnit, total, err := dossier.NewStore(s.db, s.now).StatsByUnit(ctx, all, dossier.StatsQuery{From: in.From, To: asOf})
	if err != nil {
		return nil, err
	}
	c.Dossiers = total
	if err := s.unitLines(ctx, c, m, byUnit, in.DefinitionID); err != nil {
		return nil, err
	}
	held := dialogue.NewStore(s.db, s.now)
	for _, y := range c.Years {
		list, _, err := held.List(ctx, dialogue.Filter{Year: y.Year, State: dialogue.Held}, 100, 0)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			if !d.HeldOn.Before(in.From) && !d.HeldOn.After(asOf) {
				c.Dialogues = append(c.Dialogues, d)
			}
		}
	}
	sort.Slice(c.Dialogues, func(i, j int) bool { return c.Dialogues[i].HeldOn.Before(c.Dialogues[j].HeldOn) })
	if c.Difficulties, _, err = s.Difficulties(ctx, all, "", in.From, asOf, 200, 0); err != nil {
		return nil, err
	}
	for _, src := range s.sources {
		figs, err := src(ctx, Submitter{}, in.From, asOf)
		if err != nil {
			return nil, err
		}
		c.More = append(c.More, figs...)
	}
	return c, nil
}

var errNothingYet = errors.New("chưa có số liệu")

// unitLines fills the per-unit table and, from the report's submissions, the units'
// own words.
func (s *Store) unitLines(ctx context.Context, c *Consolidated, m *plan.Movement, byUnit []dossier.UnitStats, defID int64) error {
	stats := map[int64]dossier.UnitStats{}
	for _, u := range byUnit {
		stats[u.UnitID] = u
	}
	units, _, err := deployment.NewStore(s.db, s.now).Units(ctx, auth.Scope{All: true}, m.ID, 2000, 0)
	if err != nil {
		return err
	}
	status := map[int64]Status{}
	var submitted map[int64]map[string]string
	var def *Definition
	if defID != 0 {
		if def, err = s.Definition(ctx, defID); err != nil {
			return err
		}
		lines, _, _, err := s.Register(ctx, def, 5000, 0)
		if err != nil {
			return err
		}
		for _, l := range lines {
			status[l.Submitter.UnitID] = l.Status
		}
		if submitted, err = s.submittedAnswers(ctx, defID); err != nil {
			return err
		}
	}
	c.Active = len(units)
	for _, u := range units {
		line := UnitLine{Name: u.UnitName, Deployed: "Chưa", OnTimeRate: NoData, Report: "—"}
		if u.Deployment != nil && u.Deployment.DeployedOn <= c.Cutoff.String() {
			on, _ := calendar.ParseDate(u.Deployment.DeployedOn)
			line.Deployed = on.DMY()
			c.Deployed++
		}
		if st, ok := stats[u.UnitID]; ok {
			line.Resolved = st.ResolvedTotal
			if st.OnTimeRate != nil {
				line.OnTimeRate = formatPercent(*st.OnTimeRate)
			}
		}
		if def != nil {
			line.Report = status[u.UnitID].Label()
		}
		c.Units = append(c.Units, line)
		if answers, ok := submitted[u.UnitID]; ok {
			for _, sec := range def.Sections {
				if t := strings.TrimSpace(answers[sec.Key]); t != "" {
					c.Narratives = append(c.Narratives, Narrative{Unit: u.UnitName, Section: sec.Label, Text: t})
				}
			}
		}
	}
	return nil
}

// submittedAnswers are the answers of every unit that submitted a report, by unit.
func (s *Store) submittedAnswers(ctx context.Context, defID int64) (map[int64]map[string]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT unit_id, answers FROM report_submissions
		WHERE definition_id = $1 AND unit_id IS NOT NULL AND state = $2`, defID, Submitted)
	if err != nil {
		return nil, fmt.Errorf("report: answers: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[string]string{}
	for rows.Next() {
		var unit int64
		var text string
		if err := rows.Scan(&unit, &text); err != nil {
			return nil, err
		}
		answers := map[string]string{}
		json.Unmarshal([]byte(text), &answers)
		out[unit] = answers
	}
	return out, rows.Err()
}

func maxDate(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b calendar.Date) calendar.Date {
	if a.Before(b) {
		return a
	}
	return b
}
