package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The public API answers without a token, cacheably, with exactly the fields its
// OpenAPI schemas name, and is marked in the document as needing no token.
func TestPublicAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		_, _, raw := fetch(t, ts.URL, "/api/v1/openapi.json")
		var doc map[string]any
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatal(err)
		}
		schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
		props := func(name string) map[string]any {
			return schemas[name].(map[string]any)["properties"].(map[string]any)
		}
		itemProps := func(name, field string) map[string]any {
			items := props(name)[field].(map[string]any)["items"].(map[string]any)
			if ref, ok := items["$ref"].(string); ok {
				return props(strings.TrimPrefix(ref, "#/components/schemas/"))
			}
			return items["properties"].(map[string]any)
		}
		get := func(path string) any {
			code, h, body := fetch(t, ts.URL, path)
			if code != http.StatusOK {
				t.Fatalf("%s without a token: %d %s", path, code, body)
			}
			if !strings.Contains(h.Get("Cache-Control"), "public") || h.Get("ETag") == "" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("%s headers: %v", path, h)
			}
			noPersonalData(t, path, body)
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return v
		}
		same := func(what string, schema map[string]any, got any, optional ...string) {
			t.Helper()
			m, ok := got.(map[string]any)
			if !ok {
				t.Fatalf("%s is not an object: %v", what, got)
			}
			for _, o := range optional {
				if _, ok := m[o]; !ok {
					m[o] = nil
				}
			}
			if a, b := sortedKeys(schema), sortedKeys(m); a != b {
				t.Errorf("%s: the schema lists %s; the API sends %s", what, a, b)
			}
		}
		first := func(v any, field string) any {
			list := v.(map[string]any)[field].([]any)
			if len(list) == 0 {
				t.Fatalf("no %s in %v", field, v)
			}
			return list[0]
		}

		v := get("/api/v1/public/procedures?per_page=5")
		same("procedures", props("PublicProcedureList"), v)
		same("a procedure", props("PublicProcedure"), first(v, "items"))
		if n := len(v.(map[string]any)["items"].([]any)); n != 5 {
			t.Errorf("per_page=5 gave %d procedures", n)
		}
		v = get("/api/v1/public/dossier-stats?from=2026-01-01&to=2026-06-30")
		same("dossier stats", props("PublicDossierStats"), v)
		same("a unit's stats", itemProps("PublicDossierStats", "units"), first(v, "units"))
		same("the total stats", props("PublicDossierStats")["total"].(map[string]any)["properties"].(map[string]any), v.(map[string]any)["total"])
		v = get("/api/v1/public/dossier-monthly?from=2026-01-01&to=2026-06-30")
		same("a month", props("PublicMonth"), first(v, "items"))
		v = get("/api/v1/public/index-766")
		same("the 766 index", props("Index766"), v)
		same("a 766 group", itemProps("Index766", "groups"), first(v, "groups"))
		v = get("/api/v1/public/petition-scores?year=2026")
		same("petition scores", props("PublicPetitionScores"), v)
		same("a unit's score", itemProps("PublicPetitionScores", "units"), first(v, "units"))
		v = get("/api/v1/public/answers?q=dang+kiem")
		same("an answer", props("PublicAnswer"), first(v, "items"), "field")
		v = get("/api/v1/public/dialogues?year=2026")
		same("a dialogue", props("PublicDialogue"), first(v, "items"), "organiser")
		if n := v.(map[string]any)["total"].(float64); n != 2 {
			t.Errorf("%v dialogues held in 2026, the demo held 2", n)
		}
		v = get("/api/v1/public/targets?year=2026")
		if list := v.([]any); len(list) != 5 {
			t.Errorf("%d targets", len(list))
		} else {
			same("a target", props("Target"), list[0], "years")
		}
		if code, _, _ := fetch(t, ts.URL, "/api/v1/public/dossier-stats?from=2026-06-01&to=2026-01-01"); code != http.StatusBadRequest {
			t.Errorf("a period ending before it starts: %d", code)
		}

		for path, item := range doc["paths"].(map[string]any) {
			if !strings.HasPrefix(path, "/api/v1/public/") {
				continue
			}
			sec, ok := item.(map[string]any)["get"].(map[string]any)["security"].([]any)
			if !ok || len(sec) != 0 {
				t.Errorf("%s is not documented as needing no token (security: [])", path)
			}
		}
	})
}
