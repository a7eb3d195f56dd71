package db

import (
	"strconv"
	"strings"
)

// Placeholders returns "$from, $from+1, …" for n parameters, for an IN list or a
// multi-row VALUES built in Go.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}
