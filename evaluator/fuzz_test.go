package evaluator

import (
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// FuzzEvaluate runs random policy text against a random request. It checks
// that evaluation never panics, that a trace never changes the outcome and
// that an Allow names an Allow statement. A document that fails to parse
// must never produce an Allow. Such a document is absent from the policy
// set, and an empty set denies.
func FuzzEvaluate(f *testing.F) {
	seeds := []string{allowAll, getObject, denyGetObject, policyDocIdentity, policyIPAM, policySample,
		policyObserved, policyObservedTags, policyObservedSelf60, policyPlainAudience,
		bucketPolicy(`"*"`), bucketPolicy(`{"AWS":"111122223333"}`),
		stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}`),
		stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":"` + userARN + `"},"NotAction":"iam:*","NotResource":"arn:*:s3:::b*"}`),
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",` +
			`"Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`,
		`{"Statement":[{"Effect":"Allow"`, `not json`, `{}`,
	}
	for _, s := range seeds {
		f.Add(s, "sts:GetWebIdentityToken", selfARN, "sts:IdentityTokenAudience", "https://a.example.com", true)
		f.Add(s, "s3:GetObject", bucketARN, "aws:SourceIp", "10.1.2.3", false)
	}
	f.Fuzz(func(t *testing.T, text, action, resource, key, value string, multi bool) {
		ctx := NewContext()
		if multi {
			ctx.SetMulti(key, []string{value, value + "x"})
		} else {
			ctx.Set(key, value)
		}
		req := &Request{Principal: PrincipalFromARN(userARN), Action: action, Resource: resource, Context: ctx}

		var parsed []*Policy
		if doc, err := policy.Parse([]byte(text)); err == nil {
			if p, err := Compile("fuzz", doc); err == nil {
				parsed = append(parsed, p)
			}
		}
		if parsed == nil {
			d := Evaluate(&PolicySet{Identity: parsed}, req, Options{})
			if d.Outcome == Allow {
				t.Fatalf("a document that failed to parse or compile produced an Allow")
			}
			return
		}

		sets := []*PolicySet{
			{Identity: parsed},
			{Resource: parsed[0]},
			{Identity: parsed, Boundary: parsed[0], Session: parsed, VPCEndpoint: parsed},
			{SCP: [][]*Policy{parsed}, RCP: [][]*Policy{parsed}, Identity: parsed},
		}
		for i, set := range sets {
			d := Evaluate(set, req, Options{})
			traced := Evaluate(set, req, Options{Trace: true})
			if d.Outcome != traced.Outcome || d.DecidedBy != traced.DecidedBy {
				t.Fatalf("set %d: outcome %v by %s without trace, %v by %s with trace",
					i, d.Outcome, d.DecidedBy, traced.Outcome, traced.DecidedBy)
			}
			if d.Outcome == Allow && (len(d.Statements) != 1 || d.Statements[0].Effect != "Allow") {
				t.Fatalf("set %d: Allow with statements %+v", i, d.Statements)
			}
			if d.Outcome == ExplicitDeny && (len(d.Statements) != 1 || d.Statements[0].Effect != "Deny") {
				t.Fatalf("set %d: ExplicitDeny with statements %+v", i, d.Statements)
			}
		}
	})
}
