package conformance

import (
	"context"
	"path/filepath"
	"testing"
)

// loadSuite loads every case under suite/ and the skip list.
func loadSuite(t *testing.T) ([]*Case, *SkipList) {
	t.Helper()
	cases, err := LoadDirs("suite")
	if err != nil {
		t.Fatalf("LoadDirs(suite) = %v", err)
	}
	skip, err := LoadSkipList("skip.yaml")
	if err != nil {
		t.Fatalf("LoadSkipList = %v", err)
	}
	return cases, skip
}

// TestSuite runs the whole suite in-process, one subtest per case.
func TestSuite(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	cases, skip := loadSuite(t)
	r, err := NewRunner(Options{Skip: skip, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, c := range cases {
		rel, _ := filepath.Rel("suite", c.File)
		t.Run(rel+"/"+c.Name, func(t *testing.T) {
			res := r.RunCase(context.Background(), c)
			switch res.Status {
			case Skipped:
				t.Skip(res.Reason)
			case Failed:
				t.Errorf("%s (source: %s)", res.Reason, c.Source)
			}
		})
	}
}

// TestSuiteSize checks the suite keeps at least 400 cases, each with a
// source.
func TestSuiteSize(t *testing.T) {
	cases, _ := loadSuite(t)
	if len(cases) < 400 {
		t.Errorf("suite has %d cases, want at least 400", len(cases))
	}
	for _, c := range cases {
		if c.Source == "" {
			t.Errorf("%s: no source", c.ID())
		}
	}
}
