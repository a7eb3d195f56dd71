package dossier

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
	"github.com/thidua/thidua/internal/textnorm"
)

// fuzzRefs is a catalogue of three procedures (one full online, one without a
// statutory time or unit) and two units, as loadRefs would read them.
func fuzzRefs() *refs {
	cal := calendar.New(calendar.DefaultRules, nil)
	r := &refs{procedures: map[string]*procedureRef{}, procByName: map[string]*procedureRef{}, units: map[string]int64{},
		unitsFold: map[string]int64{}, cal: cal, days: newMemoDays(cal)}
	fifteen, five := 15.0, 2.5
	for _, p := range []*procedureRef{
		{id: 1, unitID: 1, code: "1.009972", name: "Cấp giấy phép xây dựng", statutory: &fifteen},
		{id: 2, unitID: 2, code: "1.001776.000.00.00.H37", name: "Cấp phù hiệu xe", statutory: &five, fullOnline: true},
		{id: 3, code: "1.009994", name: "Thủ tục chưa đủ thông tin"},
	} {
		r.procedures[p.code], r.procedures[nationalCode(p.code)], r.procByName[textnorm.Fold(p.name)] = p, p, p
	}
	for id, u := range map[int64][2]string{1: {"QLXD", "Phòng Quản lý xây dựng"}, 2: {"TTDK", "Trung tâm Đăng kiểm"}} {
		r.units[u[0]], r.units[u[1]], r.unitsFold[textnorm.Fold(u[0])], r.unitsFold[textnorm.Fold(u[1])] = id, id, id, id
	}
	return r
}

// parsedRow is a row the parser read, with its verdict.
type parsedRow struct {
	num    int
	d      Dossier
	issues int
}

// parseFile reads a whole file as the import's reader does, without the database:
// every row parsed against the references, repeated codes rejected.
func parseFile(data []byte, r *refs) ([]parsedRow, *sheet, *tabular.Result, error) {
	sh, err := openSheet(bytes.NewReader(data), "hs.csv", Columns)
	if err != nil {
		return nil, nil, nil, err
	}
	res := tabular.NewResult(sh.t, "hồ sơ", tabular.Options{})
	var out []parsedRow
	seen := map[string]int{}
	for sh.next() {
		d, issues := parseRow(sh, r)
		for _, is := range issues {
			res.Reject(sh.problem(is.Field, is.Detail))
		}
		n := len(issues)
		if first, dup := seen[d.Code]; dup && d.Code != "" {
			res.Reject(sh.problem("code", d.Code+" trùng với dòng "+strconv.Itoa(first)))
			n++
		} else {
			seen[d.Code] = sh.num
		}
		out = append(out, parsedRow{num: sh.num, d: d, issues: n})
	}
	if sh.err != nil {
		return nil, nil, nil, sh.err
	}
	res.Rows = sh.count
	return out, sh, res, nil
}

// FuzzImportRows: whatever an export of a one-stop system holds (header variants,
// dates in every form, times, Excel serial numbers, channels, counts), the import
// reads it into a clear error about the file or one verdict per row, each rejection
// naming its row and column; and the accepted dossiers, written out again as an
// export with dd/mm/yyyy dates, read back as the same dossiers, classified alike.
func FuzzImportRows(f *testing.F) {
	f.Add([]byte(export))
	f.Add([]byte(dossiertest.CSV(
		dossiertest.Row{Code: "HS-1", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Finished: "05/03/2026"},
		dossiertest.Row{Code: "HS-2", Procedure: "1.009994", Channel: "Trực tuyến", Received: "46094.75", Appointment: "2026-03-20",
			Supplements: 2, Requested: "03/03/2026", Returned: "09/03/2026", Reappointed: "25/03/2026", Apology: true},
		dossiertest.Row{Code: "HS-1", Procedure: "9.999", Unit: "KHONGCO", Channel: "Bồ câu", Received: "31/02/2026", Finished: "01/01/2026"})))
	f.Add([]byte("Số biên nhận\tTên thủ tục\tKênh nộp\tThời gian tiếp nhận\tNgày trả kết quả\tSố lần hẹn lại\tXin lỗi\n" +
		"B1\tCấp phù hiệu xe\tTrực tuyến\t17:05, 13/03/2026\t2026-03-13T20:00:00Z\t1\tx\n" +
		"B2\tcap giay phep xay dung\tBưu chính\t13/03/26\t\t-1\tcó lẽ\n"))
	r := fuzzRefs()
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, sh, res, err := parseFile(data, r)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		if len(rows) != res.Rows {
			t.Fatalf("%d rows parsed, %d counted", len(rows), res.Rows)
		}
		nums := map[int]bool{}
		var accepted []Dossier
		for _, p := range rows {
			if p.num <= sh.t.HeaderRow || nums[p.num] {
				t.Fatalf("row %d: numbered at or above the header (%d) or twice", p.num, sh.t.HeaderRow)
			}
			nums[p.num] = true
			if p.issues == 0 {
				accepted = append(accepted, p.d)
			}
		}
		tabulartest.CheckProblems(t, nums, res.Rejected)
		for _, p := range res.Rejected {
			if p.Column == "" {
				t.Fatalf("rejection names no column: %s", p)
			}
		}
		if len(accepted) == 0 {
			return
		}
		again, _, res2, err := parseFile(exportOf(t, accepted), r)
		if err != nil || !res2.OK() {
			t.Fatalf("the accepted dossiers written out again do not read back: %v %v\n%s", err, res2.Rejected, exportOf(t, accepted))
		}
		for i, p := range again {
			if !reflect.DeepEqual(p.d, accepted[i]) {
				t.Fatalf("dossier %d read back as\n%+v\nwant\n%+v", i, p.d, accepted[i])
			}
		}
	})
}

// exportOf writes dossiers as an export, dates as dd/mm/yyyy.
func exportOf(t *testing.T, ds []Dossier) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(strings.Split("Mã hồ sơ,Mã thủ tục,Đơn vị xử lý,Kênh tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành,"+
		"Số lần yêu cầu bổ sung,Ngày yêu cầu bổ sung,Ngày bổ sung,Ngày hẹn lại,Số lần hẹn lại,Thư xin lỗi,Trạng thái", ","))
	dmy := func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.DMY()
	}
	units := map[int64]string{1: "QLXD", 2: "TTDK"}
	for _, d := range ds {
		w.Write([]string{d.Code, d.ProcedureCode, units[d.UnitID], d.Channel.Label(), dmy(d.ReceivedOn), dmy(d.AppointmentOn),
			dmy(d.FinishedOn), strconv.Itoa(d.SupplementCount), dmy(d.SupplementRequestedOn), dmy(d.SupplementReturnedOn),
			dmy(d.ReappointedOn), strconv.Itoa(d.Reappointments), map[bool]string{true: "Có", false: "Không"}[d.Apology], d.Status})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
