package award

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
	"github.com/thidua/thidua/internal/textnorm"
)

// FuzzImportRatingRows: whatever a ratings file holds, the import reads it into a
// clear error about the file or a verdict per row: each row is either taken, with a
// known rating, a year in range and a unit of the directory, or rejected naming its
// row. The directory is two units, with two staff of one name in one of them; the
// file is read as a .csv (tabular fuzzes .xlsx).
func FuzzImportRatingRows(f *testing.F) {
	f.Add([]byte("Năm,Mã đơn vị,Họ và tên,Xếp loại\n2026,QLXD,Vi Thị Lan,HTXSNV\n2026,QLXD,Lê Văn Khuyết,HTTNV\n" +
		"2026,TTDK,Nông Văn A,HTTNV\n2026,XYZ,,HTTNV\n2026,QLXD,Hoàng Đức Hùng,khá\n2026,QLXD,vi thị lan,HTTNV\n"))
	f.Add([]byte("\uFEFFNăm đánh giá;Đơn vị;Họ tên;Mức độ hoàn thành nhiệm vụ;Ghi chú\n2025;qlxd;;Hoàn thành xuất sắc nhiệm vụ;đơn vị\n" +
		"1999;QLXD;Hoàng Đức Hùng;không hoàn thành;\n2028;TTDK;;ht;\nnăm nay;;;;\n"))
	units := map[string]int64{"QLXD": 1, "TTDK": 2}
	staff := map[string][]int64{}
	for id, p := range map[int64]struct {
		unit int64
		name string
	}{10: {1, "Vi Thị Lan"}, 11: {1, "Hoàng Đức Hùng"}, 12: {2, "Nông Văn A"}, 13: {2, "Nông Văn A"}} {
		k := fmt.Sprintf("%d\x00%s", p.unit, textnorm.Fold(p.name))
		staff[k] = append(staff[k], id)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "xep-loai.csv", RatingColumns)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		res := tabular.NewResult(tab, "xếp loại", tabular.Options{})
		rows := parseRatingRows(tab, res, units, staff, 2026)
		tabulartest.CheckResult(t, tab, res)
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
		}
		taken := map[int]bool{}
		for _, rr := range rows {
			taken[rr.num] = true
			if rejected[rr.num] {
				continue
			}
			if _, ok := ParseRating(string(rr.rating)); !ok || rr.year < 2000 || rr.year > 2027 || rr.unit == 0 || rr.key == "" {
				t.Fatalf("row %d accepted as %+v", rr.num, rr)
			}
		}
		for _, r := range tab.Rows {
			if !taken[r.Num] && !rejected[r.Num] {
				t.Fatalf("row %d neither taken nor rejected", r.Num)
			}
		}
	})
}
