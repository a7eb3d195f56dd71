package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/db"
)

func importCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, now: time.Now}
	code = run(context.Background(), e, append([]string{"import"}, args...))
	return code, out.String(), errOut.String()
}

func countRows(t *testing.T, dbPath, table string) int {
	t.Helper()
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.Read().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportEnterprisesCLI(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "thidua.db")
	good := "Mã số thuế;Tên doanh nghiệp;Lĩnh vực;Loại hình sở hữu\n" +
		"0100109106;Công ty Xây dựng A;Xây dựng;Tư nhân\n" +
		"0300588569;Công ty Vận tải B;\"Giao thông vận tải; Logistics\";Nhà nước\n"
	bad := strings.Replace(good, "0300588569", "0300588568", 1)
	badFile := writeFile(t, filepath.Join(dir, "sai.csv"), bad)
	rejects := filepath.Join(dir, "loi.xlsx")

	code, out, errOut := importCLI(t, "enterprises", badFile, "--db", dbPath, "--rejects", rejects)
	if code != 2 {
		t.Errorf("rejected file: exit code %d, want 2", code)
	}
	for _, want := range []string{
		"Dòng 3, cột Mã số thuế: 0300588568 sai chữ số kiểm tra",
		"Tệp " + badFile + " bị từ chối: 1 trong 2 dòng có lỗi. Không có gì được ghi",
		"Đã ghi 1 dòng bị từ chối, kèm lý do, vào " + rejects,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout of a rejected import: %q", out)
	}
	if n := countRows(t, dbPath, "enterprises"); n != 0 {
		t.Errorf("%d enterprises stored from a rejected file", n)
	}
	f, err := excelize.OpenFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	f.Close()
	if len(rows) != 2 || rows[1][0] != "0300588568" || rows[0][len(rows[0])-1] != "Lý do" ||
		!strings.Contains(rows[1][len(rows[1])-1], "sai chữ số kiểm tra") {
		t.Errorf("rejects file holds %q", rows)
	}

	goodFile := writeFile(t, filepath.Join(dir, "dn.csv"), good)
	code, out, _ = importCLI(t, "enterprises", "--dry-run", goodFile, "--db", dbPath)
	if code != 0 || !strings.Contains(out, "Kiểm tra thử 2 doanh nghiệp: 2 sẽ thêm mới") || countRows(t, dbPath, "enterprises") != 0 {
		t.Errorf("dry run: exit %d, %q, %d stored", code, out, countRows(t, dbPath, "enterprises"))
	}
	code, out, errOut = importCLI(t, "enterprises", goodFile, "--db", dbPath)
	if code != 0 || strings.TrimSpace(out) != "Đã nhập 2 doanh nghiệp: 2 mới, 0 cập nhật, 0 không đổi" {
		t.Errorf("import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = importCLI(t, "enterprises", goodFile, "--db", dbPath)
	if code != 0 || strings.TrimSpace(out) != "Đã nhập 2 doanh nghiệp: 0 mới, 0 cập nhật, 2 không đổi" || countRows(t, dbPath, "enterprises") != 2 {
		t.Errorf("re-import: exit %d, %q", code, out)
	}
}

func TestImportUnitsCLIRejectsFilesItCannotRead(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "thidua.db")
	noKind := writeFile(t, filepath.Join(dir, "donvi.csv"), "Mã đơn vị,Tên đơn vị\nVP,Văn phòng Sở\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"units", noKind, "--db", dbPath}, "Tệp " + noKind + ": thiếu cột “Loại”"},
		{[]string{"units", filepath.Join(dir, "donvi.pdf"), "--db", dbPath}, "chỉ nhận tệp .xlsx hoặc .csv"},
		{[]string{"units", noKind, "--rejects", "loi.txt", "--db", dbPath}, "--rejects"},
		{[]string{"units"}, "thiếu tên tệp"},
		{[]string{"units", noKind, noKind}, "chỉ nhập một tệp"},
		{[]string{"donvi", noKind}, "không có loại danh sách \"donvi\""},
	}
	for _, c := range cases {
		code, _, errOut := importCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("import %q: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if n := countRows(t, dbPath, "units"); n != 0 {
		t.Errorf("%d units stored", n)
	}
	units := writeFile(t, filepath.Join(dir, "dv.csv"), "Mã đơn vị,Tên đơn vị,Loại,Đơn vị cấp trên\nQLXD,Phòng Quản lý xây dựng,Phòng chuyên môn,VP\nVP,Văn phòng Sở,Văn phòng Sở,\n")
	if code, out, errOut := importCLI(t, "units", units, "--db", dbPath); code != 0 || !strings.Contains(out, "Đã nhập 2 đơn vị: 2 mới") {
		t.Errorf("units: exit %d, %q %q", code, out, errOut)
	}
	staff := writeFile(t, filepath.Join(dir, "cb.csv"), "Họ và tên,Giới tính,Đơn vị\nNguyễn Thị Hoa,Nữ,QLXD\n")
	if code, out, errOut := importCLI(t, "staff", staff, "--db", dbPath); code != 0 || !strings.Contains(out, "Đã nhập 1 cán bộ: 1 mới") {
		t.Errorf("staff: exit %d, %q %q", code, out, errOut)
	}
}

// Indicators are imported by tax code and period; a row with a tax code of no known
// enterprise refuses the file, naming the row, and nothing is stored.
func TestImportIndicatorsCLI(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "thidua.db")
	ents := writeFile(t, filepath.Join(dir, "dn.csv"), "Mã số thuế;Tên doanh nghiệp;Lĩnh vực;Loại hình sở hữu\n0100109106;Công ty Xây dựng A;Xây dựng;Tư nhân\n")
	if code, _, errOut := importCLI(t, "enterprises", ents, "--db", dbPath); code != 0 {
		t.Fatalf("enterprises: %d %s", code, errOut)
	}
	head := "Mã số thuế;Năm;Doanh thu (đồng);Lợi nhuận trước thuế (đồng);Nộp ngân sách nhà nước (đồng);Số lao động\n"
	bad := writeFile(t, filepath.Join(dir, "sai.csv"), head+"0100109106;2025;12.500.000.000;-50.000.000;610.000.000;25\n0300588569;2025;1.000;0;0;1\n")
	code, _, errOut := importCLI(t, "indicators", bad, "--db", dbPath)
	if code != 2 || !strings.Contains(errOut, "Dòng 3, cột Mã số thuế: không có doanh nghiệp mang mã số thuế 0300588569") {
		t.Errorf("unknown tax code: exit %d, %q", code, errOut)
	}
	if n := countRows(t, dbPath, "indicators"); n != 0 {
		t.Errorf("%d rows stored from a refused file", n)
	}
	good := writeFile(t, filepath.Join(dir, "dung.csv"), head+"0100109106;2025;12.500.000.000;-50.000.000;610.000.000;25\n")
	if code, out, errOut := importCLI(t, "indicators", good, "--db", dbPath); code != 0 || !strings.Contains(out, "Đã nhập 1 dòng chỉ tiêu: 1 mới") {
		t.Errorf("import: exit %d, %q %q", code, out, errOut)
	}
}
