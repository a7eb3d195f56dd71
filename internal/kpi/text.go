package kpi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/plan"
)

// ThresholdText is the target's threshold as pages and reports print it: "≥ 98%",
// "100%", "≥ 1 mỗi năm".
func (r Result) ThresholdText() string {
	switch r.Kind {
	case plan.KindCoverage:
		return "100%"
	case plan.KindCountPerYear:
		return fmt.Sprintf("≥ %s mỗi năm", Decimal(r.Threshold))
	default:
		return "≥ " + Decimal(r.Threshold) + "%"
	}
}

// ValueText is the target's value as pages and reports print it, "chưa có dữ liệu"
// when there is none.
func (r Result) ValueText() string {
	if r.Value == nil {
		return "chưa có dữ liệu"
	}
	if r.Kind == plan.KindCountPerYear {
		if len(r.Years) > 1 {
			return fmt.Sprintf("%d/%d năm đạt", *r.Numerator, *r.Denominator)
		}
		return Decimal(*r.Value)
	}
	return Decimal(*r.Value) + "%"
}

// Verdict is whether the target is met, in words.
func (r Result) Verdict() string {
	switch {
	case r.Met == nil:
		return "Chưa có dữ liệu"
	case *r.Met:
		return "Đạt"
	}
	return "Chưa đạt"
}

// Decimal writes a number with a decimal comma and no trailing zeros: 98,5.
func Decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}
