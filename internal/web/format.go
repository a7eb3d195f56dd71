package web

import (
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/outreach"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

func init() {
	funcs["label"] = plan.Label
	funcs["deref"] = func(p *int) int { return *p }
	funcs["derefb"] = func(p *bool) bool { return *p }
	funcs["threshold"] = kpi.Result.ThresholdText
	funcs["value"] = kpi.Result.ValueText
	funcs["weekday"] = func(d calendar.Date) string { return calendar.WeekdayName(d.Weekday()) }
	funcs["lunar"] = func(d calendar.Date) string { return calendar.SolarToLunar(d).String() }
	funcs["dayClass"] = dayClass
	funcs["titleLabel"] = deployment.TitleLabel
	funcs["difficultyLabel"] = report.DifficultyLabel
	funcs["inspectionStates"] = func() []inspection.State { return inspection.States }
	funcs["actionStates"] = func() []inspection.ActionState { return inspection.ActionStates }
	funcs["articleStates"] = func() []outreach.State { return outreach.States }
	funcs["list"] = func(vs ...string) []string { return vs }
	funcs["petitionRows"] = func(items []petition.Summary, sel bool) any {
		return struct {
			Items  []petition.Summary
			Select bool
		}{items, sel}
	}
	funcs["score"] = func(v *float64) string {
		if v == nil {
			return "không có dữ liệu"
		}
		return kpi.Decimal(*v)
	}
}

func dayClass(d calendar.Day) string {
	switch {
	case d.Kind == calendar.KindAddedWork:
		return "work-override"
	case d.Kind == calendar.KindWeekend:
		return "weekend"
	case !d.Working:
		return "off"
	}
	return ""
}
