package audit_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// BenchmarkRecordImport is an import's audit trail: 1,000 entries in one
// transaction, each with a before and an after image.
func BenchmarkRecordImport(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *db.DB{"sqlite": dbtest.SQLite, "postgres": dbtest.Postgres} {
		b.Run(name, func(b *testing.B) {
			d := open(b)
			ctx := context.Background()
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				err := d.Tx(ctx, func(tx *sql.Tx) error {
					for i := 0; i < 1000; i++ {
						if err := audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "indicator", EntityID: i,
							Summary: "Cập nhật chỉ tiêu sản xuất kinh doanh 2025 của 4900100001 (nhập từ tệp chi-tieu.xlsx, dòng 12)",
							Before:  map[string]any{"revenue": 1000000000, "profit": 5000000}, After: map[string]any{"revenue": 1200000000, "profit": 7000000}}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
