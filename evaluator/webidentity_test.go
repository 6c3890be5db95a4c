package evaluator

import (
	"slices"
	"testing"
)

// Pages and observations behind these tests:
//   - identity policy (a): https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html
//   - AWSIPAMOutboundServiceRolePolicy (b): https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSIPAMOutboundServiceRolePolicy.html
//   - aws-samples policy (c): https://aws-samples.github.io/sample-eks-nitro-sandbox/managed-agents/claude-managed-agents/deploy/claude-platform-aws/web-identity-token-policy.json
//   - observed (d): live AWS captures published in radkawar/stackd,
//     testdata/aws/iam/outbound_identity.json and condition_sets.json.
//   - endpoint policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_policies.html

const (
	policyDocIdentity = `{"Version":"2012-10-17","Statement":[{"Sid":"AllowTokenGenerationWithRestrictions",
		"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":{
		"ForAnyValue:StringEquals":{"sts:IdentityTokenAudience":["https://api1.example.com","https://api2.example.com"]},
		"NumericLessThanEquals":{"sts:DurationSeconds":300},
		"StringEquals":{"sts:SigningAlgorithm":"ES384"}}}]}`

	policyIPAM = `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowGetWebIdentityTokenForAzure","Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
		 "Condition":{"Null":{"sts:IdentityTokenAudience":"false"},
		 "ForAllValues:StringLike":{"sts:IdentityTokenAudience":["api://AzureADTokenExchange"]}}},
		{"Sid":"AllowGetWebIdentityTokenForGcp","Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
		 "Condition":{"Null":{"sts:IdentityTokenAudience":"false"},
		 "ForAllValues:StringLike":{"sts:IdentityTokenAudience":["//iam.googleapis.com/projects/*/locations/*/workloadIdentityPools/*/providers/*"]}}}]}`

	policySample = `{"Version":"2012-10-17","Statement":[
		{"Sid":"ClaudePlatformOnAwsGetToken","Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
		 "Condition":{"ForAnyValue:StringEquals":{"sts:IdentityTokenAudience":["https://api.anthropic.com","https://platform.claude.com"]},
		 "StringEquals":{"aws:CalledViaLast":"aws-external-anthropic.amazonaws.com"}}},
		{"Sid":"ClaudePlatformOnAwsTagToken","Effect":"Allow","Action":"sts:TagGetWebIdentityToken","Resource":"*"}]}`

	policyObserved = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
		"Condition":{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://stackd-outbound.example.invalid"]},
		"StringEquals":{"sts:SigningAlgorithm":"RS256"},"NumericEquals":{"sts:DurationSeconds":"300"}}}]}`

	policyObservedTags = `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"},
		{"Effect":"Allow","Action":"sts:TagGetWebIdentityToken","Resource":"*",
		 "Condition":{"StringEquals":{"aws:RequestTag/team":"test"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}`

	policyObservedSelf60 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken",
		"Resource":"arn:aws:sts::111122223333:self","Condition":{
		"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://rp.example"]},
		"NumericLessThanEquals":{"sts:DurationSeconds":"60"},"StringEquals":{"sts:SigningAlgorithm":"RS256"}}}]}`

	policyPlainAudience = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken",
		"Resource":"*","Condition":{"StringEquals":{"sts:IdentityTokenAudience":"https://rp.example"}}}]}`
)

// tokenRequest builds a GetWebIdentityToken request for a role session.
func tokenRequest(p WebIdentityParams) *Request {
	return &Request{Principal: session, Action: ActionGetWebIdentityToken,
		Resource: WebIdentityTokenResource("", testAccount), Context: WebIdentityTokenContext(p)}
}

func TestWebIdentityPublishedPolicies(t *testing.T) {
	const gcp = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/p/providers/x"
	tests := []struct {
		name   string
		policy string
		params WebIdentityParams
		action string // default sts:GetWebIdentityToken
		extra  ctxValues
		want   Outcome
	}{
		{"doc policy allows", policyDocIdentity, WebIdentityParams{Audiences: []string{"https://api1.example.com"},
			SigningAlgorithm: "ES384"}, "", nil, Allow},
		// ForAnyValue lets an unlisted audience ride along with a listed one.
		{"doc policy extra audience", policyDocIdentity, WebIdentityParams{Audiences: []string{"https://api2.example.com",
			"https://evil.example"}, SigningAlgorithm: "ES384"}, "", nil, Allow},
		{"doc policy unlisted audience", policyDocIdentity, WebIdentityParams{Audiences: []string{"https://evil.example"},
			SigningAlgorithm: "ES384"}, "", nil, ImplicitDeny},
		{"doc policy long duration", policyDocIdentity, WebIdentityParams{Audiences: []string{"https://api1.example.com"},
			DurationSeconds: 900, SigningAlgorithm: "ES384"}, "", nil, ImplicitDeny},
		{"doc policy RS256", policyDocIdentity, WebIdentityParams{Audiences: []string{"https://api1.example.com"},
			SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		{"IPAM Azure", policyIPAM, WebIdentityParams{Audiences: []string{"api://AzureADTokenExchange"},
			SigningAlgorithm: "RS256"}, "", nil, Allow},
		{"IPAM GCP", policyIPAM, WebIdentityParams{Audiences: []string{gcp}, SigningAlgorithm: "RS256"}, "", nil, Allow},
		// Each statement needs every audience to match its own pattern.
		{"IPAM both clouds at once", policyIPAM, WebIdentityParams{Audiences: []string{"api://AzureADTokenExchange", gcp},
			SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		{"IPAM other audience", policyIPAM, WebIdentityParams{Audiences: []string{"https://rp.example"},
			SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		// The Null guard stops ForAllValues from passing an empty set.
		{"IPAM no audience", policyIPAM, WebIdentityParams{SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		{"sample via service", policySample, WebIdentityParams{Audiences: []string{"https://api.anthropic.com"},
			SigningAlgorithm: "ES384"}, "", ctxValues{"aws:CalledViaLast": "aws-external-anthropic.amazonaws.com"}, Allow},
		{"sample direct call", policySample, WebIdentityParams{Audiences: []string{"https://api.anthropic.com"},
			SigningAlgorithm: "ES384"}, "", nil, ImplicitDeny},
		{"sample tag action", policySample, WebIdentityParams{Audiences: []string{"https://api.anthropic.com"},
			Tags: []Tag{{"team", "x"}}}, ActionTagGetWebIdentityToken, nil, Allow},
		{"observed allowed", policyObserved, WebIdentityParams{Audiences: []string{"https://stackd-outbound.example.invalid"},
			SigningAlgorithm: "RS256"}, "", nil, Allow},
		{"observed explicit 300", policyObserved, WebIdentityParams{Audiences: []string{"https://stackd-outbound.example.invalid"},
			DurationSeconds: 300, SigningAlgorithm: "RS256"}, "", nil, Allow},
		{"observed other audience", policyObserved, WebIdentityParams{Audiences: []string{"other"},
			SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		{"observed ES384", policyObserved, WebIdentityParams{Audiences: []string{"https://stackd-outbound.example.invalid"},
			SigningAlgorithm: "ES384"}, "", nil, ImplicitDeny},
		{"observed 301", policyObserved, WebIdentityParams{Audiences: []string{"https://stackd-outbound.example.invalid"},
			DurationSeconds: 301, SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		{"observed tag allowed", policyObservedTags, WebIdentityParams{Audiences: []string{"a"}, SigningAlgorithm: "RS256",
			Tags: []Tag{{"team", "test"}}}, ActionTagGetWebIdentityToken, nil, Allow},
		{"observed tag other value", policyObservedTags, WebIdentityParams{Audiences: []string{"a"}, SigningAlgorithm: "RS256",
			Tags: []Tag{{"team", "other"}}}, ActionTagGetWebIdentityToken, nil, ImplicitDeny},
		{"observed tag other key", policyObservedTags, WebIdentityParams{Audiences: []string{"a"}, SigningAlgorithm: "RS256",
			Tags: []Tag{{"team", "test"}, {"extra", "test"}}}, ActionTagGetWebIdentityToken, nil, ImplicitDeny},
		{"self resource 60", policyObservedSelf60, WebIdentityParams{Audiences: []string{"https://rp.example"},
			DurationSeconds: 60, SigningAlgorithm: "RS256"}, "", nil, Allow},
		{"self resource 61", policyObservedSelf60, WebIdentityParams{Audiences: []string{"https://rp.example"},
			DurationSeconds: 61, SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
		// Plain StringEquals on the multi-valued audience key never matches.
		{"plain StringEquals audience", policyPlainAudience, WebIdentityParams{Audiences: []string{"https://rp.example"},
			SigningAlgorithm: "RS256"}, "", nil, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tokenRequest(tt.params)
			if tt.action != "" {
				req.Action = tt.action
			}
			for k, v := range tt.extra {
				req.Context.Set(k, v.(string))
			}
			p := compileJSON(t, "p", tt.policy)
			if got := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{}).Outcome; got != tt.want {
				t.Errorf("Evaluate = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWebIdentityObservedDenials checks the observed AccessDenied reasons.
func TestWebIdentityObservedDenials(t *testing.T) {
	params := WebIdentityParams{Audiences: []string{"https://rp.example"}, SigningAlgorithm: "RS256"}
	stsAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*"},
		{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	allowToken := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	denyToken := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	getUser := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`
	ownARN := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"` + userARN + `"}]}`
	selfOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"` + selfARN + `"}]}`
	tests := []struct {
		name   string
		caller Principal
		set    setSpec
		reason string
	}{
		{"identity deny", user, setSpec{identity: []string{stsAll}},
			"with an explicit deny in an identity-based policy"},
		{"session policy deny", session, setSpec{identity: []string{allowToken}, session: []string{denyToken}},
			"with an explicit deny in a session policy"},
		{"boundary", user, setSpec{identity: []string{allowToken}, boundary: getUser},
			"because no permissions boundary allows the sts:GetWebIdentityToken action"},
		{"grant on own user ARN", user, setSpec{identity: []string{ownARN}},
			"because no identity-based policy allows the sts:GetWebIdentityToken action"},
		{"grant on self", user, setSpec{identity: []string{selfOnly}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tokenRequest(params)
			req.Principal = tt.caller
			d := Evaluate(tt.set.build(t), req, Options{})
			if got := d.DenyReason(req.Action); got != tt.reason {
				t.Errorf("DenyReason = %q, want %q", got, tt.reason)
			}
		})
	}
}

// TestWebIdentityEndpointPolicies runs the STS VPC endpoint policy
// examples with a caller inside and outside the organization.
func TestWebIdentityEndpointPolicies(t *testing.T) {
	orgOnly := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowOrganizationPrincipals","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:*","Resource":"*",
		 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}},
		{"Sid":"AllowFederatedAssumeRole","Effect":"Allow","Principal":"*",
		 "Action":["sts:AssumeRoleWithSAML","sts:AssumeRoleWithWebIdentity"],"Resource":"*",
		 "Condition":{"StringEquals":{"aws:ResourceOrgID":"o-exampleorgid"}}}]}`
	denyOutside := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
		{"Sid":"DenyNonOrgPrincipals","Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:*","Resource":"*",
		 "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}`
	assumeOnly := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Resource":"*",
		 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}`
	allowToken := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	tests := []struct {
		name      string
		endpoint  string
		org       string
		want      Outcome
		decidedBy PolicyType
	}{
		{"org only inside", orgOnly, "o-exampleorgid", Allow, TypeIdentity},
		{"org only outside", orgOnly, "o-other", ImplicitDeny, TypeVPCEndpoint},
		{"deny outside inside", denyOutside, "o-exampleorgid", Allow, TypeIdentity},
		{"deny outside outside", denyOutside, "o-other", ExplicitDeny, TypeVPCEndpoint},
		{"assume role only", assumeOnly, "o-exampleorgid", ImplicitDeny, TypeVPCEndpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tokenRequest(WebIdentityParams{Audiences: []string{"a"}, SigningAlgorithm: "RS256"})
			req.Context.Set("aws:PrincipalOrgID", tt.org)
			set := setSpec{identity: []string{allowToken}, vpce: []string{tt.endpoint}}.build(t)
			d := Evaluate(set, req, Options{})
			if d.Outcome != tt.want || d.DecidedBy != tt.decidedBy {
				t.Errorf("Evaluate = %v by %s, want %v by %s", d.Outcome, d.DecidedBy, tt.want, tt.decidedBy)
			}
		})
	}
}

func TestWebIdentityTokenContext(t *testing.T) {
	c := WebIdentityTokenContext(WebIdentityParams{Audiences: []string{"a", "a"}, SigningAlgorithm: "ES384",
		Tags: []Tag{{"Team", "x"}, {"env", ""}}})
	checks := []struct {
		key   string
		want  []string
		multi bool
	}{
		{"sts:IdentityTokenAudience", []string{"a", "a"}, true},
		{"sts:DurationSeconds", []string{"300"}, false},
		{"sts:SigningAlgorithm", []string{"ES384"}, false},
		{"aws:RequestTag/team", []string{"x"}, false},
		{"aws:RequestTag/env", []string{""}, false},
		{"aws:TagKeys", []string{"Team", "env"}, true},
	}
	for _, ck := range checks {
		got, multi, ok := c.Get(ck.key)
		if !ok || multi != ck.multi || !slices.Equal(got, ck.want) {
			t.Errorf("Get(%q) = %q, multi %v, present %v; want %q, multi %v", ck.key, got, multi, ok, ck.want, ck.multi)
		}
	}
	if _, _, ok := WebIdentityTokenContext(WebIdentityParams{Audiences: []string{"a"}}).Get("aws:TagKeys"); ok {
		t.Error("aws:TagKeys present without tags")
	}
	if got := WebIdentityTokenResource("aws-cn", "123456789012"); got != "arn:aws-cn:sts::123456789012:self" {
		t.Errorf("WebIdentityTokenResource = %q", got)
	}
}

// TestWebIdentityServiceLinkedRole runs the IPAM service-linked role
// policy under an SCP that denies the action: SCPs do not restrict
// service-linked roles
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
func TestWebIdentityServiceLinkedRole(t *testing.T) {
	scpDeny := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	set := setSpec{scp: [][]string{{scpDeny}}, identity: []string{policyIPAM}}.build(t)
	req := tokenRequest(WebIdentityParams{Audiences: []string{"api://AzureADTokenExchange"}, SigningAlgorithm: "RS256"})
	req.Principal = Principal{ARN: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForIPAMOutbound/ipam",
		Kind: PrincipalRoleSession, ServiceLinked: true}
	if d := Evaluate(set, req, Options{}); d.Outcome != Allow {
		t.Errorf("service-linked role: Evaluate = %v by %s, want Allow", d.Outcome, d.DecidedBy)
	}
	req.Principal.ServiceLinked = false
	if d := Evaluate(set, req, Options{}); d.Outcome != ExplicitDeny || d.DecidedBy != TypeSCP {
		t.Errorf("ordinary role: Evaluate = %v by %s, want ExplicitDeny by scp", d.Outcome, d.DecidedBy)
	}
}

// TestWebIdentityRCP pins a decision: RCPs apply to the self resource of
// GetWebIdentityToken, which is in the caller's own account.
func TestWebIdentityRCP(t *testing.T) {
	rcp := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:GetWebIdentityToken",
		"Resource":"*","Condition":{"NumericGreaterThan":{"sts:DurationSeconds":"600"}}}]}`
	allowToken := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	set := setSpec{rcp: [][]string{{rcp}}, identity: []string{allowToken}}.build(t)
	req := tokenRequest(WebIdentityParams{Audiences: []string{"a"}, DurationSeconds: 900, SigningAlgorithm: "RS256"})
	d := Evaluate(set, req, Options{})
	if d.Outcome != ExplicitDeny || d.DecidedBy != TypeRCP {
		t.Errorf("Evaluate = %v by %s, want ExplicitDeny by rcp", d.Outcome, d.DecidedBy)
	}
	if got, want := d.DenyReason(req.Action), "with an explicit deny in a resource control policy"; got != want {
		t.Errorf("DenyReason = %q, want %q", got, want)
	}
	req = tokenRequest(WebIdentityParams{Audiences: []string{"a"}, SigningAlgorithm: "RS256"})
	if d := Evaluate(set, req, Options{}); d.Outcome != Allow {
		t.Errorf("default duration: Evaluate = %v, want Allow", d.Outcome)
	}
}
