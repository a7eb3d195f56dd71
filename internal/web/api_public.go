package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/petition"
)

// The public JSON API, /api/v1/public/…: the portal's tables without a token, for
// anyone who builds on them. Every answer may be cached a few minutes.

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// writePublicJSON encodes v and answers it with the public cache headers.
func writePublicJSON(w http.ResponseWriter, r *http.Request, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	servePublic(w, r, "application/json; charset=utf-8", buf.Bytes())
	return nil
}

// publicProcedure is a catalogue entry as the public API gives it.
type publicProcedure struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	Field         string   `json:"field"`
	UnitCode      string   `json:"unit_code"`
	UnitName      string   `json:"unit_name"`
	StatutoryDays *float64 `json:"statutory_days"`
	Fee           int64    `json:"fee"`
	FeeText       string   `json:"fee_text"`
	FeeBasis      string   `json:"fee_basis"`
	OnlineLevel   string   `json:"online_level"`
	OnlineLabel   string   `json:"online_level_label"`
	EligibleFull  bool     `json:"eligible_full"`
	NotFullReason string   `json:"not_full_reason"`
}

func (s *Server) apiPublicProcedures(w http.ResponseWriter, r *http.Request) error {
	c, err := s.catalogueQuery(r)
	if err != nil {
		return err
	}
	page, per := apiPage(r)
	list, err := s.procedures.List(r.Context(), c.filter(per, (page-1)*per))
	if err != nil {
		return err
	}
	items := make([]publicProcedure, len(list.Items))
	for i, p := range list.Items {
		items[i] = publicProcedure{Code: p.Code, Name: p.Name, Field: p.Field, UnitCode: p.UnitCode, UnitName: p.UnitName,
			StatutoryDays: p.StatutoryDays, Fee: p.Fee, FeeText: p.FeeText, FeeBasis: p.FeeBasis, OnlineLevel: string(p.OnlineLevel),
			OnlineLabel: p.OnlineLevel.Label(), EligibleFull: p.EligibleFull, NotFullReason: p.NotFullReason}
	}
	return writePublicJSON(w, r, apiList{Items: items, Total: list.Total, Page: page, PerPage: per})
}

// publicUnitStats is one unit's line of the public statistics, with its 766 progress score.
type publicUnitStats struct {
	dossier.UnitStats
	Progress766 *float64 `json:"progress_766"`
}

type publicStatsAnswer struct {
	From  calendar.Date     `json:"from"`
	To    calendar.Date     `json:"to"`
	Units []publicUnitStats `json:"units"`
	Total struct {
		dossier.Stats
		Progress766 *float64 `json:"progress_766"`
	} `json:"total"`
}

func (s *Server) apiPublicDossierStats(w http.ResponseWriter, r *http.Request) error {
	q, err := s.periodQuery(r)
	if err != nil {
		return err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return err
	}
	out := publicStatsAnswer{From: q.From, To: q.To, Units: []publicUnitStats{}}
	for _, l := range p.Lines {
		out.Units = append(out.Units, publicUnitStats{UnitStats: l, Progress766: l.Progress766()})
	}
	out.Total.Stats, out.Total.Progress766 = p.Total, p.Total.Progress766()
	return writePublicJSON(w, r, out)
}

// publicMonth is a point of the monthly trend, named by its unit ("" and "Toàn Sở"
// for the department).
type publicMonth struct {
	dossier.MonthRate
	UnitCode string `json:"unit_code"`
	UnitName string `json:"unit_name"`
}

func (s *Server) publicMonthly(r *http.Request) ([]publicMonth, error) {
	q, err := s.periodQuery(r)
	if err != nil {
		return nil, err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return nil, err
	}
	names := map[int64][2]string{0: {"", "Toàn Sở"}}
	for _, l := range p.Lines {
		names[l.UnitID] = [2]string{l.UnitCode, l.UnitName}
	}
	out := make([]publicMonth, len(p.Months))
	for i, m := range p.Months {
		out[i] = publicMonth{MonthRate: m, UnitCode: names[m.UnitID][0], UnitName: names[m.UnitID][1]}
	}
	return out, nil
}

func (s *Server) apiPublicMonthly(w http.ResponseWriter, r *http.Request) error {
	months, err := s.publicMonthly(r)
	if err != nil {
		return err
	}
	return writePublicJSON(w, r, map[string]any{"items": months})
}

func (s *Server) apiPublicIndex766(w http.ResponseWriter, r *http.Request) error {
	q, err := s.periodQuery(r)
	if err != nil {
		return err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return err
	}
	return writePublicJSON(w, r, p.Index)
}

type publicScores struct {
	Year  int                  `json:"year"`
	From  calendar.Date        `json:"from"`
	To    calendar.Date        `json:"to"`
	Units []petition.UnitScore `json:"units"`
	Total petition.UnitScore   `json:"total"`
}

func (s *Server) apiPublicPetitionScores(w http.ResponseWriter, r *http.Request) error {
	year, from, to, err := s.scoreYear(r)
	if err != nil {
		return err
	}
	out := publicScores{Year: year, From: from, To: to}
	if out.Units, out.Total, err = s.petitions.Scores(r.Context(), from, to); err != nil {
		return err
	}
	if out.Units == nil {
		out.Units = []petition.UnitScore{}
	}
	return writePublicJSON(w, r, out)
}

func (s *Server) apiPublicAnswers(w http.ResponseWriter, r *http.Request) error {
	page, per := apiPage(r)
	res, err := s.petitions.SearchPublished(r.Context(), r.URL.Query().Get("q"), petition.Paging{Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	items := res.Items
	if items == nil {
		items = []petition.PublicAnswer{}
	}
	return writePublicJSON(w, r, apiList{Items: items, Total: res.Total, Page: page, PerPage: per})
}

func (s *Server) apiPublicDialogues(w http.ResponseWriter, r *http.Request) error {
	year, err := s.yearParam(r, 0)
	if err != nil {
		return err
	}
	page, per := apiPage(r)
	items, total, err := s.heldDialogues(r.Context(), year, per, (page-1)*per)
	if err != nil {
		return err
	}
	return writePublicJSON(w, r, apiList{Items: items, Total: total, Page: page, PerPage: per})
}

// publicTargets are the movement's targets for ?year= (the current period when
// absent), as the staff API gives them; 404 before any plan is loaded.
func (s *Server) publicTargets(r *http.Request) ([]apiTarget, error) {
	key := ""
	if y := r.URL.Query().Get("year"); y != "" {
		if _, err := strconv.Atoi(y); err != nil {
			return nil, badRequest("Tham số year=%q không phải là năm (cần dạng YYYY)", y)
		}
		key = y
	}
	_, _, _, results, err := s.computeTargets(r, key)
	if err != nil {
		return nil, err
	}
	out := make([]apiTarget, 0, len(results))
	for _, t := range results {
		at := apiTarget{Code: t.Code, Name: t.Name, Kind: string(t.Kind), Threshold: t.Threshold, Value: t.Value,
			Numerator: t.Numerator, Denominator: t.Denominator, Met: t.Met, AsOf: t.AsOf.String(), Definition: t.Definition}
		if len(t.Years) > 0 {
			at.Years = t.Years
		}
		out = append(out, at)
	}
	return out, nil
}

func (s *Server) apiPublicTargets(w http.ResponseWriter, r *http.Request) error {
	out, err := s.publicTargets(r)
	if err != nil {
		return err
	}
	return writePublicJSON(w, r, out)
}
