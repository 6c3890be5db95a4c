package evaluator

import "testing"

// TestActionMatching follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// (prefix and action name are case-insensitive; * and ? anywhere) and
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
func TestActionMatching(t *testing.T) {
	tests := []struct {
		element string
		action  string
		want    bool
	}{
		{`"Action":"iam:ListAccessKeys"`, "IAM:listaccesskeys", true},
		{`"Action":"sts:GetWebIdentityToken"`, "sts:GetWebIdentityTokenX", false},
		{`"Action":"*"`, "anything:Goes", true},
		{`"Action":"s3:*"`, "S3:GetObject", true},
		{`"Action":"s3:Get*"`, "s3:getobject", true},
		{`"Action":"s3:Get*"`, "s3:PutObject", false},
		{`"Action":"s3:*Object"`, "s3:PutObject", true},
		{`"Action":"s3:?etObject"`, "s3:GetObject", true},
		{`"Action":"s3:Get*Acl"`, "S3:GETOBJECTACL", true},
		{`"Action":"s3:Get*Acl"`, "s3:GetAc", false},
		{`"Action":"*:Get*"`, "ec2:GetConsoleOutput", true},
		{`"Action":["ec2:Start*","s3:Get*"]`, "s3:GetBucket", true},
		{`"NotAction":"iam:*"`, "s3:GetObject", true},
		{`"NotAction":"iam:*"`, "IAM:CreateUser", false},
		{`"NotAction":["iam:*","sts:*"]`, "sts:GetWebIdentityToken", false},
	}
	for _, tt := range tests {
		t.Run(tt.element+" "+tt.action, func(t *testing.T) {
			p := compileJSON(t, "p", stmt(`{"Effect":"Allow",`+tt.element+`,"Resource":"*"}`))
			req := userRequest(tt.action, "*")
			got := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{}).Outcome == Allow
			if got != tt.want {
				t.Errorf("Evaluate(%s) allowed = %v, want %v", tt.action, got, tt.want)
			}
		})
	}
}

// TestResourceMatching follows
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html:
// wildcards work inside ARN segments, a * that ends a segment may match
// across colons, and matching is case-sensitive. In the resource part,
// after the fifth colon, wildcards match colons too.
func TestResourceMatching(t *testing.T) {
	tests := []struct {
		pattern  string
		resource string
		want     bool
	}{
		{"*", "arn:aws:s3:::b/k", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", false},
		{"arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", false},
		{"arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{"arn:aws:ec2:us-*:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{"arn:aws:ec2:us-*-1:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		// A * inside a segment stays inside it.
		{"arn:aws:ec2:us-*-1:111122223333:x", "arn:aws:ec2:us-a:b-1:111122223333:x", false},
		// A * that ends a segment may match across colons.
		{"arn:aws:ec2:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true},
		{"arn:aws:logs:us-east-1:111122223333:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", true},
		{"arn:aws:s3:::b?cket", "arn:aws:s3:::bucket", true},
		{"arn:aws:ec2:us-?ast-1:1:x", "arn:aws:ec2:us-:ast-1:1:x", false},
		// Observed with IAM SimulateCustomPolicy (github.com/radkawar/stackd,
		// testdata/aws/iam/conditions.json, captured 2026-09-11): in the
		// resource part a * matches across colons wherever it is.
		{"arn:aws:s3:::p/folder/*/object", "arn:aws:s3:::p/folder/a:b/object", true},
		{"arn:aws:s3:::p/folder/*/object", "arn:aws:s3:::p/folder/a/b/object", true},
		{"arn:aws:s3:::p/folder/*/object", "arn:aws:s3:::p/folder/a/object/child", false},
		{"arn:aws:s3:::parity*", "arn:aws:s3:::parity:suffix/object", true},
		{"arn:aws:s3:::parity*", "arn:aws:s3:::parity-other/object", true},
		{"arn:aws:s3:::parity*", "arn:aws:s3:::unmatched/object", false},
		{"arn:aws:sts::111122223333:self", selfARN, true},
		{"arn:aws:sts::111122223333:self", "*", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.resource, func(t *testing.T) {
			p := compileJSON(t, "p", stmt(`{"Effect":"Allow","Action":"*","Resource":"`+tt.pattern+`"}`))
			req := userRequest("s3:GetObject", tt.resource)
			got := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{}).Outcome == Allow
			if got != tt.want {
				t.Errorf("Resource %q against %q: allowed = %v, want %v", tt.pattern, tt.resource, got, tt.want)
			}
		})
	}
	t.Run("NotResource", func(t *testing.T) {
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
		p := compileJSON(t, "p", stmt(`{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::hr/*"}`))
		if Evaluate(&PolicySet{Identity: []*Policy{p}}, userRequest("s3:GetObject", "arn:aws:s3:::hr/x"), Options{}).Outcome == Allow {
			t.Error("NotResource allowed a listed resource")
		}
		if Evaluate(&PolicySet{Identity: []*Policy{p}}, userRequest("s3:GetObject", "arn:aws:s3:::ops/x"), Options{}).Outcome != Allow {
			t.Error("NotResource denied an unlisted resource")
		}
	})
}

func TestGlobBacktracking(t *testing.T) {
	tests := []struct {
		mode    globMode
		pattern string
		value   string
		want    bool
	}{
		{globFree, "*a*b", "xaxaxb", true},
		{globFree, "a*", "a", true},
		{globFree, "**", "", true},
		{globFree, "?", "", false},
		{globFree, "*x", "abc", false},
		{globFree, "a*b*c*d", "aXbYcZd", true},
		{globFree, "a*b*c*d", "aXbYcZ", false},
		// A segment-bound star fails at a colon; an earlier star that
		// ends a segment then takes the colon.
		{globResource, "a*:x*y", "a1:b:x1y", true},
		{globResource, "a*:x*y", "a1:b:x1:y", false},
		{globResource, "arn:*:s3:::*", "arn:aws:s3:::b", true},
		{globARN, "arn:aws:s3:::*", "arn:aws:s3:::a:b:c", true},
		{globARN, "arn:*:s3:::b", "arn:aws:x:s3:::b", false},
	}
	for _, tt := range tests {
		g := globber{pieces: []piece{{text: tt.pattern}}, mode: tt.mode}
		if got := g.match(tt.value); got != tt.want {
			t.Errorf("mode %d: match(%q, %q) = %v, want %v", tt.mode, tt.pattern, tt.value, got, tt.want)
		}
	}
}
