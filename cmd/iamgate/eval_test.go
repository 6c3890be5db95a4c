package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the command line through run and returns stdout, the line
// printed on stderr for an error, and the exit status main would use.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	status = exitStatus(err, &errOut)
	return out.String(), errOut.String(), status
}

func TestEvalText(t *testing.T) {
	out, errOut, status := runCmd(t, "eval", "testdata/eval/scp-deny.yaml")
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
	}
	for _, want := range []string{
		"Decision:   ExplicitDeny\n",
		"Decided by: scp (service control policy)\n",
		`scp policy "MaxTokenLifetime", statement 0 (Deny, Sid CapLifetime)`,
		"with an explicit deny in a service control policy",
		"Expected:   ExplicitDeny (matches;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q; got:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Trace:") {
		t.Errorf("eval without --trace printed a trace:\n%s", out)
	}
}

func TestEvalJSONDecisions(t *testing.T) {
	tests := []struct {
		file      string
		decision  string
		decidedBy string
	}{
		{"testdata/eval/scp-deny.yaml", "ExplicitDeny", "scp"},
		{"testdata/eval/allow.json", "Allow", "identity"},
		{"testdata/eval/no-policy.yaml", "ImplicitDeny", "identity"},
		{"testdata/eval/minimal.yaml", "Allow", "identity"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			// Flags after the file name must parse too.
			out, errOut, status := runCmd(t, "eval", tt.file, "--output", "json")
			if status != 0 {
				t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("output is not one JSON object: %v\n%s", err, out)
			}
			if got["decision"] != tt.decision {
				t.Errorf("decision = %v, want %s", got["decision"], tt.decision)
			}
			if got["decided_by"] != tt.decidedBy {
				t.Errorf("decided_by = %v, want %s", got["decided_by"], tt.decidedBy)
			}
			if want := filepath.Base(tt.file) != "minimal.yaml"; (got["matches_expected"] == true) != want {
				t.Errorf("matches_expected = %v, want it %t", got["matches_expected"], want)
			}
			if _, ok := got["trace"]; ok {
				t.Errorf("trace present without --trace")
			}
		})
	}
}

func TestEvalTrace(t *testing.T) {
	out, _, status := runCmd(t, "eval", "--trace", "testdata/eval/scp-deny.yaml")
	if status != 0 {
		t.Fatalf("status = %d, want 0", status)
	}
	for _, want := range []string{
		"Trace:\n",
		`identity policy "app-policy", statement 0 (Allow): applies`,
		"action matched, resource matched, principal matched",
		`NumericGreaterThan sts:DurationSeconds: request ["3600"], policy ["900"] -> true`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q; got:\n%s", want, out)
		}
	}

	out, _, _ = runCmd(t, "eval", "--trace", "--output=json", "testdata/eval/allow.json")
	var got struct {
		Trace []struct {
			Applies    bool `json:"applies"`
			Conditions []struct {
				Operator      string   `json:"operator"`
				Key           string   `json:"key"`
				RequestValues []string `json:"request_values"`
				PolicyValues  []string `json:"policy_values"`
				Result        bool     `json:"result"`
			} `json:"conditions"`
		} `json:"trace"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Trace) != 1 || len(got.Trace[0].Conditions) != 1 {
		t.Fatalf("trace = %+v, want one statement with one condition", got.Trace)
	}
	c := got.Trace[0].Conditions[0]
	if c.Operator != "ForAllValues:StringEquals" || c.Key != "sts:IdentityTokenAudience" || !c.Result {
		t.Errorf("condition trace = %+v", c)
	}
	if len(c.RequestValues) != 1 || c.RequestValues[0] != "https://api.example.com" {
		t.Errorf("request values = %q, want [https://api.example.com]", c.RequestValues)
	}
}

func TestEvalStdin(t *testing.T) {
	f, err := os.Open("testdata/eval/no-policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = saved }()
	out, errOut, status := runCmd(t, "eval", "-", "--output", "json")
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
	}
	if !strings.Contains(out, `"decision": "ImplicitDeny"`) {
		t.Errorf("output = %s, want decision ImplicitDeny", out)
	}
}

// TestEvalInvalidInput checks exit status 2 and one stderr line naming the
// file, position and problem.
func TestEvalInvalidInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the whole stderr line, without the newline
	}{
		{"policy error at its position", []string{"testdata/eval/bad-effect.yaml"},
			`testdata/eval/bad-effect.yaml:13:21: policy broken: $.Statement[0].Effect: invalid Effect "allow": Effect is case-sensitive; use "Allow" or "Deny"`},
		{"unknown key", []string{"testdata/eval/unknown-key.yaml"},
			`testdata/eval/unknown-key.yaml:7:3: request: unknown key "contxt"; use one of principal, action, resource, resource_account, context`},
		{"invalid decision", []string{"testdata/eval/bad-decision.yaml"},
			`testdata/eval/bad-decision.yaml:8:13: invalid decision "Deny"; use one of Allow, ExplicitDeny, ImplicitDeny`},
		{"issuer case", []string{"testdata/eval/issuer-case.yaml"},
			`testdata/eval/issuer-case.yaml:1:1: case token is a token case; run it with iamgate conformance`},
		{"missing file", []string{"testdata/eval/absent.yaml"},
			`iamgate eval: open testdata/eval/absent.yaml: no such file or directory`},
		{"invalid output", []string{"testdata/eval/allow.json", "--output", "xml"},
			`iamgate eval: invalid --output "xml": use text or json`},
		{"no file", nil, `iamgate eval: missing CASE: name a case file, or - for stdin`},
		// Read as YAML, the '#' would hide the Deny and the case would
		// evaluate to Allow; a .json policy file is JSON only.
		{"json policy with comment", []string{"testdata/eval/hidden-deny.yaml"},
			`testdata/eval/hidden-deny.yaml:9:13: policy hidden: testdata/eval/hidden-deny.json: ` +
				`policy: line 1, column 89 ($.Statement[1]): invalid JSON: unexpected character '#', ` +
				`expected a value: correct the JSON syntax at this position`},
		{"identity policy with Principal", []string{"testdata/eval/identity-principal.yaml"},
			`testdata/eval/identity-principal.yaml:8:7: policy public: statement 0 has a Principal element, ` +
				`which identity policies do not take; AWS rejects the document as malformed: ` +
				`remove it, or move the policy under resource or vpce`},
		{"number principal", []string{"testdata/eval/bad-principal-number.yaml"},
			`testdata/eval/bad-principal-number.yaml:4:14: request.principal: invalid principal "5": ` +
				`use an IAM or STS ARN, a service principal such as ec2.amazonaws.com, "anonymous" or "*"`},
		{"word principal", []string{"testdata/eval/bad-principal-word.yaml"},
			`testdata/eval/bad-principal-word.yaml:4:14: request.principal: invalid principal "not-an-arn": ` +
				`use an IAM or STS ARN, a service principal such as ec2.amazonaws.com, "anonymous" or "*"`},
		{"action without prefix", []string{"testdata/eval/bad-action.yaml"},
			`testdata/eval/bad-action.yaml:5:11: request: invalid action "GetObject": ` +
				`missing the service prefix; write service:Name, such as s3:GetObject`},
		{"name only", []string{"testdata/eval/name-only.yaml"},
			`testdata/eval/name-only.yaml:1:1: case x: missing "request"; ` +
				`an evaluation case needs request and expect, an issuer case world, caller and expect`},
		{"world file", []string{"../../conformance/suite/issuer/suite.world.yaml"},
			`iamgate eval: ../../conformance/suite/issuer/suite.world.yaml is a world file, and eval takes a case file; ` +
				`run a world with iamgate serve --config ../../conformance/suite/issuer/suite.world.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runCmd(t, append([]string{"eval"}, tt.args...)...)
			if status != 2 {
				t.Errorf("status = %d, want 2", status)
			}
			if out != "" {
				t.Errorf("stdout = %q, want empty", out)
			}
			if errOut != tt.want+"\n" {
				t.Errorf("stderr = %q\nwant     %q", errOut, tt.want+"\n")
			}
		})
	}
}

// TestEvalInvalidInputPositions checks errors that come from yaml.v3 and
// from a document given as a JSON string: one line, a position, exit 2.
func TestEvalInvalidInputPositions(t *testing.T) {
	tests := []struct {
		file   string
		prefix string
		substr string
	}{
		{"testdata/eval/bad-yaml.yaml", "testdata/eval/bad-yaml.yaml:", "invalid YAML"},
		{"testdata/eval/string-document-error.yaml", "testdata/eval/string-document-error.yaml:10:17: ", "StringEqualz"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			_, errOut, status := runCmd(t, "eval", tt.file)
			if status != 2 {
				t.Errorf("status = %d, want 2", status)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr has %d lines, want 1: %q", strings.Count(errOut, "\n"), errOut)
			}
			if !strings.HasPrefix(errOut, tt.prefix) || !strings.Contains(errOut, tt.substr) {
				t.Errorf("stderr = %q, want prefix %q and %q", errOut, tt.prefix, tt.substr)
			}
		})
	}
}

// TestExamples runs every example case through iamgate eval and checks
// the decision it expects.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/cases/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d example cases, want at least 10", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out, errOut, status := runCmd(t, "eval", f, "--output", "json")
			if status != 0 {
				t.Fatalf("status = %d; stderr %q", status, errOut)
			}
			var got struct {
				Decision string `json:"decision"`
				Expected string `json:"expected"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.Expected == "" {
				t.Fatal("example case has no expected decision")
			}
			if got.Decision != got.Expected {
				t.Errorf("decision = %s, want %s", got.Decision, got.Expected)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
	}{
		{nil, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"help"}, 0},
		{[]string{"version"}, 0},
		{[]string{"eval", "--help"}, 0},
		{[]string{"eval", "--bogus", "x.yaml"}, 2},
		{[]string{"conformance", "--endpoint"}, 2},
		{[]string{"version", "extra"}, 2},
		{[]string{"help", "token"}, 0},
		{[]string{"token", "--help"}, 0},
		{[]string{"verify", "--help"}, 0},
		{[]string{"conformance", "--help"}, 0},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, errOut, status := runCmd(t, tt.args...)
			if status != tt.status {
				t.Errorf("status = %d, want %d", status, tt.status)
			}
			if status == 2 && strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr = %q, want one line", errOut)
			}
		})
	}
}

// TestEvalEscapesControlCharacters checks that text output quotes case
// names, policy names and Sids holding terminal escape sequences.
func TestEvalEscapesControlCharacters(t *testing.T) {
	out, errOut, status := runCmd(t, "eval", "testdata/eval/control-characters.yaml", "--trace")
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
	}
	if strings.ContainsAny(out, "\x1b\a") {
		t.Errorf("eval output holds raw control characters:\n%q", out)
	}
	for _, want := range []string{
		`Case:       "evil\x1b[31m\a"`,
		`identity policy "p\x1b]0;t\a", statement 0 (Allow, Sid "S\x1b[1m")`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q; got:\n%s", want, out)
		}
	}
}

func TestHelpGoesToStdout(t *testing.T) {
	for _, cmd := range []string{"eval", "conformance", "verify", "token", "serve", "lint"} {
		t.Run(cmd, func(t *testing.T) {
			out, errOut, status := runCmd(t, "help", cmd)
			if status != 0 {
				t.Errorf("status = %d, want 0", status)
			}
			if !strings.HasPrefix(out, "usage: iamgate "+cmd) {
				t.Errorf("stdout = %.60q, want the usage of %s", out, cmd)
			}
			if errOut != "" {
				t.Errorf("stderr = %.60q, want empty", errOut)
			}
		})
	}
}
