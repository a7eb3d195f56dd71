// Package validate holds the one shape of a rejected form or record: each field
// with what is wrong with it, in Vietnamese. Stores return it; pages show each
// message beside its field and keep what the user typed; the API answers it as
// {"fields": …}; importers put it after the column's name.
package validate

import (
	"sort"
	"strings"
)

// Errors maps a field name to its message. Nothing was saved when a store returns it.
type Errors map[string]string

// Error joins the messages in field order, for logs and the command line.
func (e Errors) Error() string {
	fields := make([]string, 0, len(e))
	for f := range e {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = e[f]
	}
	return strings.Join(msgs, "; ")
}

// Add records a message for a field unless the field already has one, so the first
// problem found is the one shown.
func (e Errors) Add(field, msg string) {
	if _, dup := e[field]; !dup {
		e[field] = msg
	}
}

// Err returns e as an error, or nil when there is nothing wrong.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Issue is one problem with one field. Detail reads after the field's name, so a
// form can put it after the field's label and an import after the column's header.
type Issue struct {
	Field, Detail string
}

// FromIssues turns issues into Errors, each message led by the field's label; the
// first issue of a field wins. It returns nil when there are none.
func FromIssues(issues []Issue, labels map[string]string) error {
	if len(issues) == 0 {
		return nil
	}
	e := Errors{}
	for _, is := range issues {
		e.Add(is.Field, labels[is.Field]+": "+is.Detail)
	}
	return e
}
