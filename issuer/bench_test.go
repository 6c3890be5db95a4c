package issuer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

// benchCaller returns a role session whose policy set is realistic for an
// organization: three SCP levels of FullAWSAccess plus a conditioned deny,
// five identity policies of ten statements, a permissions boundary and a
// VPC endpoint policy.
func benchCaller(b *testing.B) *Caller {
	b.Helper()
	const fullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	const capLifetime = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetWebIdentityToken",
		"Resource":"*","Condition":{"NumericGreaterThan":{"sts:DurationSeconds":"900"}}}]}`
	set := &evaluator.PolicySet{}
	for level := 0; level < 3; level++ {
		set.SCP = append(set.SCP, []*evaluator.Policy{mustPolicy(b, "FullAWSAccess", fullAccess)})
	}
	set.SCP[2] = append(set.SCP[2], mustPolicy(b, "MaxTokenLifetime", capLifetime))
	for p := 0; p < 5; p++ {
		var stmts []string
		for s := 0; s < 9; s++ {
			stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
				"Resource":"arn:aws:s3:::bucket-%d-%d/*"}`, p, s))
		}
		stmts = append(stmts, `{"Effect":"Allow","Action":["sts:GetWebIdentityToken","sts:TagGetWebIdentityToken"],"Resource":"*",
			"Condition":{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://rp.example.com"]},
			"StringEquals":{"sts:SigningAlgorithm":["RS256","ES384"],"aws:PrincipalTag/team":"session"}}}`)
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
		set.Identity = append(set.Identity, mustPolicy(b, fmt.Sprintf("identity-%d", p), doc))
	}
	set.Boundary = mustPolicy(b, "boundary", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":["sts:*","s3:*"],"Resource":"*"}]}`)
	set.VPCEndpoint = []*evaluator.Policy{mustPolicy(b, "vpce", `{"Version":"2012-10-17","Statement":[{
		"Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-fixture"}}}]}`)}

	c := sessionCaller(b, time.Time{})
	c.Policies = set
	c.Context = map[string][]string{"aws:SourceVpce": {"vpce-1a2b3c"}}
	return c
}

// benchSetup returns a Gate environment with the realistic caller, a
// request with one tag, and the payload and key of a token it issued.
func benchSetup(b *testing.B, alg string) (*testEnv, *Caller, *TokenRequest, []byte, *Key) {
	b.Helper()
	env := newTestEnv(b, "")
	// Log every decision, as a service would, but to nowhere.
	env.gate.logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	c := benchCaller(b)
	r := request(alg)
	r.Tags = []Tag{{Key: "job", Value: "nightly-sync"}}

	tok, err := env.gate.Issue(context.Background(), c, r)
	if err != nil {
		b.Fatalf("Issue() = %v", err)
	}
	_, payload := decodeSegment(b, tok.JWT, 1)
	key, err := env.keys.SigningKey(env.fed.IssuerID, alg)
	if err != nil {
		b.Fatal(err)
	}
	return env, c, r, payload, key
}

// BenchmarkIssue compares, per algorithm and in one run, signing a
// ready-made payload (bare) with the whole in-process issuance: validation,
// the policy decision, claims and signing (issue).
func BenchmarkIssue(b *testing.B) {
	for _, alg := range Algorithms {
		env, c, r, payload, key := benchSetup(b, alg)
		b.Run(alg+"/bare", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := signCompact(key, payload); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(alg+"/issue", func(b *testing.B) {
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				if _, err := env.gate.Issue(ctx, c, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkIssueRatio alternates one bare signing and one issuance in each
// iteration and reports issue/bare, the ratio of their total times. Both
// halves see the same load on a shared machine, so the ratio is steadier
// than one computed from two separate benchmarks.
func BenchmarkIssueRatio(b *testing.B) {
	for _, alg := range Algorithms {
		env, c, r, payload, key := benchSetup(b, alg)
		b.Run(alg, func(b *testing.B) {
			ctx := context.Background()
			var bare, issue time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := signCompact(key, payload); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if _, err := env.gate.Issue(ctx, c, r); err != nil {
					b.Fatal(err)
				}
				bare += mid.Sub(start)
				issue += time.Since(mid)
			}
			b.ReportMetric(float64(bare.Nanoseconds())/float64(b.N), "bare-ns/op")
			b.ReportMetric(float64(issue.Nanoseconds())/float64(b.N), "issue-ns/op")
			b.ReportMetric(float64(issue)/float64(bare), "issue/bare")
		})
	}
}

// BenchmarkIssueOverhead measures everything Issue does besides signing:
// validation, the policy decision and building the claims.
func BenchmarkIssueOverhead(b *testing.B) {
	env := newTestEnv(b, "")
	c := benchCaller(b)
	r := request(ES384)
	r.Tags = []Tag{{Key: "job", Value: "nightly-sync"}}
	now := env.clock.Now()
	b.ReportAllocs()
	for b.Loop() {
		req, apiErr := validateRequest(c, r)
		if apiErr != nil {
			b.Fatal(apiErr)
		}
		if apiErr, _ := authorize(c, req, testAccount, now); apiErr != nil {
			b.Fatal(apiErr)
		}
		if _, err := buildClaims(c, req, env.fed.IssuerURL, now.Unix(), now.Unix()+300, "jti"); err != nil {
			b.Fatal(err)
		}
	}
}
