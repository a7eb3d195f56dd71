package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/org"
)

type ratingsView struct {
	view
	Year       int
	Units      []org.Unit
	UnitID     int64
	People     []award.RatedPerson
	UnitRating award.Rating
	Ratings    []award.Rating
	Levels     []award.Level
	CanRate    bool
	IsOffice   bool
	Refusal    string
}

// awardRatingsPage lists a unit's staff with their ratings of the year, discipline
// in force and pending cases; managers rate their unit, the office anyone.
func (s *Server) awardRatingsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRatings(w, r, http.StatusOK, "")
}

func (s *Server) renderRatings(w http.ResponseWriter, r *http.Request, status int, refusal string) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	sc := auth.ScopeOf(u)
	v := &ratingsView{view: s.base(r, "Xếp loại mức độ hoàn thành nhiệm vụ năm "+strconv.Itoa(year)), Year: year, Ratings: award.Ratings, Levels: award.Levels,
		IsOffice: u.Role == auth.RoleOffice, Refusal: refusal}
	v.UnitID, _ = strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	if !sc.All {
		v.UnitID = sc.UnitID
	} else {
		active := true
		page, err := s.org.ListUnits(r.Context(), org.UnitFilter{Active: &active, Limit: org.MaxLimit})
		if err != nil {
			return err
		}
		v.Units = page.Items
		if v.UnitID == 0 && len(v.Units) > 0 {
			v.UnitID = v.Units[0].ID
		}
	}
	v.CanRate = u.Role == auth.RoleOffice || (u.Role == auth.RoleUnitManager && u.UnitID == v.UnitID)
	if v.People, v.UnitRating, err = s.awards.UnitRatings(r.Context(), year, v.UnitID); err != nil {
		return err
	}
	s.render(w, r, status, "award_ratings", v)
	return nil
}

// awardRatingSave records a rating (action rate), a discipline decision or a case.
func (s *Server) awardRatingSave(w http.ResponseWriter, r *http.Request) error {
	u, ctx := currentUser(r), r.Context()
	f := formValues(r, "year", "staff", "unit", "rating", "level", "decided_on", "until_on", "decision", "kind", "opened_on", "note", "case", "resolved_on")
	year, _ := strconv.Atoi(f["year"])
	staff, _ := strconv.ParseInt(f["staff"], 10, 64)
	unit, _ := strconv.ParseInt(f["unit"], 10, 64)
	sub := award.Subject{StaffID: staff, UnitID: unit}
	if staff != 0 {
		sub.UnitID = 0
	}
	var err error
	msg := "Đã lưu"
	switch r.PathValue("action") {
	case "rate":
		err, msg = s.awards.SetRating(ctx, u, year, sub, award.Rating(f["rating"]), f["note"]), "Đã lưu xếp loại"
	case "discipline":
		d := award.Discipline{Subject: sub, Level: award.Level(f["level"]), Decision: f["decision"], Reason: f["note"]}
		d.DecidedOn, _ = calendar.ParseDate(f["decided_on"])
		d.Until, _ = calendar.ParseDate(f["until_on"])
		_, err = s.awards.AddDiscipline(ctx, u, d)
		msg = "Đã ghi nhận kỷ luật"
	case "case":
		c := award.Case{Subject: sub, Kind: award.CaseKind(f["kind"]), Note: f["note"]}
		c.OpenedOn, _ = calendar.ParseDate(f["opened_on"])
		_, err = s.awards.OpenCase(ctx, u, c)
		msg = "Đã ghi nhận việc đang xem xét"
	case "resolve":
		id, _ := strconv.ParseInt(f["case"], 10, 64)
		day, _ := calendar.ParseDate(f["resolved_on"])
		err, msg = s.awards.ResolveCase(ctx, u, id, day), "Đã ghi nhận việc đã giải quyết"
	default:
		return errNotFound
	}
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderRatings(w, r, http.StatusBadRequest, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	back := "/awards/ratings?year=" + f["year"]
	if unit != 0 {
		back += "&unit=" + f["unit"]
	}
	return redirect(w, r, back, msg)
}
