package tabular

import (
	"strings"

	"github.com/thidua/thidua/internal/textnorm"
)

// Choices is a closed list of codes with Vietnamese names. Parse reads either back
// regardless of case and diacritics, as spreadsheet cells and hand-typed values come.
type Choices[K ~string] struct {
	codes  []K
	labels map[K]string
	exact  map[string]K // names and codes as written, the common case
	byName map[string]K // folded names and codes
}

// NewChoices lists codes in display order with their names.
func NewChoices[K ~string](codes []K, labels map[K]string) *Choices[K] {
	c := &Choices[K]{codes: codes, labels: labels, exact: make(map[string]K, 2*len(codes)), byName: make(map[string]K, 2*len(codes))}
	for _, k := range codes {
		c.exact[labels[k]], c.exact[string(k)] = k, k
		c.byName[textnorm.Fold(labels[k])] = k
		c.byName[textnorm.Fold(string(k))] = k
	}
	return c
}

// Label is k's name, or k itself when it is not one of the choices.
func (c *Choices[K]) Label(k K) string {
	if l, ok := c.labels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is one of the choices.
func (c *Choices[K]) Valid(k K) bool { _, ok := c.labels[k]; return ok }

// Parse finds the choice named or coded s. Folding is the slow part of reading a
// large file, so a value written exactly as the name skips it.
func (c *Choices[K]) Parse(s string) (K, bool) {
	if k, ok := c.exact[s]; ok {
		return k, true
	}
	k, ok := c.byName[textnorm.Fold(s)]
	return k, ok
}

// Names lists the names for a message: "Tư nhân, Nhà nước, Khác".
func (c *Choices[K]) Names() string {
	names := make([]string, len(c.codes))
	for i, k := range c.codes {
		names[i] = c.labels[k]
	}
	return strings.Join(names, ", ")
}
