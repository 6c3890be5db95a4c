package main

// condRow is one condition and one request value, with whether the
// condition matches. Each row becomes two cases: the condition on an
// Allow statement (match: Allow, else ImplicitDeny) and on a Deny
// statement beside an allow-all statement (match: ExplicitDeny, else
// Allow).
type condRow struct {
	name   string
	op     string
	key    string
	values any // policy values: a string, a []string, a number or a bool
	req    any // request value: nil (key absent), a string or a []string
	match  bool
	source string
	// ctxKey overrides the spelling of the key in the request context.
	ctxKey string
}

func rowCases(rows []condRow) []evalCase {
	var out []evalCase
	for _, r := range rows {
		action, resource := "s3:GetObject", objectARN
		switch {
		case r.key == "aws:TagKeys" || hasPrefixFold(r.key, "aws:RequestTag/"):
			action, resource = tagGWIT, selfARN
		case hasPrefixFold(r.key, "sts:"):
			action, resource = gwit, selfARN
		}
		var ctx []kv
		if r.req != nil {
			k := r.key
			if r.ctxKey != "" {
				k = r.ctxKey
			}
			ctx = []kv{{k, r.req}}
		}
		c := cond(r.op, r.key, r.values)

		allow := evalCase{
			name: r.name + "/allow", source: r.source, principal: alice,
			action: action, resource: resource, context: ctx,
			policies: policySet{identity: identity(doc(Stmt{Effect: "Allow", Action: action, Resource: "*", Condition: c}))},
			decision: "ImplicitDeny", decidedBy: "identity",
		}
		if r.match {
			allow.decision, allow.decidedBy = "Allow", "identity"
		}
		deny := evalCase{
			name: r.name + "/deny", source: r.source, principal: alice,
			action: action, resource: resource, context: ctx,
			policies: policySet{identity: identity(doc(allowAll(),
				Stmt{Effect: "Deny", Action: action, Resource: "*", Condition: c}))},
			decision: "Allow", decidedBy: "identity",
		}
		if r.match {
			deny.decision, deny.decidedBy = "ExplicitDeny", "identity"
		}
		out = append(out, allow, deny)
	}
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

const team = "aws:PrincipalTag/team"

func operatorCases() []evalCase {
	rows := []condRow{
		// String operators.
		{"string-equals/match", "StringEquals", team, "finance", "finance", true, srcCondOps, ""},
		{"string-equals/case-differs", "StringEquals", team, "finance", "Finance", false, srcCondOps, ""},
		{"string-equals/no-match", "StringEquals", team, "finance", "hr", false, srcCondOps, ""},
		{"string-equals/key-absent", "StringEquals", team, "finance", nil, false, srcCondOps, ""},
		{"string-equals/several-values-or", "StringEquals", team, []string{"finance", "hr"}, "hr", true, srcMulti, ""},
		{"string-equals/no-wildcards", "StringEquals", team, "fin*", "finance", false, srcCondOps, ""},
		{"string-equals/key-name-case-insensitive", "StringEquals", "AWS:PrincipalTag/Team", "finance", "finance", true, srcCond, "aws:principaltag/team"},
		{"string-not-equals/match", "StringNotEquals", team, "finance", "hr", true, srcCondOps, ""},
		{"string-not-equals/no-match", "StringNotEquals", team, "finance", "finance", false, srcCondOps, ""},
		{"string-not-equals/key-absent", "StringNotEquals", team, "finance", nil, true, srcCondOps, ""},
		{"string-not-equals/several-values-nor-hit", "StringNotEquals", team, []string{"finance", "hr"}, "hr", false, srcMulti, ""},
		{"string-not-equals/several-values-nor-miss", "StringNotEquals", team, []string{"finance", "hr"}, "legal", true, srcMulti, ""},
		{"string-equals-ignore-case/match", "StringEqualsIgnoreCase", team, "finance", "FINANCE", true, srcCondOps, ""},
		{"string-equals-ignore-case/no-match", "StringEqualsIgnoreCase", team, "finance", "legal", false, srcCondOps, ""},
		{"string-equals-ignore-case/key-absent", "StringEqualsIgnoreCase", team, "finance", nil, false, srcCondOps, ""},
		{"string-not-equals-ignore-case/match", "StringNotEqualsIgnoreCase", team, "finance", "legal", true, srcCondOps, ""},
		{"string-not-equals-ignore-case/no-match", "StringNotEqualsIgnoreCase", team, "finance", "FINANCE", false, srcCondOps, ""},
		{"string-not-equals-ignore-case/key-absent", "StringNotEqualsIgnoreCase", team, "finance", nil, true, srcCondOps, ""},
		{"string-like/star", "StringLike", team, "fin*", "finance", true, srcCondOps, ""},
		{"string-like/question-mark", "StringLike", team, "f?nance", "finance", true, srcCondOps, ""},
		{"string-like/question-mark-one-char", "StringLike", team, "f?nance", "fiinance", false, srcCondOps, ""},
		{"string-like/case-sensitive", "StringLike", team, "Fin*", "finance", false, srcCondOps, ""},
		{"string-like/key-absent", "StringLike", team, "fin*", nil, false, srcCondOps, ""},
		{"string-like/several-values-or", "StringLike", team, []string{"hr*", "fin*"}, "finance", true, srcMulti, ""},
		{"string-not-like/match", "StringNotLike", team, "fin*", "legal", true, srcCondOps, ""},
		{"string-not-like/no-match", "StringNotLike", team, "fin*", "finance", false, srcCondOps, ""},
		{"string-not-like/key-absent", "StringNotLike", team, "fin*", nil, true, srcCondOps, ""},
		{"string-not-like/several-values-nor", "StringNotLike", team, []string{"fin*", "hr*"}, "hr-ops", false, srcMulti, ""},
		{"string-equals-if-exists/key-absent", "StringEqualsIfExists", team, "finance", nil, true, srcCondOps, ""},
		{"string-equals-if-exists/match", "StringEqualsIfExists", team, "finance", "finance", true, srcCondOps, ""},
		{"string-equals-if-exists/no-match", "StringEqualsIfExists", team, "finance", "hr", false, srcCondOps, ""},
		{"string-not-equals-if-exists/key-absent", "StringNotEqualsIfExists", team, "finance", nil, true, srcCondOps, ""},
		{"string-not-equals-if-exists/no-match", "StringNotEqualsIfExists", team, "finance", "finance", false, srcCondOps, ""},
		{"string-like-if-exists/key-absent", "StringLikeIfExists", team, "fin*", nil, true, srcCondOps, ""},
		{"string-like-if-exists/no-match", "StringLikeIfExists", team, "fin*", "legal", false, srcCondOps, ""},

		// Numeric operators.
		{"numeric-equals/match", "NumericEquals", "sts:DurationSeconds", "300", "300", true, srcCondOps, ""},
		{"numeric-equals/no-match", "NumericEquals", "sts:DurationSeconds", "300", "301", false, srcCondOps, ""},
		{"numeric-equals/key-absent", "NumericEquals", "sts:DurationSeconds", "300", nil, false, srcCondOps, ""},
		{"numeric-equals/json-number", "NumericEquals", "sts:DurationSeconds", 300, "300", true, srcGrammar, ""},
		{"numeric-equals/several-values-or", "NumericEquals", "sts:DurationSeconds", []string{"60", "300"}, "60", true, srcMulti, ""},
		{"numeric-not-equals/match", "NumericNotEquals", "sts:DurationSeconds", "300", "301", true, srcCondOps, ""},
		{"numeric-not-equals/no-match", "NumericNotEquals", "sts:DurationSeconds", "300", "300", false, srcCondOps, ""},
		{"numeric-not-equals/key-absent", "NumericNotEquals", "sts:DurationSeconds", "300", nil, true, srcCondOps, ""},
		{"numeric-less-than/match", "NumericLessThan", "sts:DurationSeconds", "300", "299", true, srcCondOps, ""},
		{"numeric-less-than/equal", "NumericLessThan", "sts:DurationSeconds", "300", "300", false, srcCondOps, ""},
		{"numeric-less-than-equals/equal", "NumericLessThanEquals", "sts:DurationSeconds", "300", "300", true, srcCondOps, ""},
		{"numeric-less-than-equals/greater", "NumericLessThanEquals", "sts:DurationSeconds", "300", "301", false, srcCondOps, ""},
		{"numeric-less-than-equals/key-absent", "NumericLessThanEquals", "sts:DurationSeconds", "300", nil, false, srcCondOps, ""},
		{"numeric-greater-than/match", "NumericGreaterThan", "sts:DurationSeconds", "900", "901", true, srcCondOps, ""},
		{"numeric-greater-than/equal", "NumericGreaterThan", "sts:DurationSeconds", "900", "900", false, srcCondOps, ""},
		{"numeric-greater-than-equals/equal", "NumericGreaterThanEquals", "sts:DurationSeconds", "900", "900", true, srcCondOps, ""},
		{"numeric-greater-than-equals/less", "NumericGreaterThanEquals", "sts:DurationSeconds", "900", "899", false, srcCondOps, ""},
		{"numeric-less-than/decimal", "NumericLessThan", "s3:max-keys", "10.5", "10.25", true, srcCondOps, ""},
		{"numeric-less-than-equals-if-exists/key-absent", "NumericLessThanEqualsIfExists", "sts:DurationSeconds", "300", nil, true, srcCondOps, ""},

		// Date operators: W3C ISO 8601 profiles and epoch seconds.
		{"date-less-than/match", "DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-less-than/later", "DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z", false, srcCondOps, ""},
		{"date-less-than/key-absent", "DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z", nil, false, srcCondOps, ""},
		{"date-greater-than/match", "DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-greater-than/earlier", "DateGreaterThan", "aws:CurrentTime", "2027-01-01T00:00:00Z", "2026-12-04T12:00:00Z", false, srcCondOps, ""},
		{"date-equals/match", "DateEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-equals/one-second-off", "DateEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", "2026-12-04T12:00:01Z", false, srcCondOps, ""},
		{"date-equals/time-zone-offset", "DateEquals", "aws:CurrentTime", "2026-12-04T13:00:00+01:00", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-not-equals/match", "DateNotEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", "2026-12-05T12:00:00Z", true, srcCondOps, ""},
		{"date-not-equals/key-absent", "DateNotEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", nil, true, srcCondOps, ""},
		{"date-less-than-equals/equal", "DateLessThanEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-greater-than-equals/equal", "DateGreaterThanEquals", "aws:CurrentTime", "2026-12-04T12:00:00Z", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-greater-than/epoch-policy-value", "DateGreaterThan", "aws:CurrentTime", "1700000000", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-less-than/epoch-request-value", "DateLessThan", "aws:EpochTime", "2030-01-01T00:00:00Z", "1796385600", true, srcCondOps, ""},
		{"date-less-than/epoch-both", "DateLessThan", "aws:EpochTime", "1893456000", "1796385600", true, srcCondOps, ""},
		{"date-greater-than/date-only-profile", "DateGreaterThan", "aws:CurrentTime", "2026-01-01", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"date-less-than/year-month-profile", "DateLessThan", "aws:CurrentTime", "2026-06", "2026-12-04T12:00:00Z", false, srcCondOps, ""},
		{"date-less-than-if-exists/key-absent", "DateLessThanIfExists", "aws:CurrentTime", "2030-01-01T00:00:00Z", nil, true, srcCondOps, ""},

		// Bool.
		{"bool/true", "Bool", "aws:SecureTransport", "true", "true", true, srcCondOps, ""},
		{"bool/false-vs-true", "Bool", "aws:SecureTransport", "true", "false", false, srcCondOps, ""},
		{"bool/false", "Bool", "aws:SecureTransport", "false", "false", true, srcCondOps, ""},
		{"bool/key-absent", "Bool", "aws:SecureTransport", "true", nil, false, srcCondOps, ""},
		{"bool/json-boolean", "Bool", "aws:SecureTransport", true, "true", true, srcGrammar, ""},
		{"bool-if-exists/key-absent", "BoolIfExists", "aws:MultiFactorAuthPresent", "true", nil, true, srcCondOps, ""},
		{"bool-if-exists/false", "BoolIfExists", "aws:MultiFactorAuthPresent", "true", "false", false, srcCondOps, ""},

		// BinaryEquals: base64 in the policy and the request.
		{"binary-equals/match", "BinaryEquals", "demo:Blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", true, srcCondOps, ""},
		{"binary-equals/no-match", "BinaryEquals", "demo:Blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "T3RoZXJWYWx1ZQ==", false, srcCondOps, ""},
		{"binary-equals/key-absent", "BinaryEquals", "demo:Blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", nil, false, srcCondOps, ""},

		// IP addresses.
		{"ip-address/in-range", "IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", true, srcCondOps, ""},
		{"ip-address/out-of-range", "IpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.7", false, srcCondOps, ""},
		{"ip-address/key-absent", "IpAddress", "aws:SourceIp", "203.0.113.0/24", nil, false, srcCondOps, ""},
		{"ip-address/no-prefix-is-32", "IpAddress", "aws:SourceIp", "203.0.113.7", "203.0.113.7", true, srcCondOps, ""},
		{"ip-address/no-prefix-other-address", "IpAddress", "aws:SourceIp", "203.0.113.7", "203.0.113.8", false, srcCondOps, ""},
		{"ip-address/several-ranges-or", "IpAddress", "aws:SourceIp", []string{"203.0.113.0/24", "198.51.100.0/24"}, "198.51.100.7", true, srcMulti, ""},
		{"ip-address/ipv6-in-range", "IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true, srcCondOps, ""},
		{"ip-address/ipv6-out-of-range", "IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:9999::1", false, srcCondOps, ""},
		{"ip-address/ipv4-vs-ipv6-range", "IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "203.0.113.7", false, srcCondOps, ""},
		{"not-ip-address/outside", "NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.7", true, srcCondOps, ""},
		{"not-ip-address/inside", "NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", false, srcCondOps, ""},
		{"not-ip-address/key-absent", "NotIpAddress", "aws:SourceIp", "203.0.113.0/24", nil, true, srcCondOps, ""},
		{"ip-address-if-exists/key-absent", "IpAddressIfExists", "aws:SourceIp", "203.0.113.0/24", nil, true, srcCondOps, ""},

		// ARN operators: each of the six colon-separated parts separately.
		{"arn-equals/match", "ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", "arn:aws:sns:us-east-1:111122223333:topic-a", true, srcCondOps, ""},
		{"arn-equals/no-match", "ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", "arn:aws:sns:us-east-1:111122223333:topic-b", false, srcCondOps, ""},
		{"arn-equals/case-sensitive", "ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:Topic-A", "arn:aws:sns:us-east-1:111122223333:topic-a", false, srcCondOps, ""},
		{"arn-equals/key-absent", "ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", nil, false, srcCondOps, ""},
		{"arn-equals/wildcard-honoured", "ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-*", "arn:aws:sns:us-east-1:111122223333:topic-a", true, srcCondOps, ""},
		{"arn-like/region-and-resource-wildcards", "ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:topic-a", true, srcCondOps, ""},
		{"arn-like/other-account", "ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:444455556666:topic-a", false, srcCondOps, ""},
		{"arn-like/star-stays-in-its-segment", "ArnLike", "aws:SourceArn", "arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false, srcCondOps, ""},
		{"string-like/star-crosses-colons", "StringLike", "aws:SourceArn", "arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", true, srcCondOps, ""},
		{"arn-not-equals/match", "ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", "arn:aws:sns:us-east-1:111122223333:topic-b", true, srcCondOps, ""},
		{"arn-not-equals/no-match", "ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", "arn:aws:sns:us-east-1:111122223333:topic-a", false, srcCondOps, ""},
		{"arn-not-equals/key-absent", "ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a", nil, true, srcCondOps, ""},
		{"arn-not-like/other-account", "ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:444455556666:topic-a", true, srcCondOps, ""},
		{"arn-not-like/same-account", "ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:topic-a", false, srcCondOps, ""},
		{"arn-like-if-exists/key-absent", "ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", nil, true, srcCondOps, ""},

		// Null: "true" means the key is absent, "false" that it is present.
		{"null-true/key-absent", "Null", "aws:TokenIssueTime", "true", nil, true, srcCondOps, ""},
		{"null-true/key-present", "Null", "aws:TokenIssueTime", "true", "2026-12-04T12:00:00Z", false, srcCondOps, ""},
		{"null-false/key-present", "Null", "aws:TokenIssueTime", "false", "2026-12-04T12:00:00Z", true, srcCondOps, ""},
		{"null-false/key-absent", "Null", "aws:TokenIssueTime", "false", nil, false, srcCondOps, ""},
		{"null-false/json-boolean", "Null", "aws:TokenIssueTime", false, "2026-12-04T12:00:00Z", true, srcGrammar, ""},
		{"null-false/multivalued-key-present", "Null", "aws:TagKeys", "false", []string{"team"}, true, srcCondOps, ""},
		{"null-true/multivalued-key-absent", "Null", "aws:TagKeys", "true", nil, true, srcCondOps, ""},
	}
	cases := rowCases(rows)
	return append(cases, combinationCases()...)
}

// combinationCases pin how several keys and several operators combine:
// AND across operators and across keys, OR across the values of one key.
func combinationCases() []evalCase {
	twoKeys := doc(Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: map[string]map[string]any{
		"StringEquals": {team: "finance", "aws:PrincipalTag/env": "prod"},
	}})
	twoOps := doc(Stmt{Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: map[string]map[string]any{
		"StringEquals": {team: "finance"},
		"Bool":         {"aws:SecureTransport": "true"},
	}})
	mk := func(name string, d string, ctx []kv, decision string) evalCase {
		c := evalCase{name: name, source: srcMulti, principal: alice, action: "s3:GetObject",
			resource: objectARN, context: ctx, policies: policySet{identity: identity(d)},
			decision: decision, decidedBy: "identity"}
		return c
	}
	return []evalCase{
		mk("several-keys/all-match", twoKeys, []kv{{team, "finance"}, {"aws:PrincipalTag/env", "prod"}}, "Allow"),
		mk("several-keys/one-differs", twoKeys, []kv{{team, "finance"}, {"aws:PrincipalTag/env", "dev"}}, "ImplicitDeny"),
		mk("several-keys/one-absent", twoKeys, []kv{{team, "finance"}}, "ImplicitDeny"),
		mk("several-operators/all-match", twoOps, []kv{{team, "finance"}, {"aws:SecureTransport", "true"}}, "Allow"),
		mk("several-operators/one-fails", twoOps, []kv{{team, "finance"}, {"aws:SecureTransport", "false"}}, "ImplicitDeny"),
		mk("several-operators/other-fails", twoOps, []kv{{team, "hr"}, {"aws:SecureTransport", "true"}}, "ImplicitDeny"),
	}
}
