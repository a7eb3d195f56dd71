package web

import (
	"net/http"
	"strconv"
)

// The JSON API v1 answers with the same capability calls as the pages; only the
// encoding differs. Lists answer {"items": [...], "total": N, "page": P, "per_page": K}.

type apiList struct {
	Items   any `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// apiPage reads ?page= and ?per_page= (at most 200).
func apiPage(r *http.Request) (page, per int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	per, _ = strconv.Atoi(r.URL.Query().Get("per_page"))
	if per < 1 || per > 200 {
		per = 50
	}
	return page, per
}

type apiTarget struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Threshold   float64  `json:"threshold"`
	Value       *float64 `json:"value"`
	Numerator   *int     `json:"numerator"`
	Denominator *int     `json:"denominator"`
	Met         *bool    `json:"met"`
	AsOf        string   `json:"as_of"`
	Definition  string   `json:"definition"`
	Years       any      `json:"years,omitempty"`
}

// apiTargets answers GET /api/v1/targets?movement=CODE&year=YYYY (or &period=P1|all).
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("period")
	if y := r.URL.Query().Get("year"); y != "" {
		if _, err := strconv.Atoi(y); err != nil {
			return badRequest("Tham số year=%q không phải là năm (cần dạng YYYY)", y)
		}
		key = y
	}
	m, p, _, results, err := s.computeTargets(r, key)
	if err != nil {
		return err
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
	w.Header().Set("X-Thidua-Movement", m.Code)
	w.Header().Set("X-Thidua-Period", p.From.String()+"/"+p.To.String())
	writeJSON(w, http.StatusOK, out)
	return nil
}
