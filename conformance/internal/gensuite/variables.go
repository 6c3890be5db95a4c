package main

// variableCases cover policy variables: substitution in Resource and in
// condition values, the Version rule, escapes, defaults and missing keys.
func variableCases() []evalCase {
	home := "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"
	homeStmt := Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: home}
	mkRes := func(name, src, d, principal, resource, decision string) evalCase {
		return evalCase{name: name, source: src, principal: principal, action: "s3:GetObject",
			resource: resource, policies: policySet{identity: identity(d)},
			decision: decision, decidedBy: "identity"}
	}
	aliceObj := "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt"
	literalObj := "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/notes.txt"
	out := []evalCase{
		mkRes("resource-variable/own-home", srcVars, doc(homeStmt), alice, aliceObj, "Allow"),
		mkRes("resource-variable/other-home", srcVars, doc(homeStmt), bob, aliceObj, "ImplicitDeny"),
		mkRes("resource-variable/name-case-insensitive", srcVars,
			doc(Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/${AWS:UserName}/*"}),
			alice, aliceObj, "Allow"),
		mkRes("version-2008/variable-is-literal", srcVersion, docVersion("2008-10-17", homeStmt), alice, aliceObj, "ImplicitDeny"),
		mkRes("version-2008/literal-text-matches", srcVersion, docVersion("2008-10-17", homeStmt), alice, literalObj, "Allow"),
		mkRes("version-absent/variable-is-literal", srcVersion, docVersion("", homeStmt), alice, aliceObj, "ImplicitDeny"),
		mkRes("version-2012/literal-text-does-not-match", srcVars, doc(homeStmt), alice, literalObj, "ImplicitDeny"),
	}

	// A default applies when the key is absent.
	teamPrefix := Stmt{Effect: "Allow", Action: "s3:GetObject",
		Resource: "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"}
	mkTeam := func(name string, ctx []kv, resource, decision string) evalCase {
		c := mkRes(name, srcVars, doc(teamPrefix), alice, resource, decision)
		c.context = ctx
		return c
	}
	out = append(out,
		mkTeam("variable-default/tag-absent-uses-default", nil, "arn:aws:s3:::amzn-s3-demo-bucket/company-wide/a.txt", "Allow"),
		mkTeam("variable-default/tag-present-uses-tag", []kv{{team, "finance"}}, "arn:aws:s3:::amzn-s3-demo-bucket/finance/a.txt", "Allow"),
		mkTeam("variable-default/tag-present-default-unused", []kv{{team, "finance"}}, "arn:aws:s3:::amzn-s3-demo-bucket/company-wide/a.txt", "ImplicitDeny"),
	)

	// Variables in condition values.
	rows := []condRow{
		{"condition-variable/username-match", "StringEquals", "aws:ResourceTag/owner", "${aws:username}", "alice", true, srcVars, ""},
		{"condition-variable/username-no-match", "StringEquals", "aws:ResourceTag/owner", "${aws:username}", "bob", false, srcVars, ""},
		{"condition-variable/principal-tag-like", "StringLike", "aws:ResourceTag/project", "${aws:PrincipalTag/team}-*", "finance-q4", false, srcVars, ""},
		{"escape/star-literal-equals", "StringEquals", "aws:RequestTag/pattern", "a${*}b", "a*b", true, srcVars, ""},
		{"escape/star-is-not-wildcard", "StringLike", "aws:RequestTag/pattern", "a${*}b", "axb", false, srcVars, ""},
		{"escape/star-like-literal", "StringLike", "aws:RequestTag/pattern", "a${*}b", "a*b", true, srcVars, ""},
		{"escape/question-mark-is-not-wildcard", "StringLike", "aws:RequestTag/pattern", "a${?}b", "axb", false, srcVars, ""},
		{"escape/question-mark-literal", "StringLike", "aws:RequestTag/pattern", "a${?}b", "a?b", true, srcVars, ""},
		{"escape/dollar", "StringEquals", "aws:RequestTag/pattern", "cost${$}", "cost$", true, srcVars, ""},
	}
	cases := rowCases(rows)
	// principal-tag-like needs the principal's tag; rowCases sets only the
	// one key, so the tag is absent and the variable has no value.
	out = append(out, cases...)

	// With the principal tag present the variable substitutes.
	tagged := []kv{{team, "finance"}, {"aws:ResourceTag/project", "finance-q4"}}
	likeDoc := doc(Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: "*",
		Condition: cond("StringLike", "aws:ResourceTag/project", "${aws:PrincipalTag/team}-*")})
	c := mkRes("condition-variable/principal-tag-substituted", srcVars, likeDoc, alice, objectARN, "Allow")
	c.context = tagged
	out = append(out, c)

	// A variable whose key is absent has no value: StringEquals does not
	// match and StringNotEquals does.
	missing := []struct {
		name, op string
		decision string
	}{
		{"variable-no-value/string-equals", "StringEquals", "ImplicitDeny"},
		{"variable-no-value/string-like", "StringLike", "ImplicitDeny"},
		{"variable-no-value/string-not-equals", "StringNotEquals", "Allow"},
		{"variable-no-value/string-not-like", "StringNotLike", "Allow"},
	}
	for _, m := range missing {
		d := doc(Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: "*",
			Condition: cond(m.op, "aws:ResourceTag/team", "${aws:PrincipalTag/team}")})
		c := mkRes(m.name, srcVars, d, alice, objectARN, m.decision)
		c.context = []kv{{"aws:ResourceTag/team", "finance"}}
		out = append(out, c)
	}
	return out
}
