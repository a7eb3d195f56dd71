package tabulartest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/tabular"
)

// What the fuzz tests of every importer share: a template header for seeds, and the
// checks that an import's outcome makes sense to the person who uploaded the file,
// whatever the file holds.

// Template is the header a user downloads for the columns, as a .csv line.
func Template(cols []tabular.Column) string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.Header
	}
	return strings.Join(h, ",") + "\n"
}

// CheckFileError fails unless err is a whole-file problem told to the user in
// readable text; an internal error here would be a 500 page for a bad upload.
func CheckFileError(t *testing.T, err error) {
	t.Helper()
	var fe *tabular.FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *tabular.FileError", err, err)
	}
	if strings.TrimSpace(fe.Reason) == "" || !utf8.ValidString(fe.Reason) {
		t.Fatalf("file error without a readable reason: %q", fe.Reason)
	}
}

// CheckResult fails unless the result accounts for the table: as many rows as the
// table's data rows, every problem on one of them with a reason, and no more
// rejected rows than rows. Everything the importer did not reject counts as accepted,
// so accepted + rejected = rows follows.
func CheckResult(t *testing.T, tab *tabular.Table, res *tabular.Result) {
	t.Helper()
	if res.Rows != len(tab.Rows) {
		t.Fatalf("result counts %d rows, the file has %d", res.Rows, len(tab.Rows))
	}
	rows := map[int]bool{}
	last := tab.HeaderRow
	for _, r := range tab.Rows {
		if r.Num <= last {
			t.Fatalf("row %d after row %d: rows must be numbered below the header (%d) in order", r.Num, last, tab.HeaderRow)
		}
		last = r.Num
		rows[r.Num] = true
	}
	CheckProblems(t, rows, res.Rejected)
	if n := res.RejectedRows(); n > res.Rows {
		t.Fatalf("%d rejected rows out of %d", n, res.Rows)
	}
}

// CheckProblems fails unless every problem names a row of the file (rows; nil skips
// that check) and says what is wrong in readable text.
func CheckProblems(t *testing.T, rows map[int]bool, problems []tabular.Problem) {
	t.Helper()
	for _, p := range problems {
		if rows != nil && !rows[p.Row] {
			t.Fatalf("problem on row %d, which is not a data row of the file: %s", p.Row, p)
		}
		if strings.TrimSpace(p.Reason) == "" || !utf8.ValidString(p.Reason) {
			t.Fatalf("problem without a readable reason: %+v", p)
		}
	}
}
