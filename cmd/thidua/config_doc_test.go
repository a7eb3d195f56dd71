package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var envName = regexp.MustCompile(`THIDUA_[A-Z0-9_]+`)

// docs/configuration.md names every THIDUA_ variable the program reads and every
// option of the commands an operator runs, so a setting added in code without its
// line in the reference fails here.
func TestConfigurationReferenceIsComplete(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	seen := map[string]string{}
	for _, root := range []string{".", "../../internal"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, name := range envName.FindAllString(string(src), -1) {
				seen[name] = path
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) < 10 {
		t.Fatalf("found only %d THIDUA_ variables in the code: %v", len(seen), seen)
	}
	var missing []string
	for name, path := range seen {
		if !strings.Contains(text, "`"+name+"`") && !strings.Contains(text, "`"+name+"=") {
			missing = append(missing, name+" ("+path+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("docs/configuration.md does not name %s", m)
	}

	for _, cmd := range []string{"serve", "migrate", "backup", "restore"} {
		_, _, help := runCmd(t, "", cmd, "--help")
		flags := regexp.MustCompile(`(?m)^  (--[a-z-]+)`).FindAllStringSubmatch(help, -1)
		if len(flags) == 0 {
			t.Fatalf("thidua %s --help lists no options: %s", cmd, help)
		}
		for _, f := range flags {
			if !strings.Contains(text, "`"+f[1]+"`") {
				t.Errorf("docs/configuration.md does not name thidua %s %s", cmd, f[1])
			}
		}
	}
}
