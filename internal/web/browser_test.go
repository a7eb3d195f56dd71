package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// browser starts headless Chromium for one test, or skips (fails under
// THIDUA_REQUIRE_BROWSER=1) when none is installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("THIDUA_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if os.Getenv("THIDUA_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium required (THIDUA_REQUIRE_BROWSER=1) but not found: install Debian's chromium package")
		}
		t.Skip("Chromium not found, skipping browser test (install Debian's chromium package)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// screenshot saves the page to $THIDUA_SCREENSHOTS/name.png when that is set, so
// that people can look at what the tests saw.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("THIDUA_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}

// browserLogin signs in through the login form.
func browserLogin(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), username),
		chromedp.SendKeys(chromedp.CSS(`#password`), "mat-khau-"+username),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.main`)),
	)
	if err != nil {
		t.Fatalf("log in as %s: %v", username, err)
	}
}

func TestBrowserLoginAndPlan(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, dbtestSQLite(t))
	browserLogin(t, ctx, s.URL, "vanphong")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/plan")); err != nil {
		t.Fatal(err)
	}
	heading := pageText(t, ctx, "h1")
	body := pageText(t, ctx, "main")
	screenshot(t, ctx, "plan")
	for _, want := range []string{"KẾ HOẠCH", "Phát triển mạnh doanh nghiệp tư nhân"} {
		if !contains(heading, want) {
			t.Errorf("plan heading %q lacks %q", heading, want)
		}
	}
	for _, want := range []string{"MỤC ĐÍCH, YÊU CẦU", "Thi đua đổi mới tư duy quản lý nhà nước", "Thi đua chăm lo người lao động",
		"GIẢI PHÁP THỰC HIỆN", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt từ 98% trở lên",
		"Giai đoạn 1", "01/07/2028", "TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG", "Phòng Kế hoạch - Tài chính",
		"19/05/2028", "Trần Văn Vương"} {
		if !contains(body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/calendar?year=2026")); err != nil {
		t.Fatal(err)
	}
	cal := pageText(t, ctx, "main")
	screenshot(t, ctx, "calendar")
	for _, want := range []string{"Giỗ Tổ Hùng Vương", "27/04/2026", "Tết Nguyên đán", "1/1"} {
		if !contains(cal, want) {
			t.Errorf("calendar page lacks %q", want)
		}
	}
}

// pageText is the visible text of the first element matching a CSS selector.
func pageText(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("read %s: %v", css, err)
	}
	return txt
}

// The office imports enterprises from an Excel file through the page: a dry run
// first, then the real import, then finds one by searching without accents.
func TestBrowserImportEnterprises(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, dbtestSQLite(t))
	f := excelize.NewFile()
	rows := [][]any{
		{"DANH SÁCH DOANH NGHIỆP NGÀNH XÂY DỰNG"},
		{},
		{"Mã số thuế", "Tên doanh nghiệp", "Lĩnh vực", "Loại hình sở hữu", "Địa chỉ", "Người đại diện", "Số lao động"},
		{"0100109106", "Công ty TNHH Xây dựng Hoàng Long", "Xây dựng; Vật liệu xây dựng", "Tư nhân", "Số 5 Bà Triệu, Lạng Sơn", "Nguyễn Văn An", 45},
		{"0300588569", "Công ty Cổ phần Vận tải Kỳ Lừa", "Giao thông vận tải", "Nhà nước", "Đồng Đăng", "Trần Thị Bình", 120},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	path := filepath.Join(t.TempDir(), "doanh-nghiep.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, s.URL, "vanphong")
	err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/import/enterprises"),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{path}),
		chromedp.Submit(chromedp.CSS(`#file`)),
		chromedp.WaitVisible(chromedp.CSS(`main p[role=status]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := pageText(t, ctx, `main p[role=status]`); !contains(got, "Kiểm tra thử 2 doanh nghiệp: 2 sẽ thêm mới") {
		t.Fatalf("dry run says %q", got)
	}
	// A fresh form, so that waiting for the result cannot find the dry run's.
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/import/enterprises"),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{path}),
		chromedp.Click(chromedp.CSS(`input[name=dry_run]`)),
		chromedp.Submit(chromedp.CSS(`#file`)),
		chromedp.WaitVisible(chromedp.CSS(`main p[role=status]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "import-enterprises")
	if got := pageText(t, ctx, `main p[role=status]`); !contains(got, "Đã nhập 2 doanh nghiệp: 2 mới") {
		t.Fatalf("import says %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/enterprises?q=van+tai+ky+lua")); err != nil {
		t.Fatal(err)
	}
	list := pageText(t, ctx, "main table")
	if !contains(list, "Công ty Cổ phần Vận tải Kỳ Lừa") || contains(list, "Hoàng Long") {
		t.Fatalf("search without accents found %q", list)
	}
}

// A unit's account is refused another unit's deployment form, in the browser too.
func TestBrowserUnitRefusedOtherUnit(t *testing.T) {
	ctx := browser(t)
	d := dbtestSQLite(t)
	s := newSite(t, d)
	browserLogin(t, ctx, s.URL, "qlxd")
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/deployments/"+unitID(t, d, "TTDK"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "refused")
	if h := pageText(t, ctx, "h1"); h != "Không có quyền" {
		t.Fatalf("another unit's page shows %q", h)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/deployments/"+unitID(t, d, "QLXD"))); err != nil {
		t.Fatal(err)
	}
	if h := pageText(t, ctx, "h1"); !contains(h, "Phòng Quản lý xây dựng") {
		t.Fatalf("own unit's form shows %q", h)
	}
}

// At phone width every main page fits the screen: nothing scrolls sideways except
// inside a table's own scroll box.
func TestBrowserPhoneWidth(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, dbtestSQLite(t))
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740)); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, s.URL, "vanphong")
	for _, path := range []string{"/dashboard", "/plan", "/targets", "/units", "/enterprises", "/deployments", "/registrations", "/calendar", "/import/enterprises",
		"/inspections", "/inspections/new", "/inspection-actions", "/outreach", "/outreach/new", "/articles"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+path)); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if over {
			screenshot(t, ctx, "phone"+strings.ReplaceAll(path, "/", "-"))
			t.Errorf("%s is wider than a phone screen", path)
		}
	}
	screenshot(t, ctx, "phone-import")
}
