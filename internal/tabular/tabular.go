// Package tabular reads the spreadsheets people upload (.xlsx and .csv) into rows
// whose columns are found by their header text, so that every importer (units,
// enterprises, dossiers, procedures, indicators…) accepts files with title rows above
// the header, columns in any order and headers typed with or without diacritics.
// The importers own the meaning of the columns; this package owns the reading, the
// row numbers the user sees, and the report of what was rejected.
package tabular

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/thidua/thidua/internal/textnorm"
)

// Column is a column an importer expects.
type Column struct {
	Key      string   // what the importer asks Row.Value for, e.g. "tax_code"
	Header   string   // the header as the template shows it, e.g. "Mã số thuế"
	Aliases  []string // other headers real files use for the same column
	Required bool
}

// Format is a file format the package reads and writes.
type Format string

const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// FormatOf tells the format from a file name's extension.
func FormatOf(name string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".xlsx":
		return XLSX, nil
	case ".csv":
		return CSV, nil
	case ".xls":
		return "", &FileError{File: name, Reason: "tệp .xls (Excel 97–2003) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8"}
	default:
		return "", &FileError{File: name, Reason: fmt.Sprintf("chỉ nhận tệp .xlsx hoặc .csv, không nhận tệp %q", ext)}
	}
}

// FileError is a problem with the file as a whole (wrong format, header not found,
// unreadable): nothing in it was imported.
type FileError struct {
	File    string
	Reason  string   // Vietnamese, for the user
	Missing []string // required headers not found, as the template names them
	Err     error    // the underlying cause, if any
}

func (e *FileError) Error() string { return "Tệp " + e.File + ": " + e.Reason }
func (e *FileError) Unwrap() error { return e.Err }

// Table is a file read against a list of columns.
type Table struct {
	File      string
	HeaderRow int      // row number of the header, as the user sees it
	Header    []string // the header row's cells as written
	Rows      []Row    // data rows below the header; blank rows are left out
	cols      []Column
	index     map[string]int // column key → cell position
}

// Row is one data row.
type Row struct {
	Num   int      // row number as the user sees it in the spreadsheet, header counted
	Cells []string // cells as read, in file order
	index map[string]int
}

// Value is the trimmed text of the row's cell under the column key, or "" when the
// file has no such column.
func (r Row) Value(key string) string {
	i, ok := r.index[key]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return strings.TrimSpace(r.Cells[i])
}

// Has reports whether the file has the column; importers leave a field as it is
// when its optional column is absent rather than blanking it.
func (t *Table) Has(key string) bool { _, ok := t.index[key]; return ok }

// ColumnName is the column's header as the file writes it, for messages; for a
// column the file lacks, the template's header.
func (t *Table) ColumnName(key string) string {
	if i, ok := t.index[key]; ok && strings.TrimSpace(t.Header[i]) != "" {
		return strings.TrimSpace(t.Header[i])
	}
	for _, c := range t.cols {
		if c.Key == key {
			return c.Header
		}
	}
	return key
}

// Problem makes a rejection of row r at column key.
func (t *Table) Problem(r Row, key, reason string) Problem {
	p := Problem{Row: r.Num, Reason: reason}
	if key != "" {
		p.Column = t.ColumnName(key)
	}
	return p
}

// headerSearchRows bounds how far down the header may be: title rows are few, and a
// file without the header should fail fast, not after reading 100,000 rows.
const headerSearchRows = 30

// rawRow is a row as a reader yields it.
type rawRow struct {
	num   int
	cells []string
}

// source yields rows in order and io.EOF after the last.
type source interface {
	next() (rawRow, error)
	close() error
}

// Read reads the first sheet of an .xlsx file or a .csv file (the name's extension
// decides), finds the header row and maps the columns by their header text.
func Read(r io.Reader, name string, cols []Column) (*Table, error) {
	format, err := FormatOf(name)
	if err != nil {
		return nil, err
	}
	var src source
	switch format {
	case XLSX:
		src, err = openXLSX(r, name)
	case CSV:
		src, err = openCSV(r, name, cols)
	}
	if err != nil {
		return nil, err
	}
	defer src.close()
	t, err := readHeader(src, name, cols)
	if err != nil {
		return nil, err
	}
	for {
		row, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if !blank(row.cells) {
			t.Rows = append(t.Rows, Row{Num: row.num, Cells: row.cells, index: t.index})
		}
	}
	if len(t.Rows) == 0 {
		return nil, &FileError{File: name, Reason: fmt.Sprintf("không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %d)", t.HeaderRow)}
	}
	return t, nil
}

func readHeader(src source, name string, cols []Column) (*Table, error) {
	var best match
	for i := 0; i < headerSearchRows; i++ {
		row, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		m := locate(row.cells, cols)
		if len(m.missing) == 0 {
			return &Table{File: name, HeaderRow: row.num, Header: row.cells, cols: cols, index: m.index}, nil
		}
		if len(m.index) > len(best.index) {
			best = m
		}
	}
	if len(best.index) == 0 {
		return nil, &FileError{File: name, Missing: requiredHeaders(cols),
			Reason: "không tìm thấy dòng tiêu đề; cần các cột " + quoteList(requiredHeaders(cols))}
	}
	return nil, &FileError{File: name, Missing: best.missing, Reason: "thiếu cột " + quoteList(best.missing)}
}

type match struct {
	index   map[string]int
	missing []string
}

// locate maps the columns onto one row of cells; the first cell matching a column
// wins, so a repeated header does not move a column.
func locate(cells []string, cols []Column) match {
	byHeader := map[string]int{}
	for i, c := range cells {
		k := headerKey(c)
		if _, seen := byHeader[k]; k != "" && !seen {
			byHeader[k] = i
		}
	}
	m := match{index: map[string]int{}}
	for _, c := range cols {
		for _, h := range append([]string{c.Header}, c.Aliases...) {
			if i, ok := byHeader[headerKey(h)]; ok {
				m.index[c.Key] = i
				break
			}
		}
		if _, ok := m.index[c.Key]; !ok && c.Required {
			m.missing = append(m.missing, c.Header)
		}
	}
	return m
}

// headerKey folds a header so that "MÃ SỐ THUẾ (*)", "Ma so thue" and "Mã số  thuế"
// are the same: no case, no diacritics, no spaces or punctuation.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, textnorm.Fold(s))
}

func requiredHeaders(cols []Column) []string {
	var out []string
	for _, c := range cols {
		if c.Required {
			out = append(out, c.Header)
		}
	}
	return out
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "“" + n + "”"
	}
	return strings.Join(q, ", ")
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
