package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
)

type awardsView struct {
	view
	Year     int
	Years    []int
	Boards   []awardBoard
	IsOffice bool
	Sees     bool // department-wide: sees every unit's total
	Mine     award.Subject
}

// awardBoard is one audience's current rubric and ranking.
type awardBoard struct {
	Audience award.Audience
	Rubric   *award.Rubric
	Ranked   []*award.Result
	MineID   int64 // the signed-in unit's or enterprise's assessment, 0 if none yet
}

func (s *Server) movementID(r *http.Request) (int64, error) {
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// awardsPage is the year's evaluation: each audience's rubric and ranking, and the
// way to the signed-in unit's or enterprise's own assessment.
func (s *Server) awardsPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	mid, err := s.movementID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	sc := auth.ScopeOf(u)
	v := &awardsView{view: s.base(r, "Chấm điểm thi đua năm "+strconv.Itoa(year)), Year: year, IsOffice: u.Role == auth.RoleOffice,
		Sees: sc.All, Mine: award.Subject{UnitID: sc.UnitID, EnterpriseID: sc.EnterpriseID}}
	for y := year - 2; y <= year+1; y++ {
		v.Years = append(v.Years, y)
	}
	for _, a := range []award.Audience{award.Units, award.Enterprises} {
		b := awardBoard{Audience: a}
		b.Rubric, err = s.awards.CurrentRubric(r.Context(), mid, year, a)
		if err == award.ErrNoRubric {
			v.Boards = append(v.Boards, b)
			continue
		} else if err != nil {
			return err
		}
		ranked, err := s.awards.Ranking(r.Context(), b.Rubric.ID)
		if err != nil {
			return err
		}
		for _, res := range ranked {
			sub := res.Assessment.Subject
			if (sc.UnitID != 0 && sub.UnitID == sc.UnitID) || (sc.EnterpriseID != 0 && sub.EnterpriseID == sc.EnterpriseID) {
				b.MineID = res.Assessment.ID
			}
			if sc.All {
				b.Ranked = append(b.Ranked, res)
			}
		}
		v.Boards = append(v.Boards, b)
	}
	s.render(w, r, http.StatusOK, "awards", v)
	return nil
}

// awardAssessmentOpen opens the signed-in unit's (or enterprise's) self-assessment
// against a rubric; the office opens one for a unit named in the form.
func (s *Server) awardAssessmentOpen(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	form := formValues(r, "rubric", "unit", "enterprise")
	rid, _ := strconv.ParseInt(form["rubric"], 10, 64)
	sub := award.Subject{UnitID: u.UnitID, EnterpriseID: u.EnterpriseID}
	if u.Role == auth.RoleOffice {
		sub.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
		sub.EnterpriseID, _ = strconv.ParseInt(form["enterprise"], 10, 64)
	}
	a, err := s.awards.Open(r.Context(), u, rid, sub)
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/assessments/"+strconv.FormatInt(a.ID, 10), "")
}

// awardRankingXLSX sends a rubric version's raw scores and ranking.
func (s *Server) awardRankingXLSX(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := awardError(s.awards.ExportXLSX(r.Context(), id, &buf)); err != nil {
		return err
	}
	sendFile(w, "diem-thi-dua-"+strconv.FormatInt(id, 10)+".xlsx", xlsxType, buf.Bytes())
	return nil
}

// The award pages write points with a decimal comma; the helper lives here so that
// the shared function map stays as it is.
func init() {
	funcs["points"] = func(v any) string {
		switch x := v.(type) {
		case float64:
			return award.Decimal(x)
		case *float64:
			if x == nil {
				return "—"
			}
			return award.Decimal(*x)
		case int:
			return strconv.Itoa(x)
		}
		return ""
	}
	funcs["paragraphs"] = func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
}
