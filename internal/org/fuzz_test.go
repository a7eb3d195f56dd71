package org

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// readFuzzed reads a fuzzed file as a .csv: the rows are the importer's, the format
// is tabular's and fuzzed there (.xlsx too).
func readFuzzed(t *testing.T, data []byte, cols []tabular.Column) *tabular.Table {
	tab, err := tabular.Read(bytes.NewReader(data), "ds.csv", cols)
	if err != nil {
		tabulartest.CheckFileError(t, err)
		return nil
	}
	return tab
}

// FuzzImportUnitRows: a unit list gives a clear error about the file or a verdict
// per row naming its row and column; an accepted unit validates again unchanged.
func FuzzImportUnitRows(f *testing.F) {
	f.Add([]byte(tabulartest.Template(UnitColumns) +
		"VP,Văn phòng Sở,Văn phòng Sở,,vp@sxd.gov.vn\n" +
		"qlxd,Phòng Quản lý hoạt động xây dựng,Phòng chuyên môn,VP,\n" +
		"QLXD,Trùng mã,Phòng chuyên môn,QLXD,khong-phai-thu\n" +
		",,Loại lạ,,\n"))
	f.Add([]byte("DANH SÁCH ĐƠN VỊ\n\nMa don vi;Ten don vi;Loai don vi;Ma don vi cap tren\nTTKD;Trung tâm Kiểm định;Đơn vị trực thuộc;VP\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab := readFuzzed(t, data, UnitColumns)
		if tab == nil {
			return
		}
		res := tabular.NewResult(tab, "đơn vị", tabular.Options{})
		rows := parseUnitRows(tab, res)
		tabulartest.CheckResult(t, tab, res)
		if len(rows) != len(tab.Rows) {
			t.Fatalf("%d rows read into %d units", len(tab.Rows), len(rows))
		}
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
		}
		for _, r := range rows {
			again := r.u
			if issues := again.normalize(); !rejected[r.row.Num] && (len(issues) > 0 || !reflect.DeepEqual(again, r.u)) {
				t.Fatalf("row %d accepted as %+v, which validates again as %+v with %v", r.row.Num, r.u, again, issues)
			}
		}
	})
}

// FuzzImportStaffRows: the same for a staff list, before its units are looked up.
func FuzzImportStaffRows(f *testing.F) {
	f.Add([]byte("\uFEFFHọ và tên;Giới tính;Đơn vị;Chức vụ\nNguyễn Văn An;Nam;qlxd;Trưởng phòng\nTrần Thị Bình;nu;Văn phòng Sở;Chuyên viên\n"))
	f.Add([]byte("Họ và tên,Giới tính,Đơn vị\nLê Văn Cường,Nam,KHONGCO\nPhạm Thị Dung,Khác,VP\nHà Văn Em,Nam,VP\nhà văn em,Nam,vp\n,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab := readFuzzed(t, data, StaffColumns)
		if tab == nil {
			return
		}
		res := tabular.NewResult(tab, "cán bộ", tabular.Options{})
		rows := parseStaffRows(tab, res)
		tabulartest.CheckResult(t, tab, res)
		if len(rows) != len(tab.Rows) {
			t.Fatalf("%d rows read into %d staff", len(tab.Rows), len(rows))
		}
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
		}
		for _, r := range rows {
			again := r.st
			if issues := again.normalize(); !rejected[r.row.Num] && (len(issues) > 0 || !reflect.DeepEqual(again, r.st)) {
				t.Fatalf("row %d accepted as %+v, which validates again as %+v with %v", r.row.Num, r.st, again, issues)
			}
		}
	})
}
