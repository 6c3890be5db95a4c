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
