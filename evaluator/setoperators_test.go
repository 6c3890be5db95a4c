package evaluator

import "testing"

// Set operators, from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// unless a case names another page.
func TestSetOperators(t *testing.T) {
	tests := []struct {
		name string
		cond string
		ctx  ctxValues
		want condWant
	}{
		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"a"}}, isTrue},
		{"ForAllValues all listed", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"b", "a"}}, isTrue},
		{"ForAllValues one outside", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"a", "c"}}, isFalse},
		// ForAllValues is true when the key is absent or its set is empty.
		{"ForAllValues absent", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}`, ctxValues{}, isTrue},
		{"ForAllValues empty set", `{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}`, ctxValues{"aws:TagKeys": []string{}}, isTrue},
		{"ForAnyValue one listed", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"z", "b"}}, isTrue},
		{"ForAnyValue none listed", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"z"}}, isFalse},
		// ForAnyValue is false when the key is absent or its set is empty.
		{"ForAnyValue absent", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, ctxValues{}, isFalse},
		{"ForAnyValue empty set", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}}`, ctxValues{"aws:TagKeys": []string{}}, isFalse},
		{"ForAnyValue:StringNotEquals one outside", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"a", "c"}}, isTrue},
		{"ForAnyValue:StringNotEquals all inside", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a","b"]}}`, ctxValues{"aws:TagKeys": []string{"a", "b"}}, isFalse},
		{"ForAllValues:StringLike", `{"ForAllValues:StringLike":{"aws:TagKeys":["key1*","key2*"]}}`, ctxValues{"aws:TagKeys": []string{"key1a", "key2b"}}, isTrue},
		{"ForAnyValue:NumericLessThan", `{"ForAnyValue:NumericLessThan":{"k:n":"5"}}`, ctxValues{"k:n": []string{"9", "3"}}, isTrue},
		{"ForAllValues:IpAddress", `{"ForAllValues:IpAddress":{"k:ips":"10.0.0.0/8"}}`, ctxValues{"k:ips": []string{"10.1.1.1", "11.0.0.1"}}, isFalse},
		{"ForAllValues IfExists absent", `{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":["a"]}}`, ctxValues{}, isTrue},
		{"ForAnyValue IfExists absent", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}}`, ctxValues{}, isTrue},
		// decision: a set operator on a single-valued key treats it as a
		// set of one value.
		{"ForAllValues single-valued key", `{"ForAllValues:StringEquals":{"aws:username":["a","b"]}}`, ctxValues{"aws:username": "a"}, isTrue},
		{"ForAnyValue single-valued key", `{"ForAnyValue:StringEquals":{"aws:username":["a","b"]}}`, ctxValues{"aws:username": "c"}, isFalse},
		// Observed (github.com/radkawar/stackd, condition_values.json): a
		// value that is not a number matches nothing, one by one.
		{"ForAnyValue non-number", `{"ForAnyValue:NumericEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number", "1"}}, isTrue},
		{"ForAnyValue non-number only", `{"ForAnyValue:NumericEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number", "2"}}, isFalse},
		{"ForAnyValue NotEquals non-number", `{"ForAnyValue:NumericNotEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number"}}, isTrue},
		{"ForAllValues non-number", `{"ForAllValues:NumericEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number", "1"}}, isFalse},
		{"ForAllValues NotEquals non-number", `{"ForAllValues:NumericNotEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number", "2"}}, isTrue},
		{"ForAllValues NotEquals one equal", `{"ForAllValues:NumericNotEquals":{"k:n":"1"}}`, ctxValues{"k:n": []string{"no-number", "1"}}, isFalse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCondition(t, tt.cond, tt.ctx, tt.want) })
	}
}

// TestSingleValuedOperatorOnMultiValuedKey pins what AWS was observed to do
// on aws:TagKeys and sts:IdentityTokenAudience. An operator without a set
// qualifier never matches a multi-valued key that is present, even when
// negated or with IfExists. With the key absent the usual rules apply.
func TestSingleValuedOperatorOnMultiValuedKey(t *testing.T) {
	ops := []struct {
		op         string
		wantAbsent condWant
	}{
		{"StringEquals", isFalse},
		{"StringNotEquals", isTrue},
		{"StringEqualsIfExists", isTrue},
		{"StringNotEqualsIfExists", isTrue},
		{"StringLike", isFalse},
	}
	for _, o := range ops {
		cond := `{"` + o.op + `":{"aws:TagKeys":"team"}}`
		t.Run(o.op+" one value", func(t *testing.T) {
			checkCondition(t, cond, ctxValues{"aws:TagKeys": []string{"team"}}, isFalse)
		})
		t.Run(o.op+" two values", func(t *testing.T) {
			checkCondition(t, cond, ctxValues{"aws:TagKeys": []string{"team", "x"}}, isFalse)
		})
		t.Run(o.op+" absent", func(t *testing.T) {
			checkCondition(t, cond, ctxValues{}, o.wantAbsent)
		})
	}
}

// TestMultiValuedExamplesPage reproduces the tables of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
// (read from a copy of the page). For a Deny statement, "Match" means
// denied.
func TestMultiValuedExamplesPage(t *testing.T) {
	tagDeny := func(cond string) string {
		return stmt(`{"Sid":"DenyRestrictedTags","Effect":"Deny","Action":["iam:Tag*","iam:UnTag*"],` +
			`"Resource":["*"],"Condition":` + cond + `}`)
	}
	snapshotDeny := stmt(`{"Effect":"Deny","Action":["ec2:CreateSnapshot","ec2:CreateSnapshots"],` +
		`"Resource":"arn:aws:ec2:us-west-2::snapshot/*",` +
		`"Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"webserver"}}}`)
	const (
		single   = `{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}`
		multiple = `{"ForAllValues:StringNotLike":{"aws:TagKeys":["key1*","key2*"]}}`
		// The current page guards ForAllValues with Null; it shows no
		// table for this policy, so its rows follow the page's rules.
		guarded = `{"Null":{"aws:TagKeys":"false"},"ForAllValues:StringLike":{"aws:TagKeys":["key1*","key2*","key3*"]}}`
	)
	tests := []struct {
		name     string
		policy   string
		action   string
		resource string
		tagKeys  []string // nil: aws:TagKeys absent
		wantDeny bool
	}{
		{"single legal", tagDeny(single), "iam:TagUser", userARN, []string{"key1:legal"}, false},
		{"single hr personnel", tagDeny(single), "iam:TagUser", userARN, []string{"key1:hr", "key1:personnel"}, false},
		{"single audit", tagDeny(single), "iam:TagUser", userARN, []string{"key2:audit"}, true},
		{"single absent", tagDeny(single), "iam:TagUser", userARN, nil, true},
		{"multiple legal", tagDeny(multiple), "iam:TagUser", userARN, []string{"key1:legal"}, false},
		{"multiple hr personnel", tagDeny(multiple), "iam:TagUser", userARN, []string{"key1:hr", "key1:personnel"}, false},
		{"multiple hr audit", tagDeny(multiple), "iam:TagUser", userARN, []string{"key1:hr", "key2:audit"}, false},
		{"multiple key3", tagDeny(multiple), "iam:TagUser", userARN, []string{"key3:legal"}, true},
		{"multiple absent", tagDeny(multiple), "iam:TagUser", userARN, nil, true},
		{"guarded listed", tagDeny(guarded), "iam:TagUser", userARN, []string{"key1:legal", "key3:x"}, true},
		{"guarded one unlisted", tagDeny(guarded), "iam:TagUser", userARN, []string{"key1:legal", "key4:x"}, false},
		{"guarded absent", tagDeny(guarded), "iam:TagUser", userARN, nil, false},
		{"any webserver", snapshotDeny, "ec2:CreateSnapshot", "arn:aws:ec2:us-west-2::snapshot/snap-1",
			[]string{"webserver"}, true},
		{"any three keys", snapshotDeny, "ec2:CreateSnapshots", "arn:aws:ec2:us-west-2::snapshot/snap-1",
			[]string{"environment", "webserver", "test"}, true},
		{"any without webserver", snapshotDeny, "ec2:CreateSnapshot", "arn:aws:ec2:us-west-2::snapshot/snap-1",
			[]string{"environment", "test"}, false},
		{"any absent", snapshotDeny, "ec2:CreateSnapshot", "arn:aws:ec2:us-west-2::snapshot/snap-1", nil, false},
	}
	allow := compileJSON(t, "allow", allowAll)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deny := compileJSON(t, "deny", tt.policy)
			req := userRequest(tt.action, tt.resource)
			if tt.tagKeys != nil {
				req.Context.SetMulti("aws:TagKeys", tt.tagKeys)
			}
			d := Evaluate(&PolicySet{Identity: []*Policy{allow, deny}}, req, Options{})
			if got := d.Outcome == ExplicitDeny; got != tt.wantDeny {
				t.Errorf("denied = %v, want %v", got, tt.wantDeny)
			}
		})
	}
}

// TestSingleValuedExamplesPage reproduces the examples of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-single-valued-context-keys.html
// (read from a copy of the page), including its table for the ECS policy.
func TestSingleValuedExamplesPage(t *testing.T) {
	volumes := compileJSON(t, "volumes", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ec2:CreateVolume","Resource":"*"},
		{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"arn:aws:ec2:us-east-1:123456789012:volume/*",
		 "Condition":{"StringLike":{"aws:RequestTag/project":"*"}}},
		{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"arn:aws:ec2:us-east-1:123456789012:*/*",
		 "Condition":{"StringNotEquals":{"aws:ResourceTag/environment":"production"}}}]}`)
	const volume = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"
	ecs := compileJSON(t, "ecs", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["ecs:RunTask","ecs:StartTask"],"Resource":["*"],
		 "Condition":{"StringEquals":{"aws:RequestTag/environment":["production","prod-backup"]},
		 "ArnEquals":{"ecs:cluster":["arn:aws:ecs:us-east-1:111122223333:cluster/default1",
		                             "arn:aws:ecs:us-east-1:111122223333:cluster/default2"]}}}]}`)
	const (
		default1 = "arn:aws:ecs:us-east-1:111122223333:cluster/default1"
		default2 = "arn:aws:ecs:us-east-1:111122223333:cluster/default2"
	)
	tests := []struct {
		name   string
		pol    *Policy
		action string
		res    string
		ctx    ctxValues
		want   Outcome
	}{
		// The page's create-volume call with project Feature3 and
		// environment QA succeeds.
		{"volume created", volumes, "ec2:CreateVolume", volume, ctxValues{}, Allow},
		{"tags with project", volumes, "ec2:CreateTags", volume,
			ctxValues{"aws:RequestTag/project": "Feature3", "aws:ResourceTag/environment": "QA"}, Allow},
		{"tags on production without project", volumes, "ec2:CreateTags", volume,
			ctxValues{"aws:ResourceTag/environment": "production"}, ImplicitDeny},
		// The ECS table.
		{"ecs production default1", ecs, "ecs:RunTask", "*",
			ctxValues{"aws:RequestTag/environment": "production", "ecs:cluster": default1}, Allow},
		{"ecs prod-backup default2", ecs, "ecs:StartTask", "*",
			ctxValues{"aws:RequestTag/environment": "prod-backup", "ecs:cluster": default2}, Allow},
		{"ecs webserver tag", ecs, "ecs:RunTask", "*",
			ctxValues{"aws:RequestTag/webserver": "production", "ecs:cluster": default2}, ImplicitDeny},
		{"ecs no request tag", ecs, "ecs:RunTask", "*", ctxValues{"ecs:cluster": default2}, ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := userRequest(tt.action, tt.res)
			req.Context = tt.ctx.context()
			if got := Evaluate(&PolicySet{Identity: []*Policy{tt.pol}}, req, Options{}).Outcome; got != tt.want {
				t.Errorf("Evaluate = %v, want %v", got, tt.want)
			}
		})
	}
}
