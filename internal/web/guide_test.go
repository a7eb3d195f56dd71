package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/web"
)

// The user guide's pictures are the pages themselves: each is opened in Chromium by
// the demo account of its role and photographed. With THIDUA_GUIDE_DIR set (to
// internal/web/static/guide) the pictures the guide shows are refreshed; otherwise
// they go to a temporary folder and the test still proves every page of the guide
// opens for its role with its content.
func TestGuideScreenshots(t *testing.T) {
	ctx := browser(t)
	ts := demoSite(t, dbtest.SQLite(t))
	dir := os.Getenv("THIDUA_GUIDE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	users := map[string]string{}
	for _, a := range demo.Accounts("") {
		if _, ok := users[string(a.Role)]; !ok {
			users[string(a.Role)] = a.Username
		}
	}
	current := ""
	for _, g := range web.GuidePages() {
		if users[g.Role] != current {
			if current != "" {
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/login"]`))); err != nil {
					t.Fatalf("log %s out: %v", current, err)
				}
			}
			current = users[g.Role]
			err := chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/login"),
				chromedp.WaitVisible(chromedp.CSS(`#username`)),
				chromedp.SendKeys(chromedp.CSS(`#username`), current),
				chromedp.SendKeys(chromedp.CSS(`#password`), demo.Password),
				chromedp.Submit(chromedp.CSS(`#password`)),
				chromedp.WaitVisible(chromedp.CSS(`nav.main`)),
			)
			if err != nil {
				t.Fatalf("log in as %s: %v", current, err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+g.Path), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
			t.Fatalf("%s as %s: %v", g.Path, current, err)
		}
		heading := pageText(t, ctx, "main h1")
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot of %s: %v", g.Path, err)
		}
		if strings.TrimSpace(heading) == "" || strings.Contains(heading, "Không") || len(shot) < 5000 {
			t.Errorf("%s as %s: heading %q, screenshot of %d bytes", g.Path, current, heading, len(shot))
		}
		if err := os.WriteFile(filepath.Join(dir, g.Image+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
