package web_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/thidua/thidua/internal/demo"
)

// The award pages the office works in pass axe-core's WCAG 2.1 AA checks without a
// serious or critical violation, on the demo's year of awards.
func TestBrowserAwardPagesAccessibility(t *testing.T) {
	ctx := browser(t)
	axe, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is vendored in testdata: %v", err)
	}
	ts := demoSite(t, dbtestSQLite(t))
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/login"), chromedp.WaitVisible(chromedp.CSS(`#username`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "vanphong"), chromedp.SendKeys(chromedp.CSS(`#password`), demo.Password),
		chromedp.Submit(chromedp.CSS(`#password`)), chromedp.WaitVisible(chromedp.CSS(`nav.main`))); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/awards", "/awards/eligibility?year=2026&unit=QLXD", "/awards/assessments/1", "/awards/councils/1",
		"/awards/rules", "/awards/ratings?year=2026", "/awards/nominations?year=2026", "/awards/rubrics/new?year=2026&audience=units", "/awards/rubrics/1"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"\n;true")); err != nil {
			t.Fatalf("inject axe-core into %s: %v", path, err)
		}
		found, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Passes     int
			Violations []axeResult
		}](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe-core on %s: %v", path, err)
		}
		t.Logf("%s: %d rules passed, %d broken", path, found.Passes, len(found.Violations))
		for _, v := range found.Violations {
			msg := fmt.Sprintf("%s: %s (%s, %s): %s", path, v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "; "))
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
}
