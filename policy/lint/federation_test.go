package lint

import "testing"

func TestOIDCKeyPrefix(t *testing.T) {
	tests := []struct {
		principal string
		want      string
		ok        bool
	}{
		{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "token.actions.githubusercontent.com", true},
		{"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE", "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE", true},
		{"cognito-identity.amazonaws.com", "cognito-identity.amazonaws.com", true},
		{"arn:aws:iam::111122223333:saml-provider/ExampleIdP", "", false},
		{"arn:aws:iam::111122223333:oidc-provider/", "", false},
		{"*", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.principal, func(t *testing.T) {
			got, ok := oidcKeyPrefix(tt.principal)
			if got != tt.want || ok != tt.ok {
				t.Errorf("oidcKeyPrefix(%q) = %q, %v, want %q, %v", tt.principal, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestFederatedPrincipalConditions checks that a condition on another
// provider's keys, or on GitHub's aud alone, does not clear the checks,
// and that SAML providers and Deny statements are not judged.
func TestFederatedPrincipalConditions(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string
	}{
		{"other provider's key",
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"graph.facebook.com:app_id": "1"}}}]}`,
			CodeOIDCPrincipalNoCondition},
		{"github aud only",
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}`,
			CodeGitHubNoRepoCondition},
		{"key case differs",
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"Accounts.Google.com:aud": "1"}}}]}`,
			""},
		{"saml provider",
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleIdP"}, "Action": "sts:AssumeRoleWithSAML"}]}`,
			""},
		{"deny",
			`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`,
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("trust.json", []byte(tt.doc), Options{Type: TypeTrust})
			got := codes(res.Findings)
			if got != tt.want {
				t.Errorf("findings %s, want %q", got, tt.want)
			}
		})
	}
}
