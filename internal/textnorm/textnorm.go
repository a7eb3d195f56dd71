// Package textnorm folds Vietnamese text for accent-insensitive search.
package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics (đ becomes d) and collapses spaces, so that
// "xay dung" matches "Xây dựng". Stored search columns and query terms both go through it.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.Map(func(r rune) rune {
		switch r {
		case 'đ', 'Đ':
			return 'd'
		}
		return unicode.ToLower(r)
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

// FoldAll folds each part and joins them with a space, for a row's search column.
func FoldAll(parts ...string) string {
	return Fold(strings.Join(parts, " "))
}

// LikePattern makes a LIKE pattern matching the folded term anywhere, with LIKE's
// wildcards escaped (queries use ESCAPE '\').
func LikePattern(term string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(Fold(term)) + "%"
}
