package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/web"
)

// The OpenAPI document describes every API route of the route table and nothing
// else, every $ref in it resolves, and its schemas name exactly the fields the API
// sends and accepts.
func TestOpenAPIDocument(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	r := api{t: t, base: s.URL}.call("GET", "/api/v1/openapi.json", nil)
	doc := r.body
	if r.status != http.StatusOK || !strings.HasPrefix(fmt.Sprint(doc["openapi"]), "3.1") {
		t.Fatalf("openapi.json without login: %d %v", r.status, doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	routes := map[string]bool{}
	for _, p := range web.APIRoutePatterns() {
		routes[p] = true
		method, path, _ := strings.Cut(p, " ")
		item, _ := paths[path].(map[string]any)
		if _, ok := item[strings.ToLower(method)]; !ok {
			t.Errorf("route %s is missing from the OpenAPI document", p)
		}
	}
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			if !routes[strings.ToUpper(method)+" "+path] {
				t.Errorf("the document describes %s %s, which is no route", method, path)
			}
			declared := map[string]bool{}
			params, _ := op.(map[string]any)["parameters"].([]any)
			for _, p := range params {
				if p := p.(map[string]any); p["in"] == "path" {
					declared[p["name"].(string)] = true
				}
			}
			for _, seg := range strings.Split(path, "/") {
				if name, ok := strings.CutPrefix(seg, "{"); ok && !declared[strings.TrimSuffix(name, "}")] {
					t.Errorf("%s %s: path parameter %s not declared", method, path, seg)
				}
			}
		}
	}
	checkRefs(t, doc, doc)
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if b, _ := schemes["bearerAuth"].(map[string]any); b["scheme"] != "bearer" {
		t.Errorf("no bearer security scheme: %v", schemes)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, fields := range web.APIInputFields() {
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		if got, want := sortedKeys(props), strings.Join(sorted(fields), " "); got != want {
			t.Errorf("schema %s lists %s; the API accepts %s", name, got, want)
		}
	}

	// What the API sends, with every optional field filled, against the schemas.
	office := s.api(t, "vanphong")
	answers := map[string]reply{
		"Unit": office.call("POST", "/api/v1/units", map[string]any{"code": "QLN", "name": "Phòng Quản lý nhà", "kind": "division", "parent_code": "QLXD", "email": "qln@example.vn"}),
		"Staff": office.call("POST", "/api/v1/staff", map[string]any{"unit_code": "QLXD", "full_name": "Nông Thị Hoa", "position": "Chuyên viên",
			"gender": "female", "email": "hoa@example.vn"}),
		"Enterprise": office.call("POST", "/api/v1/enterprises", map[string]any{"tax_code": taxCode(t, "010010910"), "name": "Công ty A",
			"sectors": []string{"housing"}, "ownership": "foreign", "address": "Lạng Sơn", "representative": "Vi Văn Tú", "employees": 3, "email": "a@example.vn"}),
		"UnitList":       office.call("GET", "/api/v1/units", nil),
		"StaffList":      office.call("GET", "/api/v1/staff", nil),
		"EnterpriseList": office.call("GET", "/api/v1/enterprises", nil),
	}
	for name, a := range answers {
		if a.status/100 != 2 {
			t.Fatalf("%s: %d %v", name, a.status, a.body)
		}
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		if got, want := sortedKeys(props), sortedKeys(a.body); got != want {
			t.Errorf("schema %s lists %s; the API sends %s", name, got, want)
		}
	}
}

// checkRefs fails for every "$ref" under v that does not name a part of doc.
func checkRefs(t *testing.T, doc map[string]any, v any) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			var at any = doc
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				m, _ := at.(map[string]any)
				at = m[part]
			}
			if at == nil {
				t.Errorf("$ref %s resolves to nothing", ref)
			}
		}
		for _, x := range v {
			checkRefs(t, doc, x)
		}
	case []any:
		for _, x := range v {
			checkRefs(t, doc, x)
		}
	}
}

func sortedKeys(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return strings.Join(sorted(keys), " ")
}

func sorted(s []string) []string { slices.Sort(s); return s }
