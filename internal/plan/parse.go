package plan

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/thidua/thidua/internal/calendar"
)

// Problem is one thing wrong in a plan file, said in Vietnamese to the person who
// edits it. Path is written like targets[2].threshold, with list positions counted
// from 1 as people count them; Line is 0 when unknown.
type Problem struct {
	File    string
	Path    string
	Line    int
	Message string
}

// String prints the problem the way compilers do, so editors can jump to it:
// "langson.yaml:41: targets[2].threshold: ngưỡng phải từ 0 đến 100".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Parse reads a plan file strictly and checks it whole. name is how problems refer
// to the file. Unless the file is not YAML at all, the plan is returned even with
// problems, for tools that show what could be read; it must not be loaded unless the
// problem list is empty.
func Parse(name string, data []byte) (*Plan, []Problem) {
	r := &reporter{file: name, lines: map[string]int{}}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		r.problems = append(r.problems, syntaxProblem(name, err))
		return nil, r.problems
	}
	if len(root.Content) == 0 {
		r.add("", "tệp trống, chưa có nội dung kế hoạch")
		return nil, r.problems
	}
	doc := root.Content[0]
	r.walk(doc, reflect.TypeFor[Plan](), "")
	shape := len(r.problems)

	var p Plan
	// The walk has already turned every value of the wrong type into null, so this
	// only fails on something the walk does not know about.
	if err := doc.Decode(&p); err != nil && shape == 0 {
		r.add("", "không đọc được tệp: %v", err)
	}
	normalize(&p)

	// A value the walk rejected would be reported again as missing: say it once.
	reported := map[string]bool{}
	for _, pr := range r.problems[:shape] {
		reported[pr.Path] = true
	}
	shaped := r.problems
	r.problems = nil
	check(&p, r)
	for _, pr := range r.problems {
		if !reported[pr.Path] {
			shaped = append(shaped, pr)
		}
	}
	// People fix a file from top to bottom.
	slices.SortStableFunc(shaped, func(a, b Problem) int { return a.Line - b.Line })
	return &p, shaped
}

// Validate checks a plan built in Go, such as one read back from the database, by
// the same rules as Parse; its problems have no file or line.
func Validate(p *Plan) []Problem {
	r := &reporter{}
	check(p, r)
	return r.problems
}

// normalize fills what a file may leave out.
func normalize(p *Plan) {
	for i := range p.Targets {
		if p.Targets[i].Kind == KindCoverage && p.Targets[i].Threshold == 0 {
			p.Targets[i].Threshold = 100
		}
	}
	h, d := reflect.ValueOf(&p.Headings).Elem(), reflect.ValueOf(DefaultHeadings)
	for i := range h.NumField() {
		if strings.TrimSpace(h.Field(i).String()) == "" {
			h.Field(i).SetString(d.Field(i).String())
		}
	}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxProblem(name string, err error) Problem {
	msg := err.Error()
	pr := Problem{File: name}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pr.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	pr.Message = "tệp không đúng cú pháp YAML (" + strings.TrimPrefix(msg, "yaml: ") +
		"); hãy kiểm tra thụt lề bằng dấu cách, không dùng tab, và đặt trong ngoặc kép những đoạn có dấu hai chấm"
	return pr
}

// reporter collects problems and remembers on which line each path starts, so that
// checks made on the decoded Plan can still point into the file.
type reporter struct {
	file     string
	lines    map[string]int
	problems []Problem
}

func (r *reporter) add(path, format string, args ...any) {
	r.problems = append(r.problems, Problem{File: r.file, Path: path, Line: r.line(path), Message: fmt.Sprintf(format, args...)})
}

// line finds the line of path, or of the nearest enclosing value that exists: a
// missing key is reported on the line of the mapping that lacks it.
func (r *reporter) line(path string) int {
	for {
		if l, ok := r.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return r.lines[""]
		}
		path = path[:i]
	}
}

var (
	dateType   = reflect.TypeFor[calendar.Date]()
	dateFormat = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// walk compares the YAML tree with the Go type it must fill, reporting unknown or
// repeated keys and values of the wrong shape. yaml.v3's own strict mode stops at the
// first kind of error and speaks English without paths; people editing a plan need
// every problem at once.
func (r *reporter) walk(n *yaml.Node, t reflect.Type, path string) {
	r.lines[path] = n.Line
	if n.Kind == yaml.AliasNode {
		// A plan is read by people; repeating a text is clearer than *references, and
		// following them could multiply a small file into a huge one.
		r.reject(n, path, "không dùng tham chiếu YAML (*tên); hãy chép lại nội dung")
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value; checks on the decoded plan say when it is required
	}
	switch {
	case t == dateType:
		r.walkDate(n, path)
	case t.Kind() == reflect.Struct:
		r.walkMapping(n, t, path)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			r.reject(n, path, "cần một danh sách, mỗi mục bắt đầu bằng dấu gạch ngang (-)")
			return
		}
		for i, item := range n.Content {
			r.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i+1))
		}
	case n.Kind != yaml.ScalarNode:
		r.reject(n, path, "cần một giá trị đơn, không phải danh sách hay nhóm khóa")
	case t.Kind() == reflect.Float64:
		if _, err := strconv.ParseFloat(n.Value, 64); err != nil {
			r.reject(n, path, "cần một số, ví dụ 98 hoặc 97.5 (không ghi dấu %%), không phải %q", n.Value)
		}
	case t.Kind() == reflect.Int:
		if _, err := strconv.Atoi(n.Value); err != nil {
			r.reject(n, path, "cần một số nguyên, không phải %q", n.Value)
		}
	}
}

func (r *reporter) walkDate(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode {
		r.reject(n, path, "cần một ngày dạng YYYY-MM-DD")
		return
	}
	if !dateFormat.MatchString(n.Value) {
		r.reject(n, path, "ngày phải viết dạng YYYY-MM-DD, ví dụ 2028-05-19, không phải %q", n.Value)
		return
	}
	if _, err := time.Parse(time.DateOnly, n.Value); err != nil {
		r.reject(n, path, "ngày %s không có thật trên lịch", n.Value)
		return
	}
	if _, err := calendar.ParseDate(n.Value); err != nil {
		r.reject(n, path, "%v", err)
	}
}

func (r *reporter) walkMapping(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.MappingNode {
		r.reject(n, path, "cần một nhóm khóa dạng “khóa: giá trị”")
		return
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		fields[name] = f.Type
		names = append(names, name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		child := k.Value
		if path != "" {
			child = path + "." + k.Value
		}
		ft, ok := fields[k.Value]
		switch {
		case !ok:
			r.lines[child] = k.Line
			r.add(child, "không có khóa “%s” ở đây; các khóa dùng được: %s", k.Value, strings.Join(names, ", "))
		case seen[k.Value]:
			r.lines[child] = k.Line
			r.add(child, "khóa “%s” viết hai lần", k.Value)
		default:
			seen[k.Value] = true
			r.walk(v, ft, child)
			// A nested block starts on the line after its key; people look for the key.
			r.lines[child] = k.Line
		}
	}
}

// reject reports a value of the wrong shape and empties it, so that decoding the rest
// of the file goes on and later checks do not trip over it.
func (r *reporter) reject(n *yaml.Node, path, format string, args ...any) {
	r.add(path, format, args...)
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
}
