package web

import (
	"net/http"
	"strconv"
	"strings"
)

// formValues reads the named fields of a posted form, trimmed, so that a form can
// be shown again with what the user typed.
func formValues(r *http.Request, names ...string) map[string]string {
	out := make(map[string]string, len(names))
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return out
}

// pathID reads the {id} path value; a malformed one is simply not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// activeFilter reads ?active=1|0|all; the default shows active records only.
func activeFilter(r *http.Request) (*bool, string) {
	switch v := r.URL.Query().Get("active"); v {
	case "0":
		f := false
		return &f, v
	case "all":
		return nil, v
	default:
		t := true
		return &t, "1"
	}
}
