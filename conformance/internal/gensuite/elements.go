package main

// elementCases cover Action, NotAction, Resource, NotResource, Principal
// and NotPrincipal matching.
func elementCases() []evalCase {
	var out []evalCase

	// Action: case-insensitive, * and ? anywhere in the name.
	actions := []struct {
		name, pattern, action string
		match                 bool
	}{
		{"action/exact", "iam:ListAccessKeys", "iam:ListAccessKeys", true},
		{"action/case-insensitive", "IAM:listaccesskeys", "iam:ListAccessKeys", true},
		{"action/request-case-insensitive", "iam:ListAccessKeys", "IAM:LISTACCESSKEYS", true},
		{"action/trailing-star", "iam:List*", "iam:ListAccessKeys", true},
		{"action/leading-star", "iam:*AccessKeys", "iam:ListAccessKeys", true},
		{"action/question-mark", "iam:List?ccessKeys", "iam:ListAccessKeys", true},
		{"action/other-verb", "iam:Get*", "iam:ListAccessKeys", false},
		{"action/star-alone", "*", "iam:ListAccessKeys", true},
		{"action/other-service", "s3:*", "iam:ListAccessKeys", false},
		{"action/service-prefix-is-not-a-wildcard", "ia:*", "iam:ListAccessKeys", false},
		{"action/gwit-lower-case", "sts:getwebidentitytoken", gwit, true},
		{"action/star-matches-tag-action", "sts:*WebIdentityToken", tagGWIT, true},
		{"action/gwit-grant-is-not-tag-grant", gwit, tagGWIT, false},
		{"action/tag-grant-is-not-gwit-grant", tagGWIT, gwit, false},
	}
	for _, a := range actions {
		c := evalCase{name: a.name, source: srcAction, principal: alice, action: a.action, resource: "*",
			policies: policySet{identity: identity(doc(allowAction(a.pattern)))},
			decision: "ImplicitDeny", decidedBy: "identity"}
		if a.match {
			c.decision = "Allow"
		}
		out = append(out, c)
	}
	out = append(out, evalCase{name: "action/list", source: srcAction, principal: alice,
		action: "iam:ListAccessKeys", resource: "*",
		policies: policySet{identity: identity(doc(Stmt{Effect: "Allow",
			Action: []string{"s3:GetObject", "iam:ListAccessKeys"}, Resource: "*"}))},
		decision: "Allow", decidedBy: "identity"})

	// Resource: case-sensitive, wildcards per segment; a * that ends a
	// segment may run past colons.
	resources := []struct {
		name, pattern, resource string
		match                   bool
	}{
		{"resource/object-wildcard", "arn:aws:s3:::amzn-s3-demo-bucket/*", objectARN, true},
		{"resource/bucket-is-not-object", "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket", false},
		{"resource/other-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket2/report.csv", false},
		{"resource/case-sensitive", "arn:aws:s3:::amzn-s3-demo-bucket/Report.csv", objectARN, false},
		{"resource/user-name-case-sensitive", "arn:aws:iam::111122223333:user/Alice", alice, false},
		{"resource/question-mark", "arn:aws:s3:::amzn-s3-demo-bucket/report.?sv", objectARN, true},
		{"resource/star-alone", "*", objectARN, true},
		{"resource/star-ends-segment-crosses-colons", "arn:aws:logs:us-east-1:111122223333:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:s1", true},
		{"resource/region-wildcard", "arn:aws:logs:*:111122223333:log-group:app", "arn:aws:logs:eu-west-1:111122223333:log-group:app", true},
		{"resource/account-mismatch", "arn:aws:logs:*:111122223333:log-group:app", "arn:aws:logs:eu-west-1:444455556666:log-group:app", false},
	}
	for _, r := range resources {
		c := evalCase{name: r.name, source: srcResource, principal: alice, action: "s3:GetObject", resource: r.resource,
			policies: policySet{identity: identity(doc(Stmt{Effect: "Allow", Action: "*", Resource: r.pattern}))},
			decision: "ImplicitDeny", decidedBy: "identity"}
		if r.match {
			c.decision = "Allow"
		}
		out = append(out, c)
	}
	// GetWebIdentityToken is authorized on arn:aws:sts::<account>:self.
	selfCases := []struct {
		name, pattern string
		match         bool
	}{
		{"resource/gwit-self-star", "*", true},
		{"resource/gwit-self-arn", selfARN, true},
		{"resource/gwit-own-user-arn", alice, false},
	}
	for _, r := range selfCases {
		c := evalCase{name: r.name, source: obsOutbound, principal: alice, action: gwit, resource: selfARN,
			context:  gwitContext([]string{"https://api.example.com"}, "300", "ES384"),
			policies: policySet{identity: identity(doc(Stmt{Effect: "Allow", Action: gwit, Resource: r.pattern}))},
			decision: "ImplicitDeny", decidedBy: "identity"}
		if r.match {
			c.decision = "Allow"
		}
		out = append(out, c)
	}

	out = append(out, notElementCases()...)
	return append(out, principalCases()...)
}

func notElementCases() []evalCase {
	allowNotIAM := doc(Stmt{Effect: "Allow", NotAction: "iam:*", Resource: "*"})
	denyNotIAM := doc(allowAll(), Stmt{Effect: "Deny", NotAction: []string{"iam:*"}, Resource: "*"})
	allowNotSecret := doc(Stmt{Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret-bucket/*"})
	denyNotPublic := doc(allowAll(), Stmt{Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::public-bucket/*"})
	mk := func(name, src, d, action, resource, decision string) evalCase {
		return evalCase{name: name, source: src, principal: alice, action: action, resource: resource,
			policies: policySet{identity: identity(d)}, decision: decision, decidedBy: "identity"}
	}
	return []evalCase{
		mk("not-action/allow-other-service", srcNotAction, allowNotIAM, "s3:GetObject", objectARN, "Allow"),
		mk("not-action/allow-listed-service", srcNotAction, allowNotIAM, "iam:ListUsers", "*", "ImplicitDeny"),
		mk("not-action/allow-case-insensitive", srcNotAction, allowNotIAM, "IAM:ListUsers", "*", "ImplicitDeny"),
		mk("not-action/deny-other-service", srcNotAction, denyNotIAM, "s3:GetObject", objectARN, "ExplicitDeny"),
		mk("not-action/deny-listed-service", srcNotAction, denyNotIAM, "iam:ListUsers", "*", "Allow"),
		mk("not-resource/allow-other-bucket", srcNotRes, allowNotSecret, "s3:GetObject", objectARN, "Allow"),
		mk("not-resource/allow-listed-bucket", srcNotRes, allowNotSecret, "s3:GetObject", "arn:aws:s3:::secret-bucket/key", "ImplicitDeny"),
		mk("not-resource/deny-other-bucket", srcNotRes, denyNotPublic, "s3:GetObject", objectARN, "ExplicitDeny"),
		mk("not-resource/deny-listed-bucket", srcNotRes, denyNotPublic, "s3:GetObject", "arn:aws:s3:::public-bucket/key", "Allow"),
	}
}

// principalCases put a resource-based policy in the same account as the
// caller, with no identity policy, so the Principal element alone decides.
func principalCases() []evalCase {
	rbp := func(p any) *named {
		return &named{"bucket-policy", doc(Stmt{Effect: "Allow", Principal: p, Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/*"})}
	}
	mk := func(name, src, principal string, res *named, ids []named, decision, by string) evalCase {
		return evalCase{name: name, source: src, principal: principal, action: "s3:GetObject",
			resource: objectARN, resAcct: acct, policies: policySet{resource: res, identity: ids},
			decision: decision, decidedBy: by}
	}
	aliceP := map[string]any{"AWS": alice}
	notPrincipalDeny := &named{"bucket-policy", doc(
		Stmt{Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*"},
		Stmt{Effect: "Deny", NotPrincipal: map[string]any{"AWS": []string{alice, rootUser}},
			Action: "s3:GetObject", Resource: "*"})}

	return []evalCase{
		mk("principal/user-arn-named", srcPrincipal, alice, rbp(aliceP), nil, "Allow", "resource"),
		mk("principal/other-user", srcPrincipal, bob, rbp(aliceP), nil, "ImplicitDeny", ""),
		mk("principal/star-everyone", srcPrincipal, bob, rbp("*"), nil, "Allow", "resource"),
		mk("principal/aws-star", srcPrincipal, bob, rbp(map[string]any{"AWS": "*"}), nil, "Allow", "resource"),
		mk("principal/star-includes-anonymous", srcPrincipal, "anonymous", rbp("*"), nil, "Allow", "resource"),
		mk("principal/account-id-needs-identity-policy", srcPrincipal, alice, rbp(map[string]any{"AWS": acct}), nil, "ImplicitDeny", ""),
		mk("principal/account-root-arn-needs-identity-policy", srcPrincipal, alice, rbp(map[string]any{"AWS": rootUser}), nil, "ImplicitDeny", ""),
		mk("principal/account-id-with-identity-policy", srcPrincipal, alice, rbp(map[string]any{"AWS": acct}),
			identity(doc(allowAction("s3:GetObject"))), "Allow", ""),
		mk("principal/user-name-case-sensitive", srcPrincipal, alice, rbp(map[string]any{"AWS": "arn:aws:iam::111122223333:user/Alice"}), nil, "ImplicitDeny", ""),
		mk("principal/list-of-arns", srcPrincipal, bob, rbp(map[string]any{"AWS": []string{alice, bob}}), nil, "Allow", "resource"),
		mk("not-principal/deny-spares-listed-user", srcNotPrinc, alice, notPrincipalDeny, nil, "Allow", "resource"),
		mk("not-principal/deny-hits-other-user", srcNotPrinc, bob, notPrincipalDeny, nil, "ExplicitDeny", "resource"),
	}
}

// gwitContext is the request context of a GetWebIdentityToken call.
func gwitContext(audiences []string, duration, alg string) []kv {
	return []kv{
		{"sts:IdentityTokenAudience", audiences},
		{"sts:DurationSeconds", duration},
		{"sts:SigningAlgorithm", alg},
	}
}
