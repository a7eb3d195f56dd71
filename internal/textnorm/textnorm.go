// Package textnorm folds Vietnamese text for accent-insensitive search.
package textnorm

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics (đ becomes d) and collapses spaces, so that
// "xay dung" matches "Xây dựng". Stored search columns and query terms both go through it.
//
// Imports fold every row, so Fold works rune by rune from a table for the scripts
// it expects (Latin, Vietnamese, combining marks, punctuation) and falls back to
// full Unicode normalization for anything else.
func Fold(s string) string {
	if folded(s) {
		return s
	}
	var w spacer
	w.b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w.byte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		f, ok := foldRune(r)
		if !ok {
			return slowFold(s)
		}
		if len(f) == 1 {
			w.byte(f[0])
		} else {
			for _, fr := range f {
				w.rune(fr)
			}
		}
		i += size
	}
	return w.b.String()
}

// spacer writes folded text with runs of spaces made one and none at either end.
type spacer struct {
	b                strings.Builder
	pending, started bool
}

func (w *spacer) byte(c byte) {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		w.pending = w.started
		return
	}
	w.word()
	w.b.WriteByte(c)
}

func (w *spacer) rune(r rune) {
	if unicode.IsSpace(r) {
		w.pending = w.started
		return
	}
	w.word()
	w.b.WriteRune(r)
}

func (w *spacer) word() {
	if w.pending {
		w.b.WriteByte(' ')
		w.pending = false
	}
	w.started = true
}

// folded reports whether s is already its own fold: plain lower-case ASCII with
// single spaces between words, as most query terms and tax codes are.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
		case c <= ' ':
			return false
		}
	}
	return true
}

// blocks are the ranges folded from a table. No two of their characters compose
// into one under NFC once combining marks are gone, so folding each character
// alone gives what normalizing the whole string would.
var blocks = [...]struct{ lo, hi rune }{
	{0x0080, 0x024F}, // Latin-1 Supplement, Latin Extended-A and -B
	{0x0300, 0x036F}, // combining diacritical marks, as decomposed text carries them
	{0x1E00, 0x1EFF}, // Latin Extended Additional: most Vietnamese letters with tone marks
	{0x2000, 0x206F}, // general punctuation, with its spaces
}

var (
	tableOnce sync.Once
	table     [len(blocks)][]string
)

// foldRune returns the fold of one non-ASCII rune, or false when r is outside the
// table. The table is built on first use from slowFold itself, so both agree.
func foldRune(r rune) (string, bool) {
	tableOnce.Do(func() {
		for i, bl := range blocks {
			table[i] = make([]string, bl.hi-bl.lo+1)
			for c := bl.lo; c <= bl.hi; c++ {
				// Not slowFold: its space handling would trim a lone space to "".
				table[i][c-bl.lo] = foldChars(string(c))
			}
		}
	})
	for i, bl := range blocks {
		if bl.lo <= r && r <= bl.hi {
			return table[i][r-bl.lo], true
		}
	}
	return "", false
}

// chains are reused because building a normalization chain costs more than
// running it on a short string.
var chains = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// foldChars strips diacritics and lower-cases, leaving spaces as they are.
func foldChars(s string) string {
	t := chains.Get().(transform.Transformer)
	out, _, err := transform.String(t, s)
	chains.Put(t)
	if err != nil {
		out = s
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case 'đ', 'Đ':
			return 'd'
		}
		return unicode.ToLower(r)
	}, out)
}

// slowFold is Fold by full Unicode normalization, for text outside the table.
func slowFold(s string) string {
	return strings.Join(strings.Fields(foldChars(s)), " ")
}

// FoldAll folds each part and joins them with a space, for a row's search column.
func FoldAll(parts ...string) string {
	return Fold(strings.Join(parts, " "))
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LikePattern makes a LIKE pattern matching the folded term anywhere, with LIKE's
// wildcards escaped (queries use ESCAPE '\').
func LikePattern(term string) string {
	return "%" + likeEscaper.Replace(Fold(term)) + "%"
}
