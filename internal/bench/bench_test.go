package bench

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The whole benchmark at a tiny size, so that the command cannot rot unnoticed. It
// checks the report's shape, never a time.
func TestRunTiny(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) }
	rep, err := Run(context.Background(), Config{Units: 5, Staff: 20, Enterprises: 50, Requests: 5, Postgres: "off", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || !strings.HasPrefix(rep.Results[0].Database, "SQLite") {
		t.Fatalf("results: %+v", rep.Results)
	}
	res := rep.Results[0]
	wantRows := []int{5, 20, 50, 50}
	for i, im := range res.Imports {
		if im.Rows != wantRows[i] {
			t.Errorf("%s: %d rows, want %d", im.Label, im.Rows, wantRows[i])
		}
	}
	if res.Pages[0].Matches != 50 {
		t.Errorf("the unfiltered list shows %d enterprises, want 50", res.Pages[0].Matches)
	}
	out := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	if err := rep.WriteFile(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	doc := string(b)
	for _, want := range []string{
		"# Benchmarks", Heading, "Measured 2026-11-26", "go run ./cmd/thidua bench --units 5 --staff 20 --enterprises 50 --requests 5",
		"### SQLite", "| Import | Rows | Time | Rows/s | Peak heap | Allocated |", "| Enterprises (.xlsx), new | 50 |",
		"| Enterprise list | Request | Matches | p50 | p95 | p99 |", "| common words | `/enterprises?q=xay dung` |",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("report lacks %q:\n%s", want, doc)
		}
	}
}

func TestReplaceSectionKeepsOtherSections(t *testing.T) {
	doc := "# Benchmarks\n\nIntro.\n\n## Reports: rendering\n\nOld numbers A.\n\n" + Heading + "\n\nOld numbers B.\n\n## Zeta\n\nC.\n"
	got := ReplaceSection(doc, Heading, Heading+"\n\nNew numbers.\n")
	want := "# Benchmarks\n\nIntro.\n\n## Reports: rendering\n\nOld numbers A.\n\n" + Heading + "\n\nNew numbers.\n\n## Zeta\n\nC.\n"
	if got != want {
		t.Errorf("replaced:\n%s\nwant:\n%s", got, want)
	}
	got = ReplaceSection("# Benchmarks\n\n## Other\n\nX.\n", Heading, Heading+"\n\nNew.\n")
	if want := "# Benchmarks\n\n## Other\n\nX.\n\n" + Heading + "\n\nNew.\n"; got != want {
		t.Errorf("appended:\n%s\nwant:\n%s", got, want)
	}
	if got := ReplaceSection("", Heading, Heading+"\n"); !strings.HasPrefix(got, "# Benchmarks\n") || !strings.HasSuffix(got, Heading+"\n") {
		t.Errorf("new file:\n%s", got)
	}
}

// The fuzz section reads every target's line from scripts/fuzz, and where a target
// failed, the input Go kept.
func TestParseFuzz(t *testing.T) {
	out := "fuzz ./internal/plan FuzzParse: ok, 1234 execs\n" +
		"fuzz ./internal/tabular FuzzReadCSV: FAILED, 56 execs\n" +
		"    --- FAIL: FuzzReadCSV (1.02s)\n" +
		"    Failing input written to testdata/fuzz/FuzzReadCSV/0123abcd\n"
	got := parseFuzz(out)
	want := []FuzzResult{{Package: "./internal/plan", Target: "FuzzParse", OK: true, Execs: 1234},
		{Package: "./internal/tabular", Target: "FuzzReadCSV", Execs: 56, Crash: "internal/tabular/testdata/fuzz/FuzzReadCSV/0123abcd"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseFuzz = %+v, want %+v", got, want)
	}
}

// The documented capacity is the highest rate before the first step that failed,
// and the mix's shares add up to the whole.
func TestLoadCapacityAndMix(t *testing.T) {
	res := LoadResult{Steps: []LoadStep{{Rate: 5, Pass: true}, {Rate: 10, Pass: true}, {Rate: 20}, {Rate: 40, Pass: true}}}
	if got := res.Capacity(); got != 10 {
		t.Errorf("capacity %d, want 10", got)
	}
	if got := (LoadResult{Steps: []LoadStep{{Rate: 5}}}).Capacity(); got != 0 {
		t.Errorf("capacity %d when the first step failed, want 0", got)
	}
	total := 0
	for _, k := range loadKinds {
		total += k.weight
		if loadKindDetail[k.name] == "" {
			t.Errorf("the report does not say what %q asks for", k.name)
		}
	}
	if total != 100 {
		t.Errorf("the mix's shares add up to %d%%", total)
	}
	counts := map[string]int{}
	m := &mix{}
	for seq := range 10000 {
		counts[m.kind(seq).name]++
	}
	for _, k := range loadKinds {
		if got := counts[k.name]; got < k.weight*100-300 || got > k.weight*100+300 {
			t.Errorf("%s: %d of 10,000 requests, want about %d", k.name, got, k.weight*100)
		}
	}
}
