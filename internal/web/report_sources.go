package web

import (
	"context"
	"strconv"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/report"
)

// The reports' forms and the department's report state the figures of petitions and
// initiatives too: a unit's own, or the department's for the consolidated report.

func (s *Server) petitionFigures(ctx context.Context, sub report.Submitter, from, to calendar.Date) ([]report.Figure, error) {
	if sub.EnterpriseID != 0 {
		return nil, nil
	}
	lines, total, err := s.petitions.Scores(ctx, from, to)
	if err != nil {
		return nil, err
	}
	line := total
	if sub.UnitID != 0 {
		line.Handled, line.OnTimeRate = 0, nil
		for _, l := range lines {
			if l.UnitID == sub.UnitID {
				line = l
			}
		}
	}
	src := "Sổ phản ánh, kiến nghị, " + from.DMY() + "–" + to.DMY()
	rate := report.NoData
	if line.OnTimeRate != nil {
		rate = kpi.Decimal(*line.OnTimeRate) + "%"
	}
	return []report.Figure{
		{Group: "Phản ánh, kiến nghị", Label: "Phản ánh, kiến nghị đã trả lời", Value: strconv.Itoa(line.Handled), Source: src},
		{Group: "Phản ánh, kiến nghị", Label: "Tỷ lệ trả lời đúng hạn", Value: rate, Source: src},
	}, nil
}

func (s *Server) initiativeFigures(ctx context.Context, sub report.Submitter, from, to calendar.Date) ([]report.Figure, error) {
	if sub.EnterpriseID != 0 {
		return nil, nil
	}
	n, err := s.initiatives.AppliedBetween(ctx, sub.UnitID, from, to)
	if err != nil {
		return nil, err
	}
	return []report.Figure{{Group: "Sáng kiến", Label: "Sáng kiến được công nhận áp dụng hiệu quả", Value: strconv.Itoa(n),
		Source: "Sổ sáng kiến, " + from.DMY() + "–" + to.DMY()}}, nil
}
