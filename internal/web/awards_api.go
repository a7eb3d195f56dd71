package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/report"
)

// awardError maps the award store's errors to what the user sees.
func awardError(err error) error {
	var re *award.RefusedError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, award.ErrNotFound), errors.Is(err, award.ErrNoRule), errors.Is(err, award.ErrNoRubric):
		return &userError{http.StatusNotFound, err.Error()}
	case errors.Is(err, award.ErrForbidden):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.As(err, &re):
		return &userError{http.StatusConflict, re.Msg}
	}
	return err
}

// awardYear reads ?year=, this year when absent.
func (s *Server) awardYear(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("year"))
	if v == "" {
		return calendar.DateOf(s.now()).Year, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, badRequest("Tham số year=%q không phải là năm (cần dạng YYYY)", v)
	}
	return y, nil
}

// apiEligibility answers GET /api/v1/eligibility?year=YYYY&unit=CODE: the unit's
// verdicts and each of its staff's, with the reasons item by item.
func (s *Server) apiEligibility(w http.ResponseWriter, r *http.Request) error {
	year, err := s.awardYear(r)
	if err != nil {
		return err
	}
	code := strings.TrimSpace(r.URL.Query().Get("unit"))
	if code == "" {
		return badRequest("Cần tham số unit=MÃ_ĐƠN_VỊ, ví dụ unit=QLXD")
	}
	m, err := s.plans.Current(r.Context(), s.now())
	if err != nil {
		return err
	}
	e, err := s.awards.Eligibility(r.Context(), currentUser(r), m.ID, year, code)
	if err := awardError(err); err != nil {
		return err
	}
	if len(e.Units) == 0 {
		return &userError{http.StatusNotFound, "Không có đơn vị mã “" + code + "”, hoặc tài khoản không được xem đơn vị này"}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": year, "unit": e.Units[0]})
	return nil
}

// awardFigures states in every report form how many commendations were decided in
// the period: the unit's (itself and its staff), the enterprise's, or the
// department's in its consolidated report.
func (s *Server) awardFigures(ctx context.Context, sub report.Submitter, from, to calendar.Date) ([]report.Figure, error) {
	n, err := s.awards.CommendedBetween(ctx, sub.UnitID, sub.EnterpriseID, from, to)
	if err != nil {
		return nil, err
	}
	return []report.Figure{{Group: "Thi đua, khen thưởng", Label: "Danh hiệu, hình thức khen thưởng được quyết định", Value: strconv.Itoa(n),
		Source: "Sổ khen thưởng, " + from.DMY() + "–" + to.DMY()}}, nil
}
