package conformance

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbeddedSuiteMatchesDisk checks that the embedded suite holds the
// same cases as conformance/suite on disk, named below the suite root.
func TestEmbeddedSuiteMatchesDisk(t *testing.T) {
	onDisk, err := LoadDirs("suite")
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := LoadFS(Suite, ".")
	if err != nil {
		t.Fatalf("LoadFS(Suite) = %v", err)
	}
	if len(embedded) != len(onDisk) {
		t.Fatalf("LoadFS(Suite) loaded %d cases, want %d as on disk", len(embedded), len(onDisk))
	}
	for i, c := range embedded {
		want := strings.TrimPrefix(onDisk[i].ID(), "suite/")
		if c.ID() != want {
			t.Errorf("case %d = %q, want %q", i, c.ID(), want)
		}
		if c.World != nil && len(c.World.Text) == 0 {
			t.Errorf("%s: empty world", c.ID())
		}
	}
}

func TestEmbeddedSkipList(t *testing.T) {
	l, err := EmbeddedSkipList()
	if err != nil {
		t.Fatal(err)
	}
	c := &Case{File: "issuer/documents.yaml", Name: "jwks/served-while-disabled"}
	if _, ok := l.Lookup(c, TargetHTTP); !ok {
		t.Error("Lookup(embedded case, http) = false, want the skip entry")
	}
}

func TestLoadFSRelativeFiles(t *testing.T) {
	const doc = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`
	fsys := fstest.MapFS{
		"eval/c.yaml": {Data: []byte(evalHead + `request: {principal: anonymous, action: s3:GetObject, resource: "*"}
policies: {identity: [{name: p, file: ../policies/p.json}]}
expect: {decision: Allow}
`)},
		"policies/p.json": {Data: []byte(doc)},
		"bad/c.yaml": {Data: []byte(evalHead + `request: {principal: anonymous, action: s3:GetObject, resource: "*"}
policies: {identity: [{name: p, file: ../../outside.json}]}
expect: {decision: Allow}
`)},
	}
	cases, err := LoadFS(fsys, "eval")
	if err != nil {
		t.Fatalf("LoadFS(eval) = %v", err)
	}
	if len(cases) != 1 || len(cases[0].Policies.Identity) != 1 {
		t.Fatalf("LoadFS(eval) = %d cases, want 1 with one identity policy", len(cases))
	}
	_, err = LoadFS(fsys, "bad")
	if err == nil || !strings.Contains(err.Error(), "outside the embedded suite") {
		t.Errorf("LoadFS(bad) = %v, want an error for a path outside the file system", err)
	}
}

func TestFindSkipList(t *testing.T) {
	abs, err := filepath.Abs(SkipListName)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"suite", "suite/eval", "suite/eval/operators.yaml", "."} {
		got, err := FindSkipList(p)
		if err != nil || got != abs {
			t.Errorf("FindSkipList(%q) = %q, %v; want %q", p, got, err, abs)
		}
	}
	got, err := FindSkipList(t.TempDir())
	if err != nil || got != "" {
		t.Errorf("FindSkipList(temp dir) = %q, %v; want none", got, err)
	}
}

func TestParseSkipListErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"unknown key", "skip:\n  - case: a\n    reson: x\n", `skip.yaml:3: unknown key "reson" in a skip entry; use case, target and reason`},
		{"no reason", "skip:\n  - case: a\n", `skip.yaml:2: skip entry "a" has no reason; every skip needs one`},
		{"no case", "skip:\n  - reason: r\n", `skip.yaml:2: skip entry has no case; write case: "FILE: NAME"`},
		{"bad target", "skip:\n  - {case: a, reason: r, target: grpc}\n", `skip.yaml:2: skip entry "a": invalid target "grpc"; use in-process or http`},
		{"not a list", "skip: {case: a}\n", `skip.yaml:1: "skip" must be a list of {case, target, reason} entries`},
		{"top key", "skips: []\n", `skip.yaml:1: unknown key "skips"; a skip list has only "skip"`},
		{"invalid YAML", "skip:\n  - case: [a\n", "skip.yaml:1: invalid YAML: did not find expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSkipList("skip.yaml", []byte(tt.src))
			var se *SkipListError
			if !errors.As(err, &se) {
				t.Fatalf("ParseSkipList error = %v, want a *SkipListError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseSkipList error = %q\nwant prefix          %q", err.Error(), tt.want)
			}
		})
	}
	if _, err := ParseSkipList("empty.yaml", nil); err != nil {
		t.Errorf("ParseSkipList(empty) = %v, want an empty list", err)
	}
}
