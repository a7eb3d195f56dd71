package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
)

type assessmentView struct {
	view
	Result  *award.Result
	Files   []award.File
	Form    map[string]string
	Refusal string
	// Which form the user gets: self, review, council, or none.
	Stage string
}

func (s *Server) awardAssessmentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssessment(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderAssessment(w http.ResponseWriter, r *http.Request, status int, form map[string]string, refusal string) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	res, err := s.awards.Result(r.Context(), u, id)
	if err := awardError(err); err != nil {
		return err
	}
	a := res.Assessment
	v := &assessmentView{view: s.base(r, "Phiếu chấm điểm thi đua — "+a.Name), Result: res, Form: form, Refusal: refusal}
	if v.Files, err = s.awards.Files(r.Context(), u, id); err != nil {
		return err
	}
	own := !auth.ScopeOf(u).All
	switch {
	case a.State == award.Draft && (own || u.Role == auth.RoleOffice):
		v.Stage = "self"
	case u.Role == auth.RoleOffice && a.State != award.Draft:
		v.Stage = "review"
	case u.Role == auth.RoleCouncil && a.State == award.Reviewed:
		v.Stage = "council"
	}
	if v.Form == nil {
		v.Form = map[string]string{"bonus": award.Decimal(a.Bonus), "penalty": award.Decimal(a.Penalty), "note": a.Note}
		for _, l := range res.Lines {
			p := l.Self
			if v.Stage != "self" && l.Office != nil {
				p = l.Office
			}
			if p != nil {
				v.Form["c"+strconv.FormatInt(l.Criterion.ID, 10)] = award.Decimal(*p)
			}
		}
	}
	s.render(w, r, status, "award_assessment", v)
	return nil
}

// awardAssessmentAct stores the scores of one stage: save or submit (the unit),
// review (the office), council (a member).
func (s *Server) awardAssessmentAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, ctx := currentUser(r), r.Context()
	r.ParseForm()
	form := map[string]string{}
	in := award.ScoreInput{Points: map[int64]string{}, Bonus: r.PostForm.Get("bonus"), Penalty: r.PostForm.Get("penalty"), Note: r.PostForm.Get("note")}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
		if rest, ok := strings.CutPrefix(k, "c"); ok {
			if cid, err := strconv.ParseInt(rest, 10, 64); err == nil {
				in.Points[cid] = r.PostForm.Get(k)
			}
		}
	}
	msg := "Đã lưu điểm"
	switch r.PathValue("action") {
	case "save":
		err = s.awards.SelfAssess(ctx, u, id, in, false)
	case "submit":
		err, msg = s.awards.SelfAssess(ctx, u, id, in, true), "Đã gửi phiếu tự chấm đến Văn phòng Sở"
	case "review":
		err, msg = s.awards.Review(ctx, u, id, in), "Đã lưu điểm thẩm định"
	case "council":
		err, msg = s.awards.CouncilScore(ctx, u, id, in), "Đã lưu điểm của thành viên Hội đồng"
	default:
		return errNotFound
	}
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderAssessment(w, r, http.StatusBadRequest, form, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/assessments/"+strconv.FormatInt(id, 10), msg)
}

// awardFileAdd attaches an evidence file to a self-assessment being written.
func (s *Server) awardFileAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	name, data, err := formFile(w, r, "file", award.MaxFileBytes)
	if err != nil {
		return err
	}
	crit, _ := strconv.ParseInt(r.FormValue("criterion"), 10, 64)
	_, err = s.awards.AddFile(r.Context(), currentUser(r), id, crit, name, data)
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderAssessment(w, r, http.StatusBadRequest, nil, re.Msg)
	}
	if err := awardError(err); err != nil {
		return s.renderAssessment(w, r, http.StatusBadRequest, nil, err.Error())
	}
	return redirect(w, r, "/awards/assessments/"+strconv.FormatInt(id, 10), "Đã đính kèm minh chứng")
}

func (s *Server) awardFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, data, err := s.awards.FileContent(r.Context(), currentUser(r), id)
	if err := awardError(err); err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, data)
	return nil
}
