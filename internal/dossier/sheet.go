package dossier

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/tabular"
)

// sheet yields the data rows of an uploaded file one at a time. An export of a year's
// dossiers has hundreds of thousands of rows: tabular.Read would hold every one of
// them, so a .csv is streamed here instead, after tabular has found the header in its
// first lines (title rows, header variants, separator, byte-order mark, row numbers
// all as tabular reads them). An .xlsx is read whole by tabular, as excelize itself
// must unpack the sheet; exports of that size come as .csv.
type sheet struct {
	t     *tabular.Table // the header; for a streamed .csv, only the rejected rows are kept
	index map[string]int // column key → cell position
	num   int            // the current row's number as the user sees it
	cells []string
	count int // data rows read so far

	// .csv
	cr    *csv.Reader
	extra int // lines taken by line breaks inside cells so far
	// .xlsx
	rows []tabular.Row
	pos  int

	err error
}

// prefixLines bounds the lines given to tabular to find the header: tabular looks
// for it in the first 30 rows and needs one data row below it.
const (
	prefixLines = 40
	prefixBytes = 64 << 10
)

func openSheet(r io.Reader, name string, cols []tabular.Column) (*sheet, error) {
	format, err := tabular.FormatOf(name)
	if err != nil {
		return nil, err
	}
	if format == tabular.XLSX {
		t, err := tabular.Read(r, name, cols)
		if err != nil {
			return nil, err
		}
		return &sheet{t: t, index: columnIndex(t, cols), rows: t.Rows}, nil
	}
	br := bufio.NewReaderSize(r, 256<<10)
	head, err := br.Peek(prefixBytes)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &tabular.FileError{File: name, Reason: "không đọc được tệp", Err: err}
	}
	t, err := tabular.Read(bytes.NewReader(firstLines(head, err == io.EOF)), name, cols)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	s := &sheet{t: t, index: columnIndex(t, cols), cr: newCSV(br, separator(head, t.Header))}
	t.Rows = nil
	return s, nil
}

// firstLines cuts the head of the file after prefixLines lines, or at the last whole
// line when the file goes on.
func firstLines(head []byte, whole bool) []byte {
	end := 0
	for i := 0; i < prefixLines; i++ {
		j := bytes.IndexByte(head[end:], '\n')
		if j < 0 {
			if whole {
				return head
			}
			break
		}
		end += j + 1
	}
	if end == 0 {
		return head
	}
	return head[:end]
}

// separator is the one under which a line of the head reads exactly as the header
// tabular found.
func separator(head []byte, header []string) rune {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	for _, sep := range []rune{',', ';', '\t'} {
		cr := newCSV(bytes.NewReader(firstLines(head, true)), sep)
		for i := 0; i < prefixLines; i++ {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if slices.Equal(rec, header) {
				return sep
			}
		}
	}
	return ','
}

func newCSV(r io.Reader, sep rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = sep, -1, true, true
	return cr
}

// columnIndex finds each column's cell: tabular names it as the file writes it, and
// the first cell with that text is the one tabular matched.
func columnIndex(t *tabular.Table, cols []tabular.Column) map[string]int {
	out := make(map[string]int, len(cols))
	for _, c := range cols {
		if !t.Has(c.Key) {
			continue
		}
		name := t.ColumnName(c.Key)
		for i, h := range t.Header {
			if strings.TrimSpace(h) == name {
				out[c.Key] = i
				break
			}
		}
	}
	return out
}

// next moves to the next data row, skipping blank ones; false at the end or on an
// error, which err then holds.
func (s *sheet) next() bool {
	for {
		if s.cr == nil {
			if s.pos >= len(s.rows) {
				return false
			}
			r := s.rows[s.pos]
			s.pos++
			s.num, s.cells = r.Num, r.Cells
		} else if !s.readCSV() {
			return false
		}
		if !blank(s.cells) {
			s.count++
			return true
		}
	}
}

// readCSV reads one record and numbers it as tabular does: a blank line is a row, a
// quoted cell spanning lines is still one row.
func (s *sheet) readCSV() bool {
	for {
		rec, err := s.cr.Read()
		if err == io.EOF {
			return false
		}
		if err != nil {
			line, _ := s.cr.FieldPos(0)
			s.err = &tabular.FileError{File: s.t.File, Reason: "dòng " + strconv.Itoa(line) + " không đọc được theo định dạng CSV", Err: err}
			return false
		}
		start, _ := s.cr.FieldPos(0)
		num := start - s.extra
		last, _ := s.cr.FieldPos(len(rec) - 1)
		s.extra += last - start + strings.Count(rec[len(rec)-1], "\n")
		if num <= s.t.HeaderRow {
			continue
		}
		for _, c := range rec {
			if !utf8.ValidString(c) {
				s.err = &tabular.FileError{File: s.t.File,
					Reason: "dòng " + strconv.Itoa(num) + " có chữ không đọc được: tệp CSV phải lưu theo bảng mã UTF-8 (trong Excel chọn Lưu thành → “CSV UTF-8”)"}
				return false
			}
		}
		s.num, s.cells = num, rec
		return true
	}
}

// value is the trimmed text of the current row's cell in the column key.
func (s *sheet) value(key string) string {
	i, ok := s.index[key]
	if !ok || i >= len(s.cells) {
		return ""
	}
	return strings.TrimSpace(s.cells[i])
}

func (s *sheet) has(key string) bool { _, ok := s.index[key]; return ok }

// keep holds on to the current row so the rejected-rows file can show it.
func (s *sheet) keep() {
	if s.cr != nil {
		s.t.Rows = append(s.t.Rows, tabular.Row{Num: s.num, Cells: slices.Clone(s.cells)})
	}
}

func (s *sheet) problem(key, reason string) tabular.Problem {
	return s.t.Problem(tabular.Row{Num: s.num}, key, reason)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
