package main

// resourcePolicyCases cover resource-based policies in the same account
// (which principal named bypasses which implicit deny) and across
// accounts (both sides must allow).
func resourcePolicyCases() []evalCase {
	bucket := func(p any) *named {
		return &named{"bucket-policy", doc(Stmt{Effect: "Allow", Principal: map[string]any{"AWS": p},
			Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*"})}
	}
	denyBucket := &named{"bucket-policy", doc(Stmt{Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: "*"})}
	noBoundary := &named{"boundary", doc(allowAction("iam:GetUser"))}
	noSession := []named{{"session-policy", doc(allowAction("iam:GetUser"))}}
	allowS3 := identity(doc(allowAction("s3:GetObject")))

	mk := func(name, src, principal string, p policySet, decision, by string) evalCase {
		return evalCase{name: name, source: src, principal: principal, action: "s3:GetObject",
			resource: objectARN, resAcct: acct, policies: p, decision: decision, decidedBy: by}
	}
	return []evalCase{
		// Same account: an Allow in the resource policy is enough.
		mk("resource-policy/same-account-user-named", srcBasics, alice, policySet{resource: bucket(alice)}, "Allow", "resource"),
		mk("resource-policy/same-account-user-named-boundary-does-not-limit", srcEval, alice,
			policySet{resource: bucket(alice), boundary: noBoundary}, "Allow", "resource"),
		mk("resource-policy/same-account-role-named", srcEval, sessionApp, policySet{resource: bucket(roleApp)}, "Allow", "resource"),
		mk("resource-policy/same-account-role-named-boundary-limits", srcEval, sessionApp,
			policySet{resource: bucket(roleApp), boundary: noBoundary}, "ImplicitDeny", "boundary"),
		mk("resource-policy/same-account-role-named-session-policy-limits", srcSessionPol, sessionApp,
			policySet{resource: bucket(roleApp), session: noSession}, "ImplicitDeny", "session"),
		mk("resource-policy/same-account-session-named-boundary-does-not-limit", srcBoundary, sessionApp,
			policySet{resource: bucket(sessionApp), boundary: noBoundary}, "Allow", "resource"),
		mk("resource-policy/same-account-federated-session-named", srcEval, fedUser,
			policySet{resource: bucket(fedUser)}, "Allow", "resource"),
		mk("resource-policy/same-account-identity-alone", srcBasics, alice, policySet{identity: allowS3}, "Allow", "identity"),
		mk("resource-policy/same-account-neither", srcBasics, alice, policySet{resource: bucket(bob)}, "ImplicitDeny", ""),
		mk("resource-policy/explicit-deny-beats-identity-allow", srcDenyAllow, alice,
			policySet{resource: denyBucket, identity: allowS3}, "ExplicitDeny", "resource"),
		mk("resource-policy/identity-deny-beats-resource-allow", srcDenyAllow, alice,
			policySet{resource: bucket(alice), identity: identity(doc(denyAction("s3:GetObject")))}, "ExplicitDeny", "identity"),

		// Cross account: the identity policy in the caller's account and
		// the resource policy in the resource's account must both allow.
		mk("cross-account/both-allow", srcXAcct, otherUser,
			policySet{resource: bucket(otherUser), identity: allowS3}, "Allow", ""),
		mk("cross-account/resource-policy-only", srcXAcct, otherUser,
			policySet{resource: bucket(otherUser)}, "ImplicitDeny", "identity"),
		mk("cross-account/identity-policy-only", srcXAcct, otherUser,
			policySet{identity: allowS3}, "ImplicitDeny", "resource"),
		mk("cross-account/account-named-with-identity", srcXAcct, otherUser,
			policySet{resource: bucket(otherAcct), identity: allowS3}, "Allow", ""),
		mk("cross-account/account-named-without-identity", srcXAcct, otherUser,
			policySet{resource: bucket(otherAcct)}, "ImplicitDeny", "identity"),
		mk("cross-account/other-account-named", srcXAcct, otherUser,
			policySet{resource: bucket("arn:aws:iam::777788889999:root"), identity: allowS3}, "ImplicitDeny", "resource"),
		mk("cross-account/resource-deny", srcXAcct, otherUser,
			policySet{resource: denyBucket, identity: allowS3}, "ExplicitDeny", "resource"),

		// NotPrincipal with Deny always denies a principal that has a
		// permissions boundary, whatever NotPrincipal lists.
		mk("not-principal/deny-with-boundary-always-denies", srcBoundary, alice, policySet{
			resource: &named{"bucket-policy", doc(
				Stmt{Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*"},
				Stmt{Effect: "Deny", NotPrincipal: map[string]any{"AWS": []string{alice, rootUser}}, Action: "s3:GetObject", Resource: "*"})},
			identity: allowS3,
			boundary: &named{"boundary", doc(allowAction("s3:*"))},
		}, "ExplicitDeny", "resource"),
	}
}

// vpceCases cover VPC endpoint policies, including the STS endpoint
// policy examples AWS publishes.
func vpceCases() []evalCase {
	orgEndpoint := named{"allow-org-principals", doc(
		Stmt{Sid: "AllowOrganizationPrincipals", Effect: "Allow", Principal: map[string]any{"AWS": "*"}, Action: "sts:*", Resource: "*",
			Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-exampleorgid")},
		Stmt{Sid: "AllowFederatedAssumeRole", Effect: "Allow", Principal: "*",
			Action: []string{"sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}, Resource: "*",
			Condition: cond("StringEquals", "aws:ResourceOrgID", "o-exampleorgid")})}
	denyNonOrg := named{"deny-non-org", doc(
		Stmt{Sid: "AllowAll", Effect: "Allow", Principal: "*", Action: "*", Resource: "*"},
		Stmt{Sid: "DenyNonOrgPrincipals", Effect: "Deny", Principal: map[string]any{"AWS": "*"}, Action: "sts:*", Resource: "*",
			Condition: cond("StringNotEquals", "aws:PrincipalOrgID", "o-exampleorgid")})}
	onlyAssumeRole := named{"restrict-actions", doc(
		Stmt{Sid: "AllowAssumeRoleForOrg", Effect: "Allow", Principal: map[string]any{"AWS": "*"}, Action: "sts:AssumeRole", Resource: "*",
			Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-exampleorgid")})}
	denyGWIT := named{"deny-tokens", doc(
		Stmt{Effect: "Allow", Principal: "*", Action: "*", Resource: "*"},
		Stmt{Effect: "Deny", Principal: "*", Action: gwit, Resource: "*"})}

	allowGWIT := identity(doc(allowAction(gwit)))
	mk := func(name, src string, vpce []named, ids []named, org, decision, by string) evalCase {
		ctx := gwitContext([]string{"https://api.example.com"}, "300", "ES384")
		ctx = append(ctx, kv{"aws:PrincipalOrgID", org}, kv{"aws:SourceVpce", "vpce-1a2b3c4d"})
		return evalCase{name: name, source: src, principal: sessionApp, action: gwit, resource: selfARN,
			context: ctx, policies: policySet{vpce: vpce, identity: ids}, decision: decision, decidedBy: by}
	}
	org, other := "o-exampleorgid", "o-otherorgid"
	return []evalCase{
		mk("vpce/default-policy", srcVPCE, []named{vpceFullAccess()}, allowGWIT, org, "Allow", "identity"),
		mk("vpce/does-not-grant", srcVPCE, []named{vpceFullAccess()}, nil, org, "ImplicitDeny", "identity"),
		mk("vpce/explicit-deny", srcVPCE, []named{denyGWIT}, allowGWIT, org, "ExplicitDeny", "vpce"),
		mk("vpce/sts-example-org-principals-member", srcSTSVPCE, []named{orgEndpoint}, allowGWIT, org, "Allow", "identity"),
		mk("vpce/sts-example-org-principals-outsider", srcSTSVPCE, []named{orgEndpoint}, allowGWIT, other, "ImplicitDeny", "vpce"),
		mk("vpce/sts-example-deny-non-org-member", srcSTSVPCE, []named{denyNonOrg}, allowGWIT, org, "Allow", "identity"),
		mk("vpce/sts-example-deny-non-org-outsider", srcSTSVPCE, []named{denyNonOrg}, allowGWIT, other, "ExplicitDeny", "vpce"),
		mk("vpce/sts-example-assume-role-only-blocks-tokens", srcSTSVPCE, []named{onlyAssumeRole}, allowGWIT, org, "ImplicitDeny", "vpce"),
	}
}
