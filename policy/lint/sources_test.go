package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// want is a finding expected at a line of a file.
type want struct {
	code     string
	line     int
	document string
}

func lintTestdata(t *testing.T, name string, opts Options) FileResult {
	t.Helper()
	path := filepath.Join("testdata", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return LintFile(path, src, opts)
}

func checkFindings(t *testing.T, got []Finding, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("got %d findings, want %d:", len(got), len(wants))
		for _, f := range got {
			t.Log(f)
		}
	}
	for _, w := range wants {
		found := false
		for _, f := range got {
			if f.Code == w.code && f.Line == w.line && f.Document == w.document {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %s at line %d in %s", w.code, w.line, w.document)
		}
	}
}

func TestCloudFormationYAML(t *testing.T) {
	res := lintTestdata(t, "cfn/template.yaml", Options{})
	if res.Kind != "cloudformation" || res.Policies != 6 {
		t.Errorf("Kind, Policies = %s, %d, want cloudformation, 6", res.Kind, res.Policies)
	}
	checkFindings(t, res.Findings, []want{
		{CodeTrustResource, 19, "Resources.AppRole.Properties.AssumeRolePolicyDocument"},
		{CodeTokenNoAudience, 26, "Resources.AppRole.Properties.Policies[0].PolicyDocument"},
		{CodePassRoleStarResource, 39, "Resources.PassRolePolicy.Properties.PolicyDocument"},
		// The statement chosen by !If; the finding points at its
		// NotAction, inside the branch.
		{CodeAllowWithNotAction, 49, "Resources.PassRolePolicy.Properties.PolicyDocument"},
		{CodePublicAllowWithoutCond, 67, "Resources.BucketPolicy.Properties.PolicyDocument"},
		{CodeSCPPrincipal, 79, "Resources.GuardRail.Properties.Content"},
	})
}

func TestCloudFormationJSON(t *testing.T) {
	res := lintTestdata(t, "cfn/template.json", Options{})
	if res.Kind != "cloudformation" || res.Policies != 5 {
		t.Errorf("Kind, Policies = %s, %d, want cloudformation, 5", res.Kind, res.Policies)
	}
	checkFindings(t, res.Findings, []want{
		{CodeTrustResource, 16, "Resources.AppRole.Properties.AssumeRolePolicyDocument"},
		{CodeTokenNoAudience, 28, "Resources.AppRole.Properties.Policies[0].PolicyDocument"},
		{CodePassRoleStarResource, 53, "Resources.PassRolePolicy.Properties.PolicyDocument"},
		{CodeRCPAllow, 101, "Resources.Rcp.Properties.Content"},
	})
}

// TestTerraformPlan checks that findings in policies held in JSON strings
// point at the string and carry the JSON path inside it.
func TestTerraformPlan(t *testing.T) {
	res := lintTestdata(t, "terraform/plan.json", Options{})
	if res.Kind != "terraform-plan" || res.Policies != 5 {
		t.Errorf("Kind, Policies = %s, %d, want terraform-plan, 5", res.Kind, res.Policies)
	}
	checkFindings(t, res.Findings, []want{
		{CodePassRoleStarResource, 14, "aws_iam_policy.deploy.policy"},
		{CodeTokenSigningAlgorithm, 28, "aws_iam_role.app.inline_policy[0].policy"},
		{CodeSCPPrincipal, 46, "module.org.aws_organizations_policy.scp.content"},
		{CodeJSONSyntaxError, 56, "module.org.aws_s3_bucket_policy.logs.policy"},
	})
	for _, f := range res.Findings {
		if f.Code == CodePassRoleStarResource {
			if f.Column != 23 || f.Path != "$.Statement[0].Resource" {
				t.Errorf("PassRole finding at column %d, path %s; want 23, $.Statement[0].Resource", f.Column, f.Path)
			}
		}
	}
}

func TestTerraformResourceChanges(t *testing.T) {
	src := []byte(`{"format_version": "1.2", "resource_changes": [{"address": "aws_iam_policy.p",
		"type": "aws_iam_policy", "change": {"after": {"policy":
		"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]}"}}}]}`)
	res := LintFile("plan.json", src, Options{})
	checkFindings(t, res.Findings, []want{{CodeAllowWithNotAction, 3, "aws_iam_policy.p.policy"}})
}

func TestSubstitute(t *testing.T) {
	tests := []struct{ in, want string }{
		{"arn:${AWS::Partition}:s3:::${Bucket}/*", "arn:{{AWS::Partition}}:s3:::{{Bucket}}/*"},
		{"home/${!aws:username}/*", "home/${aws:username}/*"},
		{"no variables", "no variables"},
		{"unclosed ${x", "unclosed ${x"},
	}
	for _, tt := range tests {
		if got := substitute(tt.in); got != tt.want {
			t.Errorf("substitute(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGuessType(t *testing.T) {
	tests := []struct {
		src  string
		want PolicyType
	}{
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, TypeIdentity},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`, TypeTrust},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`, TypeResource},
		// An STS endpoint policy names sts actions but, unlike a trust
		// policy, has a Resource element.
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-example"}}}]}`, TypeResource},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d-%s", i, tt.want), func(t *testing.T) {
			doc, err := policy.ParseJSON([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := guessType(doc); got != tt.want {
				t.Errorf("guessType = %s, want %s", got, tt.want)
			}
			res := LintFile("p.json", []byte(tt.src), Options{})
			for _, f := range res.Findings {
				t.Errorf("unexpected finding %s", f)
			}
		})
	}
}

// TestLimitingTypesDoNotWarn checks that broad Allow statements in policy
// types that only limit access (boundaries, session policies, SCPs, VPC
// endpoint policies) raise no security warning, while the same statements
// in an identity-based policy do.
func TestLimitingTypesDoNotWarn(t *testing.T) {
	src := []byte(`{"Version":"2012-10-17","Statement":[
		{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"},
		{"Sid":"Others","Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}]}`)
	for _, typ := range []PolicyType{TypeBoundary, TypeSession, TypeSCP} {
		t.Run(string(typ), func(t *testing.T) {
			for _, f := range LintFile("p.json", src, Options{Type: typ}).Findings {
				if f.Severity == SecurityWarning {
					t.Errorf("unexpected %s", f)
				}
			}
		})
	}
	got := LintFile("p.json", src, Options{Type: TypeIdentity}).Findings
	for _, code := range []string{CodePassRoleStarActionResource, CodeAllowWithNotAction, CodeAllowWithNotResource} {
		if _, ok := hasCode(got, code); !ok {
			t.Errorf("identity: findings %s, want %s", codes(got), code)
		}
	}
}

func TestDurationBounds(t *testing.T) {
	tests := []struct {
		op    string
		value string
		warn  bool
	}{
		{"NumericLessThanEquals", "3600", false},
		{"NumericLessThanEquals", "3601", true},
		{"NumericLessThan", "3601", false},
		{"NumericLessThan", "60", true},
		{"NumericGreaterThan", "59", false},
		{"NumericGreaterThan", "3600", true},
		{"NumericEquals", "30", true},
		{"NumericGreaterThanEquals", "60", false},
	}
	for _, tt := range tests {
		t.Run(tt.op+"-"+tt.value, func(t *testing.T) {
			src := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetWebIdentityToken",`+
				`"Resource":"*","Condition":{%q:{"sts:DurationSeconds":%q}}}]}`, tt.op, tt.value)
			_, got := hasCode(LintFile("p.json", []byte(src), Options{}).Findings, CodeTokenDurationRange)
			if got != tt.warn {
				t.Errorf("%s %s: warned %v, want %v", tt.op, tt.value, got, tt.warn)
			}
		})
	}
}

// TestTemplateEmptyOperator checks that checks reading the tree by the
// Document's paths find their nodes in a policy inside a template, whose
// paths start with the template path.
func TestTemplateEmptyOperator(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: "*"
            Condition:
              StringEquals: {}
`
	res := LintFile("t.yaml", []byte(src), Options{})
	checkFindings(t, res.Findings, []want{
		{CodeEmptyObjectCondition, 12, "Resources.P.Properties.PolicyDocument"},
		{CodeEmptyObjectCondition, 13, "Resources.P.Properties.PolicyDocument"},
	})
}

// TestPolicyFileTag checks that a YAML policy file outside a template
// reports an application tag instead of linting the tagged text.
func TestPolicyFileTag(t *testing.T) {
	src := "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n" +
		"    Resource: !Sub \"arn:aws:s3:::${Bucket}/*\"\n"
	res := LintFile("p.yaml", []byte(src), Options{})
	if res.Kind != "policy" {
		t.Errorf("Kind = %s, want policy", res.Kind)
	}
	checkFindings(t, res.Findings, []want{{CodeInvalidElementType, 5, ""}})
}

// TestJSONIsNeverReadAsYAML pins that a JSON file that no JSON reader
// accepts is a syntax error, not a YAML document: as YAML, the '#' would
// comment out the Deny statement and the trailing comma would pass.
func TestJSONIsNeverReadAsYAML(t *testing.T) {
	tests := map[string]string{
		"trailing comma": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",}]}`,
		"hash comment": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}, " +
			"#{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}\n]}",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			res := LintFile("policy.json", []byte(src), Options{})
			found := false
			for _, f := range res.Findings {
				if f.Code == CodeJSONSyntaxError {
					found = true
				}
			}
			if !found {
				t.Errorf("LintFile(%s) findings = %v, want %s", name, res.Findings, CodeJSONSyntaxError)
			}
		})
	}
}

// TestFlowYAMLFileParses checks that a .yaml file written as a YAML flow
// mapping, which starts with '{', is read as YAML.
func TestFlowYAMLFileParses(t *testing.T) {
	src := "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\n"
	res := LintFile("policy.yaml", []byte(src), Options{Type: TypeIdentity})
	for _, f := range res.Findings {
		if f.Severity == Error {
			t.Errorf("LintFile(flow YAML) finding %s %s: %s, want no ERROR", f.Code, f.Severity, f.Message)
		}
	}
}
