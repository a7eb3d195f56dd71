package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// calendarCLI runs thidua with args against the database file dbPath and returns
// the exit code, stdout and stderr.
func calendarCLI(t *testing.T, dbPath string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		now: func() time.Time { return time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC) }}
	code := run(context.Background(), e, append(append([]string{"calendar"}, args...), "--db", dbPath))
	return code, out.String(), errOut.String()
}

func TestCalendarAddPrintsTheDate(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"add", "2026-06-08", "15"}, "2026-06-29\n"},
		{[]string{"add", "2026-04-29", "1"}, "2026-05-04\n"}, // over 30/4, 1/5 and the weekend
		{[]string{"add", "13/02/2026", "1"}, "2026-02-23\n"}, // over Tết, typed dd/mm/yyyy
		{[]string{"add", "2026-05-04", "-1"}, "2026-04-29\n"},
	}
	for _, c := range cases {
		code, out, errOut := calendarCLI(t, dbPath, c.args...)
		if code != 0 || out != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %q", c.args, code, out, errOut, c.want)
		}
	}
}

func TestCalendarAddExplain(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	code, out, _ := calendarCLI(t, dbPath, "add", "--explain", "2026-08-31", "3")
	want := "2026-09-07\n3 ngày làm việc từ 31/08/2026, trừ 2 ngày cuối tuần và 2 ngày nghỉ lễ: " +
		"02/09/2026 (Quốc khánh), 03/09/2026 (Quốc khánh) → 07/09/2026\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
}

// Overrides recorded with set change what add and holidays print; unset takes
// them back.
func TestCalendarOverridesChangeResults(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	if code, out, errOut := calendarCLI(t, dbPath, "set", "2026-06-10", "--off", "--name", "Nghỉ theo thông báo"); code != 0 || !strings.Contains(out, "10/06/2026") {
		t.Fatalf("set: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, _ := calendarCLI(t, dbPath, "set", "2026-06-13", "--work", "--name", "Làm bù"); code != 0 {
		t.Fatalf("set --work: exit %d", code)
	}
	// Monday 8/6 + 5: Tue 9, Thu 11, Fri 12, Sat 13 (working), Mon 15.
	if _, out, _ := calendarCLI(t, dbPath, "add", "2026-06-08", "5"); out != "2026-06-15\n" {
		t.Errorf("add with overrides = %q, want 2026-06-15", out)
	}
	_, out, _ := calendarCLI(t, dbPath, "holidays", "2026")
	if !strings.Contains(out, "2026-06-10  Nghỉ theo thông báo") || strings.Contains(out, "2026-06-13") {
		t.Errorf("holidays 2026 with overrides:\n%s", out)
	}
	_, out, _ = calendarCLI(t, dbPath, "overrides", "2026")
	if out != "2026-06-10  nghỉ      Nghỉ theo thông báo\n2026-06-13  làm việc  Làm bù\n" {
		t.Errorf("overrides 2026:\n%s", out)
	}
	if code, _, errOut := calendarCLI(t, dbPath, "unset", "2026-06-10"); code != 0 {
		t.Fatalf("unset: exit %d, %s", code, errOut)
	}
	if _, out, _ := calendarCLI(t, dbPath, "add", "2026-06-08", "5"); out != "2026-06-13\n" {
		t.Errorf("add after unset = %q, want 2026-06-13 (the working Saturday remains)", out)
	}
	code, _, errOut := calendarCLI(t, dbPath, "unset", "2026-06-10")
	if code != 1 || !strings.Contains(errOut, "Lỗi: Ngày 10/06/2026 không có điều chỉnh nào") {
		t.Errorf("second unset: exit %d, stderr %q", code, errOut)
	}
}

func TestCalendarHolidays(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	code, out, _ := calendarCLI(t, dbPath, "holidays", "2027")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var dates []string
	for _, l := range lines {
		dates = append(dates, strings.Fields(l)[0])
	}
	want := "2027-01-01 2027-02-05 2027-02-06 2027-02-07 2027-02-08 2027-02-09 2027-02-10 2027-02-11 " +
		"2027-04-16 2027-04-30 2027-05-01 2027-05-03 2027-09-02 2027-09-03"
	if strings.Join(dates, " ") != want {
		t.Errorf("holiday dates 2027:\n%s\nwant %s", out, want)
	}
	if lines[11] != "2027-05-03  Nghỉ bù Ngày Quốc tế Lao động" || lines[10] != "2027-05-01  Ngày Quốc tế Lao động — Thứ Bảy" {
		t.Errorf("lines for 1/5 and its nghỉ bù: %q, %q", lines[10], lines[11])
	}
}

func TestCalendarLunar(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	for in, want := range map[string]string{
		"2026-02-17": "01/01/2026\n",
		"2025-07-25": "01/06/2025 nhuận\n",
		"1985-01-21": "01/01/1985\n",
	} {
		if code, out, _ := calendarCLI(t, dbPath, "lunar", in); code != 0 || out != want {
			t.Errorf("lunar %s: exit %d, %q; want %q", in, code, out, want)
		}
	}
}

// Bad input exits 1 with a Vietnamese message that names the argument at fault.
func TestCalendarRejectsBadInput(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "t.db")
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"add", "2026-13-01", "15"}, []string{"NGÀY", `"2026-13-01"`, "YYYY-MM-DD"}},
		{[]string{"add", "2026-06-08", "mười"}, []string{"SỐ_NGÀY", `"mười"`}},
		{[]string{"add", "2026-06-08"}, []string{"NGÀY và SỐ_NGÀY"}},
		{[]string{"holidays", "20x7"}, []string{"NĂM", `"20x7"`}},
		{[]string{"set", "2026-06-10", "--name", "Nghỉ"}, []string{"--off", "--work"}},
		{[]string{"set", "2026-06-10", "--off"}, []string{"--name", "Tên ngày không được để trống"}},
		{[]string{"frobnicate"}, []string{`"frobnicate"`}},
	}
	for _, c := range cases {
		code, out, errOut := calendarCLI(t, dbPath, c.args...)
		if code != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want exit 1 and nothing printed", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) || !strings.HasPrefix(errOut, "Lỗi: ") {
				t.Errorf("%v: stderr %q should start with \"Lỗi: \" and mention %s", c.args, errOut, w)
			}
		}
	}
	if _, out, _ := calendarCLI(t, dbPath, "overrides", "2026"); out != "" {
		t.Errorf("rejected set stored something: %q", out)
	}
}
