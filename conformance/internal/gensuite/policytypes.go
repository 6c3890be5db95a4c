package main

// policyTypeCases cover each policy type alone and together: SCP levels,
// RCPs, identity, resource-based (same- and cross-account), permissions
// boundaries, session policies, VPC endpoint policies and the exemptions.
func policyTypeCases() []evalCase {
	var out []evalCase
	out = append(out, identityCases()...)
	out = append(out, scpCases()...)
	out = append(out, rcpCases()...)
	out = append(out, boundaryCases()...)
	out = append(out, sessionCases()...)
	out = append(out, resourcePolicyCases()...)
	out = append(out, vpceCases()...)
	return out
}

// s3Case is a request by alice for an object in her own account.
func s3Case(name, src string, p policySet, decision, by string) evalCase {
	return evalCase{name: name, source: src, principal: alice, action: "s3:GetObject",
		resource: objectARN, resAcct: acct, policies: p, decision: decision, decidedBy: by}
}

func identityCases() []evalCase {
	allowS3 := doc(allowAction("s3:GetObject"))
	denyS3 := doc(denyAction("s3:GetObject"))
	return []evalCase{
		s3Case("identity/allow", srcBasics, policySet{identity: identity(allowS3)}, "Allow", "identity"),
		s3Case("identity/no-policy", srcDenyAllow, policySet{}, "ImplicitDeny", "identity"),
		s3Case("identity/other-action-only", srcDenyAllow, policySet{identity: identity(doc(allowAction("s3:PutObject")))}, "ImplicitDeny", "identity"),
		s3Case("identity/deny-beats-allow-same-policy", srcDenyAllow, policySet{identity: identity(doc(allowAll(), denyAction("s3:GetObject")))}, "ExplicitDeny", "identity"),
		s3Case("identity/deny-beats-allow-other-policy", srcDenyAllow, policySet{identity: identity(allowS3, denyS3)}, "ExplicitDeny", "identity"),
		s3Case("identity/allow-in-second-policy", srcBasics, policySet{identity: identity(doc(allowAction("s3:PutObject")), allowS3)}, "Allow", "identity"),
		{name: "identity/root-user-full-access", source: srcDenyAllow, principal: rootUser, action: "s3:GetObject",
			resource: objectARN, resAcct: acct, policies: policySet{}, decision: "Allow"},
	}
}

// levels returns SCP or RCP levels: root, one OU, account.
func levels(root, ou, account []named) [][]named { return [][]named{root, ou, account} }

func full() []named { return []named{fullAWSAccess()} }

func scpCases() []evalCase {
	allowGWITID := identity(doc(allowAction(gwit)))
	denyGWIT := named{"DenyTokens", doc(denyAction(gwit))}
	s3Only := named{"AllowS3Only", doc(allowAction("s3:*"))}
	stsOnly := named{"AllowSTSOnly", doc(allowAction("sts:*"))}
	mk := func(name, src, principal string, scp [][]named, ids []named, decision, by string) evalCase {
		return evalCase{name: name, source: src, principal: principal, action: gwit, resource: selfARN,
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{scp: scp, identity: ids}, decision: decision, decidedBy: by}
	}
	return []evalCase{
		mk("scp/full-access-every-level", srcSCPEval, sessionApp, levels(full(), full(), full()), allowGWITID, "Allow", "identity"),
		mk("scp/ou-level-deny-only", srcSCPEval, sessionApp, levels(full(), []named{denyGWIT}, full()), allowGWITID, "ExplicitDeny", "scp"),
		mk("scp/ou-level-only-other-service", srcSCPEval, sessionApp, levels(full(), []named{s3Only}, full()), allowGWITID, "ImplicitDeny", "scp"),
		mk("scp/account-level-only-other-service", srcSCPEval, sessionApp, levels(full(), full(), []named{s3Only}), allowGWITID, "ImplicitDeny", "scp"),
		mk("scp/root-level-only-other-service", srcSCPEval, sessionApp, levels([]named{s3Only}, full(), full()), allowGWITID, "ImplicitDeny", "scp"),
		mk("scp/empty-level", srcSCPEval, sessionApp, levels(full(), []named{}, full()), allowGWITID, "ImplicitDeny", "scp"),
		mk("scp/union-within-level", srcSCPEval, sessionApp, levels(full(), []named{s3Only, stsOnly}, full()), allowGWITID, "Allow", "identity"),
		mk("scp/deny-at-root", srcSCPEval, sessionApp, levels([]named{fullAWSAccess(), denyGWIT}, full(), full()), allowGWITID, "ExplicitDeny", "scp"),
		mk("scp/deny-at-account", srcSCPEval, sessionApp, levels(full(), full(), []named{fullAWSAccess(), denyGWIT}), allowGWITID, "ExplicitDeny", "scp"),
		mk("scp/does-not-grant", srcSCP, sessionApp, levels(full(), full(), full()), nil, "ImplicitDeny", "identity"),
		mk("scp/single-level", srcSCPEval, sessionApp, [][]named{full()}, allowGWITID, "Allow", "identity"),
		mk("scp/root-user-in-member-account", srcSCP, rootUser, levels([]named{fullAWSAccess(), denyGWIT}, full(), full()), nil, "ExplicitDeny", "scp"),
		{name: "scp/management-account-exempt", source: srcSCP, principal: mgmtSession, action: gwit,
			resource: "arn:aws:sts::999988887777:self",
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{scp: levels([]named{fullAWSAccess(), denyGWIT}, full(), full()), identity: allowGWITID},
			mgmt:     mgmtAcct, decision: "Allow", decidedBy: "identity"},
		{name: "scp/management-account-still-needs-identity", source: srcSCP, principal: mgmtSession, action: gwit,
			resource: "arn:aws:sts::999988887777:self",
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{scp: levels(full(), full(), full())},
			mgmt:     mgmtAcct, decision: "ImplicitDeny", decidedBy: "identity"},
		{name: "scp/member-account-not-exempt", source: srcSCP, principal: sessionApp, action: gwit,
			resource: selfARN, context: gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{scp: levels([]named{fullAWSAccess(), denyGWIT}, full(), full()), identity: allowGWITID},
			mgmt:     mgmtAcct, decision: "ExplicitDeny", decidedBy: "scp"},
		{name: "scp/service-linked-role-exempt", source: srcSCP,
			principal: map[string]any{"arn": "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForIPAM/ipam", "service_linked": true,
				"role_arn": "arn:aws:iam::111122223333:role/aws-service-role/ipam.amazonaws.com/AWSServiceRoleForIPAM"},
			action: gwit, resource: selfARN,
			context:  gwitContext([]string{"api://AzureADTokenExchange"}, "300", "RS256"),
			policies: policySet{scp: levels([]named{fullAWSAccess(), denyGWIT}, full(), full()), identity: allowGWITID},
			decision: "Allow", decidedBy: "identity"},
	}
}

func rcpCases() []evalCase {
	denyOutsideOrg := named{"DenyOutsideOrg", doc(Stmt{Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*",
		Condition: cond("StringNotEqualsIfExists", "aws:PrincipalOrgID", "o-exampleorgid")})}
	denyAll := named{"DenyS3", doc(Stmt{Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "*"})}
	allowS3 := identity(doc(allowAction("s3:GetObject")))
	orgCtx := []kv{{"aws:PrincipalOrgID", "o-exampleorgid"}}
	otherOrg := []kv{{"aws:PrincipalOrgID", "o-otherorgid"}}
	mk := func(name, src string, rcp [][]named, ctx []kv, decision, by string) evalCase {
		c := s3Case(name, src, policySet{rcp: rcp, identity: allowS3}, decision, by)
		c.context = ctx
		return c
	}
	none := []named{}
	return []evalCase{
		mk("rcp/none-attached-implies-full-access", srcRCPEval, levels(none, none, none), orgCtx, "Allow", "identity"),
		mk("rcp/explicit-full-access", srcRCPEval, levels([]named{rcpFullAWSAccess()}, []named{rcpFullAWSAccess()}, []named{rcpFullAWSAccess()}), orgCtx, "Allow", "identity"),
		mk("rcp/deny-at-root", srcRCPEval, levels([]named{denyAll}, none, none), orgCtx, "ExplicitDeny", "rcp"),
		mk("rcp/deny-at-ou", srcRCPEval, levels(none, []named{denyAll}, none), orgCtx, "ExplicitDeny", "rcp"),
		mk("rcp/deny-at-account", srcRCPEval, levels(none, none, []named{denyAll}), orgCtx, "ExplicitDeny", "rcp"),
		mk("rcp/conditional-deny-not-matching", srcRCP, levels([]named{denyOutsideOrg}, none, none), orgCtx, "Allow", "identity"),
		mk("rcp/conditional-deny-matching", srcRCP, levels([]named{denyOutsideOrg}, none, none), otherOrg, "ExplicitDeny", "rcp"),
		mk("rcp/does-not-grant", srcRCPEval, levels([]named{rcpFullAWSAccess()}, none, none), orgCtx, "Allow", "identity"),
		{name: "rcp/does-not-grant-without-identity", source: srcRCPEval, principal: alice, action: "s3:GetObject",
			resource: objectARN, resAcct: acct, context: orgCtx,
			policies: policySet{rcp: levels([]named{rcpFullAWSAccess()}, none, none)},
			decision: "ImplicitDeny", decidedBy: "identity"},
		{name: "rcp/management-account-resource-exempt", source: srcRCP,
			principal: "arn:aws:iam::999988887777:user/admin", action: "s3:GetObject",
			resource: "arn:aws:s3:::mgmt-bucket/report.csv", resAcct: mgmtAcct, context: orgCtx,
			policies: policySet{rcp: levels([]named{denyAll}, none, none), identity: allowS3},
			mgmt:     mgmtAcct, decision: "Allow", decidedBy: "identity"},
	}
}

func boundaryCases() []evalCase {
	allowGWIT := doc(allowAction(gwit))
	onlyGetUser := &named{"boundary", doc(allowAction("iam:GetUser"))}
	allowBoundary := &named{"boundary", allowGWIT}
	denyBoundary := &named{"boundary", doc(allowAll(), denyAction(gwit))}
	mk := func(name, src string, ids []named, b *named, decision, by string) evalCase {
		return evalCase{name: name, source: src, principal: alice, action: gwit, resource: selfARN,
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{identity: ids, boundary: b}, decision: decision, decidedBy: by}
	}
	return []evalCase{
		mk("boundary/allows", srcBoundary, identity(allowGWIT), allowBoundary, "Allow", "identity"),
		mk("boundary/does-not-allow", obsOutbound, identity(allowGWIT), onlyGetUser, "ImplicitDeny", "boundary"),
		mk("boundary/does-not-grant", srcBoundary, nil, allowBoundary, "ImplicitDeny", "identity"),
		mk("boundary/explicit-deny", srcBoundary, identity(allowGWIT), denyBoundary, "ExplicitDeny", "boundary"),
		mk("boundary/identity-deny-wins", srcBoundary, identity(doc(denyAction(gwit))), allowBoundary, "ExplicitDeny", "identity"),
	}
}

func sessionCases() []evalCase {
	allowGWIT := doc(allowAction(gwit))
	mk := func(name, src, principal string, ids []named, session []named, decision, by string) evalCase {
		return evalCase{name: name, source: src, principal: principal, action: gwit, resource: selfARN,
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{identity: ids, session: session}, decision: decision, decidedBy: by}
	}
	sp := func(d string) []named { return []named{{"session-policy", d}} }
	return []evalCase{
		mk("session/role-session-without-session-policy", srcEval, sessionApp, identity(allowGWIT), nil, "Allow", "identity"),
		mk("session/policy-allows", srcSessionPol, sessionApp, identity(allowGWIT), sp(allowGWIT), "Allow", "identity"),
		mk("session/policy-does-not-grant", srcSessionPol, sessionApp, nil, sp(allowGWIT), "ImplicitDeny", "identity"),
		mk("session/policy-other-action", srcSessionPol, sessionApp, identity(allowGWIT), sp(doc(allowAction("s3:GetObject"))), "ImplicitDeny", "session"),
		mk("session/policy-explicit-deny", obsOutbound, sessionApp, identity(doc(allowAction("sts:*"))), sp(doc(denyAction(gwit))), "ExplicitDeny", "session"),
		mk("session/federated-user-needs-session-policy", srcEval, fedUser, identity(allowGWIT), nil, "ImplicitDeny", ""),
		mk("session/federated-user-with-session-policy", srcEval, fedUser, identity(allowGWIT), sp(allowGWIT), "Allow", "identity"),
	}
}
