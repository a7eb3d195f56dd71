package plan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: whatever a plan file holds, Parse says what is wrong with it in
// readable Vietnamese, pointing at a line of the file, or returns a plan that
// Validate also accepts and that, stored as the store stores it (JSON) and read
// back, is the same plan and still valid: what the office loads is what the file says. The seeds are the shipped plan
// and the ways TestProblemsPointAtTheLine breaks it.
func FuzzParse(f *testing.F) {
	good := string(seedData(f))
	f.Add([]byte(good))
	for _, c := range [][2]string{{"end: 2028-06-30", "end: 30/06/2028"}, {"start: 2028-07-01", "start: 2028-02-30"},
		{"    per_year: 1\n", "    per_year: 1\n    weight: 2\n"}, {"code: T4", "code: T2 # copied"}, {"threshold: 98", "threshold: 980"},
		{"kind: ratio", "kind: percent"}, {"  name: Trần Văn Vương\n", ""}, {"code: II.2.b", "code: II.3.b"},
		{"cutoff: 2028-04-30", "cutoff: 2028-05-20"}} {
		f.Add([]byte(strings.Replace(good, c[0], c[1], 1)))
	}
	f.Add([]byte("code: x\n\ttitle: tab\n"))
	f.Add([]byte(""))
	f.Add([]byte("- 1\n- 2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, problems := Parse("kh.yaml", data)
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, pr := range problems {
			if strings.TrimSpace(pr.Message) == "" || !utf8.ValidString(pr.Message) {
				t.Fatalf("problem without a readable message: %+v", pr)
			}
			if pr.Line < 0 || pr.Line > lines {
				t.Fatalf("problem on line %d of a file of %d lines: %s", pr.Line, lines, pr)
			}
		}
		if len(problems) > 0 {
			return
		}
		if p == nil {
			t.Fatal("no problems and no plan")
		}
		if vs := Validate(p); len(vs) > 0 {
			t.Fatalf("Parse accepted a plan that Validate refuses: %v", vs)
		}
		doc, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("the accepted plan cannot be stored: %v", err)
		}
		var again Plan
		if err := json.Unmarshal(doc, &again); err != nil {
			t.Fatalf("the stored plan cannot be read back: %v\n%s", err, doc)
		}
		if !reflect.DeepEqual(&again, p) {
			t.Fatalf("the stored plan reads back differently:\n%+v\nwant\n%+v", again, *p)
		}
		if vs := Validate(&again); len(vs) > 0 {
			t.Fatalf("the stored plan, read back, is refused: %v", vs)
		}
	})
}
