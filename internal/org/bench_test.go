package org

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
)

// BenchmarkImportUnitsAndStaff imports 1,000 units, each under the one before it
// in groups of ten, and then 10,000 staff into them.
func BenchmarkImportUnitsAndStaff(b *testing.B) {
	var units, staff strings.Builder
	units.WriteString("Mã đơn vị,Tên đơn vị,Loại,Đơn vị cấp trên\n")
	for i := range 1000 {
		parent := ""
		if i%10 != 0 {
			parent = fmt.Sprintf("DV%04d", i-1)
		}
		fmt.Fprintf(&units, "DV%04d,Đơn vị số %d,Đơn vị trực thuộc,%s\n", i, i, parent)
	}
	staff.WriteString("Họ và tên,Chức vụ,Đơn vị,Giới tính\n")
	for i := range 10_000 {
		fmt.Fprintf(&staff, "Nguyễn Văn Cán Bộ %d,Chuyên viên,DV%04d,Nam\n", i, i%1000)
	}
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
				res, err := s.ImportUnits(ctx, bytes.NewReader([]byte(units.String())), "dv.csv", tabular.Options{})
				if err != nil || res.Created != 1000 {
					b.Fatalf("units: %v %s %v", err, res.Summary(), res.Rejected)
				}
				res, err = s.ImportStaff(ctx, bytes.NewReader([]byte(staff.String())), "cb.csv", tabular.Options{})
				if err != nil || res.Created != 10_000 {
					b.Fatalf("staff: %v %s", err, res.Summary())
				}
			}
		})
	}
}
