package indicator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// grouped matches a whole number written with its thousands grouped, as Vietnamese
// (12.500.000), English (12,500,000) and spaced (12 500 000) writing do.
var grouped = regexp.MustCompile(`^\d{1,3}([., ]\d{3})+$`)

// exampleMoney ends every message about a sum, so the fix is plain.
const exampleMoney = "ghi số đồng, ví dụ 12.500.000.000"

// wholeNumber reads an unsigned whole number, plain or grouped. big is true when it
// is a number too large to keep.
func wholeNumber(s string) (n int64, ok, big bool) {
	if grouped.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false, false
		}
	}
	if s == "" {
		return 0, false, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, true
	}
	return n, true, false
}

// signed splits a leading minus sign (ASCII or the typographic one) from s.
func signed(s string) (string, bool) {
	for _, m := range []string{"-", "−"} {
		if rest, ok := strings.CutPrefix(s, m); ok {
			return strings.TrimSpace(rest), true
		}
	}
	return s, false
}

// tidy trims spaces (also the no-break ones spreadsheets put in numbers) and a unit
// written after a sum: "12.500.000 đồng", "12.500.000đ", "12.500.000 VNĐ".
func tidy(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	for _, unit := range []string{"đồng", "vnđ", "vnd", "đ"} {
		if n := len(s) - len(unit); n > 0 && strings.EqualFold(s[n:], unit) {
			return strings.TrimSpace(s[:n])
		}
	}
	return s
}

// parseMoney reads a sum of đồng. The message says what is wrong, in Vietnamese,
// to follow the field's name; it is empty when the sum is good. An empty cell is 0
// unless required.
func parseMoney(s string, required, negative bool) (int64, string) {
	raw := strings.TrimSpace(s)
	s = tidy(s)
	if s == "" {
		if required {
			return 0, "không được để trống"
		}
		return 0, ""
	}
	rest, neg := signed(s)
	n, ok, big := wholeNumber(rest)
	switch {
	case big:
		return 0, fmt.Sprintf("“%s” lớn quá mức ghi nhận được", raw)
	case !ok && strings.ContainsAny(rest, ".,") && strings.Trim(rest, "0123456789.,") == "":
		return 0, fmt.Sprintf("“%s” không phải số đồng nguyên; %s", raw, exampleMoney)
	case !ok:
		return 0, fmt.Sprintf("“%s” không phải số tiền; %s", raw, exampleMoney)
	case neg && !negative && n != 0:
		return 0, "không được là số âm"
	case neg:
		n = -n
	}
	return n, ""
}

// parseInteger reads a count (workers, accidents): a whole number, not negative.
func parseInteger(s string, required bool) (int, string) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		if required {
			return 0, "không được để trống"
		}
		return 0, ""
	}
	rest, neg := signed(raw)
	n, ok, big := wholeNumber(rest)
	switch {
	case big || (ok && n > 1<<31-1):
		return 0, fmt.Sprintf("“%s” lớn quá mức ghi nhận được", raw)
	case !ok:
		return 0, fmt.Sprintf("“%s” không phải số nguyên", raw)
	case neg && n != 0:
		return 0, "không được là số âm"
	}
	return int(n), ""
}
