package enterprise

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
)

// benchFile writes n enterprises with valid, distinct tax codes as an .xlsx file.
func benchFile(b *testing.B, n int) []byte {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Mã số thuế", "Tên doanh nghiệp", "Lĩnh vực", "Loại hình sở hữu", "Địa chỉ", "Người đại diện", "Số lao động"})
	row := 2
	for nine := 490000001; row <= n+1; nine++ {
		code := strconv.Itoa(nine)
		d, ok := CheckDigit(code)
		if !ok {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, []any{code + strconv.Itoa(d), fmt.Sprintf("Công ty Xây dựng số %d", row),
			"Xây dựng; Giao thông vận tải", "Tư nhân", "Thành phố Lạng Sơn", "Nguyễn Văn An", row % 500}); err != nil {
			b.Fatal(err)
		}
		row++
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportEnterprises imports 100,000 enterprises into an empty database,
// then the same file again (every row unchanged).
func BenchmarkImportEnterprises(b *testing.B) {
	file := benchFile(b, 100_000)
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				var d *db.DB
				if dialect == "sqlite" {
					d = dbtest.SQLite(b)
				} else {
					d = dbtest.Postgres(b)
				}
				s := NewStore(d, clock)
				b.StartTimer()
				for _, want := range []int{100_000, 0} {
					res, err := s.Import(ctx, bytes.NewReader(file), "dn.xlsx", tabular.Options{})
					if err != nil || !res.OK() || res.Created != want {
						b.Fatalf("%v %s", err, res.Summary())
					}
				}
			}
		})
	}
}
