package lint_test

import (
	"fmt"
	"testing"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/lint"
)

// valueFamily is an operator family whose policy values the evaluator
// parses once, at compile time.
type valueFamily struct {
	operator, negated string // negated is empty when the family has none
	key, request      string
	code              string
	values            []string
}

var valueFamilies = []valueFamily{
	{"NumericEquals", "NumericNotEquals", "sts:DurationSeconds", "777", lint.CodeTypeMismatchNumber,
		[]string{"900", "-1", "+1.5", ".5", "5.", "1e3", "1E-3", "1e400", "1e1000001", "abc", "", "NaN", "Infinity",
			"0x10", "1_000", "1e", ".", "+", "1.2.3", " 1", "1,5"}},
	{"DateEquals", "DateNotEquals", "aws:CurrentTime", "1999-01-01T00:00:00Z", lint.CodeTypeMismatchDate,
		[]string{"2026-01-31T00:00:00Z", "2026-01-31", "2026-01", "2026", "1700000000", "-86400",
			"1234567890123456", "2026-01-31T00:00", "2026-01-31T00:00:00.5+01:00", "2026-01-31T00:00:00.1234567891Z",
			"2026-02-30", "2026-13-01", "2026-1-5", "26-01-31", "2026-01-31T24:00", "2026-01-31 00:00:00Z",
			"not-a-date", "", "2026-01-31T00:00:00+0100"}},
	{"IpAddress", "NotIpAddress", "aws:SourceIp", "192.0.2.1", lint.CodeTypeMismatchIPRange,
		[]string{"203.0.113.0/24", "203.0.113.7", "2001:db8::/32", "::ffff:203.0.113.0/120", "203.000.113.001/024",
			"203.0.113.0/+24", "203.0.113.0/33", "203.0.113.256", "203.0.113", "not-an-ip", "", "2001:db8::/129",
			"203.0.113.0/", "0203.0.113.1", "fe80::1%eth0"}},
	{"BinaryEquals", "", "aws:SourceIp", "AAAA", lint.CodeTypeMismatchBinary,
		[]string{"YQ==", "Zm9v", "YQ", "YR==", "!!!", ""}},
}

// evaluatorRejects reports whether the evaluator treats value as an
// evaluation error under the family's operator in an identity-based
// policy. With a request value present, an operator and its negation
// cannot both hold unless the condition is an evaluation error, which
// makes a Deny apply. Binary has no negated operator, and its request
// value equals none of the test values.
func evaluatorRejects(t *testing.T, f valueFamily, value string) bool {
	t.Helper()
	applies := func(operator string) bool {
		src := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [
		 {"Effect": "Allow", "Action": "*", "Resource": "*"},
		 {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {%q: {%q: %q}}}]}`, operator, f.key, value)
		doc, err := policy.Parse([]byte(src))
		if err != nil {
			t.Fatalf("policy.Parse: %v", err)
		}
		p, err := evaluator.Compile("p", doc)
		if err != nil {
			t.Fatalf("evaluator.Compile: %v", err)
		}
		ctx := evaluator.NewContext()
		ctx.Set(f.key, f.request)
		req := &evaluator.Request{Principal: evaluator.PrincipalFromARN("arn:aws:iam::111122223333:role/app"),
			Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key", Context: ctx}
		d := evaluator.Evaluate(&evaluator.PolicySet{Identity: []*evaluator.Policy{p}}, req, evaluator.Options{})
		return d.Outcome == evaluator.ExplicitDeny
	}
	if f.negated == "" {
		return applies(f.operator)
	}
	return applies(f.operator) && applies(f.negated)
}

// TestValueChecksMatchEvaluator checks that the linter reports a Numeric,
// Date, IP or Binary value as an ERROR exactly when the evaluator treats
// it as an evaluation error, so the message's "never applies" and
// "always applies" hold.
func TestValueChecksMatchEvaluator(t *testing.T) {
	for _, f := range valueFamilies {
		for _, value := range f.values {
			t.Run(fmt.Sprintf("%s %q", f.operator, value), func(t *testing.T) {
				src := fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
				 "Action": "s3:GetObject", "Resource": "*", "Condition": {%q: {%q: %q}}}]}`, f.operator, f.key, value)
				res := lint.LintFile("p.json", []byte(src), lint.Options{Type: lint.TypeIdentity})
				reported := false
				for _, finding := range res.Findings {
					if finding.Code == f.code {
						reported = true
						if finding.Severity != lint.Error {
							t.Errorf("%s severity %s, want ERROR", f.code, finding.Severity)
						}
					}
				}
				if rejects := evaluatorRejects(t, f, value); reported != rejects {
					t.Errorf("linter reports %s: %v, evaluator fails closed: %v", f.code, reported, rejects)
				}
			})
		}
	}
}
