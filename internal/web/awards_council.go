package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
)

type nominationsView struct {
	view
	Year        int
	Items       []award.Nomination
	Candidates  []candidate
	CanNominate bool
	Refusal     string
}

// candidate is someone eligible for a title, offered for a nomination.
type candidate struct {
	Title, TitleName, Subject, Name, Unit string
}

func (s *Server) awardNominationsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNominations(w, r, http.StatusOK, "")
}

func (s *Server) renderNominations(w http.ResponseWriter, r *http.Request, status int, refusal string) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	v := &nominationsView{view: s.base(r, "Đề nghị khen thưởng năm "+strconv.Itoa(year)), Year: year, Refusal: refusal,
		CanNominate: u.Role == auth.RoleOffice || u.Role == auth.RoleUnitManager}
	if v.Items, err = s.awards.Nominations(r.Context(), year); err != nil {
		return err
	}
	sc := auth.ScopeOf(u)
	keep := v.Items[:0]
	for _, n := range v.Items {
		if sc.All || n.UnitID == sc.UnitID {
			keep = append(keep, n)
		}
	}
	v.Items = keep
	if v.CanNominate {
		mid, err := s.movementID(r)
		if err != nil {
			return err
		}
		e, err := s.awards.Eligibility(r.Context(), u, mid, year, "")
		if err := awardError(err); err != nil {
			return err
		}
		for _, uv := range e.Units {
			for _, vd := range uv.Verdicts {
				if vd.Eligible {
					v.Candidates = append(v.Candidates, candidate{vd.Title, vd.Name, award.Subject{UnitID: uv.UnitID}.Key(), uv.Name, uv.Code})
				}
			}
			for _, p := range uv.People {
				for _, vd := range p.Verdicts {
					if vd.Eligible {
						v.Candidates = append(v.Candidates, candidate{vd.Title, vd.Name, award.Subject{StaffID: p.ID}.Key(), p.Name, uv.Code})
					}
				}
			}
		}
		for _, ev := range e.Enterprises {
			for _, vd := range ev.Verdicts {
				if vd.Eligible {
					v.Candidates = append(v.Candidates, candidate{vd.Title, vd.Name, award.Subject{EnterpriseID: ev.EnterpriseID}.Key(), ev.Name, ev.Group})
				}
			}
		}
	}
	s.render(w, r, status, "award_nominations", v)
	return nil
}

// parseSubject reads "staff:12", "unit:3" or "enterprise:5".
func parseSubject(s string) award.Subject {
	kind, id, _ := strings.Cut(s, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	switch kind {
	case "staff":
		return award.Subject{StaffID: n}
	case "enterprise":
		return award.Subject{EnterpriseID: n}
	}
	return award.Subject{UnitID: n}
}

func (s *Server) awardNominate(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r, "year", "title", "subject", "achievements", "pick")
	if title, sub, ok := strings.Cut(f["pick"], "|"); ok {
		f["title"], f["subject"] = title, sub
	}
	year, _ := strconv.Atoi(f["year"])
	mid, err := s.movementID(r)
	if err != nil {
		return err
	}
	_, err = s.awards.Nominate(r.Context(), currentUser(r), mid, year, f["title"], parseSubject(f["subject"]), f["achievements"])
	var re *award.RefusedError
	if errors.As(err, &re) {
		r.URL.RawQuery = "year=" + f["year"]
		return s.renderNominations(w, r, http.StatusBadRequest, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/nominations?year="+f["year"], "Đã lập đề nghị khen thưởng")
}

type councilsView struct {
	view
	Items    []award.Council
	IsOffice bool
	Year     int
}

func (s *Server) awardCouncilsPage(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	if !councilRoles(u) {
		return errForbidden
	}
	items, err := s.awards.Councils(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "award_councils", &councilsView{view: s.base(r, "Hội đồng Thi đua - Khen thưởng"), Items: items,
		IsOffice: u.Role == auth.RoleOffice, Year: calendar.DateOf(s.now()).Year})
	return nil
}

func (s *Server) awardCouncilCreate(w http.ResponseWriter, r *http.Request) error {
	f := formValues(r, "year", "name", "held_on", "place")
	year, _ := strconv.Atoi(f["year"])
	day, _ := calendar.ParseDate(f["held_on"])
	c, err := s.awards.CreateCouncil(r.Context(), currentUser(r), year, f["name"], day, f["place"])
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/councils/"+strconv.FormatInt(c.ID, 10), "Đã lên lịch phiên họp")
}
