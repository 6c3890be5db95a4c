package conformance

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds case files to the loader, seeded with the issuer suite
// files and the examples; the generated evaluation files, at 20 to 175 KB,
// are too large to mutate usefully. The loader must not panic, every error
// must be a *LoadError, and every loaded case must have a name, a source
// and a kind.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"suite/issuer/*.yaml", "../examples/cases/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := Parse("fuzz.yaml", t.TempDir(), data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error %T %v, want a *LoadError", err, err)
			}
			return
		}
		for _, c := range cases {
			if c.Name == "" || c.Source == "" || c.Kind == "" {
				t.Fatalf("Parse accepted a case without name, source or kind: %+v", c)
			}
		}
	})
}
