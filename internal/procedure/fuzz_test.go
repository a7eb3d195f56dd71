package procedure

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
	"github.com/thidua/thidua/internal/textnorm"
)

// FuzzImportRows: whatever a catalogue file holds (days, fees, levels, dates as
// people write them), the import reads it into a clear error about the file or one
// verdict per row, each rejection naming its row and column; an accepted row is a
// procedure that validates again unchanged. The units are two known ones, as the
// store would read them; the file is read as a .csv (tabular fuzzes .xlsx).
func FuzzImportRows(f *testing.F) {
	f.Add([]byte("\uFEFFMã thủ tục;Tên thủ tục;Lĩnh vực;Đơn vị thực hiện;Thời hạn giải quyết;Phí, lệ phí;Mức độ trực tuyến;Đủ điều kiện toàn trình;Lý do chưa toàn trình\r\n" +
		"1.009994.000.00.00.H37;Cấp giấy phép xây dựng mới;Hoạt động xây dựng;QLXD;2,5;150.000 đồng;Toàn trình;Có;\r\n" +
		"1.001776;Cấp giấy phép kinh doanh vận tải bằng xe ô tô;Đường bộ;QLVT;5 ngày làm việc;Không;Toàn trình;Có;\r\n"))
	f.Add([]byte(tabulartest.Template(Columns) +
		"1.000703,Thẩm định dự án,Xây dựng,Phòng Quản lý hoạt động xây dựng,15,Không quy định,Một phần,Có,Cần bản gốc,Thông tư 1,01/01/2026,31/12/2026\n" +
		"1.000703,Trùng mã,Xây dựng,QLXD,0,-5,Mức độ 4,Không,,,31/02/2026,01/01/2025\n" +
		"abc,,,KHONGCO,mười,50.000.000.000.000,Lạ,Có lẽ,,,hôm nay,\n"))
	us := &units{byID: map[int64]unitRef{}, byCode: map[string]unitRef{}, byName: map[string]unitRef{}}
	for _, u := range []unitRef{{1, "QLXD", "Phòng Quản lý hoạt động xây dựng"}, {2, "QLVT", "Phòng Quản lý vận tải"}} {
		us.byID[u.id], us.byCode[u.code], us.byName[textnorm.Fold(u.name)] = u, u, u
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "tthc.csv", Columns)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		res := tabular.NewResult(tab, "thủ tục", tabular.Options{})
		cands := parseRows(tab, us, res)
		tabulartest.CheckResult(t, tab, res)
		if len(cands) != len(tab.Rows) {
			t.Fatalf("%d rows read into %d procedures", len(tab.Rows), len(cands))
		}
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
		}
		for _, c := range cands {
			if rejected[c.row.Num] {
				continue
			}
			again := c.p
			if issues := again.normalize(); len(issues) > 0 || !reflect.DeepEqual(again, c.p) {
				t.Fatalf("row %d accepted as %+v, which validates again as %+v with %v", c.row.Num, c.p, again, issues)
			}
		}
	})
}
