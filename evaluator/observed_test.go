package evaluator

import "testing"

// TestObservedConditionSets reproduces live AWS observations of IAM
// TagUser under session policies with each condition, published in
// github.com/radkawar/stackd, testdata/aws/iam/condition_sets.json
// (captured 2026-09-12). A tag list of nil means the request had no tags;
// want is whether the condition held (an Allow applied, a Deny denied).
func TestObservedConditionSets(t *testing.T) {
	team := []string{"team"}
	env := []string{"env"}
	both := []string{"team", "env"}
	tagKeyRows := []struct {
		op   string
		want [4]bool // no tags, [team], [env], [team env]
	}{
		{"StringEquals", [4]bool{false, false, false, false}},
		{"StringNotEquals", [4]bool{true, false, false, false}},
		{"StringEqualsIfExists", [4]bool{true, false, false, false}},
		{"StringNotEqualsIfExists", [4]bool{true, false, false, false}},
		{"ForAnyValue:StringEquals", [4]bool{false, true, false, true}},
		{"ForAllValues:StringEquals", [4]bool{true, true, false, false}},
		{"ForAnyValue:StringNotEquals", [4]bool{false, false, true, true}},
		{"ForAllValues:StringNotEquals", [4]bool{true, false, true, false}},
	}
	for _, row := range tagKeyRows {
		for i, keys := range [][]string{nil, team, env, both} {
			t.Run(row.op+" "+fmtKeys(keys), func(t *testing.T) {
				ctx := ctxValues{}
				if keys != nil {
					ctx["aws:TagKeys"] = keys
				}
				checkCondition(t, `{"`+row.op+`":{"aws:TagKeys":"team"}}`, ctx, boolWant(row.want[i]))
			})
		}
	}

	// Conditions on aws:RequestTag/team with the tag set to "", set to
	// "capture", or absent (only an env tag).
	requestTagRows := []struct {
		cond string
		want [3]bool // team="", team=capture, no team tag
	}{
		{`{"Null":{"aws:RequestTag/team":"true"}}`, [3]bool{false, false, true}},
		{`{"Null":{"aws:RequestTag/team":"false"}}`, [3]bool{true, true, false}},
		{`{"StringEquals":{"aws:RequestTag/team":""}}`, [3]bool{true, false, false}},
		{`{"ForAllValues:StringEquals":{"aws:RequestTag/team":"capture"}}`, [3]bool{false, true, true}},
		{`{"ForAnyValue:StringEquals":{"aws:RequestTag/team":""}}`, [3]bool{true, false, false}},
	}
	for _, row := range requestTagRows {
		for i, value := range []string{"", "capture", "absent"} {
			t.Run(row.cond+" "+value, func(t *testing.T) {
				ctx := ctxValues{"aws:RequestTag/env": "capture", "aws:TagKeys": []string{"env"}}
				if value != "absent" {
					ctx = ctxValues{"aws:RequestTag/team": value, "aws:TagKeys": []string{"team"}}
				}
				checkCondition(t, row.cond, ctx, boolWant(row.want[i]))
			})
		}
	}

	// A multi-valued key as a policy variable matches nothing, even with a
	// default and a request value equal to that default.
	variableRows := []struct {
		cond string
		tags map[string]string
		want bool
	}{
		{`{"StringEquals":{"aws:RequestTag/team":"${aws:TagKeys}"}}`, map[string]string{"team": "team"}, false},
		{`{"StringEquals":{"aws:RequestTag/team":"${aws:TagKeys}"}}`, map[string]string{"team": "team", "env": "env"}, false},
		{`{"StringEquals":{"aws:RequestTag/team":"${aws:TagKeys, 'fallback'}"}}`, map[string]string{"team": "team"}, false},
		{`{"StringEquals":{"aws:RequestTag/team":"${aws:TagKeys, 'fallback'}"}}`, map[string]string{"team": "fallback"}, false},
		{`{"StringNotEquals":{"aws:RequestTag/team":"${aws:TagKeys}"}}`, map[string]string{"team": "team"}, true},
		{`{"StringNotEquals":{"aws:RequestTag/team":"${aws:TagKeys, 'fallback'}"}}`, map[string]string{"team": "fallback"}, true},
	}
	for _, row := range variableRows {
		t.Run(row.cond+" "+row.tags["team"], func(t *testing.T) {
			ctx := ctxValues{}
			var keys []string
			for k, v := range row.tags {
				ctx["aws:RequestTag/"+k] = v
				keys = append(keys, k)
			}
			ctx["aws:TagKeys"] = keys
			checkCondition(t, row.cond, ctx, boolWant(row.want))
		})
	}
}

func boolWant(b bool) condWant {
	if b {
		return isTrue
	}
	return isFalse
}

func fmtKeys(keys []string) string {
	if keys == nil {
		return "no tags"
	}
	out := "["
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		out += k
	}
	return out + "]"
}

// TestObservedStrings reproduces live AWS observations of the String
// operators with non-ASCII text, published in github.com/radkawar/stackd,
// testdata/aws/iam/condition_strings.json (captured 2026-09-12).
func TestObservedStrings(t *testing.T) {
	const deseret, deseretLower = "\U00010400", "\U00010428"
	ignoreCase := []struct {
		policy, request string
		want            bool
	}{
		{"prod", "PrOd", true},
		{"I", "ı", false},
		{"i", "İ", false},
		{"K", "\u212a", true}, // Kelvin sign
		{"s", "ſ", false},
		{"ß", "ẞ", true},
		{"ß", "SS", false},
		{"Σ", "ς", false},
		{"Σ", "σ", true},
		{"ΟΣ", "ος", true},
		{"ΟΣ", "οσ", false},
		{"ΟΣΑ", "οσα", true},
		{"É", "é", true},
		{deseret, deseretLower, false},
	}
	for _, tt := range ignoreCase {
		t.Run("IgnoreCase "+tt.policy+" "+tt.request, func(t *testing.T) {
			checkCondition(t, `{"StringEqualsIgnoreCase":{"aws:RequestTag/value":"`+tt.policy+`"}}`,
				ctxValues{"aws:RequestTag/value": tt.request}, boolWant(tt.want))
			checkCondition(t, `{"StringNotEqualsIgnoreCase":{"aws:RequestTag/value":"`+tt.policy+`"}}`,
				ctxValues{"aws:RequestTag/value": tt.request}, boolWant(!tt.want))
			checkCondition(t, `{"StringEqualsIgnoreCase":{"aws:RequestTag/value":"${aws:RequestTag/pattern}"}}`,
				ctxValues{"aws:RequestTag/value": tt.request, "aws:RequestTag/pattern": tt.policy}, boolWant(tt.want))
		})
	}

	others := []struct {
		name string
		cond string
		ctx  ctxValues
		want bool
	}{
		{"brackets are literal", `{"StringLike":{"aws:RequestTag/value":"a[b]"}}`, ctxValues{"aws:RequestTag/value": "ab"}, false},
		{"StringEquals supplementary", `{"StringEquals":{"aws:RequestTag/value":"` + deseret + `"}}`,
			ctxValues{"aws:RequestTag/value": deseret}, true},
		{"StringEquals case differs", `{"StringEquals":{"aws:RequestTag/value":"` + deseret + `"}}`,
			ctxValues{"aws:RequestTag/value": deseretLower}, false},
		// A ? matches one UTF-16 code unit.
		{"one question mark", `{"ForAnyValue:StringLike":{"aws:TagKeys":"a?"}}`, ctxValues{"aws:TagKeys": []string{"a" + deseret}}, false},
		{"two question marks", `{"ForAnyValue:StringLike":{"aws:TagKeys":"a??"}}`, ctxValues{"aws:TagKeys": []string{"a" + deseret}}, true},
		{"ForAllValues two question marks", `{"ForAllValues:StringLike":{"aws:TagKeys":"a??"}}`, ctxValues{"aws:TagKeys": []string{"a" + deseret}}, true},
		{"variable then question", `{"StringLike":{"aws:RequestTag/value":"${aws:RequestTag/pattern}?"}}`,
			ctxValues{"aws:RequestTag/pattern": deseret, "aws:RequestTag/value": deseret + "x"}, true},
		{"ForAnyValue IgnoreCase long s", `{"ForAnyValue:StringEqualsIgnoreCase":{"aws:TagKeys":"S"}}`, ctxValues{"aws:TagKeys": []string{"ſ"}}, false},
		{"ForAllValues IgnoreCase sigma", `{"ForAllValues:StringEqualsIgnoreCase":{"aws:TagKeys":"ΟΣ"}}`, ctxValues{"aws:TagKeys": []string{"ος"}}, true},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) { checkCondition(t, tt.cond, tt.ctx, boolWant(tt.want)) })
	}
}
