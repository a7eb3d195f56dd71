package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

const sniffBytes = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// csvSource reads records and numbers them as a spreadsheet would show them: a
// blank line is a row, and a quoted cell spanning lines is still one row.
type csvSource struct {
	name  string
	r     *csv.Reader
	extra int // lines taken by line breaks inside cells so far
}

// openCSV accepts UTF-8 with or without a byte-order mark. The separator is whatever
// makes the header appear: Excel writes ";" where the decimal separator is a comma,
// as on Vietnamese Windows, and "," elsewhere.
func openCSV(r io.Reader, name string, cols []Column) (source, error) {
	br := bufio.NewReaderSize(r, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &FileError{File: name, Reason: "không đọc được tệp", Err: err}
	}
	atEOF := err == io.EOF
	if bytes.HasPrefix(head, utf8BOM) {
		br.Discard(len(utf8BOM))
		head = head[len(utf8BOM):]
	} else if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return nil, &FileError{File: name, Reason: "tệp được lưu dạng Unicode UTF-16; hãy lưu lại dạng “CSV UTF-8”"}
	}
	if !atEOF {
		// A record cut in the middle would confuse the sniffer.
		if i := bytes.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		}
	}
	return &csvSource{name: name, r: newCSVReader(br, sniffSeparator(head, cols))}, nil
}

func newCSVReader(r io.Reader, sep rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr
}

// sniffSeparator picks the separator under which the most of the expected headers
// appear in one of the first rows; commas inside a title row or an address cannot
// outvote the header that way.
func sniffSeparator(head []byte, cols []Column) rune {
	best, bestScore := ',', -1
	for _, sep := range []rune{',', ';', '\t'} {
		cr := newCSVReader(bytes.NewReader(head), sep)
		score := 0
		for i := 0; i < headerSearchRows; i++ {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			if n := len(locate(rec, cols).index); n > score {
				score = n
			}
		}
		if score > bestScore {
			best, bestScore = sep, score
		}
	}
	return best
}

func (s *csvSource) next() (rawRow, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return rawRow{}, io.EOF
	}
	if err != nil {
		line, _ := s.r.FieldPos(0)
		return rawRow{}, &FileError{File: s.name, Reason: "dòng " + strconv.Itoa(line) + " không đọc được theo định dạng CSV", Err: err}
	}
	start, _ := s.r.FieldPos(0)
	num := start - s.extra
	last, _ := s.r.FieldPos(len(rec) - 1)
	s.extra += last - start + strings.Count(rec[len(rec)-1], "\n")
	for _, c := range rec {
		if !utf8.ValidString(c) {
			return rawRow{}, &FileError{File: s.name,
				Reason: "dòng " + strconv.Itoa(num) + " có chữ không đọc được: tệp CSV phải lưu theo bảng mã UTF-8 (trong Excel chọn Lưu thành → “CSV UTF-8”)"}
		}
	}
	return rawRow{num: num, cells: rec}, nil
}

func (s *csvSource) close() error { return nil }
