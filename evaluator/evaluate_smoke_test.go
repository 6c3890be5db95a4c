package evaluator

import "testing"

func TestEvaluateSmoke(t *testing.T) {
	allow := compileJSON(t, "allow", allowAll)
	deny := compileJSON(t, "deny", stmt(`{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}`))
	req := userRequest("sts:GetWebIdentityToken", selfARN)

	d := Evaluate(&PolicySet{Identity: []*Policy{allow}}, req, Options{})
	if d.Outcome != Allow {
		t.Fatalf("allow: got %v", d.Outcome)
	}
	d = Evaluate(&PolicySet{Identity: []*Policy{allow, deny}}, req, Options{Trace: true})
	if d.Outcome != ExplicitDeny || d.DecidedBy != TypeIdentity {
		t.Fatalf("deny: got %v %v", d.Outcome, d.DecidedBy)
	}
	if got := d.DenyReason(req.Action); got != "with an explicit deny in an identity-based policy" {
		t.Fatalf("reason %q", got)
	}
	d = Evaluate(&PolicySet{}, req, Options{})
	if got := d.DenyReason(req.Action); got != "because no identity-based policy allows the sts:GetWebIdentityToken action" {
		t.Fatalf("reason %q", got)
	}
}
