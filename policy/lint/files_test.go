package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestPolicyCount checks that a policy file counts as one policy
// document whatever its content, so that the summary does not depend on
// which way the document is broken.
func TestPolicyCount(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"valid", `{"Version": "2012-10-17", "Statement": []}`},
		{"null", `null`},
		{"array", `[]`},
		{"empty", ``},
		{"whitespace", " \n"},
		{"syntax error", `{"Version": `},
		{"yaml syntax error", "Statement: [\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("p.json", []byte(tt.src), Options{})
			if res.Policies != 1 {
				t.Errorf("Policies = %d, want 1", res.Policies)
			}
		})
	}
}

// TestSkipUnrecognized checks which documents Options.SkipUnrecognized
// skips: those whose top level names no element of a policy, a
// CloudFormation template or a Terraform plan.
func TestSkipUnrecognized(t *testing.T) {
	tests := []struct {
		name string
		src  string
		skip bool
	}{
		{"package.json", `{"name": "app", "version": "1.0.0", "scripts": {}}`, true},
		{"tsconfig.json", `{"compilerOptions": {"strict": true}}`, true},
		{"workflow", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", true},
		{"array", `[{"Statement": []}]`, true},
		{"scalar", `"text"`, true},
		{"null", `null`, true},
		{"policy", `{"Version": "2012-10-17", "Statement": []}`, false},
		{"statement only", `{"Statement": []}`, false},
		{"version only", `{"Version": "2012-10-17"}`, false},
		{"statement in lower case", `{"statement": []}`, false},
		{"template", `{"AWSTemplateFormatVersion": "2010-09-09"}`, false},
		{"resources", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n", false},
		{"plan", `{"format_version": "1.2"}`, false},
		{"planned values", `{"planned_values": {}}`, false},
		{"resource changes", `{"resource_changes": []}`, false},
		{"syntax error", `{"name": `, false},
		{"empty", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("f.json", []byte(tt.src), Options{SkipUnrecognized: true})
			if got := res.Skipped != ""; got != tt.skip {
				t.Errorf("skipped = %v (%q), want %v", got, res.Skipped, tt.skip)
			}
			if tt.skip && (len(res.Findings) != 0 || res.Policies != 0) {
				t.Errorf("skipped file has %d findings and %d policies, want none", len(res.Findings), res.Policies)
			}
			plain := LintFile("f.json", []byte(tt.src), Options{})
			if plain.Skipped != "" {
				t.Errorf("without SkipUnrecognized: skipped (%q)", plain.Skipped)
			}
		})
	}
}

// TestSyntaxErrorNamesFormat checks that a syntax error in a YAML file
// names YAML, even when the YAML is in flow style and so looks like JSON.
func TestSyntaxErrorNamesFormat(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
		want string
		not  string
	}{
		{"block yaml", "p.yaml", "Version: \"2012-10-17\"\nStatement: [\n", "YAML", "JSON"},
		{"flow yaml", "p.yaml", "{Version: 2012-10-17, Statement: [}\n", "YAML", "JSON"},
		{"flow yml", "p.yml", "[Version: }\n", "YAML", "JSON"},
		{"json", "p.json", `{"Version": [}`, "JSON", "YAML"},
		{"json text in yaml file", "p.yaml", `{"Version": "2012-10-17", "Statement": [}`, "YAML", "JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile(tt.file, []byte(tt.src), Options{})
			f, ok := hasCode(res.Findings, CodeJSONSyntaxError)
			if !ok {
				t.Fatalf("no %s in %s", CodeJSONSyntaxError, codes(res.Findings))
			}
			if !strings.Contains(f.Message, tt.want) || strings.Contains(f.Message, tt.not) {
				t.Errorf("message %q, want %s and not %s", f.Message, tt.want, tt.not)
			}
		})
	}
}

// TestMessageWording checks messages whose wording was wrong: a missing
// Version and the article before an operator family.
func TestMessageWording(t *testing.T) {
	tests := []struct {
		name string
		typ  PolicyType
		doc  string
		code string
		want string
	}{
		{"scp without version", TypeSCP,
			`{"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}`,
			CodeOrgVersion, `Version is missing`},
		{"scp with old version", TypeSCP,
			`{"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}`,
			CodeOrgVersion, `got "2008-10-17"`},
		{"ip key with string operator", TypeIdentity,
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
			 "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.1"}}}]}`,
			CodeDataTypeMismatch, "use an IpAddress operator"},
		{"arn key with numeric operator", TypeIdentity,
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
			 "Condition": {"NumericEquals": {"aws:PrincipalArn": "1"}}}]}`,
			CodeDataTypeMismatch, "use an Arn operator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("p.json", []byte(tt.doc), Options{Type: tt.typ})
			f, ok := hasCode(res.Findings, tt.code)
			if !ok {
				t.Fatalf("no %s in %s", tt.code, codes(res.Findings))
			}
			if !strings.Contains(f.Message, tt.want) {
				t.Errorf("message %q lacks %q", f.Message, tt.want)
			}
		})
	}
}

// TestGitHubTrustWithoutSub checks that a trust policy for GitHub's OIDC
// provider with no condition at all gets the missing-repository warning
// when its type is guessed, named, or fixed by a template.
func TestGitHubTrustWithoutSub(t *testing.T) {
	const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
	 "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
	 "Action": "sts:AssumeRoleWithWebIdentity"}]}`
	template := `{"Resources": {"Role": {"Type": "AWS::IAM::Role",
	 "Properties": {"AssumeRolePolicyDocument": ` + trust + `}}}}`
	tests := []struct {
		name string
		src  string
		typ  PolicyType
	}{
		{"guessed", trust, TypeUnknown},
		{"named", trust, TypeTrust},
		{"template", template, TypeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("trust.json", []byte(tt.src), Options{Type: tt.typ})
			f, ok := hasCode(res.Findings, CodeGitHubNoRepoCondition)
			if !ok {
				t.Fatalf("no %s in %s", CodeGitHubNoRepoCondition, codes(res.Findings))
			}
			if f.Severity != SecurityWarning {
				t.Errorf("severity %s, want SECURITY_WARNING", f.Severity)
			}
		})
	}
}

// unreadableResults are a linted file, a skipped file and an unreadable
// one, as a directory walk produces them.
func unreadableResults(t *testing.T) []FileResult {
	t.Helper()
	return []FileResult{
		lintTestdata(t, "aws/foranyvalue-audience.json", Options{}),
		LintFile("package.json", []byte(`{"name": "app"}`), Options{SkipUnrecognized: true}),
		{File: "broken.json", ReadError: errors.New("broken.json is a symbolic link to missing.json, which does not exist")},
	}
}

func TestWriteTextUnreadable(t *testing.T) {
	var out bytes.Buffer
	if err := WriteText(&out, unreadableResults(t)); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"broken.json: ERROR: broken.json is a symbolic link to missing.json, which does not exist\n",
		"broken.json (unreadable): not linted\n",
		"package.json (skipped): not a policy, CloudFormation template or Terraform plan",
		"total: 3 files, 1 unreadable, 1 skipped, 1 policy,",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q:\n%s", want, text)
		}
	}
}

func TestWriteJSONUnreadable(t *testing.T) {
	var out bytes.Buffer
	if err := WriteJSON(&out, unreadableResults(t)); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Files []struct {
			File    string `json:"file"`
			Kind    string `json:"kind"`
			Error   string `json:"error"`
			Skipped string `json:"skipped"`
		} `json:"files"`
		Total Summary `json:"total"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Files) != 3 {
		t.Fatalf("%d files, want 3", len(rep.Files))
	}
	if rep.Files[1].Skipped == "" || rep.Files[1].Kind != "skipped" {
		t.Errorf("package.json: kind %q, skipped %q, want kind skipped and a reason", rep.Files[1].Kind, rep.Files[1].Skipped)
	}
	if !strings.Contains(rep.Files[2].Error, "does not exist") || rep.Files[2].Kind != "unreadable" {
		t.Errorf("broken.json: kind %q, error %q, want kind unreadable and the error", rep.Files[2].Kind, rep.Files[2].Error)
	}
	if rep.Total.Unreadable != 1 || rep.Total.Skipped != 1 {
		t.Errorf("total unreadable %d, skipped %d, want 1 and 1", rep.Total.Unreadable, rep.Total.Skipped)
	}
}

// TestSARIFUnreadable checks that an unreadable file becomes an error
// notification of the run's invocation, which then did not succeed.
func TestSARIFUnreadable(t *testing.T) {
	run := sarifLogFor(t, unreadableResults(t))
	if len(run.Invocations) != 1 {
		t.Fatalf("%d invocations, want 1", len(run.Invocations))
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("executionSuccessful = true, want false")
	}
	if len(inv.ToolExecutionNotifications) != 1 {
		t.Fatalf("%d notifications, want 1", len(inv.ToolExecutionNotifications))
	}
	n := inv.ToolExecutionNotifications[0]
	if n.Level != "error" || !strings.Contains(n.Message.Text, "does not exist") {
		t.Errorf("notification level %q, message %q", n.Level, n.Message.Text)
	}
	if len(n.Locations) != 1 || n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "broken.json" {
		t.Errorf("notification locations %+v, want broken.json", n.Locations)
	}

	clean := sarifLogFor(t, unreadableResults(t)[:2])
	if len(clean.Invocations) != 1 || !clean.Invocations[0].ExecutionSuccessful {
		t.Errorf("without unreadable files: invocations %+v, want one successful", clean.Invocations)
	}
}
