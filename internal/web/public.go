package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/chart"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/procedure"
)

// The public portal: what the movement promised citizens and enterprises, readable
// without an account. Only figures and published texts appear here, never who sent
// a petition or who took part: the catalogue, dossier figures per unit, petition
// answers whose senders consented, and the dialogues held with a count of the
// enterprises present.

// catalogueQuery is the public catalogue's filter, read from ?q=&field=&level=.
type catalogueQuery struct {
	Query, Field, Level string
	AsOf                calendar.Date
}

func (s *Server) catalogueQuery(r *http.Request) (catalogueQuery, error) {
	q := r.URL.Query()
	c := catalogueQuery{Query: q.Get("q"), Field: q.Get("field"), Level: q.Get("level"), AsOf: calendar.DateOf(s.now())}
	if c.Level != "" && !procedure.OnlineLevel(c.Level).Valid() {
		return c, badRequest("Mức độ trực tuyến %q không có; dùng full, partial hoặc none", c.Level)
	}
	return c, nil
}

func (c catalogueQuery) filter(limit, offset int) procedure.Filter {
	return procedure.Filter{Search: c.Query, Field: c.Field, Level: procedure.OnlineLevel(c.Level), ValidOn: c.AsOf, Limit: limit, Offset: offset}
}

type publicProceduresView struct {
	view
	catalogueQuery
	Page     procedure.Page
	Pager    pager
	Counts   procedure.Counts
	Fields   []string
	Levels   []procedure.OnlineLevel
	Download string // the query of the downloads: the same filter
}

// publicProcedures is the catalogue as it applies today, with fees, online level
// and the published reason when a procedure is not offered fully online.
func (s *Server) publicProcedures(w http.ResponseWriter, r *http.Request) error {
	c, err := s.catalogueQuery(r)
	if err != nil {
		return err
	}
	v := &publicProceduresView{view: s.base(r, "Thủ tục hành chính"), catalogueQuery: c, Pager: newPager(r), Levels: procedure.Levels,
		Download: keep(r, "q", "field", "level")}
	ctx := r.Context()
	if v.Page, err = s.procedures.List(ctx, c.filter(v.Pager.PerPage, v.Pager.Offset())); err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	if v.Counts, err = s.procedures.Count(ctx, c.AsOf); err != nil {
		return err
	}
	if v.Fields, err = s.procedures.Fields(ctx, c.AsOf); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public_procedures", v)
	return nil
}

// keep is the query string of the named parameters that are set, for links that
// carry a filter over ("?q=…&field=…", or "").
func keep(r *http.Request, names ...string) string {
	q := r.URL.Query()
	out := ""
	for _, n := range names {
		if v := q.Get(n); v != "" {
			if out == "" {
				out = "?"
			} else {
				out += "&"
			}
			out += n + "=" + url.QueryEscape(v)
		}
	}
	return out
}

// publicStats are the dossier figures of a period, department-wide.
type publicStats struct {
	From, To calendar.Date
	Lines    []dossier.UnitStats
	Total    dossier.Stats
	Months   []dossier.MonthRate
	Index    index766
}

// periodQuery reads ?from=&to= (this year up to today by default) and refuses a
// period that ends before it starts.
func (s *Server) periodQuery(r *http.Request) (dossier.StatsQuery, error) {
	q, err := s.statsQuery(r)
	q.UnitID = 0 // the public figures are the department's, every unit shown
	return q, err
}

func (s *Server) publicStatsFor(ctx context.Context, q dossier.StatsQuery) (publicStats, error) {
	all := auth.Scope{All: true}
	p := publicStats{From: q.From, To: q.To}
	var err error
	if p.Lines, p.Total, err = s.dossiers.StatsByUnit(ctx, all, q); err != nil {
		return p, err
	}
	if p.Months, err = s.dossiers.Monthly(ctx, all, q); err != nil {
		return p, err
	}
	p.Index, err = s.index766For(ctx, q.From, q.To, 0, p.Total)
	return p, err
}

type publicStatsView struct {
	view
	publicStats
	Chart    chart.Line
	Dept     []dossier.MonthRate // the department's line of the trend, for the table beside the chart
	Download string
	Year     int
}

// publicStatsPage shows, for a period (this year by default), each unit's dossiers
// resolved and the share on time, the monthly trend and the 766 panel, with how
// each figure is computed.
func (s *Server) publicStatsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.periodQuery(r)
	if err != nil {
		return err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return err
	}
	v := &publicStatsView{view: s.base(r, "Thống kê giải quyết hồ sơ"), publicStats: p, Chart: trendChart(p.Months, p.Lines),
		Download: "?from=" + q.From.String() + "&to=" + q.To.String(), Year: q.To.Year}
	for _, m := range p.Months {
		if m.UnitID == 0 {
			v.Dept = append(v.Dept, m)
		}
	}
	s.render(w, r, http.StatusOK, "public_stats", v)
	return nil
}

// publicDialogue is a dialogue as anyone may see it: no names of people or enterprises.
type publicDialogue struct {
	ID          int64         `json:"id"`
	Title       string        `json:"title"`
	HeldOn      calendar.Date `json:"held_on"`
	Place       string        `json:"place"`
	Role        string        `json:"role"` // "Sở tổ chức" or "Tham gia"
	Organiser   string        `json:"organiser,omitempty"`
	Enterprises int           `json:"enterprises"` // enterprises present
}

// heldDialogues lists a page of the dialogues held, in a year or any (0), newest first.
func (s *Server) heldDialogues(ctx context.Context, year, limit, offset int) ([]publicDialogue, int, error) {
	ds, total, err := s.dialogues.List(ctx, dialogue.Filter{State: dialogue.Held, Year: year}, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out := make([]publicDialogue, len(ds))
	for i, d := range ds {
		out[i] = publicDialogue{ID: d.ID, Title: d.Title, HeldOn: d.HeldOn, Place: d.Place, Role: d.Role.Label(), Enterprises: d.Attended}
		if d.Role == dialogue.Guest {
			out[i].Organiser = d.Organiser
		}
	}
	return out, total, nil
}

type publicDialoguesView struct {
	view
	Items    []publicDialogue
	Pager    pager
	Year     int
	Years    []int
	Download string
}

// publicDialoguesPage lists the business dialogues held, by year.
func (s *Server) publicDialoguesPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.yearParam(r, 0)
	if err != nil {
		return err
	}
	v := &publicDialoguesView{view: s.base(r, "Đối thoại doanh nghiệp đã tổ chức"), Pager: newPager(r), Year: year, Download: keep(r, "year")}
	for y := calendar.DateOf(s.now()).Year; y >= 2020; y-- {
		v.Years = append(v.Years, y)
	}
	if v.Items, v.Pager.Total, err = s.heldDialogues(r.Context(), year, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "public_dialogues", v)
	return nil
}

func init() {
	funcs["figure"] = figureFormula
	// monthLabel writes a YYYY-MM month the Vietnamese way: 03/2026.
	funcs["monthLabel"] = func(m string) string {
		if len(m) != 7 {
			return m
		}
		return m[5:] + "/" + m[:4]
	}
}

// yearParam reads ?year=, a year from 2000 to next year; def when absent.
func (s *Server) yearParam(r *http.Request, def int) (int, error) {
	y := r.URL.Query().Get("year")
	if y == "" {
		return def, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 2000 || n > calendar.DateOf(s.now()).Year+1 {
		return 0, badRequest("Năm %q không hợp lệ", y)
	}
	return n, nil
}
