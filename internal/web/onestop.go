package web

import (
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/kpi"
)

// The plan's one-stop aims beside T2 and T3: the share of dossiers received online,
// the processing-progress score of Decision 766 and the working days each procedure
// takes against its statutory time ("rút ngắn thời gian giải quyết hồ sơ").

// oneStopTop is how many procedures the panel lists; the full table is a link away.
const oneStopTop = 10

// oneStopPanel is the panel's data for a period, as the user's scope sees it.
type oneStopPanel struct {
	From, To   calendar.Date
	Whole      bool // department-wide, not one unit's figures
	NotStarted bool // the period begins after today: nothing to count yet
	Stats      dossier.Stats
	Online     *float64
	Progress   *float64
	Times      []dossier.ProcedureTime
	More       int    // procedures left out of Times
	Query      string // from=…&to=…, for the links to the dossiers and the full table
	Index      *index766
}

// oneStop computes the panel for [from, to], the end cut to today as the targets are.
// It is nil for an account that sees no unit's dossiers (an enterprise).
func (s *Server) oneStop(r *http.Request, from, to calendar.Date) (*oneStopPanel, error) {
	sc := auth.ScopeOf(currentUser(r))
	if !sc.All && sc.UnitID == 0 {
		return nil, nil
	}
	if today := calendar.DateOf(s.now()); today.Before(to) {
		to = today
	}
	p := &oneStopPanel{From: from, To: to, Whole: sc.All, Query: "from=" + from.String() + "&to=" + to.String()}
	if to.Before(from) {
		// Open dossiers counted at a date still to come would be a guess.
		p.NotStarted = true
		return p, nil
	}
	q := dossier.StatsQuery{From: from, To: to}
	var err error
	if p.Stats, err = s.dossiers.Stats(r.Context(), sc, q); err != nil {
		return nil, err
	}
	p.Online, p.Progress = p.Stats.OnlineShare(), p.Stats.Progress766()
	unit := sc.UnitID // the 766 panel of the same scope: the department, or the unit
	if sc.All {
		unit = 0
	}
	idx, err := s.index766For(r.Context(), from, to, unit, p.Stats)
	if err != nil {
		return nil, err
	}
	p.Index = &idx
	if p.Times, err = s.dossiers.ProcessingTimes(r.Context(), sc, q); err != nil {
		return nil, err
	}
	if len(p.Times) > oneStopTop {
		p.More = len(p.Times) - oneStopTop
		p.Times = p.Times[:oneStopTop]
	}
	return p, nil
}

// Link is the list of the dossiers one figure of Biểu II.06a counts in the period.
// Links are built here whole: a template escapes "&" and "=" put after a "?".
func (p *oneStopPanel) Link(b dossier.Bucket) string {
	return "/dossiers?bucket=" + string(b) + "&" + p.Query
}

// TimesHref is the full table of procedures for the period.
func (p *oneStopPanel) TimesHref() string { return "/dossiers/times?" + p.Query }

type dossierTimesView struct {
	view
	From, To calendar.Date
	Times    []dossier.ProcedureTime
	Query    string
}

// StatsHref is Biểu II.06a for the same period.
func (v *dossierTimesView) StatsHref() string { return "/dossiers/stats?" + v.Query }

// dossierTimes lists every procedure's processing time for a period: at most the
// size of the catalogue, so one page.
func (s *Server) dossierTimes(w http.ResponseWriter, r *http.Request) error {
	q, err := s.statsQuery(r)
	if err != nil {
		return err
	}
	v := &dossierTimesView{view: s.base(r, "Thời gian giải quyết theo thủ tục"), From: q.From, To: q.To,
		Query: "from=" + q.From.String() + "&to=" + q.To.String()}
	if v.Times, err = s.dossiers.ProcessingTimes(r.Context(), auth.ScopeOf(currentUser(r)), q); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "dossier_times", v)
	return nil
}

// timesRow is one procedure's line with its links, for the panel and the full table.
type timesRow struct {
	dossier.ProcedureTime
	Href   string // the dossiers finished in the period
	Change string // "↓ 6,5 ngày", "↑ 1 ngày", "không đổi"; empty without two points
	Faster bool
}

func timesRows(query string, ts []dossier.ProcedureTime) []timesRow {
	out := make([]timesRow, len(ts))
	for i, t := range ts {
		row := timesRow{ProcedureTime: t,
			Href: "/dossiers?bucket=resolved_total&" + query + "&procedure=" + strconv.FormatInt(t.ProcedureID, 10)}
		if c := t.Change(); c != nil {
			switch {
			case *c < 0:
				row.Change, row.Faster = "↓ "+kpi.Decimal(-*c)+" ngày", true
			case *c > 0:
				row.Change = "↑ " + kpi.Decimal(*c) + " ngày"
			default:
				row.Change = "không đổi"
			}
		}
		out[i] = row
	}
	return out
}

func init() {
	funcs["timesRows"] = timesRows
	// score766 writes the score out of 20; no dossiers is not a score of 0.
	funcs["score766"] = func(v *float64) string {
		if v == nil {
			return "không có dữ liệu"
		}
		return kpi.Decimal(*v) + "/20"
	}
	funcs["avgDays"] = func(v *float64) string {
		if v == nil {
			return "—"
		}
		return kpi.Decimal(*v)
	}
}
