package evaluator

import "testing"

// TestNotPrincipalDeny follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html:
// with Deny, "you must also specify the account ARN of the not-denied
// principal. Otherwise, the policy might deny access to the entire account
// containing the principal", and for an assumed-role user AWS "might
// validate the account first, then the role, and then the assumed-role
// user". The page's examples list the user with its account, and the
// session with its role and account.
func TestNotPrincipalDeny(t *testing.T) {
	notPrincipal := func(names string) string {
		return stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
			{"Effect":"Deny","NotPrincipal":{"AWS":` + names + `},"Action":"s3:*","Resource":"*"}`)
	}
	svc := PrincipalFromARN("cloudtrail.amazonaws.com")
	tests := []decisionCase{
		{"user with account", user, "", setSpec{resource: notPrincipal(`["` + userARN + `","` + rootARN + `"]`)},
			Allow, TypeResource},
		{"user without account", user, "", setSpec{resource: notPrincipal(`"` + userARN + `"`)},
			ExplicitDeny, TypeResource},
		{"account only denies user", user, "", setSpec{resource: notPrincipal(`"` + testAccount + `"`)},
			ExplicitDeny, TypeResource},
		{"account id exempts root", root, "", setSpec{resource: notPrincipal(`"` + testAccount + `"`)},
			Allow, TypeIdentity},
		{"session role and account", session, "", setSpec{resource: notPrincipal(
			`["` + sessionARN + `","` + roleARN + `","` + rootARN + `"]`)}, Allow, TypeResource},
		{"session without role", session, "", setSpec{resource: notPrincipal(
			`["` + sessionARN + `","` + rootARN + `"]`)}, ExplicitDeny, TypeResource},
		{"session without account", session, "", setSpec{resource: notPrincipal(
			`["` + sessionARN + `","` + roleARN + `"]`)}, ExplicitDeny, TypeResource},
		// decision: listing the role and its account without the session
		// ARN does not exempt the session, because AWS validates the
		// assumed-role user last.
		{"role and account without session", session, "", setSpec{resource: notPrincipal(
			`["` + roleARN + `","` + rootARN + `"]`)}, ExplicitDeny, TypeResource},
		{"federated user with account", fedUser, "", setSpec{session: []string{allowAll},
			resource: notPrincipal(`["` + fedARN + `","` + rootARN + `"]`)}, Allow, TypeResource},
		{"federated user without account", fedUser, "", setSpec{session: []string{allowAll},
			resource: notPrincipal(`"` + fedARN + `"`)}, ExplicitDeny, TypeResource},
		// decision: a federated-user session whose creating IAM user is
		// known must have that user listed too, as a role session needs
		// its role.
		{"federated user without creator", fedCreatedBy(userARN), "", setSpec{session: []string{allowAll},
			resource: notPrincipal(`["` + fedARN + `","` + rootARN + `"]`)}, ExplicitDeny, TypeResource},
		{"federated user with creator", fedCreatedBy(userARN), "", setSpec{session: []string{allowAll},
			resource: notPrincipal(`["` + fedARN + `","` + userARN + `","` + rootARN + `"]`)}, Allow, TypeResource},
		{"wildcard exempts everyone", anon, "", setSpec{resource: notPrincipal(`"*"`)}, Allow, TypeResource},
		{"anonymous denied", anon, "", setSpec{resource: notPrincipal(`["` + userARN + `","` + rootARN + `"]`)},
			ExplicitDeny, TypeResource},
		{"service listed", svc, "", setSpec{resource: stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
			{"Effect":"Deny","NotPrincipal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:*","Resource":"*"}`)},
			Allow, TypeResource},
	}
	runDecisionCases(t, tests)
}

// fedCreatedBy returns the federated-user session fedARN created by the IAM
// user creator.
func fedCreatedBy(creator string) Principal {
	p := fedUser
	p.FederatingUserARN = creator
	return p
}

// TestFederatingUserNamed follows the table "Resource-based policies and
// implicit denies in other policy types (same account)" on
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
// a resource-based policy that names the IAM user whose GetFederationToken
// call created a federated-user session grants that session access, but
// the user's permissions boundary and the session policy still limit it.
func TestFederatingUserNamed(t *testing.T) {
	fed := fedCreatedBy(userARN)
	byUser := bucketPolicy(`{"AWS":"` + userARN + `"}`)
	tests := []decisionCase{
		{"overrides identity", fed, "", setSpec{resource: byUser, session: []string{getObject}}, Allow, TypeResource},
		{"limited by session policy", fed, "", setSpec{resource: byUser, session: []string{onlyListBucket}},
			ImplicitDeny, TypeSession},
		{"needs a session policy", fed, "", setSpec{resource: byUser}, ImplicitDeny, TypeSession},
		{"limited by boundary", fed, "", setSpec{resource: byUser, session: []string{getObject},
			boundary: onlyListBucket}, ImplicitDeny, TypeBoundary},
		{"unknown creator not matched", fedUser, "", setSpec{resource: byUser, session: []string{getObject}},
			ImplicitDeny, TypeIdentity},
		{"other user not matched", fed, "", setSpec{resource: bucketPolicy(`{"AWS":"arn:aws:iam::111122223333:user/carol"}`),
			session: []string{getObject}}, ImplicitDeny, TypeIdentity},
		{"cross-account needs identity", fed, otherAcct, setSpec{resource: byUser, session: []string{getObject}},
			ImplicitDeny, TypeIdentity},
		{"cross-account with identity", fed, otherAcct, setSpec{resource: byUser, session: []string{getObject},
			identity: []string{getObject}}, Allow, TypeIdentity},
	}
	runDecisionCases(t, tests)
}

// TestFederatedProvider covers the Federated principal type of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
// a role trust policy names the OIDC or SAML provider whose users may call
// AssumeRoleWithWebIdentity or AssumeRoleWithSAML. Those calls are not
// signed with AWS credentials, so the caller is anonymous with
// FederatedProvider set.
func TestFederatedProvider(t *testing.T) {
	const (
		oidcARN = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
		samlARN = "arn:aws:iam::111122223333:saml-provider/corp"
		appRole = "arn:aws:iam::111122223333:role/app"
	)
	trust := func(action, provider string) string {
		return stmt(`{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"` + action + `"}`)
	}
	caller := func(provider string) Principal {
		p := PrincipalFromARN("anonymous")
		p.FederatedProvider = provider
		return p
	}
	tests := []struct {
		name     string
		caller   Principal
		action   string
		trust    string
		identity []string
		want     Outcome
	}{
		{"OIDC provider ARN", caller(oidcARN), "sts:AssumeRoleWithWebIdentity",
			trust("sts:AssumeRoleWithWebIdentity", oidcARN), nil, Allow},
		{"provider name", caller("accounts.google.com"), "sts:AssumeRoleWithWebIdentity",
			trust("sts:AssumeRoleWithWebIdentity", "accounts.google.com"), nil, Allow},
		{"SAML provider", caller(samlARN), "sts:AssumeRoleWithSAML",
			trust("sts:AssumeRoleWithSAML", samlARN), nil, Allow},
		{"other provider", caller("accounts.google.com"), "sts:AssumeRoleWithWebIdentity",
			trust("sts:AssumeRoleWithWebIdentity", oidcARN), nil, ImplicitDeny},
		{"no provider", caller(""), "sts:AssumeRoleWithWebIdentity",
			trust("sts:AssumeRoleWithWebIdentity", oidcARN), nil, ImplicitDeny},
		// decision: a provider name compares exactly, as ARNs do.
		{"provider case differs", caller("Accounts.Google.com"), "sts:AssumeRoleWithWebIdentity",
			trust("sts:AssumeRoleWithWebIdentity", "accounts.google.com"), nil, ImplicitDeny},
		// decision: a role session does not match a Federated name, even
		// one created through that provider. Resource-based policies name
		// such a session by its role or session ARN.
		{"role session not matched", Principal{ARN: sessionARN, Kind: PrincipalRoleSession,
			FederatedProvider: oidcARN}, "s3:GetObject", bucketPolicy(`{"Federated":"` + oidcARN + `"}`), nil, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource := appRole
			if tt.action == "s3:GetObject" {
				resource = bucketARN
			}
			set := setSpec{resource: tt.trust, identity: tt.identity}.build(t)
			req := &Request{Principal: tt.caller, Action: tt.action, Resource: resource,
				ResourceAccount: testAccount}
			d := Evaluate(set, req, Options{})
			if d.Outcome != tt.want {
				t.Errorf("Outcome = %v, want %v (decided by %s)", d.Outcome, tt.want, d.DecidedBy)
			}
		})
	}
}
