package tabular

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Problem is why one row was rejected, at one column (empty for the whole row).
type Problem struct {
	Row    int    `json:"row"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// String is how the problem reads in a list: "Dòng 7, cột Mã số thuế: …".
func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("Dòng %d: %s", p.Row, p.Reason)
	}
	return fmt.Sprintf("Dòng %d, cột %s: %s", p.Row, p.Column, p.Reason)
}

// Action is what an import does, or would do, with one row.
type Action string

const (
	Create    Action = "create"
	Update    Action = "update"
	Unchanged Action = "unchanged"
)

// Change is one created or updated row, for a preview or a receipt.
type Change struct {
	Row    int    `json:"row"`
	Key    string `json:"key"` // the row's own key: unit code, tax code, …
	Action Action `json:"action"`
}

// Options are what every import takes.
type Options struct {
	DryRun bool // validate and report what would change, write nothing
}

// Result is the outcome of importing one file. When Rejected is not empty nothing
// was written, whatever the counts say would have happened.
type Result struct {
	File      string    `json:"file"`
	Noun      string    `json:"-"` // what a row is, for Summary: "doanh nghiệp", "đơn vị"
	DryRun    bool      `json:"dry_run"`
	Rows      int       `json:"rows"`
	Created   int       `json:"created"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Changes   []Change  `json:"changes,omitempty"`
	Rejected  []Problem `json:"rejected,omitempty"`
	table     *Table
}

// NewResult starts the result of importing t.
func NewResult(t *Table, noun string, opt Options) *Result {
	return &Result{File: t.File, Noun: noun, DryRun: opt.DryRun, Rows: len(t.Rows), table: t}
}

// OK reports whether the file was accepted.
func (r *Result) OK() bool { return len(r.Rejected) == 0 }

// Reject adds problems; Sort puts them in row order afterwards.
func (r *Result) Reject(p ...Problem) { r.Rejected = append(r.Rejected, p...) }

// Count records what happens to one row.
func (r *Result) Count(row int, key string, a Action) {
	switch a {
	case Create:
		r.Created++
	case Update:
		r.Updated++
	case Unchanged:
		r.Unchanged++
		return
	}
	r.Changes = append(r.Changes, Change{Row: row, Key: key, Action: a})
}

// Sort orders problems and changes by row, keeping each row's problems in the order
// they were found.
func (r *Result) Sort() {
	sort.SliceStable(r.Rejected, func(i, j int) bool { return r.Rejected[i].Row < r.Rejected[j].Row })
	sort.SliceStable(r.Changes, func(i, j int) bool { return r.Changes[i].Row < r.Changes[j].Row })
}

// RejectedRows counts the rows with at least one problem.
func (r *Result) RejectedRows() int {
	rows := map[int]bool{}
	for _, p := range r.Rejected {
		rows[p.Row] = true
	}
	return len(rows)
}

// Summary is the one-line Vietnamese outcome shown after an import.
func (r *Result) Summary() string {
	switch {
	case !r.OK():
		return fmt.Sprintf("Tệp %s bị từ chối: %d trong %d dòng có lỗi. Không có gì được ghi; hãy sửa các dòng có lỗi rồi nhập lại cả tệp.",
			r.File, r.RejectedRows(), r.Rows)
	case r.DryRun:
		return fmt.Sprintf("Kiểm tra thử %d %s: %d sẽ thêm mới, %d sẽ cập nhật, %d không đổi. Chưa ghi gì vào cơ sở dữ liệu.",
			r.Rows, r.Noun, r.Created, r.Updated, r.Unchanged)
	default:
		return fmt.Sprintf("Đã nhập %d %s: %d mới, %d cập nhật, %d không đổi",
			r.Rows, r.Noun, r.Created, r.Updated, r.Unchanged)
	}
}

// Keys finds a key used by more than one row of a file, which would make the import
// depend on row order.
type Keys struct {
	rows  map[string][]int
	names map[string]string
	order []string
}

// Add notes that row uses key; empty keys are the importer's own problem.
func (k *Keys) Add(key string, row int) { k.AddNamed(key, key, row) }

// AddNamed is Add for a key compared in a form the user should not see (folded,
// combined with another column); name is how messages show it.
func (k *Keys) AddNamed(key, name string, row int) {
	if key == "" {
		return
	}
	if k.rows == nil {
		k.rows, k.names = map[string][]int{}, map[string]string{}
	}
	if _, seen := k.rows[key]; !seen {
		k.order = append(k.order, key)
		k.names[key] = name
	}
	k.rows[key] = append(k.rows[key], row)
}

// Duplicates rejects every row of a repeated key, each naming the others, so the
// user sees both places to fix: "Dòng 5, cột Mã số thuế: 0100109106 trùng với dòng 9".
func (k *Keys) Duplicates(column string) []Problem {
	var out []Problem
	for _, key := range k.order {
		rows := k.rows[key]
		if len(rows) < 2 {
			continue
		}
		for _, row := range rows {
			var others []string
			for _, o := range rows {
				if o != row {
					others = append(others, strconv.Itoa(o))
				}
			}
			out = append(out, Problem{Row: row, Column: column,
				Reason: fmt.Sprintf("%s trùng với dòng %s", k.names[key], strings.Join(others, ", "))})
		}
	}
	return out
}
