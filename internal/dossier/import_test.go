package dossier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/tabular"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var (
	ctx = context.Background()
	all = auth.Scope{All: true}
)

func clock() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) }

// catalogue is the procedures the tests import dossiers of: one catalogued with its
// provincial suffix, one without a statutory time.
func catalogue(t testing.TB, d *db.DB) {
	t.Helper()
	dossiertest.Unit(t, d, "QLXD", "Phòng Quản lý xây dựng")
	dossiertest.Unit(t, d, "TTDK", "Trung tâm Đăng kiểm")
	dossiertest.Add(t, d,
		dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15, Online: "full"},
		dossiertest.Procedure{Code: "1.001776.000.00.00.H37", Name: "Kiểm định xe", Field: "Đăng kiểm", UnitCode: "TTDK", Days: 2.5},
		dossiertest.Procedure{Code: "2.000001", Name: "Thủ tục chưa có thời hạn", Field: "Xây dựng", UnitCode: "QLXD"},
	)
}

func importText(t *testing.T, s *Store, name, text string, opt Options) *tabular.Result {
	t.Helper()
	res, err := s.Import(ctx, strings.NewReader(text), name, opt)
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An export as a province's system writes it: title rows, ";" between cells, header
// variants, dates with times, units by name, the procedure code with and without the
// provincial suffix, and a plain "Trực tuyến".
const export = `UBND TỈNH LẠNG SƠN;;;;;;;;
DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 3/2026;;;;;;;;
;;;;;;;;
Số hồ sơ;Mã TTHC;Đơn vị giải quyết;Hình thức nộp;Ngày nộp hồ sơ;Ngày hẹn trả;Ngày kết thúc xử lý;Số lần bổ sung;Ngày yêu cầu bổ sung;Ngày bổ sung;Trạng thái
000.00.06.H37-260302-0001;1.009972;Phòng Quản lý xây dựng;Trực tuyến;02/03/2026 08:15:00;13/03/2026;17/03/2026 16:00;1;05/03/2026;10/03/2026;Đã trả kết quả
000.00.06.H37-260302-0002;1.001776.000.00.00.H37;TTDK;Qua bưu chính công ích;2026-03-02T09:00:00.000+0700;;2026-03-05T10:00:00.000+0700;;;;Đã trả kết quả
000.00.06.H37-260302-0003;1.001776;ttdk;Trực tuyến;02/03/2026;;;0;;;Đang xử lý
000.00.06.H37-260303-0004;1.009972;;Trực tiếp;16:30, 03/03/2026;06/03/2026;09/03/2026;;;;Đã trả kết quả
`

func TestImportExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		res := importText(t, s, "thang3.csv", export, Options{})
		if !res.OK() || res.Created != 4 || res.Rows != 4 {
			t.Fatalf("import: %+v", res)
		}
		want := map[string]string{
			// the example: lùi 3 ngày, hoàn thành trước hạn
			"000.00.06.H37-260302-0001": "QLXD online_full 2026-03-18 early",
			// 2,5 days from Monday, 3 used: late
			"000.00.06.H37-260302-0002": "TTDK postal 2026-03-04 late",
			// the national code finds the provincial one; open
			"000.00.06.H37-260302-0003": "TTDK online_partial 2026-03-04 ",
			// no unit: the procedure's; received at 16:30 on the 3rd
			"000.00.06.H37-260303-0004": "QLXD direct 2026-03-06 late",
		}
		for code, w := range want {
			got, err := s.Get(ctx, all, code)
			if err != nil {
				t.Fatal(err)
			}
			if g := fmt.Sprintf("%s %s %s %s", got.UnitCode, got.Channel, got.DueOn, got.Result); g != w {
				t.Errorf("%s: %s, want %s", code, g, w)
			}
		}
		ex, _ := s.Get(ctx, all, "000.00.06.H37-260302-0001")
		if w := "hẹn trả 13/03/2026, lùi 3 ngày làm việc do chờ bổ sung 05/03–10/03 thành 18/03/2026, hoàn thành 17/03/2026: trước hạn"; ex.Explanation != w {
			t.Errorf("explanation %q, want %q", ex.Explanation, w)
		}
		if ex.Source != "thang3.csv" || ex.SourceRow != 5 || ex.Status != "Đã trả kết quả" {
			t.Errorf("source %s row %d status %q", ex.Source, ex.SourceRow, ex.Status)
		}

		// Importing the same file again changes nothing.
		again := importText(t, s, "thang3.csv", export, Options{})
		if again.Unchanged != 4 || again.Created+again.Updated != 0 || count(t, d, "SELECT COUNT(*) FROM dossiers") != 4 {
			t.Errorf("re-import: %+v", again)
		}
		// Next month's export finishes the open one: one update, traced with before and after.
		next := strings.Replace(export, "02/03/2026;;;0;;;Đang xử lý", "02/03/2026;;04/03/2026;0;;;Đã trả kết quả", 1)
		upd := importText(t, s, "thang4.csv", next, Options{})
		if upd.Updated != 1 || upd.Unchanged != 3 {
			t.Errorf("update: %+v", upd)
		}
		if got, _ := s.Get(ctx, all, "000.00.06.H37-260302-0003"); got.Result != Early {
			t.Errorf("finished in the re-import: result %q, want early", got.Result)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier' AND action = 'update' AND before_json LIKE '%Đang xử lý%'"); n != 1 {
			t.Errorf("%d update audit entries with the record before, want 1", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier' AND action = 'import'"); n != 3 {
			t.Errorf("%d import audit entries, want one per import", n)
		}
		// The daily figures followed the update: the dossier left the open ones.
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
			t.Errorf("daily figures differ from a recount after re-imports: %v %v", err, diff)
		}
	})
}

func TestImportRejectsBadRowsAndWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		rows := []dossiertest.Row{
			{Code: "HS-1", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-2", Procedure: "9.999999", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-3", Procedure: "1.009972", Unit: "XYZ", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-4", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "10/03/2026", Appointment: "13/03/2026", Finished: "09/03/2026"},
			{Code: "HS-5", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "32/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-6", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026", Supplements: -1},
			{Code: "HS-1", Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-8", Procedure: "1.009972", Unit: "QLXD", Channel: "Fax", Received: "02/03/2026", Appointment: "13/03/2026"},
			{Code: "HS-9", Procedure: "2.000001", Unit: "QLXD", Channel: "Trực tiếp", Received: "02/03/2026"},
		}
		for _, dry := range []bool{true, false} {
			res := importText(t, s, "sai.csv", dossiertest.CSV(rows...), Options{DryRun: dry})
			got := make([]string, len(res.Rejected))
			for i, p := range res.Rejected {
				got[i] = p.String()
			}
			want := []string{
				"Dòng 3, cột Mã thủ tục: không có thủ tục mã “9.999999” trong danh mục thủ tục",
				"Dòng 4, cột Đơn vị xử lý: không có đơn vị mã hoặc tên “XYZ”",
				"Dòng 5, cột Ngày hoàn thành: 09/03/2026 trước ngày tiếp nhận 10/03/2026",
				"Dòng 6, cột Ngày tiếp nhận: “32/03/2026” không phải ngày; " + dateHelp,
				"Dòng 7, cột Số lần yêu cầu bổ sung: -1: số lần không được âm",
				"Dòng 8, cột Mã hồ sơ: HS-1 trùng với dòng 2",
				"Dòng 9, cột Kênh tiếp nhận: “Fax” không phải kênh tiếp nhận; dùng Trực tiếp, Bưu chính, Trực tuyến toàn trình hoặc Trực tuyến một phần",
				"Dòng 10, cột Ngày hẹn trả: trống, mà thủ tục 2.000001 chưa có thời hạn giải quyết trong danh mục: không xác định được hạn của hồ sơ",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("dry run %v: rejected\n%s\nwant\n%s", dry, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != 0 {
				t.Errorf("%d dossiers stored from a rejected file", n)
			}
			// The rejected-rows file holds the rejected rows as written, to fix in place.
			var buf bytes.Buffer
			if err := res.WriteRejects(&buf, tabular.CSV); err != nil {
				t.Fatal(err)
			}
			if out := buf.String(); !strings.Contains(out, "HS-8,1.009972,QLXD,Fax") || strings.Contains(out, "HS-9,") == false {
				t.Errorf("rejects file:\n%s", out)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier'"); n != 0 {
			t.Errorf("%d audit entries for a rejected file", n)
		}
	})
}

func TestImportDryRunWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		res := importText(t, s, "thang3.csv", export, Options{DryRun: true})
		if !res.OK() || res.Created != 4 || !strings.HasPrefix(res.Summary(), "Kiểm tra thử 4 hồ sơ: 4 sẽ thêm mới") {
			t.Errorf("dry run: %+v %s", res, res.Summary())
		}
		if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != 0 {
			t.Errorf("dry run stored %d dossiers", n)
		}
	})
}

// A large file is streamed: a bad row far below the header is still reported with
// its own row number and kept for the rejected-rows file; progress is reported.
func TestImportStreamsLargeFiles(t *testing.T) {
	d := dbtest.SQLite(t)
	catalogue(t, d)
	s := NewStore(d, clock)
	var rows []dossiertest.Row
	for i := range 25000 {
		rows = append(rows, dossiertest.Row{Code: fmt.Sprintf("HS-%05d", i), Procedure: "1.009972", Channel: "Trực tiếp",
			Received: "02/03/2026", Appointment: "20/03/2026", Finished: "19/03/2026"})
	}
	var progress []int
	res := importText(t, s, "lon.csv", dossiertest.CSV(rows...), Options{Progress: func(n int) { progress = append(progress, n) }})
	if !res.OK() || res.Created != 25000 || len(res.Changes) != maxChanges {
		t.Fatalf("created %d, %d changes listed, rejected %v", res.Created, len(res.Changes), res.Rejected)
	}
	if fmt.Sprint(progress) != "[10000 20000 25000]" {
		t.Errorf("progress %v", progress)
	}
	rows[24000].Received = "hôm qua"
	res = importText(t, s, "lon.csv", dossiertest.CSV(rows...), Options{})
	if len(res.Rejected) != 1 || res.Rejected[0].Row != 24002 || res.Rows != 25000 {
		t.Fatalf("rejected %v of %d rows", res.Rejected, res.Rows)
	}
	var buf bytes.Buffer
	res.WriteRejects(&buf, tabular.CSV)
	if !strings.Contains(buf.String(), "HS-24000,1.009972,,Trực tiếp,hôm qua") {
		t.Errorf("rejects file lacks the row:\n%s", buf.String())
	}
}

// A file of several batches, with new, changed and unchanged dossiers mixed across
// their edges, comes out as if read and written one row after another: the counts,
// the first maxChanges changes in the order of the file, an audit entry per update,
// daily figures equal to a recount; and with one bad row at its very end, nothing.
func TestImportManyBatchesAsOneFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		s := NewStore(d, clock)
		const n = 3*lookupBatch + 234
		rows := make([]dossiertest.Row, n)
		var stored []dossiertest.Row
		for i := range rows {
			rows[i] = dossiertest.Row{Code: fmt.Sprintf("HS-%05d", i), Procedure: "1.009972", Unit: "QLXD", Channel: "Trực tiếp",
				Received: "02/03/2026", Appointment: "20/03/2026", Finished: "19/03/2026"}
			if i%3 == 0 {
				stored = append(stored, rows[i])
			}
		}
		if res := importText(t, s, "dau.csv", dossiertest.CSV(stored...), Options{}); !res.OK() || res.Created != len(stored) {
			t.Fatalf("first import: %+v", res)
		}
		// Of the stored ones, every other one finishes later in the new export.
		var want []tabular.Change
		created, updated := 0, 0
		for i := range rows {
			action := tabular.Create
			switch {
			case i%6 == 0:
				rows[i].Finished, action = "23/03/2026", tabular.Update
				updated++
			case i%3 == 0:
				continue
			default:
				created++
			}
			want = append(want, tabular.Change{Row: i + 2, Key: rows[i].Code, Action: action})
		}
		file := dossiertest.CSV(rows...)
		for _, dry := range []bool{true, false} {
			res := importText(t, s, "sau.csv", file, Options{DryRun: dry})
			if !res.OK() || res.Rows != n || res.Created != created || res.Updated != updated || res.Unchanged != len(stored)-updated {
				t.Fatalf("dry run %v: %d rows, %d created, %d updated, %d unchanged, rejected %v", dry, res.Rows, res.Created,
					res.Updated, res.Unchanged, res.Rejected)
			}
			if !reflect.DeepEqual(res.Changes, want[:maxChanges]) {
				t.Errorf("dry run %v: changes listed are not the first %d of the file", dry, maxChanges)
			}
		}
		if got := count(t, d, "SELECT COUNT(*) FROM dossiers WHERE finished_on = '2026-03-23'"); got != updated {
			t.Errorf("%d dossiers updated, want %d", got, updated)
		}
		if got := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier' AND action = 'update'"); got != updated {
			t.Errorf("%d update audit entries, want %d", got, updated)
		}
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
			t.Errorf("daily figures differ from a recount: %v %v", err, diff)
		}

		// The same again with new codes and a bad last row: nothing is written.
		before := count(t, d, "SELECT COUNT(*) FROM dossiers")
		for i := range rows {
			rows[i].Code = fmt.Sprintf("HS-B%05d", i)
		}
		rows[n-1].Finished = "01/03/2026"
		res := importText(t, s, "sai.csv", dossiertest.CSV(rows...), Options{})
		if res.OK() || len(res.Rejected) != 1 || res.Rejected[0].Row != n+1 {
			t.Fatalf("rejected %v", res.Rejected)
		}
		if got := count(t, d, "SELECT COUNT(*) FROM dossiers"); got != before {
			t.Errorf("%d dossiers after a rejected file, want %d", got, before)
		}
		if diff, err := s.CheckDaily(ctx); err != nil || len(diff) != 0 {
			t.Errorf("daily figures differ from a recount after a rejected file: %v %v", err, diff)
		}
	})
}

// When the database refuses a write half-way through a file, the import stops
// reading, returns the error and leaves nothing behind.
func TestImportStopsAtAFailedWrite(t *testing.T) {
	d := dbtest.SQLite(t)
	catalogue(t, d)
	if _, err := d.Write().ExecContext(ctx, `CREATE TRIGGER refuse BEFORE INSERT ON dossiers WHEN NEW.code = 'HS-00700'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	var rows []dossiertest.Row
	for i := range 5 * lookupBatch {
		rows = append(rows, dossiertest.Row{Code: fmt.Sprintf("HS-%05d", i), Procedure: "1.009972", Channel: "Trực tiếp",
			Received: "02/03/2026", Appointment: "20/03/2026"})
	}
	read := 0
	_, err := NewStore(d, clock).Import(ctx, strings.NewReader(dossiertest.CSV(rows...)), "hs.csv",
		Options{Progress: func(n int) { read = n }})
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("import: %v", err)
	}
	if read == len(rows) {
		t.Error("the import read the whole file after the write failed")
	}
	if n := count(t, d, "SELECT COUNT(*) FROM dossiers") + count(t, d, "SELECT COUNT(*) FROM dossier_daily"); n != 0 {
		t.Errorf("%d rows left behind", n)
	}
}

func TestImportXLSXWithSerialDatesAndMapping(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		catalogue(t, d)
		f := excelize.NewFile()
		sh := f.GetSheetName(0)
		f.SetSheetRow(sh, "A1", &[]any{"BÁO CÁO HỒ SƠ"})
		f.SetSheetRow(sh, "A3", &[]any{"Mã hồ sơ", "Mã thủ tục", "Kênh tiếp nhận", "Ngày nộp đơn", "Ngày hẹn trả", "Ngày có kết quả", "Thư xin lỗi"})
		// 46083 is 02/03/2026 as Excel counts days.
		f.SetSheetRow(sh, "A4", &[]any{"HS-X1", "1.009972", "Trực tuyến toàn trình", 46083, "05/03/2026", 46087, "Có"})
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		s := NewStore(d, clock)
		if _, err := s.Import(ctx, bytes.NewReader(buf.Bytes()), "hs.xlsx", Options{}); err == nil {
			t.Fatal("a file without a received-date column was accepted")
		} else if fe := (*tabular.FileError)(nil); !errors.As(err, &fe) || !strings.Contains(fe.Reason, "Ngày tiếp nhận") {
			t.Fatalf("error %v does not name the missing column", err)
		}
		res, err := s.Import(ctx, bytes.NewReader(buf.Bytes()), "hs.xlsx", Options{Columns: map[string]string{"Ngày nộp đơn": "Ngày tiếp nhận"}})
		if err != nil || !res.OK() {
			t.Fatalf("import with the mapping: %v %+v", err, res)
		}
		got, err := s.Get(ctx, all, "HS-X1")
		if err != nil {
			t.Fatal(err)
		}
		if got.ReceivedOn.String() != "2026-03-02" || got.FinishedOn.String() != "2026-03-06" || got.Result != Late || !got.Apology {
			t.Errorf("got received %s finished %s %s apology %v", got.ReceivedOn, got.FinishedOn, got.Result, got.Apology)
		}
		if _, err := s.Import(ctx, bytes.NewReader(buf.Bytes()), "hs.xlsx", Options{Columns: map[string]string{"Ngày nộp đơn": "Ngày sinh"}}); err == nil ||
			!strings.Contains(err.Error(), "không có cột “Ngày sinh”") {
			t.Errorf("a mapping to no column: %v", err)
		}
	})
}
