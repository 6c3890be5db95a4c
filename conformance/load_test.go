package conformance

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/evaluator"
)

const evalHead = `name: c
source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
`

func parseOne(t *testing.T, src string) *Case {
	t.Helper()
	cases, err := Parse("case.yaml", ".", []byte(src))
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	if len(cases) != 1 {
		t.Fatalf("Parse returned %d cases, want 1", len(cases))
	}
	return cases[0]
}

func TestParseContextValues(t *testing.T) {
	c := parseOne(t, evalHead+`request:
  principal: arn:aws:iam::111122223333:user/alice
  action: sts:GetWebIdentityToken
  resource: "*"
  context:
    sts:IdentityTokenAudience: [a, b]
    aws:TagKeys: []
    sts:DurationSeconds: 300
    aws:SecureTransport: true
    aws:SourceIp: 203.0.113.7
expect: {decision: Allow}
`)
	tests := []struct {
		key   string
		want  []string
		multi bool
	}{
		{"sts:identitytokenaudience", []string{"a", "b"}, true},
		{"aws:TagKeys", []string{}, true},
		{"sts:DurationSeconds", []string{"300"}, false},
		{"aws:SecureTransport", []string{"true"}, false},
		{"aws:sourceip", []string{"203.0.113.7"}, false},
	}
	for _, tt := range tests {
		got, multi, ok := c.Request.Context.Get(tt.key)
		if !ok {
			t.Errorf("Get(%q): key absent", tt.key)
			continue
		}
		if len(got) == 0 {
			got = []string{}
		}
		if !reflect.DeepEqual(got, tt.want) || multi != tt.multi {
			t.Errorf("Get(%q) = %q, multi %t; want %q, multi %t", tt.key, got, multi, tt.want, tt.multi)
		}
	}
	if c.Request.Principal.Kind != evaluator.PrincipalUser {
		t.Errorf("principal kind = %v, want user", c.Request.Principal.Kind)
	}
}

func TestParseDocumentForms(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"flow JSON", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`},
		{"flow YAML", `{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}`},
		{"JSON string", `'{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'`},
		{"block", "\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: \"*\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseOne(t, evalHead+`request: {principal: "arn:aws:iam::111122223333:user/alice", action: s3:GetObject, resource: "*"}
policies:
  identity:
    - name: p
      document: `+tt.doc+`
expect: {decision: Allow}
`)
			doc := c.Policies.Identity[0].Document
			if len(doc.Statements) != 1 || doc.Statements[0].Action.Values[0].Text != "s3:GetObject" {
				t.Errorf("document = %+v", doc)
			}
		})
	}
}

func TestParseJSONCaseFile(t *testing.T) {
	src := "{\n\t\"name\": \"j\",\n\t\"source\": \"RFC 7519\",\n\t\"request\": {\"principal\": \"anonymous\", \"action\": \"s3:GetObject\", \"resource\": \"*\"},\n" +
		"\t\"policies\": {\"resource\": {\"name\": \"r\", \"document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}}},\n" +
		"\t\"expect\": {\"decision\": \"Allow\", \"decided_by\": \"resource\"}\n}\n"
	c := parseOne(t, src)
	if c.Request.Principal.Kind != evaluator.PrincipalAnonymous {
		t.Errorf("principal kind = %v, want anonymous", c.Request.Principal.Kind)
	}
	if c.Policies.Resource == nil || c.Expect.DecidedBy != "resource" {
		t.Errorf("case = %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	req := `request: {principal: "arn:aws:iam::111122223333:user/alice", action: s3:GetObject, resource: "*"}
`
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"missing name", "source: s\n" + req + "expect: {decision: Allow}\n", `case.yaml:1:1: case: missing "name"`},
		{"missing expect", evalHead + "caller: {access_key_id: A}\n", `case.yaml:1:1: case c: missing "expect"`},
		{"missing request", "name: x\n", `case.yaml:1:1: case x: missing "request"; ` +
			`an evaluation case needs request and expect, an issuer case world, caller and expect`},
		{"two expectations", evalHead + req + "expect: {decision: Allow, jwks: []}\n",
			"case.yaml:4:9: case c: expect needs exactly one of decision, error, token, discovery, jwks; got 2"},
		{"invalid decided_by", evalHead + req + "expect: {decision: Allow, decided_by: org}\n",
			`case.yaml:4:39: invalid decided_by "org"; use one of scp, rcp, identity, resource, boundary, session, vpce`},
		{"token request on evaluation case", evalHead + req + "token_request: {}\nexpect: {decision: Allow}\n",
			`case.yaml:4:1: case c: "token_request" belongs to issuer cases; an evaluation case has request and policies`},
		{"context list of lists", evalHead + "request: {principal: '*', action: s:b, resource: '*', context: {k: [[x]]}}\nexpect: {decision: Allow}\n",
			"case.yaml:3:69: context value of k entry must be a string, got a list"},
		{"duplicate context key", evalHead + "request: {principal: '*', action: s:b, resource: '*', context: {K: x, k: y}}\nexpect: {decision: Allow}\n",
			`case.yaml:3:71: request.context: duplicate key "k" (condition keys compare case-insensitively)`},
		{"scp not levels", evalHead + req + "policies: {scp: {name: x}}\nexpect: {decision: Allow}\n",
			"case.yaml:4:17: policies.scp must be a list of levels (root, OUs, account), each a list of policies"},
		{"document and file", evalHead + req + "policies: {identity: [{name: p, document: {}, file: p.json}]}\nexpect: {decision: Allow}\n",
			"case.yaml:4:23: policy p: give document or file, not both"},
		{"issuer case without world", evalHead + "caller: {access_key_id: AKIA}\ntoken_request: {}\nexpect: {error: {code: X}}\n",
			`case.yaml:1:1: case c: missing "world": name a world file or write one inline`},
		{"caller with both", evalHead + "world: {}\ncaller: {access_key_id: A, principal: B}\ntoken_request: {}\nexpect: {error: {code: X}}\n",
			"case.yaml:4:9: caller: give exactly one of access_key_id and principal"},
		{"duration not integer", evalHead + "world: {}\ncaller: {principal: B}\ntoken_request: {duration_seconds: 5m}\nexpect: {error: {code: X}}\n",
			`case.yaml:5:35: duration_seconds must be an integer, got "5m"`},
		{"empty file", "", "case.yaml: empty case file; write one case or a \"cases\" list"},
		{"world file", "region: us-east-1\naccounts: []\n",
			"case.yaml:2:1: this is a world file, not a case file; run it with iamgate serve --config, " +
				"and name it with the suffix .world.yaml so that case loading skips it"},
		{"duplicate names", "cases:\n  - " + strings.ReplaceAll(evalHead+req+"expect: {decision: Allow}", "\n", "\n    ") +
			"\n  - " + strings.ReplaceAll(evalHead+req+"expect: {decision: Allow}", "\n", "\n    ") + "\n",
			`case.yaml:6:5: duplicate case name "c"; names must be unique in a file`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("case.yaml", ".", []byte(tt.src))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error = %v, want a *LoadError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse error = %q\nwant            %q", err.Error(), tt.want)
			}
		})
	}
}

// TestPolicyErrorPosition checks that a policy error inside an inline
// document reports its position in the case file.
func TestPolicyErrorPosition(t *testing.T) {
	src := evalHead + `request: {principal: anonymous, action: s3:GetObject, resource: "*"}
policies:
  identity:
    - name: p
      document: {"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}
expect: {decision: Allow}
`
	_, err := Parse("case.yaml", ".", []byte(src))
	want := `case.yaml:7:68: policy p: $.Statement[0].Effect: invalid Effect "Permit"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Parse error = %v, want prefix %q", err, want)
	}
}

func TestFlowEnd(t *testing.T) {
	s := &source{lines: []string{`a: {"x": "}", y: '{''}', z: [1, 2]} # }`, `b: 1`}}
	end, ok := s.flowEnd(Pos{1, 4})
	if !ok || end != (Pos{1, 35}) {
		t.Errorf("flowEnd = %v, %t; want {1 35}, true", end, ok)
	}
}

func TestSkipList(t *testing.T) {
	l, err := LoadSkipList("skip.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := &Case{File: "conformance/suite/issuer/documents.yaml", Name: "jwks/served-while-disabled"}
	if _, ok := l.Lookup(c, TargetHTTP); !ok {
		t.Error("Lookup(http) = false, want the entry for HTTP")
	}
	if _, ok := l.Lookup(c, TargetInProcess); ok {
		t.Error("Lookup(in-process) = true, want false: the entry is for HTTP only")
	}
	var nilList *SkipList
	if _, ok := nilList.Lookup(c, TargetHTTP); ok {
		t.Error("nil list skipped a case")
	}
}

// TestParseRequestChecks checks that the loader rejects a request AWS
// could not build, at the position of the field at fault.
func TestParseRequestChecks(t *testing.T) {
	const user = `"arn:aws:iam::111122223333:user/alice"`
	req := func(principal, action, resource, extra string) string {
		return evalHead + "request:\n  principal: " + principal + "\n  action: " + action +
			"\n  resource: " + resource + "\n" + extra + "expect: {decision: Allow}\n"
	}
	tests := []struct {
		name string
		src  string
		want string // prefix of the error; "" means valid
	}{
		{"user", req(user, "s3:GetObject", `"*"`, ""), ""},
		{"role session", req(`"arn:aws:sts::111122223333:assumed-role/app/s1"`, "s3:GetObject", `"*"`, ""), ""},
		{"GovCloud user", req(`"arn:aws-us-gov:iam::111122223333:user/a"`, "s3:GetObject", `"*"`, ""), ""},
		{"service principal", req("ec2.amazonaws.com", "sts:AssumeRole", `"*"`, ""), ""},
		{"anonymous", req("anonymous", "s3:GetObject", `"arn:aws:s3:::b/k"`, ""), ""},
		{"star", req(`"*"`, "s3:GetObject", `"*"`, ""), ""},
		{"resource account", req(user, "s3:GetObject", `"*"`, "  resource_account: \"444455556666\"\n"), ""},
		{"number principal", req("5", "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: invalid principal "5": use an IAM or STS ARN`},
		{"word principal", req("not-an-arn", "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: invalid principal "not-an-arn"`},
		{"s3 principal ARN", req(`"arn:aws:s3:::bucket"`, "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: invalid principal ARN "arn:aws:s3:::bucket"`},
		{"short account", req(`"arn:aws:iam::1111:user/a"`, "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: invalid principal ARN`},
		{"unknown partition", req(`"arn:aws-xx:iam::111122223333:user/a"`, "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: invalid principal ARN`},
		{"action without prefix", req(user, "GetObject", `"*"`, ""),
			`case.yaml:5:11: request: invalid action "GetObject": missing the service prefix; write service:Name`},
		{"action with wildcard", req(user, `"s3:Get*"`, `"*"`, ""),
			`case.yaml:5:11: request: invalid action "s3:Get*": a request names one action, so it has no wildcard`},
		{"empty prefix", req(user, ":GetObject", `"*"`, ""), `case.yaml:5:11: request: invalid action ":GetObject"`},
		{"prefix with dot", req(user, "s3.x:GetObject", `"*"`, ""), `case.yaml:5:11: request: invalid action "s3.x:GetObject"`},
		{"resource not ARN", req(user, "s3:GetObject", "bucket", ""),
			`case.yaml:6:13: request: invalid resource "bucket": use an ARN such as arn:aws:s3:::bucket/key, or "*"`},
		{"resource account short", req(user, "s3:GetObject", `"*"`, "  resource_account: 12\n"),
			`case.yaml:7:21: request: invalid resource_account "12": use a 12-digit account id`},
		{"principal mapping without arn", req("{kind: user}", "s3:GetObject", `"*"`, ""),
			`case.yaml:4:14: request.principal: missing "arn"`},
		{"invalid role_arn", req(`{arn: "arn:aws:sts::111122223333:assumed-role/a/s", role_arn: a}`, "s3:GetObject", `"*"`, ""),
			`case.yaml:4:76: request.principal: invalid role_arn "a": use an IAM role ARN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("case.yaml", ".", []byte(tt.src))
			if tt.want == "" {
				if err != nil {
					t.Errorf("Parse = %v, want no error", err)
				}
				return
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error = %v, want a *LoadError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Parse error = %q\nwant prefix     %q", err.Error(), tt.want)
			}
		})
	}
}

func TestParseRejectsControlCharacters(t *testing.T) {
	src := evalHead + "request: {principal: \"arn:aws:iam::111122223333:user/a\\x1b[2J\", action: s3:GetObject, resource: \"*\"}\n" +
		"expect: {decision: Allow}\n"
	_, err := Parse("case.yaml", ".", []byte(src))
	want := `case.yaml:3:22: request.principal: invalid principal ARN "arn:aws:iam::111122223333:user/a\x1b[2J"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Parse error = %v, want prefix %q", err, want)
	}
}

func TestParseWorldFileAdvice(t *testing.T) {
	_, err := Parse("suite.world.yaml", ".", []byte("region: us-east-1\naccounts: []\n"))
	want := `suite.world.yaml:2:1: this is a world file, not a case file; cases name it under "world", ` +
		"and iamgate serve --config runs it"
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v\nwant             %s", err, want)
	}
}

func TestParseFederatedPrincipalFields(t *testing.T) {
	c := parseOne(t, evalHead+`request:
  principal:
    arn: "arn:aws:sts::111122223333:federated-user/bob"
    federating_user_arn: "arn:aws:iam::111122223333:user/bob"
  action: s3:GetObject
  resource: "*"
expect: {decision: ImplicitDeny}
`)
	p := c.Request.Principal
	if p.FederatingUserARN != "arn:aws:iam::111122223333:user/bob" {
		t.Errorf("FederatingUserARN = %q, want bob's user ARN", p.FederatingUserARN)
	}
	if p.Kind != evaluator.PrincipalFederatedSession {
		t.Errorf("Kind = %v, want federated-session", p.Kind)
	}

	c = parseOne(t, evalHead+`request:
  principal: {arn: anonymous, federated_provider: accounts.google.com}
  action: sts:AssumeRoleWithWebIdentity
  resource: "arn:aws:iam::111122223333:role/web-app"
expect: {decision: ImplicitDeny}
`)
	if got := c.Request.Principal.FederatedProvider; got != "accounts.google.com" {
		t.Errorf("FederatedProvider = %q, want accounts.google.com", got)
	}

	_, err := Parse("case.yaml", ".", []byte(evalHead+`request:
  principal: {arn: anonymous, federated_provider: "not a provider"}
  action: sts:AssumeRoleWithWebIdentity
  resource: "*"
expect: {decision: ImplicitDeny}
`))
	want := `case.yaml:4:51: request.principal: invalid federated_provider "not a provider": use an OIDC or SAML provider ARN`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Parse error = %v, want prefix %q", err, want)
	}
}
