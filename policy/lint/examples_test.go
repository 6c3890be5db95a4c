package lint

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestAWSExamples lints AWS's published policies (testdata/NOTICE names
// each source) and expects exactly the listed findings.
func TestAWSExamples(t *testing.T) {
	tests := []struct {
		file string
		typ  PolicyType
		want []string
	}{
		// The IAM user guide's example uses ForAnyValue, which also admits
		// a request listing an audience beside the allowed ones.
		{"foranyvalue-audience.json", TypeUnknown, []string{CodeTokenAnyValueAudience}},
		{"AWSIPAMOutboundServiceRolePolicy.json", TypeUnknown, nil},
		{"claude-platform-token.json", TypeUnknown, []string{CodeTokenAnyValueAudience}},
		{"sts-endpoint-org-principals.json", TypeEndpoint, nil},
		{"sts-endpoint-deny-non-org.json", TypeEndpoint, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "aws", tt.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res := LintFile(path, src, Options{Type: tt.typ})
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v", res.Findings, tt.want)
			}
		})
	}
}

func TestForAnyValueExamplePosition(t *testing.T) {
	path := filepath.Join("testdata", "aws", "foranyvalue-audience.json")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := LintFile(path, src, Options{})
	if len(res.Findings) != 1 {
		t.Fatalf("findings %v, want one", res.Findings)
	}
	f := res.Findings[0]
	if f.Line != 10 || f.Column != 17 {
		t.Errorf("position %d:%d, want 10:17 (the operator name)", f.Line, f.Column)
	}
	if want := `$.Statement[0].Condition["ForAnyValue:StringEquals"]`; f.Path != want {
		t.Errorf("Path = %s, want %s", f.Path, want)
	}
	if f.Severity != SecurityWarning {
		t.Errorf("Severity = %s, want SECURITY_WARNING", f.Severity)
	}
}
