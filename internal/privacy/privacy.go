// Package privacy masks personal identifiers (e-mail addresses, phone numbers,
// identity card numbers) for people who may see that a record has one but do not
// need it in full. Who needs it is decided by the capability that owns the record:
// see auth.Scope.MaskPersonal and docs/security.md.
package privacy

import (
	"strings"
	"unicode/utf8"
)

const dot = "•"

// Email keeps the first letter of the mailbox and the domain: "l•••@sxd.langson.gov.vn",
// enough to tell a work address from a private one.
func Email(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok {
		return Number(s)
	}
	r, _ := utf8.DecodeRuneInString(local)
	if r == utf8.RuneError {
		return dot + dot + dot + "@" + domain
	}
	return string(r) + dot + dot + dot + "@" + domain
}

// Number keeps the first three and the last two digits of a phone or identity
// number and hides the others: "0912345678" → "091•••••78". A short number is
// hidden whole.
func Number(s string) string {
	s = strings.TrimSpace(s)
	runes := []rune(s)
	digits := 0
	for _, r := range runes {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if digits < 7 {
		return strings.Repeat(dot, max(len(runes), 3))
	}
	var b strings.Builder
	seen := 0
	for _, r := range runes {
		if r < '0' || r > '9' {
			b.WriteRune(r)
			continue
		}
		seen++
		if seen <= 3 || seen > digits-2 {
			b.WriteRune(r)
		} else {
			b.WriteString(dot)
		}
	}
	return b.String()
}
