package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/plan"
)

// The office renders the year's report from the command line: a Word document it can
// open, with the targets; a wrong type or year says what to write instead.
func TestReportRender(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "thidua.db")
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.LoadEmbedded(context.Background(), plan.NewStore(d, time.Now)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	out := filepath.Join(dir, "bao-cao-2026.docx")
	code, stdout, stderr := runCmd(t, "", "report", "render", "--type", "annual", "--year", "2026", "--out", out, "--db", dbPath)
	if code != 0 || !strings.Contains(stdout, "Đã lập") {
		t.Fatalf("render: %d %s %s", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a .docx: %v", err)
	}
	f, _ := zr.Open("word/document.xml")
	x, _ := io.ReadAll(f)
	for _, want := range []string{"BÁO CÁO", "Kết quả năm 2026", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "T1. ", "Cuộc kiểm tra đã có kết luận"} {
		if !strings.Contains(string(x), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if code, _, stderr := runCmd(t, "", "report", "render", "--type", "quarterly", "--out", out, "--db", dbPath); code != 2 || !strings.Contains(stderr, "so-ket, tong-ket hoặc annual") {
		t.Errorf("unknown type: %d %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "", "report", "render", "--type", "annual", "--year", "2035", "--out", out, "--db", dbPath); code != 2 || !strings.Contains(stderr, "2026–2030") {
		t.Errorf("year outside the movement: %d %s", code, stderr)
	}
}
