package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/initiative"
)

type councilView struct {
	view
	Council    *award.Council
	Members    []award.CouncilMember
	Items      []award.Nomination
	Decided    []award.Commendation
	Candidates []initiative.Member
	IsOffice   bool
	Me         *award.CouncilMember
	Voted      bool
	Conflicts  map[int64]string
	Refusal    string
}

func (s *Server) awardCouncilPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCouncil(w, r, http.StatusOK, "")
}

// renderCouncil shows a session: members and attendance, the nominations on its
// agenda, the ballot for a member while it is open (with the nominations the member
// may not vote on and why), the results once closed, and its documents.
func (s *Server) renderCouncil(w http.ResponseWriter, r *http.Request, status int, refusal string) error {
	u, ctx := currentUser(r), r.Context()
	if !councilRoles(u) {
		return errForbidden
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.awards.Council(ctx, id)
	if errors.Is(err, award.ErrNoCouncil) {
		return errNotFound
	} else if err != nil {
		return err
	}
	v := &councilView{view: s.base(r, c.Name), Council: c, IsOffice: u.Role == auth.RoleOffice, Refusal: refusal, Conflicts: map[int64]string{}}
	if v.Members, err = s.awards.Members(ctx, id); err != nil {
		return err
	}
	if v.Items, err = s.awards.CouncilNominations(ctx, id); err != nil {
		return err
	}
	for i := range v.Members {
		if v.Members[i].UserID == u.ID {
			v.Me = &v.Members[i]
			for _, n := range v.Items {
				if why := v.Me.Conflict(n); why != "" {
					v.Conflicts[n.ID] = why
				}
			}
		}
	}
	if v.Voted, err = s.awards.Voted(ctx, u, id); err != nil {
		return err
	}
	if v.Decided, err = s.awards.Decided(ctx, id); err != nil {
		return err
	}
	if v.IsOffice && c.State == award.CouncilOpen {
		if v.Candidates, err = s.initiatives.Candidates(ctx); err != nil {
			return err
		}
	}
	s.render(w, r, status, "award_council", v)
	return nil
}

// awardCouncilAct runs one step of a session: member, present, agenda, open, vote,
// close, decide.
func (s *Server) awardCouncilAct(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, ctx := currentUser(r), r.Context()
	r.ParseForm()
	msg := "Đã lưu"
	switch r.PathValue("action") {
	case "member":
		uid, _ := strconv.ParseInt(r.PostForm.Get("user"), 10, 64)
		sid, _ := strconv.ParseInt(r.PostForm.Get("staff"), 10, 64)
		err, msg = s.awards.AddCouncilMember(ctx, u, id, uid, sid), "Đã thêm thành viên"
	case "present":
		present := map[int64]bool{}
		ms, _ := s.awards.Members(ctx, id)
		for _, m := range ms {
			present[m.UserID] = r.PostForm.Get("present_"+strconv.FormatInt(m.UserID, 10)) != ""
		}
		err, msg = s.awards.SetPresent(ctx, u, id, present), "Đã điểm danh"
	case "agenda":
		err, msg = s.awards.AddNominations(ctx, u, id), "Đã đưa các đề nghị vào phiên họp"
	case "open":
		err, msg = s.awards.OpenBallot(ctx, u, id), "Đã mở bỏ phiếu kín"
	case "vote":
		choices := map[int64]bool{}
		for k, vals := range r.PostForm {
			if rest, ok := strings.CutPrefix(k, "vote_"); ok && len(vals) > 0 && vals[0] != "" {
				if nid, err := strconv.ParseInt(rest, 10, 64); err == nil {
					choices[nid] = vals[0] == "yes"
				}
			}
		}
		err, msg = s.awards.Vote(ctx, u, id, choices), "Đã ghi nhận phiếu của bạn (bỏ phiếu kín: hệ thống không lưu bạn chọn gì)"
	case "close":
		err, msg = s.awards.CloseBallot(ctx, u, id), "Đã đóng phiếu và kiểm phiếu"
	case "decide":
		m, perr := s.plans.Current(ctx, s.now())
		if perr != nil {
			return perr
		}
		var ids []int64
		for _, x := range r.PostForm["nomination"] {
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				ids = append(ids, n)
			}
		}
		today := calendar.DateOf(s.now())
		var num string
		num, err = s.awards.Decide(ctx, u, id, ids, today, award.Director(m.Plan.Issuer.Agency), func(summary string) (string, error) {
			n, err := docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Next(ctx, string(docgen.Decision), today, summary)
			return n.Text, err
		})
		msg = "Đã lập quyết định khen thưởng số " + num
	default:
		return errNotFound
	}
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderCouncil(w, r, http.StatusConflict, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/councils/"+strconv.FormatInt(id, 10), msg)
}

// awardCouncilDoc sends the session's Tờ trình, minutes or decision as .docx.
func (s *Server) awardCouncilDoc(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.awards.Council(ctx, id)
	if errors.Is(err, award.ErrNoCouncil) {
		return errNotFound
	} else if err != nil {
		return err
	}
	m, err := s.plans.Current(ctx, s.now())
	if err != nil {
		return err
	}
	noms, err := s.awards.Results(ctx, id)
	if err := awardError(err); err != nil {
		return err
	}
	today := calendar.DateOf(s.now())
	number := func(kind docgen.Kind, summary string) (string, error) {
		return s.awards.KeepNumber(ctx, id, kind, docgen.NewRegister(s.db, m.Plan.Issuer.Abbreviation, s.now).Taking(string(kind), today, summary))
	}
	var doc docgen.Document
	name := r.PathValue("doc")
	switch name {
	case "submission.docx":
		num, err := number(docgen.Submission, "Về việc đề nghị khen thưởng năm "+strconv.Itoa(c.Year))
		if err != nil {
			return err
		}
		doc = award.Submission(m.Plan, c, noms, num, today)
	case "minutes.docx":
		ms, err := s.awards.Members(ctx, id)
		if err != nil {
			return err
		}
		num, err := number(docgen.Minutes, "Họp Hội đồng Thi đua - Khen thưởng năm "+strconv.Itoa(c.Year))
		if err != nil {
			return err
		}
		if doc, err = award.Minutes(m.Plan, c, ms, noms, num); err != nil {
			return err
		}
	case "decision.docx":
		list, err := s.awards.Decided(ctx, id)
		if err != nil {
			return err
		}
		bases, err := s.awards.LegalBases(ctx, c.DecisionOn)
		if err != nil {
			return err
		}
		if doc, err = award.Decision(m.Plan, c, list, bases); err != nil {
			return &userError{http.StatusConflict, "Phiên họp chưa có quyết định khen thưởng: lập quyết định trên trang phiên họp trước."}
		}
	default:
		return errNotFound
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		return err
	}
	sendFile(w, "khen-thuong-"+strconv.FormatInt(id, 10)+"-"+name, docxType, buf.Bytes())
	return nil
}
