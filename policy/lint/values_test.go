package lint

import (
	"fmt"
	"strings"
	"testing"
)

// conditionPolicy returns a policy with one statement of the given effect
// whose only condition is {operator: {key: value}}.
func conditionPolicy(effect, operator, key, value string) string {
	return fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Effect": %q, "Action": "sts:GetWebIdentityToken",
	 "Resource": "*", "Condition": {%q: {%q: %q}}}]}`, effect, operator, key, value)
}

// TestUnparsableValueSeverity checks the severity and message of policy
// values that do not parse as their operator's type. Numeric, Date, IP
// and Binary values that do not parse make the statement fail closed, so
// they are errors, as is a Bool value that is not true or false in any
// letter case.
func TestUnparsableValueSeverity(t *testing.T) {
	tests := []struct {
		name     string
		effect   string
		operator string
		key      string
		value    string
		code     string
		severity Severity
		want     []string
	}{
		{"number in allow", "Allow", "NumericNotEquals", "sts:DurationSeconds", "abc",
			CodeTypeMismatchNumber, Error, []string{`"abc" is not a number`, "never applies", "MalformedPolicyDocument"}},
		{"number in deny", "Deny", "NumericLessThan", "sts:DurationSeconds", "1e",
			CodeTypeMismatchNumber, Error, []string{"always applies"}},
		{"date", "Allow", "DateLessThan", "aws:CurrentTime", "2026-13-01",
			CodeTypeMismatchDate, Error, []string{"not an ISO 8601 date", "never applies"}},
		{"ip", "Deny", "NotIpAddress", "aws:SourceIp", "203.0.113.0/33",
			CodeTypeMismatchIPRange, Error, []string{"always applies"}},
		{"binary", "Allow", "BinaryEquals", "aws:SourceIp", "YR==",
			CodeTypeMismatchBinary, Error, []string{"not strict base64", "never applies"}},
		{"bool yes", "Allow", "Bool", "aws:SecureTransport", "yes",
			CodeTypeMismatchBoolean, Error, []string{`reads "yes" as false`, `"aws:SecureTransport" is false`}},
		{"bool one", "Deny", "Bool", "aws:SecureTransport", "1",
			CodeTypeMismatchBoolean, Error, []string{`reads "1" as false`}},
		{"bool upper case", "Allow", "Bool", "aws:SecureTransport", "True",
			CodeTypeMismatchBoolean, Warning, []string{`reads "True" as true`, `write "true"`}},
		{"null yes", "Allow", "Null", "aws:SourceIp", "yes",
			CodeTypeMismatchBoolean, Warning, []string{`reads "yes" as false`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := conditionPolicy(tt.effect, tt.operator, tt.key, tt.value)
			res := LintFile("p.json", []byte(doc), Options{Type: TypeIdentity})
			f, ok := hasCode(res.Findings, tt.code)
			if !ok {
				t.Fatalf("no %s in %s", tt.code, codes(res.Findings))
			}
			if f.Severity != tt.severity {
				t.Errorf("severity %s, want %s", f.Severity, tt.severity)
			}
			for _, want := range tt.want {
				if !strings.Contains(f.Message, want) {
					t.Errorf("message %q lacks %q", f.Message, want)
				}
			}
		})
	}
}

// TestSessionPolicyUnparsableValue checks the message for a session
// policy, where AWS was observed to accept a value that does not parse
// and to match no request value with it.
func TestSessionPolicyUnparsableValue(t *testing.T) {
	doc := conditionPolicy("Allow", "NumericNotEquals", "sts:DurationSeconds", "abc")
	res := LintFile("p.json", []byte(doc), Options{Type: TypeSession})
	f, ok := hasCode(res.Findings, CodeTypeMismatchNumber)
	if !ok {
		t.Fatalf("no %s in %s", CodeTypeMismatchNumber, codes(res.Findings))
	}
	if f.Severity != Error {
		t.Errorf("severity %s, want ERROR", f.Severity)
	}
	if !strings.Contains(f.Message, "matches no request value") {
		t.Errorf("message %q does not describe the session policy reading", f.Message)
	}
}

// TestValuesThatParse checks values the evaluator accepts, which must not
// be reported.
func TestValuesThatParse(t *testing.T) {
	tests := []struct {
		operator, key, value string
	}{
		{"NumericLessThan", "sts:DurationSeconds", "+1.5e3"},
		{"NumericLessThan", "sts:DurationSeconds", ".5"},
		{"NumericLessThan", "sts:DurationSeconds", "5."},
		{"NumericLessThan", "sts:DurationSeconds", "1e400"},
		{"DateLessThan", "aws:CurrentTime", "2026-01-31T00:00"},
		{"DateLessThan", "aws:CurrentTime", "2026-01-31T00:00:00.123456789123Z"},
		{"DateLessThan", "aws:CurrentTime", "-86400"},
		{"DateLessThan", "aws:CurrentTime", "2026-01"},
		{"IpAddress", "aws:SourceIp", "203.000.113.001/024"},
		{"IpAddress", "aws:SourceIp", "203.0.113.0/+24"},
		{"IpAddress", "aws:SourceIp", "::ffff:203.0.113.0/120"},
		{"BinaryEquals", "aws:SourceIp", "YQ=="},
		{"Bool", "aws:SecureTransport", "false"},
	}
	for _, tt := range tests {
		t.Run(tt.operator+" "+tt.value, func(t *testing.T) {
			doc := conditionPolicy("Allow", tt.operator, tt.key, tt.value)
			res := LintFile("p.json", []byte(doc), Options{Type: TypeIdentity})
			for _, f := range res.Findings {
				if strings.HasPrefix(f.Code, "TYPE_MISMATCH_") {
					t.Errorf("unexpected %s: %s", f.Code, f.Message)
				}
			}
		})
	}
}
