package lint

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// gitHubProvider is the host of GitHub Actions' OIDC provider, and so the
// prefix of its condition keys.
const gitHubProvider = "token.actions.githubusercontent.com"

// checkFederatedPrincipal reports an Allow in a role trust policy that lets
// an OIDC provider's identities assume the role without testing any claim
// of that provider. Access Analyzer lists both checks as security warnings,
// "Missing condition key for OIDC principal" and "Missing GitHub repo
// condition key", and the codes are those titles in upper snake case:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
//
// TODO: add Access Analyzer's WARNING "Specific GitHub repo and branch
// recommended" for wildcards in token.actions.githubusercontent.com:sub.
func (c *checker) checkFederatedPrincipal(st *policy.Statement) {
	if c.typ != TypeTrust || st.Effect != policy.Allow || st.Principal == nil || st.Principal.Not {
		return
	}
	for _, e := range st.Principal.Entries {
		if e.Type != policy.PrincipalFederated {
			continue
		}
		for _, v := range e.Values {
			c.checkOIDCProvider(st, v)
		}
	}
}

func (c *checker) checkOIDCProvider(st *policy.Statement, v policy.Value) {
	prefix, ok := oidcKeyPrefix(v.Text)
	if !ok {
		return
	}
	if strings.EqualFold(prefix, gitHubProvider) {
		if !hasConditionKey(st, gitHubProvider+":sub") {
			c.report(CodeGitHubNoRepoCondition, v.Path,
				"GitHub's OIDC provider can assume this role without a condition on %s:sub, so a workflow in any repository can: "+
					`add "%s:sub" with the repository and branch, such as "repo:octo-org/octo-repo:ref:refs/heads/main"`,
				gitHubProvider, gitHubProvider)
		}
		return
	}
	for _, cond := range st.Conditions {
		if len(cond.Key) > len(prefix) && strings.EqualFold(cond.Key[:len(prefix)+1], prefix+":") {
			return
		}
	}
	c.report(CodeOIDCPrincipalNoCondition, v.Path,
		"OIDC provider %q can assume this role without a condition on its keys, so any identity it issues tokens for can: "+
			`add a condition such as "%s:aud"`, v.Text, prefix)
}

// oidcKeyPrefix returns the prefix of the condition keys of a federated
// principal that is an OIDC provider: the provider's URL without its
// scheme for an oidc-provider ARN, and the name itself for the providers
// IAM names directly, such as accounts.google.com. SAML providers and
// wildcards yield false.
func oidcKeyPrefix(principal string) (string, bool) {
	if principal == "" || strings.ContainsAny(principal, "*?$") {
		return "", false
	}
	if strings.HasPrefix(principal, "arn:") {
		parts := strings.SplitN(principal, ":", 6)
		if len(parts) != 6 {
			return "", false
		}
		provider, ok := strings.CutPrefix(parts[5], "oidc-provider/")
		if !ok || provider == "" {
			return "", false
		}
		return provider, true
	}
	return principal, true
}
