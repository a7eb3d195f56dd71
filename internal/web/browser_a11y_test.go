package web_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeResult is what axe-core reports of one rule the page breaks.
type axeResult struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun checks the open page against WCAG 2.1 A and AA with axe-core, which the
// test injects through the DevTools protocol: the page's CSP allows no inline
// script, and the file is in testdata, never served.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
  .then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\n').slice(1, 2).join(''))}))}))`

// Every public page passes axe-core's WCAG 2.1 AA checks without a serious or
// critical violation, on a site with the demo's data.
func TestBrowserPublicAccessibility(t *testing.T) {
	ctx := browser(t)
	axe, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is vendored in testdata: %v", err)
	}
	ts := demoSite(t, dbtestSQLite(t))
	_, _, answers := fetch(t, ts.URL, "/answers")
	answer := regexp.MustCompile(`/answers/\d+`).FindString(string(answers))
	pages := []string{"/", "/public/procedures", "/public/procedures?q=xay+dung&level=partial", "/public/statistics", "/public/dialogues",
		"/answers", answer, "/open-data", "/petitions/send", "/petitions/track", "/login", "/exemplary"}
	for _, path := range pages {
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
		if found.Passes == 0 {
			t.Fatalf("axe-core checked nothing on %s", path)
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
		screenshot(t, ctx, "public"+strings.NewReplacer("/", "-", "?", "-", "&", "-", "=", "-", "+", "-").Replace(path))
	}
	// At phone width nothing scrolls sideways but a table inside its own box.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740)); err != nil {
		t.Fatal(err)
	}
	for _, path := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+path)); err != nil {
			t.Fatal(err)
		}
		over, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil {
			t.Fatal(err)
		}
		if over {
			t.Errorf("%s is wider than a phone screen", path)
		}
	}
}
