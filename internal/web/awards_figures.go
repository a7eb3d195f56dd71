package web

import (
	"context"
	"strconv"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/report"
)

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
