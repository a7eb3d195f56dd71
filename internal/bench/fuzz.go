package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// FuzzHeading opens the fuzzing section of docs/BENCHMARKS.md.
const FuzzHeading = "## Fuzzing: importers and the plan file parser"

// FuzzResult is one fuzz target's run.
type FuzzResult struct {
	Package, Target string
	OK              bool
	Execs           int
	Crash           string // where Go wrote the failing input, when it failed
}

// fuzzLine is the line scripts/fuzz prints per target.
var (
	fuzzLine  = regexp.MustCompile(`^fuzz (\S+) (Fuzz\w+): (ok|FAILED), (\d+) execs$`)
	crashFile = regexp.MustCompile(`Failing input written to (\S+)`)
)

// runFuzz runs scripts/fuzz for cfg.FuzzTime a target from the source tree the
// command runs in: fuzzing needs the Go toolchain and the tests, which a deployed
// binary has neither of, and then says so.
func runFuzz(ctx context.Context, cfg Config, rep *Report) error {
	script, err := fuzzScript()
	if err != nil {
		fmt.Fprintf(cfg.Progress, "Bỏ qua fuzzing: %v\n", err)
		rep.FuzzNotes = append(rep.FuzzNotes, fmt.Sprintf("Fuzzing was not run: %v.", err))
		return nil
	}
	fmt.Fprintf(cfg.Progress, "Fuzzing: mỗi đích %v…\n", cfg.FuzzTime)
	cmd := exec.CommandContext(ctx, script, cfg.FuzzTime.String())
	cmd.Dir = filepath.Dir(filepath.Dir(script))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	err = cmd.Run()
	rep.FuzzElapsed = time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return fmt.Errorf("fuzz: %w", err)
	}
	rep.Fuzz = parseFuzz(out.String())
	for _, f := range rep.Fuzz {
		fmt.Fprintf(cfg.Progress, "%s %s: %d lần chạy, %s\n", f.Package, f.Target, f.Execs, map[bool]string{true: "không lỗi", false: "LỖI " + f.Crash}[f.OK])
	}
	if len(rep.Fuzz) == 0 {
		return fmt.Errorf("fuzz: scripts/fuzz ran no target:\n%s", out.String())
	}
	return nil
}

// fuzzScript finds scripts/fuzz in the working directory or a parent, next to the
// go.mod of thidua, and checks that go is installed.
func fuzzScript() (string, error) {
	if _, err := exec.LookPath("go"); err != nil {
		return "", errors.New("the Go toolchain is not installed")
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module github.com/thidua/thidua\n")) {
			script := filepath.Join(dir, "scripts", "fuzz")
			if _, err := os.Stat(script); err != nil {
				return "", errors.New("the source tree has no scripts/fuzz")
			}
			return script, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not run from thidua's source tree")
		}
		dir = parent
	}
}

// parseFuzz reads the targets' lines, and the crashing input's path that follows a
// failed one.
func parseFuzz(out string) []FuzzResult {
	var res []FuzzResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if m := fuzzLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[4])
			res = append(res, FuzzResult{Package: m[1], Target: m[2], OK: m[3] == "ok", Execs: n})
			continue
		}
		if m := crashFile.FindStringSubmatch(line); m != nil && len(res) > 0 && !res[len(res)-1].OK {
			last := &res[len(res)-1]
			last.Crash = filepath.ToSlash(filepath.Join(last.Package, m[1]))
		}
	}
	return res
}

// FuzzMarkdown is the fuzzing section of docs/BENCHMARKS.md.
func (r *Report) FuzzMarkdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", FuzzHeading)
	fmt.Fprintf(&b, "Run %s on %s.\n\n", r.Date.Format("2006-01-02"), r.Machine)
	b.WriteString("Every importer (units, staff, enterprises, procedures, dossiers, indicators, ratings), the spreadsheet " +
		"reader under them (.csv and .xlsx) and the plan file parser have a `FuzzXxx` target next to them, seeded with the " +
		"files of their tests and the shipped plan. Each checks that nothing panics and that the outcome makes sense: a " +
		"whole-file error with a readable reason, or one verdict per row with every rejection on a row of the file, and what " +
		"is accepted validates again unchanged (enterprises, units, staff, procedures), reads back the same when written " +
		"out (.csv rows, indicators as the pages write them, dossiers as an export with dd/mm/yyyy dates, the plan as the " +
		"store keeps it). `go test` runs the seeds and every input that once failed (`testdata/fuzz/`) as plain tests; " +
		"`scripts/test` also fuzzes each target for a few seconds. Here each ran for " + r.Config.FuzzTime.String() +
		" (execs count the inputs tried after the baseline; shrinking new inputs takes part of the time).\n\n")
	b.WriteString("Rerun (needs the Go toolchain, from the source tree):\n\n")
	fmt.Fprintf(&b, "    go run ./cmd/thidua bench --only fuzz --fuzz-time %v\n\n", r.Config.FuzzTime)
	if len(r.Fuzz) > 0 {
		b.WriteString("| Package | Target | Execs | Outcome |\n|---|---|--:|---|\n")
		crashes := 0
		for _, f := range r.Fuzz {
			outcome := "no crash"
			if !f.OK {
				crashes++
				outcome = "**failed**, input in `" + f.Crash + "`"
			}
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s |\n", f.Package, f.Target, num(f.Execs), outcome)
		}
		fmt.Fprintf(&b, "\n%d targets in %v; %d new failing inputs.\n\n", len(r.Fuzz), r.FuzzElapsed.Round(time.Second), crashes)
	}
	for _, n := range r.FuzzNotes {
		b.WriteString(n + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
