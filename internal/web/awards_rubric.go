package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
)

type rubricView struct {
	view
	Rubric   *award.Rubric
	Versions []award.Rubric
	IsOffice bool
}

func (s *Server) awardRubricPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rb, err := s.awards.Rubric(r.Context(), id)
	if err := awardError(err); err != nil {
		return err
	}
	versions, err := s.awards.Versions(r.Context(), rb.MovementID, rb.Year, rb.Audience)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "award_rubric", &rubricView{view: s.base(r, rb.Name), Rubric: rb, Versions: versions, IsOffice: isOfficeUser(r)})
	return nil
}

func isOfficeUser(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && u.Role == auth.RoleOffice
}

// rubricFormRows is how many criterion lines the form offers.
const rubricFormRows = 10

type rubricFormView struct {
	view
	Year     int
	Audience award.Audience
	Contents []contentChoice
	Measures []award.Measure
	Form     map[string]string
	Rows     []int
	Refusal  string
}

type contentChoice struct{ Code, Title string }

// awardRubricForm offers a new version of a year's rubric, filled with the current one.
func (s *Server) awardRubricForm(w http.ResponseWriter, r *http.Request) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	a := award.Audience(r.URL.Query().Get("audience"))
	if a != award.Enterprises {
		a = award.Units
	}
	form := map[string]string{"name": "Bộ tiêu chí chấm điểm thi đua năm " + strconv.Itoa(year), "bonus_max": "5", "penalty_max": "10", "audience": string(a), "year": strconv.Itoa(year)}
	mid, err := s.movementID(r)
	if err != nil {
		return err
	}
	if cur, err := s.awards.CurrentRubric(r.Context(), mid, year, a); err == nil {
		form["name"], form["bonus_max"], form["penalty_max"] = cur.Name, strconv.Itoa(cur.BonusMax), strconv.Itoa(cur.PenaltyMax)
		for i, c := range cur.Criteria {
			n := strconv.Itoa(i)
			form["content_"+n], form["name_"+n], form["max_"+n], form["weight_"+n] = c.ContentCode, c.Name, strconv.Itoa(c.MaxPoints), strconv.Itoa(c.Weight)
			form["kind_"+n], form["measure_"+n], form["thresholds_"+n] = string(c.Kind), string(c.Measure), thresholdsText(c.Thresholds)
		}
	}
	return s.renderRubricForm(w, r, http.StatusOK, year, a, form, "")
}

func thresholdsText(ts []award.Threshold) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = award.Decimal(t.At) + ":" + award.Decimal(t.Points)
	}
	return strings.Join(parts, "; ")
}

func (s *Server) renderRubricForm(w http.ResponseWriter, r *http.Request, status, year int, a award.Audience, form map[string]string, refusal string) error {
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return err
	}
	v := &rubricFormView{view: s.base(r, "Bộ tiêu chí chấm điểm năm "+strconv.Itoa(year)), Year: year, Audience: a, Measures: award.Measures, Form: form, Refusal: refusal}
	for _, g := range m.Plan.Contents {
		if string(g.Audience) == string(a) {
			for _, c := range g.Items {
				v.Contents = append(v.Contents, contentChoice{c.Code, c.Title})
			}
		}
	}
	for i := 0; i < rubricFormRows; i++ {
		v.Rows = append(v.Rows, i)
	}
	s.render(w, r, status, "award_rubric_form", v)
	return nil
}

func parseDecimal(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	return v, err == nil
}

// awardRubricSave issues the form as the next version; a refused rubric comes back
// with what was typed and the reasons.
func (s *Server) awardRubricSave(w http.ResponseWriter, r *http.Request) error {
	r.ParseForm()
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	year, _ := strconv.Atoi(form["year"])
	a := award.Audience(form["audience"])
	mid, err := s.movementID(r)
	if err != nil {
		return err
	}
	rb := award.Rubric{MovementID: mid, Year: year, Audience: a, Name: form["name"]}
	rb.BonusMax, _ = strconv.Atoi(form["bonus_max"])
	rb.PenaltyMax, _ = strconv.Atoi(form["penalty_max"])
	for i := 0; i < rubricFormRows; i++ {
		n := strconv.Itoa(i)
		if form["name_"+n] == "" && form["weight_"+n] == "" {
			continue
		}
		c := award.Criterion{ContentCode: form["content_"+n], Name: form["name_"+n], Kind: award.Kind(form["kind_"+n]), Measure: award.Measure(form["measure_"+n])}
		c.MaxPoints, _ = strconv.Atoi(form["max_"+n])
		c.Weight, _ = strconv.Atoi(form["weight_"+n])
		for _, part := range strings.Split(form["thresholds_"+n], ";") {
			at, pts, ok := strings.Cut(part, ":")
			x, ok1 := parseDecimal(at)
			y, ok2 := parseDecimal(pts)
			if ok && ok1 && ok2 {
				c.Thresholds = append(c.Thresholds, award.Threshold{At: x, Points: y})
			}
		}
		rb.Criteria = append(rb.Criteria, c)
	}
	saved, err := s.awards.SaveRubric(r.Context(), currentUser(r), rb)
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderRubricForm(w, r, http.StatusBadRequest, year, a, form, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/rubrics/"+strconv.FormatInt(saved.ID, 10), "Đã ban hành bộ tiêu chí, phiên bản "+strconv.Itoa(saved.Version))
}
