package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sarifLogFor writes results as SARIF and decodes the one run.
func sarifLogFor(t *testing.T, results []FileResult) sarifRun {
	t.Helper()
	var out bytes.Buffer
	if err := WriteSARIF(&out, results); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log.Runs[0]
}

// TestSARIFRuleIndex checks that every result's ruleIndex points at the
// rule named by its ruleId, and that its level follows the rule's.
func TestSARIFRuleIndex(t *testing.T) {
	run := sarifLogFor(t, sampleResults(t))
	if len(run.Results) < 5 {
		t.Fatalf("%d results, want at least 5 to check", len(run.Results))
	}
	for i, r := range run.Results {
		rule := run.Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d names %s, want %s", i, r.RuleIndex, rule.ID, r.RuleID)
		}
		if r.Level != rule.DefaultConfiguration.Level {
			t.Errorf("result %d (%s): level %s, rule level %s", i, r.RuleID, r.Level, rule.DefaultConfiguration.Level)
		}
	}
}

// TestSARIFHelpURI checks that every rule links to its own section of
// docs/lint.md, whose headings GitHub turns into lower-case anchors.
func TestSARIFHelpURI(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "lint.md"))
	if err != nil {
		t.Fatal(err)
	}
	run := sarifLogFor(t, nil)
	for _, r := range run.Tool.Driver.Rules {
		want := informationURI + "/blob/main/docs/lint.md#" + strings.ToLower(r.ID)
		if r.HelpURI != want {
			t.Errorf("rule %s: helpUri %q, want %q", r.ID, r.HelpURI, want)
		}
		if !bytes.Contains(doc, []byte("\n### "+r.ID+"\n")) {
			t.Errorf("rule %s: docs/lint.md has no heading for the helpUri anchor", r.ID)
		}
	}
}

func TestSARIFLevel(t *testing.T) {
	tests := []struct {
		severity Severity
		want     string
	}{
		{Error, "error"},
		{SecurityWarning, "error"},
		{Warning, "warning"},
		{Suggestion, "note"},
	}
	for _, tt := range tests {
		if got := sarifLevel(tt.severity); got != tt.want {
			t.Errorf("sarifLevel(%s) = %s, want %s", tt.severity, got, tt.want)
		}
	}
}

func TestSARIFArtifactLocation(t *testing.T) {
	wd := filepath.FromSlash("/work/repo")
	tests := []struct {
		name   string
		uri    string
		baseID string
		desc   string
	}{
		{"policies/app.json", "policies/app.json", srcRoot, "relative"},
		{"./policies/app.json", "policies/app.json", srcRoot, "leading ./"},
		{filepath.FromSlash("/work/repo/policies/app.json"), "policies/app.json", srcRoot, "absolute inside"},
		{filepath.FromSlash("/etc/app.json"), "file:///etc/app.json", "", "absolute outside"},
		{"../other/app.json", "file:///work/other/app.json", "", "relative outside"},
		{"my policy.json", "my%20policy.json", srcRoot, "space escaped"},
		{"-", "stdin", "", "standard input"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := artifactLocation(tt.name, wd)
			if got.URI != tt.uri {
				t.Errorf("artifactLocation(%q).URI = %q, want %q", tt.name, got.URI, tt.uri)
			}
			if got.URIBaseID != tt.baseID {
				t.Errorf("artifactLocation(%q).URIBaseID = %q, want %q", tt.name, got.URIBaseID, tt.baseID)
			}
		})
	}
}

// TestSARIFBaseID checks that the run names the working directory as
// %SRCROOT%, with the trailing slash a base URI needs.
func TestSARIFBaseID(t *testing.T) {
	run := sarifLogFor(t, nil)
	root, ok := run.OriginalURIBaseIDs[srcRoot]
	if !ok {
		t.Fatalf("originalUriBaseIds has no %s", srcRoot)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(root.URI, "file://") || !strings.HasSuffix(root.URI, filepath.ToSlash(wd)+"/") {
		t.Errorf("%s = %q, want file URI of %s ending in /", srcRoot, root.URI, wd)
	}
}
