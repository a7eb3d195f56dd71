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

type eligibilityView struct {
	view
	Year        int
	Unit        string
	Units       []award.UnitVerdicts
	Enterprises []award.EnterpriseVerdicts
	Codes       []string
	CanNominate bool
}

// awardEligibilityPage shows, for a unit (the user's own for a unit account), each
// person's and the unit's verdicts with the reasons item by item.
func (s *Server) awardEligibilityPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	mid, err := s.movementID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	code := strings.TrimSpace(r.URL.Query().Get("unit"))
	all, err := s.awards.Eligibility(r.Context(), u, mid, year, "")
	if err := awardError(err); err != nil {
		return err
	}
	v := &eligibilityView{view: s.base(r, "Xét điều kiện danh hiệu năm "+strconv.Itoa(year)), Year: year, Unit: code,
		CanNominate: u.Role == auth.RoleOffice || u.Role == auth.RoleUnitManager}
	for _, uv := range all.Units {
		v.Codes = append(v.Codes, uv.Code)
	}
	if code == "" && len(all.Units) > 0 {
		code, v.Unit = all.Units[0].Code, all.Units[0].Code
	}
	if uv := all.Unit(code); uv != nil {
		v.Units = []award.UnitVerdicts{*uv}
	}
	v.Enterprises = all.Enterprises
	s.render(w, r, http.StatusOK, "award_eligibility", v)
	return nil
}

type rulesView struct {
	view
	Rules    award.Rules
	Year     int
	Ratings  []award.Rating
	Levels   []award.Level
	Round    map[string]string
	Refusal  string
	IsOffice bool
}

func (s *Server) awardRulesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRules(w, r, http.StatusOK, "")
}

func (s *Server) renderRules(w http.ResponseWriter, r *http.Request, status int, refusal string) error {
	rs, err := s.awards.Rules(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "award_rules", &rulesView{view: s.base(r, "Quy định xét thi đua, khen thưởng"), Rules: rs, Year: calendar.DateOf(s.now()).Year,
		Ratings: award.Ratings, Levels: award.Levels, Round: award.Roundings, Refusal: refusal, IsOffice: isOfficeUser(r)})
	return nil
}

// ruleFromForm reads a rule's editable fields: name, citation, dates, confirm, and
// each condition the form shows.
func ruleFromForm(r *http.Request) award.Rule {
	f := formValues(r, "name", "citation", "confirm", "effective_from", "effective_to", "min_rating", "consecutive_years", "requires_title",
		"require_initiative", "quota_percent", "rounding", "min_ldtt_share", "share_strict", "min_member_rating", "min_cstdcs",
		"member_discipline_from", "min_score", "max_rank", "approval_percent", "approval_strict", "quorum_percent")
	num := func(k string) float64 { v, _ := parseDecimal(f[k]); return v }
	integer := func(k string) int { v, _ := strconv.Atoi(f[k]); return v }
	rule := award.Rule{Name: f["name"], Citation: f["citation"], Confirm: f["confirm"] != "", Params: award.Params{
		MinRating: award.Rating(f["min_rating"]), ConsecutiveYears: integer("consecutive_years"), RequiresTitle: f["requires_title"],
		RequireInitiative: f["require_initiative"] != "", QuotaPercent: num("quota_percent"), Rounding: f["rounding"],
		MinLDTTShare: num("min_ldtt_share"), ShareStrict: f["share_strict"] != "", MinMemberRating: award.Rating(f["min_member_rating"]),
		MinCSTDCS: integer("min_cstdcs"), MemberDisciplineFrom: award.Level(f["member_discipline_from"]), MinScore: num("min_score"),
		MaxRank: integer("max_rank"), ApprovalPercent: num("approval_percent"), ApprovalStrict: f["approval_strict"] != "", QuorumPercent: num("quorum_percent")}}
	rule.EffectiveFrom, _ = calendar.ParseDate(f["effective_from"])
	rule.EffectiveTo, _ = calendar.ParseDate(f["effective_to"])
	return rule
}

// awardRuleSave corrects a rule version in place, or (action "version") adds a new
// version of its title from the date given.
func (s *Server) awardRuleSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rule := ruleFromForm(r)
	msg := "Đã sửa quy định"
	if r.PathValue("action") == "version" {
		rule.Title = r.PostFormValue("title")
		msg = "Đã thêm phiên bản mới của quy định"
		_, err = s.awards.AddVersion(r.Context(), currentUser(r), rule)
	} else {
		rule.ID = id
		err = s.awards.EditRule(r.Context(), currentUser(r), rule)
	}
	var re *award.RefusedError
	if errors.As(err, &re) {
		return s.renderRules(w, r, http.StatusBadRequest, re.Msg)
	}
	if err := awardError(err); err != nil {
		return err
	}
	return redirect(w, r, "/awards/rules", msg)
}
