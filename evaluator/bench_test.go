package evaluator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// realisticSet builds the GetWebIdentityToken policy set the benchmarks
// measure. It has three SCP levels, each with FullAWSAccess and a
// conditioned deny, an RCP deny, five identity policies of ten statements,
// a permissions boundary and a VPC endpoint policy.
func realisticSet(t testing.TB) *PolicySet {
	scpDenies := []string{
		`{"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*",
		  "Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}`,
		`{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*",
		  "Condition":{"NumericGreaterThan":{"sts:DurationSeconds":"900"}}}`,
		`{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*",
		  "Condition":{"ForAnyValue:StringNotLike":{"sts:IdentityTokenAudience":["https://*.example.com","api://AzureADTokenExchange"]}}}`,
	}
	var scp [][]*Policy
	for i, deny := range scpDenies {
		scp = append(scp, []*Policy{
			compileJSON(t, "FullAWSAccess", allowAll),
			compileJSON(t, fmt.Sprintf("scp-level-%d", i), stmt(deny)),
		})
	}
	rcp := compileJSON(t, "rcp-org-only", stmt(`{"Effect":"Deny","Principal":"*","Action":"sts:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"},"Bool":{"aws:PrincipalIsAWSService":"false"}}}`))

	services := []string{"s3", "ec2", "dynamodb", "logs", "sqs", "sns", "kms", "lambda", "sts"}
	var identity []*Policy
	for p := 0; p < 5; p++ {
		var stmts []string
		for s := 0; s < 10; s++ {
			svc := services[(p*10+s)%len(services)]
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["%s:Get*","%s:List*"],
				"Resource":"arn:aws:%s:us-east-1:111122223333:thing-%d/*"}`, s, svc, svc, svc, s))
		}
		if p == 4 {
			stmts[9] = `{"Sid":"Token","Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":{
				"Null":{"sts:IdentityTokenAudience":"false"},
				"ForAllValues:StringLike":{"sts:IdentityTokenAudience":["https://*.example.com"]},
				"NumericLessThanEquals":{"sts:DurationSeconds":"900"},
				"StringEquals":{"sts:SigningAlgorithm":["ES384","RS256"],"aws:PrincipalTag/team":"payments"}}}`
		}
		identity = append(identity, compileJSON(t, fmt.Sprintf("identity-%d", p),
			`{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`))
	}
	boundary := compileJSON(t, "boundary", stmt(`{"Effect":"Allow","Action":["sts:*","s3:*","dynamodb:*"],"Resource":"*"}`))
	endpoint := compileJSON(t, "vpce", stmt(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:*","Resource":"*",
		"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}}`))
	return &PolicySet{SCP: scp, RCP: [][]*Policy{{rcp}, {}, {}}, Identity: identity,
		Boundary: boundary, VPCEndpoint: []*Policy{endpoint}}
}

func realisticRequest() *Request {
	ctx := WebIdentityTokenContext(WebIdentityParams{Audiences: []string{"https://api.example.com"},
		SigningAlgorithm: "ES384"})
	ctx.Set("aws:PrincipalOrgID", "o-exampleorgid")
	ctx.Set("aws:RequestedRegion", "us-east-1")
	ctx.Set("aws:PrincipalTag/team", "payments")
	return &Request{
		Principal: Principal{ARN: sessionARN, Kind: PrincipalRoleSession,
			RoleARN: "arn:aws:iam::111122223333:role/app", UserID: "AROAEXAMPLE:s1"},
		Action:   ActionGetWebIdentityToken,
		Resource: WebIdentityTokenResource("", testAccount),
		Context:  ctx,
	}
}

func TestRealisticSetDecision(t *testing.T) {
	set, req := realisticSet(t), realisticRequest()
	d := Evaluate(set, req, Options{})
	if d.Outcome != Allow {
		t.Fatalf("Evaluate = %v by %s (%v), want Allow", d.Outcome, d.DecidedBy, d.NotAllowedBy)
	}
	if len(d.Statements) != 1 || d.Statements[0].Sid != "Token" {
		t.Errorf("Statements = %+v, want the Token statement", d.Statements)
	}
	req.Context.SetMulti(KeyIdentityTokenAudience, []string{"https://evil.test"})
	if d := Evaluate(set, req, Options{}); d.Outcome != ExplicitDeny || d.DecidedBy != TypeSCP {
		t.Errorf("unlisted audience: Evaluate = %v by %s, want ExplicitDeny by scp", d.Outcome, d.DecidedBy)
	}
}

// TestEvaluateAllocations pins the allocation budget with tracing off: none
// when Principal.RoleARN is set, one to build the role ARN otherwise.
func TestEvaluateAllocations(t *testing.T) {
	set, req := realisticSet(t), realisticRequest()
	Evaluate(set, req, Options{}) // builds the per-type statement references
	if n := testing.AllocsPerRun(100, func() { Evaluate(set, req, Options{}) }); n != 0 {
		t.Errorf("Evaluate allocates %v times per decision, want 0", n)
	}
	req.Principal.RoleARN = ""
	set.Identity = append(set.Identity, compileJSON(t, "by-role",
		stmt(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/other"}}}`)))
	if n := testing.AllocsPerRun(100, func() { Evaluate(set, req, Options{}) }); n > 1 {
		t.Errorf("Evaluate with a derived role ARN allocates %v times, want at most 1", n)
	}
	deny := &PolicySet{Identity: []*Policy{compileJSON(t, "d", stmt(`{"Effect":"Deny","Action":"*","Resource":"*"}`))}}
	if n := testing.AllocsPerRun(100, func() { Evaluate(deny, req, Options{}) }); n != 0 {
		t.Errorf("ExplicitDeny allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { Evaluate(&PolicySet{}, req, Options{}) }); n != 0 {
		t.Errorf("ImplicitDeny allocates %v times, want 0", n)
	}
	key := &Request{Principal: PrincipalFromARN(userARN), Action: "kms:Decrypt",
		Resource: "arn:aws:kms:us-east-1:111122223333:key/1234"}
	keySet := &PolicySet{Resource: compileJSON(t, "key", stmt(`{"Effect":"Allow",
		"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/bob"},"Action":"kms:*","Resource":"*"},
		{"Effect":"Deny","NotPrincipal":{"AWS":["`+userARN+`","`+rootARN+`"]},"Action":"kms:Encrypt","Resource":"*"}`))}
	if d := Evaluate(keySet, key, Options{}); d.Outcome != Allow {
		t.Fatalf("key policy decision = %v, want Allow", d.Outcome)
	}
	if n := testing.AllocsPerRun(100, func() { Evaluate(keySet, key, Options{}) }); n != 0 {
		t.Errorf("key policy decision allocates %v times, want 0", n)
	}
}

func BenchmarkEvaluateWebIdentityToken(b *testing.B) {
	set, req := realisticSet(b), realisticRequest()
	if d := Evaluate(set, req, Options{}); d.Outcome != Allow {
		b.Fatalf("Evaluate = %v, want Allow", d.Outcome)
	}
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(set, req, Options{})
	}
}

// scaledPolicy returns one identity policy of n statements whose last
// statement allows the request. With spread, the other statements cover
// fifty services, so the action index skips them. Without spread they all
// name sts actions, so each is checked. The document is built in Go
// because 10,000 statements exceed the parser's input size limit.
func scaledPolicy(b *testing.B, n int, spread bool) *Policy {
	doc := &policy.Document{Version: policy.Version2012}
	for i := 0; i < n-1; i++ {
		svc := "sts"
		if spread {
			svc = fmt.Sprintf("svc%02d", i%50)
		}
		doc.Statements = append(doc.Statements, buildStatement(b, i, policy.Allow,
			fmt.Sprintf("%s:Get%dThing*", svc, i), fmt.Sprintf("arn:aws:%s:::r-%d/*", svc, i),
			"StringEquals", "aws:PrincipalTag/team", fmt.Sprintf("t%d", i)))
	}
	doc.Statements = append(doc.Statements, buildStatement(b, n-1, policy.Allow,
		"sts:GetWebIdentityToken", "*",
		"ForAllValues:StringLike", "sts:IdentityTokenAudience", "https://*.example.com"))
	return MustCompile("scaled", doc)
}

// buildStatement returns a statement with one action, one resource and one
// condition.
func buildStatement(b *testing.B, index int, effect policy.Effect, action, resource, op, key, value string) *policy.Statement {
	operator, err := policy.ParseOperator(op)
	if err != nil {
		b.Fatal(err)
	}
	return &policy.Statement{
		Index:    index,
		Effect:   effect,
		Action:   &policy.Names{Values: []policy.Value{{Text: action}}},
		Resource: &policy.Names{Values: []policy.Value{{Text: resource}}},
		Conditions: []*policy.Condition{{Operator: operator, Key: key,
			Values: []policy.Value{{Text: value}}}},
	}
}

func BenchmarkEvaluateStatements(b *testing.B) {
	for _, spread := range []bool{true, false} {
		for _, n := range []int{1, 100, 10000} {
			name := fmt.Sprintf("spread=%v/n=%d", spread, n)
			b.Run(name, func(b *testing.B) {
				set := &PolicySet{Identity: []*Policy{scaledPolicy(b, n, spread)}}
				req := realisticRequest()
				if d := Evaluate(set, req, Options{}); d.Outcome != Allow {
					b.Fatalf("Evaluate = %v, want Allow", d.Outcome)
				}
				b.ReportAllocs()
				for b.Loop() {
					Evaluate(set, req, Options{})
				}
			})
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	doc := scaledPolicy(b, 100, true).Document()
	b.ReportAllocs()
	for b.Loop() {
		MustCompile("p", doc)
	}
}
