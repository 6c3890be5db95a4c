package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func sampleResults(t *testing.T) []FileResult {
	t.Helper()
	return []FileResult{
		lintTestdata(t, "aws/foranyvalue-audience.json", Options{}),
		lintTestdata(t, "cfn/template.yaml", Options{}),
		lintTestdata(t, "aws/AWSIPAMOutboundServiceRolePolicy.json", Options{}),
	}
}

// TestSARIFSchema validates SARIF output against the SARIF 2.1.0 JSON
// schema in testdata (source in testdata/NOTICE).
func TestSARIFSchema(t *testing.T) {
	schemaFile, err := os.Open("testdata/sarif-2.1.0-rtm.5.json")
	if err != nil {
		t.Fatal(err)
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	compiler := jsonschema.NewCompiler()
	const url = "https://json.schemastore.org/sarif-2.1.0-rtm.5.json"
	if err := compiler.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := compiler.Compile(url)
	if err != nil {
		t.Fatal(err)
	}

	for _, results := range [][]FileResult{sampleResults(t), unreadableResults(t)} {
		var out bytes.Buffer
		if err := WriteSARIF(&out, results); err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("SARIF output does not validate: %v", err)
		}
	}

	// A document missing a required property must fail, so the schema
	// is known to be enforced.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version": "2.1.0", "runs": [{"results": []}]}`))
	if err := schema.Validate(bad); err == nil {
		t.Error("a run without tool validated; the schema is not applied")
	}
}

func TestSARIFContent(t *testing.T) {
	var out bytes.Buffer
	if err := WriteSARIF(&out, sampleResults(t)); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID   string `json:"id"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with 1", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(Rules()) {
		t.Errorf("%d rules, want %d", len(run.Tool.Driver.Rules), len(Rules()))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.Help.Text == "" {
			t.Errorf("rule %s has no help text", r.ID)
		}
	}
	first := run.Results[0]
	if first.RuleID != CodeTokenAnyValueAudience || first.Level != "error" {
		t.Errorf("first result %s at level %s, want %s at error", first.RuleID, first.Level, CodeTokenAnyValueAudience)
	}
	if run.Tool.Driver.Rules[first.RuleIndex].ID != first.RuleID {
		t.Errorf("ruleIndex %d names %s, want %s", first.RuleIndex, run.Tool.Driver.Rules[first.RuleIndex].ID, first.RuleID)
	}
	loc := first.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "testdata/aws/foranyvalue-audience.json" {
		t.Errorf("uri %q, want testdata/aws/foranyvalue-audience.json", loc.ArtifactLocation.URI)
	}
	if loc.Region.StartLine != 10 || loc.Region.StartColumn != 17 {
		t.Errorf("region %d:%d, want 10:17", loc.Region.StartLine, loc.Region.StartColumn)
	}
}

func TestWriteJSON(t *testing.T) {
	var out bytes.Buffer
	if err := WriteJSON(&out, sampleResults(t)); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Files []struct {
			File     string    `json:"file"`
			Summary  Summary   `json:"summary"`
			Findings []Finding `json:"findings"`
		} `json:"files"`
		Total   Summary `json:"total"`
		Catalog struct {
			Date string `json:"date"`
		} `json:"catalog"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 3 {
		t.Fatalf("%d files, want 3", len(rep.Files))
	}
	if rep.Files[2].Findings == nil || len(rep.Files[2].Findings) != 0 {
		t.Errorf("clean file findings = %v, want []", rep.Files[2].Findings)
	}
	if rep.Total.Policies != 8 {
		t.Errorf("total policies %d, want 8", rep.Total.Policies)
	}
	if rep.Total.SecurityWarnings != 5 || rep.Total.Errors != 2 {
		t.Errorf("total %+v, want 5 security warnings and 2 errors", rep.Total)
	}
	if rep.Catalog.Date == "" {
		t.Error("catalog date missing")
	}
	if !strings.Contains(out.String(), `"severity": "SECURITY_WARNING"`) {
		t.Error("severity not written by name")
	}
}

func TestWriteText(t *testing.T) {
	var out bytes.Buffer
	if err := WriteText(&out, sampleResults(t)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"testdata/aws/foranyvalue-audience.json:10:17: SECURITY_WARNING WEB_IDENTITY_TOKEN_FORANYVALUE_AUDIENCE: ",
		"testdata/aws/AWSIPAMOutboundServiceRolePolicy.json (policy): 1 policy, 0 errors, 0 security warnings, 0 warnings, 0 suggestions",
		"testdata/cfn/template.yaml (cloudformation): 6 policies, 2 errors, 4 security warnings",
		"total: 3 files, 8 policies, 2 errors, 5 security warnings",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{Suggestion, Warning, SecurityWarning, Error} {
		got, err := ParseSeverity(strings.ToLower(s.String()))
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v, want %v", strings.ToLower(s.String()), got, err, s)
		}
	}
	if _, err := ParseSeverity("FATAL"); err == nil {
		t.Error("ParseSeverity(FATAL) succeeded, want an error")
	}
	if !(Error > SecurityWarning && SecurityWarning > Warning && Warning > Suggestion) {
		t.Error("severities are not ordered")
	}
}

// TestDocsListEveryRule keeps docs/lint.md in step with the rules.
func TestDocsListEveryRule(t *testing.T) {
	doc, err := os.ReadFile("../../docs/lint.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules() {
		if !strings.Contains(string(doc), "### "+r.Code+"\n") {
			t.Errorf("docs/lint.md has no section for %s", r.Code)
		}
	}
}
