package web

import (
	"reflect"
	"strings"
)

// APIRoutePatterns lists the patterns of the route table's API routes, for the test
// that keeps the OpenAPI document in step with it.
func APIRoutePatterns() []string {
	var out []string
	for _, rt := range (&Server{}).routes() {
		if rt.api {
			out = append(out, rt.pattern)
		}
	}
	return out
}

// APIInputFields lists the JSON fields each request body accepts, by the name of its
// schema in the OpenAPI document.
func APIInputFields() map[string][]string {
	out := map[string][]string{}
	for name, v := range map[string]any{"UnitInput": unitInput{}, "StaffInput": staffInput{}, "EnterpriseInput": enterpriseInput{},
		"PetitionInput": petitionInput{}, "Open311Input": open311Input{}} {
		t := reflect.TypeOf(v)
		for i := range t.NumField() {
			tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			out[name] = append(out[name], tag)
		}
	}
	return out
}

// GuidePages lists each guide image with the role and page it shows.
func GuidePages() []struct{ Role, Path, Image string } { return guidePages() }
