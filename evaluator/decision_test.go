package evaluator

import (
	"slices"
	"testing"
)

// setSpec describes a PolicySet as JSON policy texts.
type setSpec struct {
	scp, rcp [][]string
	identity []string
	resource string
	boundary string
	session  []string
	vpce     []string
	mgmt     string
}

func (s setSpec) build(t *testing.T) *PolicySet {
	t.Helper()
	list := func(prefix string, docs []string) []*Policy {
		var out []*Policy
		for _, d := range docs {
			out = append(out, compileJSON(t, prefix, d))
		}
		return out
	}
	levels := func(prefix string, lv [][]string) [][]*Policy {
		var out [][]*Policy
		for _, l := range lv {
			out = append(out, list(prefix, l))
			if l != nil && out[len(out)-1] == nil {
				out[len(out)-1] = []*Policy{}
			}
		}
		return out
	}
	set := &PolicySet{
		SCP: levels("scp", s.scp), RCP: levels("rcp", s.rcp),
		Identity: list("identity", s.identity), Session: list("session", s.session),
		VPCEndpoint: list("vpce", s.vpce), ManagementAccount: s.mgmt,
	}
	if s.resource != "" {
		set.Resource = compileJSON(t, "resource", s.resource)
	}
	if s.boundary != "" {
		set.Boundary = compileJSON(t, "boundary", s.boundary)
	}
	return set
}

const (
	fullAccess     = allowAll
	getObject      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	denyGetObject  = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}`
	onlyListBucket = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`
)

// bucketPolicy returns a resource-based policy allowing s3:GetObject to the
// given Principal element.
func bucketPolicy(principal string) string {
	return stmt(`{"Effect":"Allow","Principal":` + principal + `,"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}`)
}

type decisionCase struct {
	name      string
	principal Principal
	resAcct   string
	set       setSpec
	want      Outcome
	decidedBy PolicyType
}

func runDecisionCases(t *testing.T, tests []decisionCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Principal: tt.principal, Action: "s3:GetObject", Resource: bucketARN,
				ResourceAccount: tt.resAcct, Context: NewContext()}
			d := Evaluate(tt.set.build(t), req, Options{})
			if d.Outcome != tt.want {
				t.Errorf("Outcome = %v, want %v (decided by %s, not allowed by %v)",
					d.Outcome, tt.want, d.DecidedBy, d.NotAllowedBy)
			}
			if d.DecidedBy != tt.decidedBy {
				t.Errorf("DecidedBy = %q, want %q", d.DecidedBy, tt.decidedBy)
			}
		})
	}
}

var (
	user    = PrincipalFromARN(userARN)
	session = PrincipalFromARN(sessionARN)
	fedUser = PrincipalFromARN(fedARN)
	root    = PrincipalFromARN(rootARN)
	anon    = PrincipalFromARN("anonymous")
)

// TestSCPs follows
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
// (every level from the root to the account must allow; a deny anywhere
// denies) and
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
// (SCPs never grant; they do not affect the management account).
func TestSCPs(t *testing.T) {
	conditionedDeny := stmt(`{"Effect":"Deny","Action":"s3:*","Resource":"*",
		"Condition":{"StringNotEquals":{"aws:PrincipalAccount":"999999999999"}}}`)
	tests := []decisionCase{
		{"every level allows", user, "", setSpec{scp: [][]string{{fullAccess}, {fullAccess}, {fullAccess}},
			identity: []string{getObject}}, Allow, TypeIdentity},
		{"OU level without allow", user, "", setSpec{scp: [][]string{{fullAccess}, {onlyListBucket}, {fullAccess}},
			identity: []string{getObject}}, ImplicitDeny, TypeSCP},
		{"level with no policy", user, "", setSpec{scp: [][]string{{fullAccess}, {}},
			identity: []string{getObject}}, ImplicitDeny, TypeSCP},
		{"union within a level", user, "", setSpec{scp: [][]string{{onlyListBucket, getObject}},
			identity: []string{getObject}}, Allow, TypeIdentity},
		{"deny at root", user, "", setSpec{scp: [][]string{{fullAccess, denyGetObject}, {fullAccess}},
			identity: []string{getObject}}, ExplicitDeny, TypeSCP},
		{"conditioned deny", user, "", setSpec{scp: [][]string{{fullAccess}, {fullAccess, conditionedDeny}},
			identity: []string{getObject}}, ExplicitDeny, TypeSCP},
		{"SCP allow does not grant", user, "", setSpec{scp: [][]string{{fullAccess}}}, ImplicitDeny, TypeIdentity},
		{"root user in member account", root, "", setSpec{scp: [][]string{{denyGetObject, fullAccess}}},
			ExplicitDeny, TypeSCP},
		{"management account exempt", user, "", setSpec{scp: [][]string{{denyGetObject}},
			identity: []string{getObject}, mgmt: testAccount}, Allow, TypeIdentity},
		{"service-linked role exempt", Principal{ARN: sessionARN, Kind: PrincipalRoleSession, ServiceLinked: true},
			"", setSpec{scp: [][]string{{denyGetObject}}, identity: []string{getObject}}, Allow, TypeIdentity},
		// decision: SCPs do not apply to unsigned requests.
		{"anonymous exempt", anon, "", setSpec{scp: [][]string{{denyGetObject}},
			resource: bucketPolicy(`"*"`)}, Allow, TypeResource},
	}
	runDecisionCases(t, tests)
}

// TestRCPs follows
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
// (RCPFullAWSAccess is attached at every level and cannot be detached; a
// deny at any level denies) and
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
// (RCPs do not affect resources in the management account).
func TestRCPs(t *testing.T) {
	rcpDeny := stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-123"}}}`)
	tests := []decisionCase{
		{"no RCP allow needed", user, "", setSpec{rcp: [][]string{{}, {}}, identity: []string{getObject}}, Allow, TypeIdentity},
		{"deny applies", user, "", setSpec{rcp: [][]string{{}, {rcpDeny}}, identity: []string{getObject}}, ExplicitDeny, TypeRCP},
		{"management resource exempt", user, "", setSpec{rcp: [][]string{{rcpDeny}}, identity: []string{getObject},
			mgmt: testAccount}, Allow, TypeIdentity},
		{"anonymous subject to RCPs", anon, "", setSpec{rcp: [][]string{{rcpDeny}},
			resource: bucketPolicy(`"*"`)}, ExplicitDeny, TypeRCP},
		{"external principal subject to RCPs", PrincipalFromARN("arn:aws:iam::444455556666:user/eve"), testAccount,
			setSpec{rcp: [][]string{{rcpDeny}}, identity: []string{getObject},
				resource: bucketPolicy(`{"AWS":"444455556666"}`)}, ExplicitDeny, TypeRCP},
	}
	runDecisionCases(t, tests)
}

// TestResourcePolicySameAccount follows the table "Resource-based policies
// and implicit denies in other policy types (same account)" on
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// and the session policy section of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
func TestResourcePolicySameAccount(t *testing.T) {
	named := func(arn string) string { return bucketPolicy(`{"AWS":"` + arn + `"}`) }
	tests := []decisionCase{
		{"role ARN overrides identity", session, "", setSpec{resource: named(roleARN)}, Allow, TypeResource},
		{"role ARN limited by boundary", session, "", setSpec{resource: named(roleARN), boundary: onlyListBucket},
			ImplicitDeny, TypeBoundary},
		{"role ARN limited by session policy", session, "", setSpec{resource: named(roleARN), session: []string{onlyListBucket}},
			ImplicitDeny, TypeSession},
		{"session ARN overrides boundary", session, "", setSpec{resource: named(sessionARN), boundary: onlyListBucket},
			Allow, TypeResource},
		// decision: AWS's session policy text states that the session
		// policy does not limit a grant to the session ARN, and
		// iam-simulate's tests assert the opposite.
		{"session ARN overrides session policy", session, "", setSpec{resource: named(sessionARN),
			session: []string{onlyListBucket}}, Allow, TypeResource},
		{"user ARN overrides identity", user, "", setSpec{resource: named(userARN)}, Allow, TypeResource},
		{"user ARN overrides boundary", user, "", setSpec{resource: named(userARN), boundary: onlyListBucket},
			Allow, TypeResource},
		{"federated ARN overrides session", fedUser, "", setSpec{resource: named(fedARN), session: []string{onlyListBucket}},
			Allow, TypeResource},
		{"federated ARN without session policy", fedUser, "", setSpec{resource: named(fedARN)}, Allow, TypeResource},
		// Naming the account delegates to the identity-based policies.
		{"account id needs identity", session, "", setSpec{resource: bucketPolicy(`{"AWS":"111122223333"}`)},
			ImplicitDeny, TypeIdentity},
		{"root ARN needs identity", user, "", setSpec{resource: named(rootARN)}, ImplicitDeny, TypeIdentity},
		{"account with identity allow", user, "", setSpec{resource: named(rootARN), identity: []string{getObject}},
			Allow, TypeIdentity},
		{"other role not matched", session, "", setSpec{resource: named("arn:aws:iam::111122223333:role/other")},
			ImplicitDeny, TypeIdentity},
		{"wildcard principal", user, "", setSpec{resource: bucketPolicy(`"*"`)}, Allow, TypeResource},
		{"AWS wildcard principal", user, "", setSpec{resource: bucketPolicy(`{"AWS":"*"}`)}, Allow, TypeResource},
		{"identity or resource", user, "", setSpec{identity: []string{getObject}, resource: named(roleARN)}, Allow, TypeIdentity},
		{"explicit deny in resource policy", user, "", setSpec{identity: []string{getObject},
			resource: stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`)}, ExplicitDeny, TypeResource},
		{"root without any policy", root, "", setSpec{}, Allow, TypeIdentity},
	}
	runDecisionCases(t, tests)
}

// TestResourcePolicyCrossAccount follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html:
// the identity side and the resource-based policy must both allow.
func TestResourcePolicyCrossAccount(t *testing.T) {
	tests := []decisionCase{
		{"both allow", user, otherAcct, setSpec{identity: []string{getObject},
			resource: bucketPolicy(`{"AWS":"` + userARN + `"}`)}, Allow, TypeIdentity},
		{"resource alone", user, otherAcct, setSpec{resource: bucketPolicy(`{"AWS":"` + userARN + `"}`)},
			ImplicitDeny, TypeIdentity},
		{"identity alone", user, otherAcct, setSpec{identity: []string{getObject}}, ImplicitDeny, TypeResource},
		{"account named", user, otherAcct, setSpec{identity: []string{getObject},
			resource: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:root"}`)}, Allow, TypeIdentity},
		{"other account named", user, otherAcct, setSpec{identity: []string{getObject},
			resource: bucketPolicy(`{"AWS":"` + otherAcct + `"}`)}, ImplicitDeny, TypeResource},
		{"boundary still limits", user, otherAcct, setSpec{identity: []string{getObject}, boundary: onlyListBucket,
			resource: bucketPolicy(`{"AWS":"` + userARN + `"}`)}, ImplicitDeny, TypeBoundary},
	}
	runDecisionCases(t, tests)
}

// TestBoundarySessionEndpoint follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html (session
// policies; a GetFederationToken session needs a session policy) and
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html.
func TestBoundarySessionEndpoint(t *testing.T) {
	endpointAll := stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`)
	endpointOther := stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"*"}`)
	endpointDeny := stmt(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
		{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}`)
	tests := []decisionCase{
		{"boundary allows", user, "", setSpec{identity: []string{getObject}, boundary: getObject}, Allow, TypeIdentity},
		{"boundary without allow", user, "", setSpec{identity: []string{getObject}, boundary: onlyListBucket},
			ImplicitDeny, TypeBoundary},
		{"boundary does not grant", user, "", setSpec{boundary: getObject}, ImplicitDeny, TypeIdentity},
		{"boundary deny", user, "", setSpec{identity: []string{getObject}, boundary: denyGetObject}, ExplicitDeny, TypeBoundary},
		{"session policy allows", session, "", setSpec{identity: []string{getObject}, session: []string{getObject}}, Allow, TypeIdentity},
		{"session policy without allow", session, "", setSpec{identity: []string{getObject}, session: []string{onlyListBucket}},
			ImplicitDeny, TypeSession},
		{"session policies union", session, "", setSpec{identity: []string{getObject},
			session: []string{onlyListBucket, getObject}}, Allow, TypeIdentity},
		{"session policy deny", session, "", setSpec{identity: []string{getObject}, session: []string{denyGetObject}},
			ExplicitDeny, TypeSession},
		{"federated without session policy", fedUser, "", setSpec{identity: []string{getObject}}, ImplicitDeny, TypeSession},
		{"federated with session policy", fedUser, "", setSpec{identity: []string{getObject}, session: []string{getObject}},
			Allow, TypeIdentity},
		{"endpoint allows", user, "", setSpec{identity: []string{getObject}, vpce: []string{endpointAll}}, Allow, TypeIdentity},
		{"endpoint without allow", user, "", setSpec{identity: []string{getObject}, vpce: []string{endpointOther}},
			ImplicitDeny, TypeVPCEndpoint},
		{"endpoint deny", user, "", setSpec{identity: []string{getObject}, vpce: []string{endpointDeny}},
			ExplicitDeny, TypeVPCEndpoint},
		{"endpoint does not grant", user, "", setSpec{vpce: []string{endpointAll}}, ImplicitDeny, TypeIdentity},
	}
	runDecisionCases(t, tests)
}

// TestNotPrincipalDenyWithBoundary follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html:
// "The NotPrincipal element with a Deny effect will always deny any IAM
// principal that has a permissions boundary policy attached".
func TestNotPrincipalDenyWithBoundary(t *testing.T) {
	resource := stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
		{"Effect":"Deny","NotPrincipal":{"AWS":["` + userARN + `","` + rootARN + `"]},"Action":"s3:*","Resource":"*"}`)
	tests := []decisionCase{
		{"listed principal not denied", user, "", setSpec{resource: resource, identity: []string{getObject}}, Allow, TypeIdentity},
		{"listed principal with boundary", user, "", setSpec{resource: resource, identity: []string{getObject},
			boundary: getObject}, ExplicitDeny, TypeResource},
		{"unlisted principal denied", session, "", setSpec{resource: resource, identity: []string{getObject}},
			ExplicitDeny, TypeResource},
	}
	runDecisionCases(t, tests)
}

// TestAnonymousAndService covers callers without an account: only a
// resource-based policy can allow them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func TestAnonymousAndService(t *testing.T) {
	svc := PrincipalFromARN("cloudtrail.amazonaws.com")
	tests := []decisionCase{
		{"anonymous allowed by wildcard", anon, "", setSpec{resource: bucketPolicy(`"*"`)}, Allow, TypeResource},
		{"anonymous not allowed by account", anon, "", setSpec{resource: bucketPolicy(`{"AWS":"111122223333"}`)},
			ImplicitDeny, TypeResource},
		{"anonymous without resource policy", anon, "", setSpec{}, ImplicitDeny, TypeResource},
		{"anonymous ignores identity policies", anon, "", setSpec{identity: []string{getObject}}, ImplicitDeny, TypeResource},
		{"service named", svc, "", setSpec{resource: bucketPolicy(`{"Service":"cloudtrail.amazonaws.com"}`)}, Allow, TypeResource},
		{"other service", svc, "", setSpec{resource: bucketPolicy(`{"Service":"config.amazonaws.com"}`)}, ImplicitDeny, TypeResource},
	}
	runDecisionCases(t, tests)
}

func TestNotAllowedBy(t *testing.T) {
	set := setSpec{scp: [][]string{{onlyListBucket}}, boundary: onlyListBucket,
		vpce: []string{stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"*"}`)}}.build(t)
	req := &Request{Principal: session, Action: "s3:GetObject", Resource: bucketARN}
	d := Evaluate(set, req, Options{})
	want := []PolicyType{TypeSCP, TypeVPCEndpoint, TypeIdentity, TypeBoundary}
	if !slices.Equal(d.NotAllowedBy, want) {
		t.Errorf("NotAllowedBy = %v, want %v", d.NotAllowedBy, want)
	}
	if d.DecidedBy != TypeSCP {
		t.Errorf("DecidedBy = %q, want scp", d.DecidedBy)
	}
}

func TestDecisionStatements(t *testing.T) {
	identity := compileJSON(t, "app", stmt(`{"Sid":"List","Effect":"Allow","Action":"s3:List*","Resource":"*"},
		{"Sid":"Get","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`))
	deny := compileJSON(t, "guard", stmt(`{"Sid":"NoGet","Effect":"Deny","Action":"s3:Get*","Resource":"*"}`))
	req := userRequest("s3:GetObject", bucketARN)

	d := Evaluate(&PolicySet{Identity: []*Policy{identity}}, req, Options{})
	want := []StatementRef{{Policy: "app", Type: TypeIdentity, Index: 1, Sid: "Get", Effect: "Allow"}}
	if !slices.Equal(d.Statements, want) {
		t.Errorf("Allow Statements = %+v, want %+v", d.Statements, want)
	}
	d = Evaluate(&PolicySet{Identity: []*Policy{identity}, Boundary: deny}, req, Options{})
	want = []StatementRef{{Policy: "guard", Type: TypeBoundary, Index: 0, Sid: "NoGet", Effect: "Deny"}}
	if !slices.Equal(d.Statements, want) {
		t.Errorf("ExplicitDeny Statements = %+v, want %+v", d.Statements, want)
	}
}

// TestDenyReason checks the AccessDenied wording observed from AWS STS and
// listed on
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
func TestDenyReason(t *testing.T) {
	const action = "sts:GetWebIdentityToken"
	tests := []struct {
		d    Decision
		want string
	}{
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeSCP}, "with an explicit deny in a service control policy"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeRCP}, "with an explicit deny in a resource control policy"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeIdentity}, "with an explicit deny in an identity-based policy"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeResource}, "with an explicit deny in a resource-based policy"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeBoundary}, "with an explicit deny in a permissions boundary"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeSession}, "with an explicit deny in a session policy"},
		{Decision{Outcome: ExplicitDeny, DecidedBy: TypeVPCEndpoint}, "with an explicit deny in a VPC endpoint policy"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeIdentity},
			"because no identity-based policy allows the sts:GetWebIdentityToken action"},
		{Decision{}, "because no identity-based policy allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeSCP},
			"because no service control policy allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeBoundary},
			"because no permissions boundary allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeSession},
			"because no session policy allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeVPCEndpoint},
			"because no VPC endpoint policy allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: ImplicitDeny, DecidedBy: TypeResource},
			"because no resource-based policy allows the sts:GetWebIdentityToken action"},
		{Decision{Outcome: Allow, DecidedBy: TypeIdentity}, ""},
	}
	for _, tt := range tests {
		if got := tt.d.DenyReason(action); got != tt.want {
			t.Errorf("DenyReason(%v %s) = %q, want %q", tt.d.Outcome, tt.d.DecidedBy, got, tt.want)
		}
	}
}

// TestResourcePolicyMustAllow covers the two resource types whose
// resource-based policy must allow even in the caller's own account, so
// that an identity-based policy alone grants nothing.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html:
// "Unless the key policy explicitly allows it, you cannot use IAM policies
// to allow access to a KMS key." The single-account evaluation section of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// names role trust policies and KMS key policies as the exceptions.
func TestResourcePolicyMustAllow(t *testing.T) {
	const (
		keyARN   = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		role     = "arn:aws:iam::111122223333:role/deploy"
		bobARN   = "arn:aws:iam::111122223333:user/bob"
		allowKMS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`
		allowSTS = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`
	)
	keyPolicy := func(principal string) string {
		return stmt(`{"Effect":"Allow","Principal":` + principal + `,"Action":"kms:*","Resource":"*"}`)
	}
	trustPolicy := func(principal string) string {
		return stmt(`{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}`)
	}
	tests := []struct {
		decisionCase
		action, resource string
	}{
		{decisionCase{"key: identity alone", user, "", setSpec{identity: []string{allowKMS},
			resource: keyPolicy(`{"AWS":"` + bobARN + `"}`)}, ImplicitDeny, TypeResource}, "kms:Decrypt", keyARN},
		{decisionCase{"key: no key policy", user, "", setSpec{identity: []string{allowKMS}},
			ImplicitDeny, TypeResource}, "kms:Decrypt", keyARN},
		{decisionCase{"key: account enables IAM", user, "", setSpec{identity: []string{allowKMS},
			resource: keyPolicy(`{"AWS":"` + rootARN + `"}`)}, Allow, TypeIdentity}, "kms:Decrypt", keyARN},
		{decisionCase{"key: account without IAM allow", user, "", setSpec{
			resource: keyPolicy(`{"AWS":"` + rootARN + `"}`)}, ImplicitDeny, TypeIdentity}, "kms:Decrypt", keyARN},
		{decisionCase{"key: user named", user, "", setSpec{
			resource: keyPolicy(`{"AWS":"` + userARN + `"}`)}, Allow, TypeResource}, "kms:Decrypt", keyARN},
		{decisionCase{"key: root user needs key policy", root, "", setSpec{
			resource: keyPolicy(`{"AWS":"` + bobARN + `"}`)}, ImplicitDeny, TypeResource}, "kms:Decrypt", keyARN},
		{decisionCase{"key: list keys has no key", user, "", setSpec{identity: []string{
			stmt(`{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}`)}}, Allow, TypeIdentity}, "kms:ListKeys", "*"},
		{decisionCase{"trust: identity alone", user, "", setSpec{identity: []string{allowSTS},
			resource: trustPolicy(`{"AWS":"` + bobARN + `"}`)}, ImplicitDeny, TypeResource}, "sts:AssumeRole", role},
		{decisionCase{"trust: account delegates", user, "", setSpec{identity: []string{allowSTS},
			resource: trustPolicy(`{"AWS":"` + testAccount + `"}`)}, Allow, TypeIdentity}, "sts:AssumeRole", role},
		{decisionCase{"trust: user named", user, "", setSpec{
			resource: trustPolicy(`{"AWS":"` + userARN + `"}`)}, Allow, TypeResource}, "sts:AssumeRole", role},
		{decisionCase{"trust: other action on role", user, "", setSpec{identity: []string{
			stmt(`{"Effect":"Allow","Action":"iam:GetRole","Resource":"*"}`)}}, Allow, TypeIdentity}, "iam:GetRole", role},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Principal: tt.principal, Action: tt.action, Resource: tt.resource,
				ResourceAccount: tt.resAcct}
			d := Evaluate(tt.set.build(t), req, Options{})
			if d.Outcome != tt.want {
				t.Errorf("Outcome = %v, want %v (decided by %s, not allowed by %v)",
					d.Outcome, tt.want, d.DecidedBy, d.NotAllowedBy)
			}
			if d.DecidedBy != tt.decidedBy {
				t.Errorf("DecidedBy = %q, want %q", d.DecidedBy, tt.decidedBy)
			}
		})
	}
}
