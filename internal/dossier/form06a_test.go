package dossier

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/calendar"
)

// The exported table reads like the form: title, period, numbered columns, a line per
// unit and a total whose figures are the sum of the lines.
func TestWriteForm06a(t *testing.T) {
	rate := 97.5
	a := Stats{CarriedOver: 2, ReceivedOnline: 30, ReceivedDirect: 8, ResolvedEarly: 20, ResolvedOnTime: 19, ResolvedLate: 1,
		OpenWithin: 17, OpenOverdue: 1, LateWithApology: 1, OnTimeRate: &rate}
	a.totals()
	b := Stats{ReceivedDirect: 3, OpenWithin: 3}
	b.totals()
	total := a
	total.add(b)
	var buf bytes.Buffer
	err := WriteForm06a(&buf, Form06a{Agency: "SỞ XÂY DỰNG", From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2026, 6, 30),
		Lines: []UnitStats{{UnitName: "Phòng Quản lý xây dựng", Stats: a}, {UnitName: "Trung tâm Đăng kiểm", Stats: b}}, Total: total})
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the file does not open: %v", err)
	}
	sh := x.GetSheetList()[0]
	get := func(cell string) string { v, _ := x.GetCellValue(sh, cell); return v }
	checks := map[string]string{
		"A2": "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "A3": "Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026",
		"C6": "Tổng số", "H7": "Trước hạn", "A8": "(1)", "P8": "(16)",
		"B9": "Phòng Quản lý xây dựng", "C9": "40", "G9": "40", "K9": "18", "P9": "97.5",
		"B11": "Tổng cộng", "C11": "43", "F11": "11", "L11": "20", "N11": "1",
	}
	for cell, want := range checks {
		if got := get(cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	if get("P10") != "" {
		t.Errorf("a unit that resolved nothing shows a rate %q", get("P10"))
	}
}
