package evaluator

import (
	"slices"
	"testing"
)

func TestTrace(t *testing.T) {
	p := compileJSON(t, "app", stmt(`{"Sid":"Other","Effect":"Allow","Action":"s3:PutObject","Resource":"*"},
		{"Sid":"Token","Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":{
		 "ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://a.example"]},
		 "StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/owner}"}}}`))
	req := tokenRequest(WebIdentityParams{Audiences: []string{"https://b.example"}, SigningAlgorithm: "RS256"})
	req.Context.Set("aws:PrincipalTag/team", "blue")

	d := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{Trace: true})
	if d.Outcome != ImplicitDeny {
		t.Fatalf("Outcome = %v, want ImplicitDeny", d.Outcome)
	}
	if len(d.Trace) != 2 {
		t.Fatalf("len(Trace) = %d, want 2", len(d.Trace))
	}
	other, token := d.Trace[0], d.Trace[1]
	if other.ActionMatched || other.Applies {
		t.Errorf("statement Other: action matched %v, applies %v; want false, false", other.ActionMatched, other.Applies)
	}
	if other.Statement.Type != TypeIdentity || other.Statement.Sid != "Other" {
		t.Errorf("statement Other ref = %+v", other.Statement)
	}
	if !token.ActionMatched || !token.ResourceMatched || !token.PrincipalMatched || token.Applies {
		t.Errorf("statement Token = %+v, want action, resource and principal matched but not applied", token)
	}
	if len(token.Conditions) != 2 {
		t.Fatalf("Token conditions = %d, want 2 (every condition is traced)", len(token.Conditions))
	}
	aud := token.Conditions[0]
	if aud.Operator != "ForAllValues:StringEquals" || aud.Key != "sts:IdentityTokenAudience" || aud.Result {
		t.Errorf("audience condition = %+v", aud)
	}
	if !aud.Multi || !slices.Equal(aud.RequestValues, []string{"https://b.example"}) ||
		!slices.Equal(aud.PolicyValues, []string{"https://a.example"}) {
		t.Errorf("audience values = %+v", aud)
	}
	team := token.Conditions[1]
	if team.Result || !slices.Equal(team.ResolvedValues, []string{""}) {
		t.Errorf("team condition = %+v, want false with an unresolved variable", team)
	}
	if untraced := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{}); untraced.Trace != nil {
		t.Errorf("Trace = %v without Options.Trace", untraced.Trace)
	}
}

func TestContext(t *testing.T) {
	c := NewContext()
	c.Set("AWS:SourceIp", "10.0.0.1")
	c.SetMulti("aws:TagKeys", nil)
	if v, multi, ok := c.Get("aws:sourceip"); !ok || multi || !slices.Equal(v, []string{"10.0.0.1"}) {
		t.Errorf("Get(aws:sourceip) = %v, %v, %v", v, multi, ok)
	}
	if v, multi, ok := c.Get("AWS:TAGKEYS"); !ok || !multi || len(v) != 0 {
		t.Errorf("Get(AWS:TAGKEYS) = %v, %v, %v; want an empty multi-valued key", v, multi, ok)
	}
	clone := c.Clone()
	c.Delete("aws:SourceIp")
	if _, _, ok := c.Get("aws:SourceIp"); ok {
		t.Error("Delete left the key")
	}
	if _, _, ok := clone.Get("aws:SourceIp"); !ok {
		t.Error("Delete changed the clone")
	}
	var nilCtx *Context
	if _, _, ok := nilCtx.Get("x"); ok {
		t.Error("nil Context has a key")
	}
	var zero Context
	zero.Set("k", "v")
	if v, _, ok := zero.Get("K"); !ok || !slices.Equal(v, []string{"v"}) {
		t.Errorf("zero Context Get(K) = %v, %v after Set", v, ok)
	}
}

func TestCompileErrors(t *testing.T) {
	if _, err := Compile("none", nil); err == nil {
		t.Error("Compile(nil) succeeded")
	}
	p := compileJSON(t, "p", allowAll)
	doc := *p.Document()
	bad := *doc.Statements[0]
	bad.Effect = 0
	doc.Statements = append(doc.Statements[:0:0], &bad)
	if _, err := Compile("bad", &doc); err == nil {
		t.Error("Compile accepted a statement with an invalid Effect")
	}
	if p.Name() != "p" {
		t.Errorf("Name() = %q", p.Name())
	}
}
