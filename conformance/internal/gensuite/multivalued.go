package main

const (
	tagKeys  = "aws:TagKeys"
	audience = "sts:IdentityTokenAudience"
)

func multiValuedCases() []evalCase {
	two := []string{"team", "env"}
	rows := []condRow{
		// ForAllValues: every request value must match; true on an absent
		// key and on an empty set.
		{"for-all-values-string-equals/subset", "ForAllValues:StringEquals", tagKeys, two, []string{"team"}, true, srcMulti, ""},
		{"for-all-values-string-equals/equal-set", "ForAllValues:StringEquals", tagKeys, two, []string{"team", "env"}, true, srcMulti, ""},
		{"for-all-values-string-equals/one-outside", "ForAllValues:StringEquals", tagKeys, two, []string{"team", "owner"}, false, srcMulti, ""},
		{"for-all-values-string-equals/key-absent", "ForAllValues:StringEquals", tagKeys, two, nil, true, srcMulti, ""},
		{"for-all-values-string-equals/empty-set", "ForAllValues:StringEquals", tagKeys, two, []string{}, true, obsConditionSets, ""},
		{"for-all-values-string-equals/case-sensitive", "ForAllValues:StringEquals", tagKeys, two, []string{"Team"}, false, srcMulti, ""},
		{"for-all-values-string-equals-ignore-case/match", "ForAllValues:StringEqualsIgnoreCase", tagKeys, two, []string{"TEAM", "Env"}, true, srcMulti, ""},
		{"for-all-values-string-like/match", "ForAllValues:StringLike", tagKeys, "team*", []string{"team", "teamlead"}, true, srcMulti, ""},
		{"for-all-values-string-like/one-outside", "ForAllValues:StringLike", tagKeys, "team*", []string{"team", "owner"}, false, srcMulti, ""},
		{"for-all-values-string-not-like/ex-key1-legal", "ForAllValues:StringNotLike", tagKeys, "key1*", []string{"key1"}, false, srcEXN, ""},
		{"for-all-values-string-not-like/ex-key2-audit", "ForAllValues:StringNotLike", tagKeys, "key1*", []string{"key2"}, true, srcEXN, ""},
		{"for-all-values-string-not-like/ex-key-absent", "ForAllValues:StringNotLike", tagKeys, "key1*", nil, true, srcEXN, ""},
		{"for-all-values-string-not-like/ex-mixed", "ForAllValues:StringNotLike", tagKeys, "key1*", []string{"key1", "key2"}, false, srcEXN, ""},

		// ForAnyValue: at least one request value must match; false on an
		// absent key and on an empty set.
		{"for-any-value-string-equals/one-inside", "ForAnyValue:StringEquals", tagKeys, two, []string{"team", "owner"}, true, srcMulti, ""},
		{"for-any-value-string-equals/none-inside", "ForAnyValue:StringEquals", tagKeys, two, []string{"owner"}, false, srcMulti, ""},
		{"for-any-value-string-equals/key-absent", "ForAnyValue:StringEquals", tagKeys, two, nil, false, srcMulti, ""},
		{"for-any-value-string-equals/empty-set", "ForAnyValue:StringEquals", tagKeys, two, []string{}, false, obsConditionSets, ""},
		{"for-any-value-string-like/match", "ForAnyValue:StringLike", tagKeys, "env*", []string{"team", "environment"}, true, srcMulti, ""},
		{"for-any-value-string-like/no-match", "ForAnyValue:StringLike", tagKeys, "env*", []string{"team"}, false, srcMulti, ""},
		{"for-any-value-string-not-equals/one-outside", "ForAnyValue:StringNotEquals", tagKeys, "team", []string{"team", "owner"}, true, srcMulti, ""},
		{"for-any-value-string-not-equals/all-inside", "ForAnyValue:StringNotEquals", tagKeys, "team", []string{"team"}, false, srcMulti, ""},

		// A single-valued operator against a multi-valued key that is
		// present never matched in AWS's live behaviour. With the key
		// absent it behaves as on any absent key.
		{"string-equals-on-multivalued/one-value", "StringEquals", tagKeys, "team", []string{"team"}, false, obsConditionSets, ""},
		{"string-equals-on-multivalued/two-values", "StringEquals", tagKeys, two, []string{"team", "env"}, false, obsConditionSets, ""},
		{"string-equals-on-multivalued/absent", "StringEquals", tagKeys, "team", nil, false, obsConditionSets, ""},
		{"string-not-equals-on-multivalued/one-value", "StringNotEquals", tagKeys, "team", []string{"owner"}, false, obsConditionSets, ""},
		{"string-not-equals-on-multivalued/two-values", "StringNotEquals", tagKeys, "team", []string{"owner", "env"}, false, obsConditionSets, ""},
		{"string-not-equals-on-multivalued/absent", "StringNotEquals", tagKeys, "team", nil, true, obsConditionSets, ""},
		{"string-equals-if-exists-on-multivalued/present", "StringEqualsIfExists", tagKeys, "team", []string{"team"}, false, obsConditionSets, ""},
		{"string-equals-if-exists-on-multivalued/absent", "StringEqualsIfExists", tagKeys, "team", nil, true, obsConditionSets, ""},
		{"string-not-equals-if-exists-on-multivalued/present", "StringNotEqualsIfExists", tagKeys, "team", []string{"owner"}, false, obsConditionSets, ""},
		{"string-not-equals-if-exists-on-multivalued/absent", "StringNotEqualsIfExists", tagKeys, "team", nil, true, obsConditionSets, ""},

		// sts:IdentityTokenAudience, one value per requested audience.
		{"audience-for-all-values/listed", "ForAllValues:StringEquals", audience, "https://api.example.com", []string{"https://api.example.com"}, true, obsOutbound, ""},
		{"audience-for-all-values/other", "ForAllValues:StringEquals", audience, "https://api.example.com", []string{"other"}, false, obsOutbound, ""},
		{"audience-for-all-values/listed-and-other", "ForAllValues:StringEquals", audience, "https://api.example.com", []string{"https://api.example.com", "other"}, false, srcMulti, ""},
		{"audience-for-any-value/listed-and-other", "ForAnyValue:StringEquals", audience, []string{"https://api1.example.com", "https://api2.example.com"}, []string{"https://api1.example.com", "https://evil.example"}, true, srcMulti, ""},
		{"audience-for-any-value/none-listed", "ForAnyValue:StringEquals", audience, []string{"https://api1.example.com", "https://api2.example.com"}, []string{"https://evil.example"}, false, srcMulti, ""},
		{"audience-plain-string-equals/present", "StringEquals", audience, "https://api.example.com", []string{"https://api.example.com"}, false, obsConditionSets, ""},
		{"audience-for-all-values-string-like/gcp-pattern", "ForAllValues:StringLike", audience, "//iam.googleapis.com/projects/*/locations/*/workloadIdentityPools/*/providers/*", []string{"//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/aws"}, true, srcMulti, ""},
	}
	cases := rowCases(rows)

	// The Null guard AWS recommends beside ForAllValues: an absent key
	// makes ForAllValues true, and Null false then rejects it.
	guarded := doc(Stmt{Effect: "Allow", Action: tagGWIT, Resource: "*", Condition: map[string]map[string]any{
		"Null":                      {tagKeys: "false"},
		"ForAllValues:StringEquals": {tagKeys: two},
	}})
	mk := func(name string, ctx []kv, decision string) evalCase {
		return evalCase{name: name, source: srcMulti, principal: alice, action: tagGWIT,
			resource: selfARN, context: ctx, policies: policySet{identity: identity(guarded)},
			decision: decision, decidedBy: "identity"}
	}
	cases = append(cases,
		mk("null-guarded-for-all-values/key-absent", nil, "ImplicitDeny"),
		mk("null-guarded-for-all-values/subset", []kv{{tagKeys, []string{"team"}}}, "Allow"),
		mk("null-guarded-for-all-values/one-outside", []kv{{tagKeys, []string{"team", "owner"}}}, "ImplicitDeny"),
	)
	return cases
}
