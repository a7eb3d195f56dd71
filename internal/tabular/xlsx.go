package tabular

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// xlsxSource reads the first sheet row by row. Cells come as the user sees them:
// numbers and dates with their display format applied, built-in short dates as
// dd/mm/yyyy, so importers parse text whatever the cell type.
type xlsxSource struct {
	name string
	f    *excelize.File
	rows *excelize.Rows
	num  int
}

func openXLSX(r io.Reader, name string) (source, error) {
	// An .xlsx is a zip: the web layer limits the upload, this limits what it may
	// expand to, far above any real list (100,000 enterprises are under 100 MB).
	f, err := excelize.OpenReader(r, excelize.Options{ShortDatePattern: "dd/mm/yyyy", LongTimePattern: "hh:mm:ss",
		UnzipSizeLimit: 1 << 30})
	if err != nil {
		return nil, &FileError{File: name, Reason: "không mở được tệp Excel: tệp hỏng, có mật khẩu hoặc không phải .xlsx", Err: err}
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, &FileError{File: name, Reason: "tệp Excel không có trang tính nào"}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, &FileError{File: name, Reason: "không đọc được trang tính “" + sheets[0] + "”", Err: err}
	}
	return &xlsxSource{name: name, f: f, rows: rows}, nil
}

// next numbers rows by position: excelize yields the rows missing from the file
// (never typed in) as empty ones, so the count is the spreadsheet's row number.
func (s *xlsxSource) next() (rawRow, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return rawRow{}, &FileError{File: s.name, Reason: "không đọc được trang tính", Err: err}
		}
		return rawRow{}, io.EOF
	}
	s.num++
	cells, err := s.rows.Columns()
	if err != nil {
		return rawRow{}, &FileError{File: s.name, Reason: "không đọc được dòng " + strconv.Itoa(s.num), Err: err}
	}
	return rawRow{num: s.num, cells: cells}, nil
}

func (s *xlsxSource) close() error {
	s.rows.Close()
	return s.f.Close()
}
