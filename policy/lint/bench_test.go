package lint

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy/catalog"
)

// benchCorpus returns n policies of varied types and shapes, generated
// from a fixed seed: identity policies with 1 to 8 statements drawn from
// the catalog's actions, resource policies with principals, trust
// policies, SCPs, and GetWebIdentityToken policies with conditions.
func benchCorpus(n int) [][]byte {
	rng := rand.New(rand.NewPCG(1, 2))
	services := catalog.Services()
	corpus := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		var stmts []string
		for j := 0; j < 1+rng.IntN(8); j++ {
			stmts = append(stmts, benchStatement(rng, services, i%5, j))
		}
		doc := fmt.Sprintf("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    %s\n  ]\n}",
			strings.Join(stmts, ",\n    "))
		corpus = append(corpus, []byte(doc))
	}
	return corpus
}

func benchStatement(rng *rand.Rand, services []*catalog.ServiceInfo, kind, j int) string {
	svc := services[rng.IntN(len(services))]
	var actions []string
	for k := 0; k < 1+rng.IntN(6); k++ {
		a := svc.Actions[rng.IntN(len(svc.Actions))]
		actions = append(actions, fmt.Sprintf("%q", a.FullName()))
	}
	if rng.IntN(4) == 0 {
		actions = append(actions, fmt.Sprintf(`"%s:Get*"`, svc.Prefix))
	}
	resource := fmt.Sprintf(`"arn:aws:%s:us-east-1:111122223333:thing/%d/*"`, svc.Prefix, j)
	switch kind {
	case 1: // resource-based policy
		return fmt.Sprintf(`{"Sid": "S%d", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/r%d", "444455556666"]}, `+
			`"Action": [%s], "Resource": %s, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-example%d"}}}`,
			j, j, strings.Join(actions, ", "), resource, j)
	case 2: // trust policy
		return fmt.Sprintf(`{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, `+
			`"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/r%d:*"}}}`, j)
	case 3: // GetWebIdentityToken
		return fmt.Sprintf(`{"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*", "Condition": {`+
			`"ForAllValues:StringEquals": {"sts:IdentityTokenAudience": ["https://api%d.example.com"]}, `+
			`"Null": {"sts:IdentityTokenAudience": "false"}, "NumericLessThanEquals": {"sts:DurationSeconds": %d}, `+
			`"StringEquals": {"sts:SigningAlgorithm": "ES384"}}}`, j, 60+rng.IntN(3600))
	case 4: // deny with several condition types
		return fmt.Sprintf(`{"Effect": "Deny", "Action": [%s], "Resource": "*", "Condition": {`+
			`"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.%d"]}, "Bool": {"aws:ViaAWSService": "false"}, `+
			`"DateGreaterThan": {"aws:CurrentTime": "2027-01-0%dT00:00:00Z"}}}`, strings.Join(actions, ", "), j, 1+j%9)
	}
	return fmt.Sprintf(`{"Effect": "Allow", "Action": [%s], "Resource": [%s, "arn:aws:s3:::bucket-%d/${aws:username}/*"]}`,
		strings.Join(actions, ", "), resource, j)
}

// BenchmarkLint lints a corpus of 1,000 generated policies per iteration
// and reports policies per second. Run with -cpu 1 for the per-core
// figure.
func BenchmarkLint(b *testing.B) {
	corpus := benchCorpus(1000)
	LintFile("warm.json", corpus[0], Options{})
	b.ResetTimer()
	findings := 0
	for b.Loop() {
		for _, src := range corpus {
			findings += len(LintFile("p.json", src, Options{}).Findings)
		}
	}
	b.ReportMetric(float64(b.N*len(corpus))/b.Elapsed().Seconds(), "policies/s")
	b.ReportMetric(float64(findings)/float64(b.N*len(corpus)), "findings/policy")
}

// TestBenchCorpusVaried keeps the corpus meaningful: it must parse and
// mostly lint clean, so the benchmark measures checks, not error paths.
func TestBenchCorpusVaried(t *testing.T) {
	corpus := benchCorpus(1000)
	clean, syntax := 0, 0
	for _, src := range corpus {
		res := LintFile("p.json", src, Options{})
		if len(res.Findings) == 0 {
			clean++
		}
		if _, ok := hasCode(res.Findings, CodeJSONSyntaxError); ok {
			syntax++
		}
	}
	if syntax > 0 {
		t.Errorf("%d corpus policies have syntax errors, want 0", syntax)
	}
	if clean < 200 {
		t.Errorf("%d of 1000 corpus policies lint clean, want at least 200", clean)
	}
}
