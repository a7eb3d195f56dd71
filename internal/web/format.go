package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/plan"
)

func init() {
	funcs["label"] = plan.Label
	funcs["deref"] = func(p *int) int { return *p }
	funcs["derefb"] = func(p *bool) bool { return *p }
	funcs["threshold"] = thresholdText
	funcs["value"] = valueText
	funcs["weekday"] = func(d calendar.Date) string { return calendar.WeekdayName(d.Weekday()) }
	funcs["lunar"] = func(d calendar.Date) string { return calendar.SolarToLunar(d).String() }
	funcs["dayClass"] = dayClass
	funcs["titleLabel"] = deployment.TitleLabel
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

// decimal writes a number with a decimal comma and no trailing zeros: 98,5.
func decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

func thresholdText(r kpi.Result) string {
	switch r.Kind {
	case plan.KindCoverage:
		return "100%"
	case plan.KindCountPerYear:
		return fmt.Sprintf("≥ %s mỗi năm", decimal(r.Threshold))
	default:
		return "≥ " + decimal(r.Threshold) + "%"
	}
}

func valueText(r kpi.Result) string {
	if r.Value == nil {
		return "chưa có dữ liệu"
	}
	if r.Kind == plan.KindCountPerYear {
		if len(r.Years) > 1 {
			return fmt.Sprintf("%d/%d năm đạt", *r.Numerator, *r.Denominator)
		}
		return decimal(*r.Value)
	}
	return decimal(*r.Value) + "%"
}
