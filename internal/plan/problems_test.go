package plan

import (
	"slices"
	"strings"
	"testing"
)

// lineOf is the 1-based line of the first line of text containing s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line contains %q", s)
	return 0
}

// Each case breaks the shipped plan in one way, the way a person editing it might,
// and names the problem the person must be shown: where, and what.
func TestProblemsPointAtTheLine(t *testing.T) {
	cases := []struct {
		name     string
		old, new string // replace the first old with new
		at       string // text of the line the problem must point at
		path     string
		message  string
	}{
		{"date not YYYY-MM-DD", "end: 2028-06-30", "end: 30/06/2028", "end: 30/06/2028",
			"phases[1].end", "YYYY-MM-DD"},
		{"date that does not exist", "start: 2028-07-01", "start: 2028-02-30", "start: 2028-02-30",
			"phases[2].start", "không có thật"},
		{"unknown key", "    per_year: 1\n", "    per_year: 1\n    weight: 2\n", "weight: 2",
			"targets[4].weight", "không có khóa “weight”"},
		{"duplicated target code", "code: T4", "code: T2 # copied", "code: T2 # copied",
			"targets[4].code", "mã T2 đã dùng"},
		{"overlapping phases", "start: 2028-07-01", "start: 2028-06-15", "start: 2028-06-15",
			"phases[2].start", "chồng lên nhau"},
		{"cut-off after due date", "cutoff: 2028-04-30", "cutoff: 2028-05-20", "cutoff: 2028-05-20",
			"reports[1].cutoff", "phải trước hạn nộp 19/05/2028"},
		{"threshold out of range", "threshold: 98", "threshold: 980", "threshold: 980",
			"targets[2].threshold", "ngưỡng phải từ 0 đến 100"},
		{"unknown measure", "measure: dialogues_held", "measure: meetings", "measure: meetings",
			"targets[4].measure", "không có cách tính \"meetings\""},
		{"unknown target kind", "kind: ratio", "kind: percent", "kind: percent",
			"targets[2].kind", "loại chỉ tiêu phải là"},
		{"phase outside the movement", "end: 2030-12-31\n    description", "end: 2031-06-30\n    description", "end: 2031-06-30",
			"phases[2].end", "nằm ngoài thời gian phong trào"},
		{"missing signer", "  name: Trần Văn Vương\n", "", "signer:",
			"signer.name", "thiếu họ tên người ký"},
		{"content code outside its group", "code: II.2.b", "code: II.3.b", "code: II.3.b",
			"contents[2].items[2].code", "phải bắt đầu bằng mã nhóm II.2"},
	}
	good := string(seedData(t))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("shipped plan no longer contains %q", c.old)
			}
			bad := strings.Replace(good, c.old, c.new, 1)
			_, probs := Parse("langson.yaml", []byte(bad))
			want := lineOf(t, bad, c.at)
			for _, p := range probs {
				if p.Path == c.path && p.Line == want && strings.Contains(p.Message, c.message) && p.File == "langson.yaml" {
					return
				}
			}
			t.Errorf("want a problem at langson.yaml:%d: %s: …%s…; got:", want, c.path, c.message)
			for _, p := range probs {
				t.Errorf("  %s", p)
			}
		})
	}
}

func TestAllProblemsAreReported(t *testing.T) {
	bad := strings.NewReplacer(
		"end: 2028-06-30", "end: 2028-6-30",
		"code: T4", "code: T2",
		"cutoff: 2028-04-30", "cutoff: 2028-06-01",
		"  abbreviation: SXD\n", "  abbreviation: SXD\n  motto: x\n",
	).Replace(string(seedData(t)))
	_, probs := Parse("langson.yaml", []byte(bad))
	var paths []string
	for _, p := range probs {
		paths = append(paths, p.Path)
	}
	want := "issuer.motto targets[4].code phases[1].end reports[1].cutoff"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("problems at %s\nwant         %s", got, want)
	}
}

func TestSyntaxAndEmptyFiles(t *testing.T) {
	_, probs := Parse("x.yaml", []byte("code: a\ntitle: [unclosed\n"))
	if len(probs) != 1 || probs[0].Line == 0 || !strings.Contains(probs[0].Message, "cú pháp YAML") {
		t.Errorf("syntax error: %v", probs)
	}
	_, probs = Parse("x.yaml", nil)
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "tệp trống") {
		t.Errorf("empty file: %v", probs)
	}
	_, probs = Parse("x.yaml", []byte("code: &c langson-2026\ntitle: *c\n"))
	if !slices.ContainsFunc(probs, func(p Problem) bool {
		return p.Path == "title" && p.Line == 2 && strings.Contains(p.Message, "tham chiếu")
	}) {
		t.Errorf("alias: %v", probs)
	}
	_, probs = Parse("x.yaml", []byte("code: a\n\ttitle: b\n"))
	if len(probs) != 1 || probs[0].Line != 2 {
		t.Errorf("tab indentation: %v", probs)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "langson.yaml", Line: 41, Path: "targets[2].threshold", Message: "ngưỡng phải từ 0 đến 100"}
	if got, want := p.String(), "langson.yaml:41: targets[2].threshold: ngưỡng phải từ 0 đến 100"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p = Problem{Path: "code", Message: "thiếu mã phong trào"}
	if got, want := p.String(), "code: thiếu mã phong trào"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
