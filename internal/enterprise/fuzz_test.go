package enterprise

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// FuzzImportRows: whatever an enterprise list holds, the import reads it into a clear
// error about the file or one verdict per row, each rejection naming its row and
// column; and an accepted row is an enterprise that validates again unchanged, as it
// will be stored and later edited. The file is read as a .csv: the rows are this
// importer's, the format is tabular's and fuzzed there (.xlsx too).
func FuzzImportRows(f *testing.F) {
	f.Add([]byte("\uFEFFMã số thuế;Tên doanh nghiệp;Lĩnh vực;Loại hình sở hữu;Địa chỉ\r\n" +
		"0100109106;Viettel;Giao thông vận tải;Nhà nước;\"Lô 1, KCN Đồng Bành, Chi Lăng\"\r\n" +
		"0300588569;Vinamilk;Logistics;Nhà nước;\r\n"))
	f.Add([]byte(tabulartest.Template(Columns) +
		"0100109106-001,Công ty A,Xây dựng; Nhà ở,Tư nhân,Số 1,Nguyễn Văn A,1.200,a@b.vn\n" +
		"0100109106-001,Công ty B,Không rõ,Quốc doanh,,,mười,\n" +
		"12,,,,,,-3,không phải thư\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "dn.csv", Columns)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		res := tabular.NewResult(tab, "doanh nghiệp", tabular.Options{})
		cands := parseRows(tab, res)
		tabulartest.CheckResult(t, tab, res)
		if len(cands) != len(tab.Rows) {
			t.Fatalf("%d rows read into %d enterprises", len(tab.Rows), len(cands))
		}
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
			if p.Column == "" {
				t.Fatalf("rejection names no column: %s", p)
			}
		}
		for _, c := range cands {
			if rejected[c.num] {
				continue
			}
			again := c.e
			again.Sectors = append([]Sector(nil), c.e.Sectors...)
			if issues := again.normalize(); len(issues) > 0 || !reflect.DeepEqual(again, c.e) {
				t.Fatalf("row %d accepted as %+v, which validates again as %+v with %v", c.num, c.e, again, issues)
			}
		}
	})
}
