package web

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

// petitionSendForm is the public form: anyone may send a petition without an account.
func (s *Server) petitionSendForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "petition_form", s.petitionFormView(r, true, map[string]string{"kind": "feedback", "publish_consent": "1"}, nil))
	return nil
}

// petitionSendPublic records a member of the public's petition and shows the
// tracking code they follow it with.
func (s *Server) petitionSendPublic(w http.ResponseWriter, r *http.Request) error {
	if !s.trackLimit.allow(s.remoteAddr(r), s.now()) {
		return &userError{http.StatusTooManyRequests, "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít phút."}
	}
	p, form, err := s.createPetition(w, r, petition.PublicActor("", ""))
	var fe validate.Errors
	if errors.As(err, &fe) {
		s.render(w, r, http.StatusBadRequest, "petition_form", s.petitionFormView(r, true, form, fe))
		return nil
	}
	if err := petitionError(err); err != nil {
		return err
	}
	v := s.petitionFormView(r, true, nil, nil)
	v.Sent = p
	s.render(w, r, http.StatusCreated, "petition_form", v)
	return nil
}

type trackView struct {
	view
	Code     string
	NotFound bool
}

// petitionTrack looks a petition up by its tracking code for its sender: its state,
// deadlines and answer, and what the sender may do (add information, rate, reopen).
func (s *Server) petitionTrack(w http.ResponseWriter, r *http.Request) error {
	code := petition.NormalizeTrackingCode(r.URL.Query().Get("code"))
	if code == "" {
		s.render(w, r, http.StatusOK, "petition_track", &trackView{view: s.base(r, "Tra cứu phản ánh, kiến nghị")})
		return nil
	}
	if !s.trackLimit.allow(s.remoteAddr(r), s.now()) {
		return &userError{http.StatusTooManyRequests, "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn; vui lòng thử lại sau ít phút."}
	}
	if _, err := s.petitions.GetByTracking(r.Context(), code); err != nil {
		if petitionError(err) != err {
			s.render(w, r, http.StatusNotFound, "petition_track", &trackView{view: s.base(r, "Tra cứu phản ánh, kiến nghị"), Code: code, NotFound: true})
			return nil
		}
		return err
	}
	return s.renderPetition(w, r, petition.PublicActor("", code), 0, http.StatusOK, nil, nil)
}

// petitionTrackAct is an action of the sender without an account, who proves to be
// the sender by the tracking code.
func (s *Server) petitionTrackAct(w http.ResponseWriter, r *http.Request) error {
	if !s.trackLimit.allow(s.remoteAddr(r), s.now()) {
		return &userError{http.StatusTooManyRequests, "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít phút."}
	}
	code := petition.NormalizeTrackingCode(r.PostFormValue("code"))
	a := petition.PublicActor("", code)
	p, err := s.petitions.GetByTracking(r.Context(), code)
	if err := petitionError(err); err != nil {
		return err
	}
	in, form := actionInput(r)
	action := petition.Action(r.PathValue("action"))
	_, err = s.petitions.Act(r.Context(), a, p.ID, action, in)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderPetition(w, r, a, p.ID, http.StatusBadRequest, fe, form)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petitions/track?code="+code, "Đã ghi nhận: "+action.Label())
}

type answersView struct {
	view
	Query  string
	Page   petition.PublicPage
	Pager  pager
	Year   int
	Scores []petition.UnitScore
	Total  petition.UnitScore
	Answer *petition.PublicAnswer
}

// answersPage is the public page of published answers, searchable without an
// account, with each division's on-time rate and the 766 petition scores of the year.
func (s *Server) answersPage(w http.ResponseWriter, r *http.Request) error {
	today := calendar.DateOf(s.now())
	v := &answersView{view: s.base(r, "Trả lời phản ánh, kiến nghị"), Query: r.URL.Query().Get("q"), Pager: newPager(r), Year: today.Year}
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > today.Year {
			return badRequest("Năm %q không hợp lệ", y)
		}
		v.Year = n
	}
	ctx := r.Context()
	var err error
	if v.Page, err = s.petitions.SearchPublished(ctx, v.Query, petition.Paging{Limit: v.Pager.PerPage, Offset: v.Pager.Offset()}); err != nil {
		return err
	}
	v.Pager.Total = v.Page.Total
	to := calendar.NewDate(v.Year, 12, 31)
	if today.Before(to) {
		to = today
	}
	if v.Scores, v.Total, err = s.petitions.Scores(ctx, calendar.NewDate(v.Year, 1, 1), to); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "answers", v)
	return nil
}

func (s *Server) answerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.petitions.GetPublished(r.Context(), id)
	if err := petitionError(err); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "answer", &answersView{view: s.base(r, a.Subject), Answer: &a})
	return nil
}

// windowLimit allows each key a number of requests per window: enough for a person,
// too few to guess tracking codes. It is per process; several processes multiply
// the allowance, which stays far below what guessing would need.
type windowLimit struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	start  time.Time
	counts map[string]int
}

func (l *windowLimit) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.counts == nil || now.Sub(l.start) >= l.window {
		l.start, l.counts = now, map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= l.max
}
