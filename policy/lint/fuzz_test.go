package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLintFile checks that no input makes the linter panic and that every
// finding has a known code and a position inside the input.
func FuzzLintFile(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/*.json")
	more, _ := filepath.Glob("testdata/*/*.yaml")
	for _, p := range append(paths, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		res := LintFile("fuzz.json", src, Options{})
		for _, finding := range res.Findings {
			if _, ok := RuleFor(finding.Code); !ok {
				t.Errorf("finding with unknown code %q", finding.Code)
			}
			if finding.Line < 0 || finding.Column < 0 {
				t.Errorf("finding %s has a negative position", finding)
			}
		}
	})
}
