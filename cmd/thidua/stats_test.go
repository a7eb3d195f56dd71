package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, stdin: strings.NewReader(""),
		now: func() time.Time { return time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC) }}
	code = run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

// dossierDB makes a database with a catalogue of two procedures of two units.
func dossierDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "thidua.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dossiertest.Add(t, d,
		dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Hoạt động xây dựng", UnitCode: "QLXD", Days: 15},
		dossiertest.Procedure{Code: "1.002861", Name: "Cấp giấy phép kinh doanh vận tải", Field: "Đường bộ", UnitCode: "QLVT", Days: 5})
	return path
}

var marchDossiers = []dossiertest.Row{
	{Code: "HS-1", Procedure: "1.009972", Channel: "Trực tuyến toàn trình", Received: "02/03/2026", Appointment: "13/03/2026", Finished: "12/03/2026"},
	{Code: "HS-2", Procedure: "1.009972", Channel: "Trực tiếp", Received: "02/03/2026", Appointment: "13/03/2026", Finished: "16/03/2026", Apology: true},
	{Code: "HS-3", Procedure: "1.002861", Channel: "Bưu chính", Received: "25/02/2026", Appointment: "04/03/2026"},
	{Code: "HS-4", Procedure: "1.002861", Channel: "Trực tuyến một phần", Received: "30/03/2026", Appointment: "06/04/2026"},
}

func TestStatsDossiersCLI(t *testing.T) {
	dbPath := dossierDB(t)
	file := writeFile(t, filepath.Join(t.TempDir(), "hs.csv"), dossiertest.CSV(marchDossiers...))
	if code, out, errOut := cli(t, "import", "dossiers", file, "--dry-run", "--db", dbPath); code != 0 ||
		!strings.Contains(out, "Kiểm tra thử 4 hồ sơ") || countRows(t, dbPath, "dossiers") != 0 {
		t.Fatalf("dry run: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := cli(t, "import", "dossiers", file, "--db", dbPath); code != 0 || !strings.Contains(out, "Đã nhập 4 hồ sơ: 4 mới") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}

	code, out, errOut := cli(t, "stats", "dossiers", "--from", "2026-03-01", "--to", "31/03/2026", "--json", "--db", dbPath)
	if code != 0 {
		t.Fatalf("stats: %d %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"carried_over", "late_with_apology", "late_without_apology", "on_time_rate", "open_overdue", "open_total",
		"open_within", "received_direct", "received_online", "received_total", "resolved_early", "resolved_late",
		"resolved_on_time", "resolved_total"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %v, want exactly %v", keys, want)
	}
	// HS-3 came from February and is still open past 04/03; HS-4 is open and not due.
	figures := fmt.Sprint(got["carried_over"], got["received_total"], got["resolved_early"], got["resolved_late"], got["late_with_apology"],
		got["open_within"], got["open_overdue"], got["on_time_rate"])
	if figures != "1 3 1 1 1 1 1 50" {
		t.Errorf("carried, received, early, late, late with apology, within, overdue, rate = %s", figures)
	}

	code, out, _ = cli(t, "stats", "dossiers", "--from", "2026-03-01", "--to", "2026-03-31", "--unit", "QLVT", "--json", "--db", dbPath)
	if code != 0 || !strings.Contains(out, `"received_total": 1,`) || !strings.Contains(out, `"on_time_rate": null`) {
		t.Errorf("one unit: %d %s", code, out)
	}
	code, out, _ = cli(t, "stats", "dossiers", "--from", "2026-03-01", "--to", "2026-03-31", "--by-unit", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "Tỷ lệ giải quyết đúng hạn        50,00%") || !strings.Contains(out, "QLVT — Đơn vị QLVT") {
		t.Errorf("table: %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"--from", "2026-03-31", "--to", "2026-03-01"},
		{"--from", "2026-03-01"},
		{"--from", "2026-02-30", "--to", "2026-03-01"},
		{"--from", "2026-03-01", "--to", "2026-03-31", "--unit", "KHONGCO"},
	} {
		code, _, errOut := cli(t, append([]string{"stats", "dossiers", "--db", dbPath}, bad...)...)
		if code != 2 || !strings.HasPrefix(errOut, "Lỗi: ") {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errOut)
		}
	}
}

func TestImportDossiersCLIMapsHeadersAndShowsProgress(t *testing.T) {
	dbPath := dossierDB(t)
	var rows []dossiertest.Row
	for i := range 12000 {
		rows = append(rows, dossiertest.Row{Code: fmt.Sprintf("HS-%05d", i), Procedure: "1.009972", Channel: "Trực tiếp",
			Received: "02/03/2026", Appointment: "13/03/2026"})
	}
	text := strings.Replace(dossiertest.CSV(rows...), "Ngày tiếp nhận", "Ngày nộp đơn", 1)
	file := writeFile(t, filepath.Join(t.TempDir(), "hs.csv"), text)
	if code, _, errOut := cli(t, "import", "dossiers", file, "--db", dbPath); code != 2 || !strings.Contains(errOut, "thiếu cột “Ngày tiếp nhận”") {
		t.Fatalf("without --map: %d %q", code, errOut)
	}
	code, out, errOut := cli(t, "import", "dossiers", file, "--map", "Ngày nộp đơn=Ngày tiếp nhận", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "Đã nhập 12000 hồ sơ") {
		t.Fatalf("with --map: %d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "\rĐã đọc 10000 dòng…\rĐã đọc 12000 dòng…\n") {
		t.Errorf("progress on stderr: %q", errOut)
	}
	// Option errors end the import command as its other options do.
	if code, _, errOut := cli(t, "import", "dossiers", file, "--map", "Ngày nộp đơn", "--db", dbPath); code == 0 || !strings.Contains(errOut, "--map cần dạng") {
		t.Errorf("a bad --map: %d %q", code, errOut)
	}
	if code, _, errOut := cli(t, "import", "units", file, "--map", "A=B", "--db", dbPath); code == 0 || !strings.Contains(errOut, "Lỗi: không có tùy chọn -map") {
		t.Errorf("--map for units: %d %q", code, errOut)
	}
}
