package evaluator

import "testing"

// Policy variables, from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
func TestPolicyVariables(t *testing.T) {
	tests := []struct {
		name     string
		version  string
		resource string
		cond     string
		request  string // resource of the request
		ctx      ctxValues
		want     bool
	}{
		{"username in Resource", "2012-10-17", "arn:aws:s3:::home/${aws:username}/*", "",
			"arn:aws:s3:::home/alice/f", nil, true},
		{"username other user", "2012-10-17", "arn:aws:s3:::home/${aws:username}/*", "",
			"arn:aws:s3:::home/bob/f", nil, false},
		// Variable key names are case-insensitive.
		{"key case-insensitive", "2012-10-17", "arn:aws:s3:::home/${AWS:UserName}/*", "",
			"arn:aws:s3:::home/alice/f", nil, true},
		// Under 2008-10-17 and without Version, variables are literal text.
		{"2008 literal", "2008-10-17", "arn:aws:s3:::home/${aws:username}/*", "",
			"arn:aws:s3:::home/alice/f", nil, false},
		{"2008 literal text matches", "2008-10-17", "arn:aws:s3:::home/${aws:username}/*", "",
			"arn:aws:s3:::home/${aws:username}/f", nil, true},
		{"no Version literal", "", "arn:aws:s3:::home/${aws:username}/*", "",
			"arn:aws:s3:::home/alice/f", nil, false},
		// Variables are read only in the resource part, after the
		// fifth colon.
		{"variable before fifth colon", "2012-10-17", "arn:aws:s3:${aws:username}::x", "",
			"arn:aws:s3:alice::x", nil, false},
		{"principal tag", "2012-10-17", "arn:aws:s3:::team/${aws:PrincipalTag/team}/*", "",
			"arn:aws:s3:::team/blue/x", ctxValues{"aws:PrincipalTag/Team": "blue"}, true},
		// A missing key with no default makes the value not match.
		{"missing key", "2012-10-17", "arn:aws:s3:::team/${aws:PrincipalTag/team}/*", "",
			"arn:aws:s3:::team//x", nil, false},
		{"default value", "2012-10-17", "arn:aws:s3:::team/${aws:PrincipalTag/team, 'company-wide'}/*", "",
			"arn:aws:s3:::team/company-wide/x", nil, true},
		{"default unused", "2012-10-17", "arn:aws:s3:::team/${aws:PrincipalTag/team, 'company-wide'}/*", "",
			"arn:aws:s3:::team/company-wide/x", ctxValues{"aws:PrincipalTag/team": "red"}, false},
		// decision: a variable's value is literal text, so a * in a tag
		// value does not act as a wildcard.
		{"value is literal", "2012-10-17", "arn:aws:s3:::team/${aws:PrincipalTag/team}", "",
			"arn:aws:s3:::team/blue", ctxValues{"aws:PrincipalTag/team": "*"}, false},
		{"escaped star", "2012-10-17", "arn:aws:s3:::a${*}b", "",
			"arn:aws:s3:::a*b", nil, true},
		{"escaped star is literal", "2012-10-17", "arn:aws:s3:::a${*}b", "",
			"arn:aws:s3:::aXb", nil, false},
		{"escaped dollar and question", "2012-10-17", "arn:aws:s3:::${$}${?}", "",
			"arn:aws:s3:::$?", nil, true},
		// decision: a multi-valued key cannot be a variable; it resolves
		// like a missing key.
		{"multi-valued key", "2012-10-17", "arn:aws:s3:::t/${aws:TagKeys}", "",
			"arn:aws:s3:::t/a", ctxValues{"aws:TagKeys": []string{"a"}}, false},
		{"in StringEquals", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":"home/${aws:username}"}}`,
			"*", ctxValues{"s3:prefix": "home/alice"}, true},
		{"in StringLike", "2012-10-17", "*", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`,
			"*", ctxValues{"s3:prefix": "home/alice/x/y"}, true},
		{"in StringEqualsIgnoreCase", "2012-10-17", "*", `{"StringEqualsIgnoreCase":{"s3:prefix":"${aws:username}"}}`,
			"*", ctxValues{"s3:prefix": "ALICE"}, true},
		// No value: StringEquals does not match, StringNotEquals does.
		{"missing in StringEquals", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/x}"}}`,
			"*", ctxValues{"s3:prefix": ""}, false},
		{"missing in StringNotEquals", "2012-10-17", "*", `{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/x}"}}`,
			"*", ctxValues{"s3:prefix": "a"}, true},
		{"in ArnLike", "2012-10-17", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::${aws:username}-*"}}`,
			"*", ctxValues{"aws:SourceArn": "arn:aws:s3:::alice-1"}, true},
		// Numeric values take no variables: the text stays and does not
		// parse, a type error.
		// decision: Bool values take no variables either.
		{"not in Bool", "2012-10-17", "*", `{"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/b}"}}`,
			"*", ctxValues{"aws:SecureTransport": "true", "aws:PrincipalTag/b": "true"}, false},
		{"not in Numeric", "2012-10-17", "*", `{"NumericEquals":{"s3:max-keys":"${aws:PrincipalTag/n}"}}`,
			"*", ctxValues{"s3:max-keys": "5", "aws:PrincipalTag/n": "5"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"` + tt.resource + `"`
			if tt.version != "" {
				doc = `{"Version":"` + tt.version + `","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"` + tt.resource + `"`
			}
			if tt.cond != "" {
				doc += `,"Condition":` + tt.cond
			}
			doc += `}]}`
			p := compileJSON(t, "p", doc)
			req := userRequest("s3:GetObject", tt.request)
			req.Context = tt.ctx.context()
			got := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{}).Outcome == Allow
			if got != tt.want {
				t.Errorf("allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDerivedKeys checks the keys filled in from the principal, from
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
func TestDerivedKeys(t *testing.T) {
	tests := []struct {
		name      string
		principal Principal
		key       string
		want      string // "" means absent
	}{
		{"role session PrincipalArn", PrincipalFromARN(sessionARN), "aws:PrincipalArn", roleARN},
		{"role session with path", Principal{ARN: sessionARN, Kind: PrincipalRoleSession,
			RoleARN: "arn:aws:iam::111122223333:role/team/app"}, "aws:principalarn", "arn:aws:iam::111122223333:role/team/app"},
		{"user PrincipalArn", PrincipalFromARN(userARN), "aws:PrincipalArn", userARN},
		{"account", PrincipalFromARN(sessionARN), "aws:PrincipalAccount", testAccount},
		{"explicit account", Principal{ARN: userARN, Kind: PrincipalUser, Account: "999999999999"}, "aws:PrincipalAccount", "999999999999"},
		{"type user", PrincipalFromARN(userARN), "aws:PrincipalType", "User"},
		{"type role session", PrincipalFromARN(sessionARN), "aws:PrincipalType", "AssumedRole"},
		{"type federated", PrincipalFromARN(fedARN), "aws:PrincipalType", "FederatedUser"},
		{"type root", PrincipalFromARN(rootARN), "aws:PrincipalType", "Account"},
		{"type anonymous", PrincipalFromARN("anonymous"), "aws:PrincipalType", "Anonymous"},
		{"username", PrincipalFromARN("arn:aws:iam::111122223333:user/path/alice"), "aws:username", "alice"},
		{"no username for role", PrincipalFromARN(sessionARN), "aws:username", ""},
		{"userid", Principal{ARN: sessionARN, Kind: PrincipalRoleSession, UserID: "AROAEXAMPLE:s1"}, "aws:userid", "AROAEXAMPLE:s1"},
		{"root userid", PrincipalFromARN(rootARN), "aws:userid", testAccount},
		{"anonymous userid", PrincipalFromARN("anonymous"), "aws:userid", "anonymous"},
		// https://repost.aws/knowledge-center/iam-policy-variables-federated:
		// a federated user's aws:userid is ACCOUNTNUMBER:caller-specified-name.
		{"federated userid", PrincipalFromARN(fedARN), "aws:userid", testAccount + ":bob"},
		{"federated explicit userid", Principal{ARN: fedARN, Kind: PrincipalFederatedSession, UserID: "x"},
			"aws:userid", "x"},
		{"no username for federated", PrincipalFromARN(fedARN), "aws:username", ""},
		{"anonymous no account", PrincipalFromARN("anonymous"), "aws:PrincipalAccount", ""},
		{"service", PrincipalFromARN("ec2.amazonaws.com"), "aws:PrincipalServiceName", "ec2.amazonaws.com"},
		{"service flag", PrincipalFromARN("ec2.amazonaws.com"), "aws:PrincipalIsAWSService", "true"},
		{"user flag", PrincipalFromARN(userARN), "aws:PrincipalIsAWSService", "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := &Request{Principal: tt.principal}
			var st evalState
			st.init(req, false)
			v := st.lookup(lowerASCII(tt.key))
			got := ""
			if v.present {
				got = v.one
			}
			if got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
	t.Run("request overrides", func(t *testing.T) {
		req := &Request{Principal: PrincipalFromARN(userARN), Context: ctxValues{"AWS:PrincipalArn": "x"}.context()}
		var st evalState
		st.init(req, false)
		if v := st.lookup("aws:principalarn"); v.one != "x" {
			t.Errorf("aws:PrincipalArn = %q, want the request's value x", v.one)
		}
	})
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i := range b {
		b[i] = asciiLower(b[i])
	}
	return string(b)
}
