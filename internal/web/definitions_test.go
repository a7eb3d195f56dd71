package web_test

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db/dbtest"
)

// Anyone can read how every figure is computed, and the targets link to it.
func TestDefinitionsPage(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	code, page := get(t, s.client(t), s.URL+"/definitions")
	if code != 200 {
		t.Fatalf("definitions without login: %d", code)
	}
	for _, want := range []string{`id="T1"`, `id="T5"`, `id="petition_766"`, "6 × tỷ lệ", "÷ hồ sơ đã giải quyết trong kỳ."} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if _, targets := get(t, s.login(t, "vanphong"), s.URL+"/targets"); !strings.Contains(targets, `href="/definitions#T2"`) {
		t.Error("the targets do not link to their definition")
	}
}
