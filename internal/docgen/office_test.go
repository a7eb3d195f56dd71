package docgen

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
)

// office finds LibreOffice, or skips loudly (fails under THIDUA_REQUIRE_OFFICE=1,
// which CI sets after installing it from Debian's packages).
func office(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("THIDUA_REQUIRE_OFFICE") == "1" {
		t.Fatal("LibreOffice (soffice) required by THIDUA_REQUIRE_OFFICE=1 but not installed")
	}
	t.Skip("SKIPPING: LibreOffice (soffice) is not installed, so the .docx files were not opened by an office suite; install libreoffice-writer or set THIDUA_REQUIRE_OFFICE=1 to make this a failure")
	return ""
}

// longReport is the sample report with enough rows to reach page 2, where the
// page number must appear.
func longReport() Document {
	d := sampleReport()
	tbl := d.Body[5].(Table)
	for i := 3; i <= 60; i++ {
		tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(i), "Đơn vị số " + strconv.Itoa(i), strconv.Itoa(100 + i), "98,00"})
	}
	d.Body[5] = tbl
	return d
}

// TestOfficeConvertsEveryKind opens a report, a decision and an apology letter in
// LibreOffice and prints them to PDF: a file Word or LibreOffice refuses fails here.
func TestOfficeConvertsEveryKind(t *testing.T) {
	soffice := office(t)
	dir := t.TempDir()
	apology, err := ApologyLetter(sampleApology())
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]Document{
		"bao-cao": longReport(),
		"quyet-dinh": {
			Issuer: issuer, Type: Decision, Number: "125/QĐ-SXD", Place: "Lạng Sơn", Date: calendar.NewDate(2026, 11, 26),
			Summary: "Về việc khen thưởng", Body: []Block{Paragraph{Text: tricky}}, Signer: signer,
		},
		"phieu-xin-loi": apology,
	}
	var files []string
	for name, d := range docs {
		f := filepath.Join(dir, name+".docx")
		out, err := os.Create(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Render(out, d); err != nil {
			t.Fatal(err)
		}
		out.Close()
		files = append(files, f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A profile of its own, so the test neither touches nor waits for a user's
	// running LibreOffice.
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name := range docs {
		pdf, err := os.ReadFile(filepath.Join(dir, name+".pdf"))
		if err != nil || len(pdf) < 1000 || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("%s: no usable PDF (%d bytes, %v)", name, len(pdf), err)
		}
	}
	checkPageNumbers(t, filepath.Join(dir, "bao-cao.pdf"))
}

// checkPageNumbers reads the printed report back when poppler's pdftotext is at
// hand: Vietnamese text survives, page 1 carries no number and page 2 starts with "2".
func checkPageNumbers(t *testing.T, pdf string) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: page numbers in the PDF not checked")
		return
	}
	page := func(n string) string {
		out, err := exec.Command("pdftotext", "-f", n, "-l", n, "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %s: %v", n, err)
		}
		return string(out)
	}
	one, two := page("1"), page("2")
	if !strings.Contains(one, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || !strings.Contains(one, "Lạng Sơn, ngày 05 tháng 02 năm 2026") {
		t.Errorf("page 1 text lost its Vietnamese:\n%s", one)
	}
	if first := strings.Fields(one); len(first) > 0 && first[0] == "1" {
		t.Error("page 1 shows a page number")
	}
	if first := strings.Fields(two); len(first) == 0 || first[0] != "2" {
		t.Errorf("page 2 does not start with its number:\n%.300s", two)
	}
}
