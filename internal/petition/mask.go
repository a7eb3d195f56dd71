package petition

import (
	"regexp"
	"strings"
)

// What masked personal data is replaced with, so that a reader of a published
// answer sees that something was there.
const (
	MaskedEmail = "[thư điện tử đã ẩn]"
	MaskedPhone = "[số điện thoại đã ẩn]"
	MaskedID    = "[số giấy tờ đã ẩn]"
)

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// numberRun is a run of digit groups joined by single separators, as phone
	// numbers are written: "0912 345 678", "0912.345.678", "+84 912-345-678",
	// "(0205) 3812 345". Dates (28/04/2026) and decimals (0,5) are not runs.
	numberRun = regexp.MustCompile(`(?:\(\+?\d+\)|\+?\d+)(?:[ .\-](?:\(\d+\)|\d+))*`)
	groupSep  = regexp.MustCompile(`[ .\-]`)
)

// MaskPersonal removes personal data from text before it is published (Law
// 91/2025 on personal data): e-mail addresses, phone numbers and the 9- or 12-digit
// numbers of identity cards. Phone numbers are Vietnamese ones, 10 or 11 digits
// from 0 (or +84) and a second digit 2–9, so a tax code (0100109106) or an amount
// (1.500.000) stays. An identity number is a plain run of 9 or 12 digits; one with
// separators is taken for an amount.
func MaskPersonal(text string) string {
	text = emailPattern.ReplaceAllString(text, MaskedEmail)
	return numberRun.ReplaceAllStringFunc(text, maskRun)
}

// maskRun masks what a run of digit groups holds. A run can join a phone number to
// a number before or after it ("Điều 5 0912 345 678"), so every span of whole
// groups is tried, the longest first from the left.
func maskRun(run string) string {
	groups, seps := splitGroups(run)
	var b strings.Builder
	for i := 0; i < len(groups); {
		j, mask := longestSpan(groups, seps, i)
		if mask == "" {
			b.WriteString(groups[i])
			if i < len(seps) {
				b.WriteString(seps[i])
			}
			i++
			continue
		}
		b.WriteString(mask)
		if j < len(seps) {
			b.WriteString(seps[j])
		}
		i = j + 1
	}
	return b.String()
}

// splitGroups cuts a run into its digit groups and the separators between them.
func splitGroups(run string) (groups, seps []string) {
	idx := groupSep.FindAllStringIndex(run, -1)
	start := 0
	for _, m := range idx {
		groups = append(groups, run[start:m[0]])
		seps = append(seps, run[m[0]:m[1]])
		start = m[1]
	}
	return append(groups, run[start:]), seps
}

// longestSpan finds the longest span of groups from i that is personal data, and
// returns its last group and what replaces it ("" when none is).
func longestSpan(groups, seps []string, i int) (int, string) {
	for j := len(groups) - 1; j >= i; j-- {
		var b strings.Builder
		for k := i; k <= j; k++ {
			b.WriteString(groups[k])
		}
		span := b.String()
		switch {
		case i == j && isIDNumber(span):
			return j, MaskedID
		case isPhone(span):
			return j, MaskedPhone
		}
	}
	return i, ""
}

func isIDNumber(s string) bool {
	return (len(s) == 9 || len(s) == 12) && onlyDigits(s)
}

// isPhone reports whether s, digits with perhaps a + and parentheses, is a
// Vietnamese phone number.
func isPhone(s string) bool {
	s = strings.NewReplacer("(", "", ")", "").Replace(s)
	switch {
	case strings.HasPrefix(s, "+84"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "+"):
		return false
	}
	return (len(s) == 10 || len(s) == 11) && onlyDigits(s) && s[0] == '0' && s[1] >= '2'
}

func onlyDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// NormalizePhone writes a phone number as typed ("+84 912.345.678") in its
// national form ("0912345678"), and reports whether it is a Vietnamese phone number.
func NormalizePhone(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '(', ')':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if strings.HasPrefix(s, "+84") {
		s = "0" + s[3:]
	} else if strings.HasPrefix(s, "84") && len(s) >= 11 {
		s = "0" + s[2:]
	}
	return s, isPhone(s)
}
