package web_test

import (
	"regexp"
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

// The user guide opens for anyone, from every page, with a picture for each step.
func TestHelpPage(t *testing.T) {
	s := newSite(t, dbtest.SQLite(t))
	code, page := get(t, s.client(t), s.URL+"/help")
	if code != 200 || !strings.Contains(page, "Trả lời phản ánh, kiến nghị") || !strings.Contains(page, `href="/help"`) {
		t.Fatalf("help: %d", code)
	}
	for _, img := range regexp.MustCompile(`/static/guide/[a-z-]+\.png`).FindAllString(page, -1) {
		if code, _ := get(t, s.client(t), s.URL+img); code != 200 {
			t.Errorf("%s: %d", img, code)
		}
	}
	_, mine := get(t, s.login(t, "qlxd"), s.URL+"/help")
	if !strings.Contains(mine, `href="#phong-don-vi" aria-current="page"`) {
		t.Error("a unit's own section is not marked")
	}
}
