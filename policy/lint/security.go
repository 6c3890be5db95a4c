package lint

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkPrincipal reports policy variables in principals, where AWS does
// not replace them.
func (c *checker) checkPrincipal(st *policy.Statement) {
	if st.Principal == nil {
		return
	}
	for _, e := range st.Principal.Entries {
		for _, v := range e.Values {
			if strings.Contains(v.Text, "${") {
				c.report(CodeVariableUnsupportedElement, v.Path,
					"principal %q contains a policy variable, which AWS does not replace in %s: name the principal",
					v.Text, principalElement(st.Principal))
			}
		}
	}
}

// publicPrincipal reports whether a Principal element admits everyone:
// "*" or {"AWS": "*"}.
func publicPrincipal(p *policy.Principal) bool {
	if p == nil || p.Not {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		if e.Type != policy.PrincipalAWS {
			continue
		}
		for _, v := range e.Values {
			if v.Text == "*" {
				return true
			}
		}
	}
	return false
}

// checkSecurity reports Allow statements broader than they look, in
// policies that grant.
func (c *checker) checkSecurity(st *policy.Statement) {
	if st.Effect != policy.Allow || !c.typ.grants() {
		return
	}
	if a := st.Action; a != nil && a.Not {
		c.report(CodeAllowWithNotAction, a.Path, "Allow with NotAction grants every action not listed, in every service: "+
			"list the allowed actions in Action")
	}
	if r := st.Resource; r != nil && r.Not {
		c.report(CodeAllowWithNotResource, r.Path, "Allow with NotResource grants access to every resource not listed: "+
			"list the allowed resources in Resource")
	}
	if publicPrincipal(st.Principal) && len(st.Conditions) == 0 {
		c.report(CodePublicAllowWithoutCond, st.Principal.Path, `Allow with Principal "*" and no condition grants access to everyone, `+
			"anonymous users included: name the principals or add a condition such as aws:PrincipalOrgID")
	}
	c.checkPassRole(st)
}

// checkPassRole reports iam:PassRole allowed on every role. Only an
// identity-based policy can grant iam:PassRole, because the resource is a
// role and a role's only resource-based policy, its trust policy, controls
// sts actions alone. A statement with an iam:PassedToService condition
// limits the services a role can be passed to, which is the fix Access
// Analyzer recommends for "Resource": "*":
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
func (c *checker) checkPassRole(st *policy.Statement) {
	if c.typ != TypeIdentity || st.Action == nil || st.Resource == nil {
		return
	}
	if !allowsAction(st.Action, "iam:PassRole") {
		return
	}
	switch {
	case st.Resource.Not:
		c.report(CodePassRoleNotResource, st.Resource.Path,
			"iam:PassRole is allowed with NotResource, so every role not listed can be passed to a service: list the role ARNs in Resource")
	case !anyValue(st.Resource, "*"):
	case hasConditionKey(st, "iam:PassedToService"):
	case !st.Action.Not && anyValue(st.Action, "*"):
		c.report(CodePassRoleStarActionResource, st.Resource.Path,
			`"Action": "*" with "Resource": "*" allows iam:PassRole on every role: name the actions and the roles`)
	default:
		c.report(CodePassRoleStarResource, st.Resource.Path,
			`iam:PassRole is allowed on "Resource": "*", so any role can be passed to a service: `+
				"list the role ARNs or add an iam:PassedToService condition")
	}
}

// hasConditionKey reports whether a statement tests key, under any
// operator.
func hasConditionKey(st *policy.Statement, key string) bool {
	for _, cond := range st.Conditions {
		if strings.EqualFold(cond.Key, key) {
			return true
		}
	}
	return false
}

func anyValue(n *policy.Names, text string) bool {
	for _, v := range n.Values {
		if v.Text == text {
			return true
		}
	}
	return false
}

// allowsAction reports whether an Action or NotAction element matches the
// action, with wildcards and case-insensitively.
func allowsAction(n *policy.Names, action string) bool {
	lower := strings.ToLower(action)
	matched := false
	for _, v := range n.Values {
		if catalog.Wildcard(strings.ToLower(v.Text), lower) {
			matched = true
			break
		}
	}
	return matched != n.Not
}

// namesWebIdentityToken reports whether the statement's Action names
// sts:GetWebIdentityToken through an sts pattern; "*" alone is left to
// the broader checks.
func namesWebIdentityToken(st *policy.Statement) bool {
	if st.Action == nil || st.Action.Not {
		return false
	}
	for _, v := range st.Action.Values {
		lower := strings.ToLower(v.Text)
		if strings.HasPrefix(lower, "sts:") && catalog.Wildcard(lower, "sts:getwebidentitytoken") {
			return true
		}
	}
	return false
}

// Condition keys of sts:GetWebIdentityToken.
const (
	keyAudience         = "sts:IdentityTokenAudience"
	keyDurationSeconds  = "sts:DurationSeconds"
	keySigningAlgorithm = "sts:SigningAlgorithm"
)

// checkWebIdentityToken reports an identity-based policy that allows
// sts:GetWebIdentityToken with no positive condition on the audience.
// Other types that can name the action (boundaries, session policies,
// SCPs, endpoint policies) only limit it.
func (c *checker) checkWebIdentityToken(st *policy.Statement) {
	if st.Effect != policy.Allow || !namesWebIdentityToken(st) {
		return
	}
	if c.typ != TypeIdentity {
		return
	}
	for _, cond := range st.Conditions {
		op := cond.Operator
		if strings.EqualFold(cond.Key, keyAudience) && op.Qualifier != policy.QualifierNone &&
			!op.Kind.Negated() && op.Kind.Family() == "String" {
			return
		}
	}
	c.report(CodeTokenNoAudience, st.Action.Path,
		"sts:GetWebIdentityToken is allowed without a condition on sts:IdentityTokenAudience, so tokens can be minted "+
			`for any audience: add "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": [...]} and `+
			`"Null": {"sts:IdentityTokenAudience": "false"}`)
}

// checkWebIdentityKey checks conditions on the GetWebIdentityToken keys
// against the values the API accepts: DurationSeconds from 60 to 3600,
// SigningAlgorithm RS256 or ES384 (case-sensitive).
// Source: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
func (c *checker) checkWebIdentityKey(cond *policy.Condition, key *catalog.KeyInfo) {
	op := cond.Operator
	switch {
	case strings.EqualFold(cond.Key, keyAudience):
		if op.Qualifier == policy.ForAnyValue && !op.Kind.Negated() && c.statementEffect(cond) == policy.Allow {
			c.report(CodeTokenAnyValueAudience, cond.OperatorPath,
				"%s on sts:IdentityTokenAudience in an Allow admits a request that adds any other audience beside one listed: "+
					`use ForAllValues:%s with "Null": {"sts:IdentityTokenAudience": "false"}`,
				op.Name, strings.TrimPrefix(op.Name, "ForAnyValue:"))
		}
	case strings.EqualFold(cond.Key, keyDurationSeconds):
		c.checkDuration(cond)
	case strings.EqualFold(cond.Key, keySigningAlgorithm):
		c.checkSigningAlgorithm(cond)
	}
}

func (c *checker) checkDuration(cond *policy.Condition) {
	op := cond.Operator
	switch op.Kind.Family() {
	case "String":
		c.report(CodeTokenDurationString, cond.Path,
			"%s compares sts:DurationSeconds as text, so \"0300\" differs from \"300\" and \"3*\" matches 3600: use a Numeric operator",
			op.Name)
	case "Numeric":
		low, high := durationBounds(op.Kind)
		for _, v := range cond.Values {
			n, err := parseNumber(v.Text)
			if err == nil && (n < low || n > high) {
				c.report(CodeTokenDurationRange, v.Path,
					"sts:DurationSeconds is compared with %s, outside 60 to 3600, the range GetWebIdentityToken accepts: use a value in range",
					v.Text)
			}
		}
	}
}

// durationBounds returns the comparison values that make sense for
// DurationSeconds, whose requests hold 60 to 3600, under the operator.
// NumericLessThan 3601 still means "at most 3600", while NumericLessThan
// 60 matches no request.
func durationBounds(kind policy.OpKind) (low, high float64) {
	switch kind {
	case policy.NumericLessThan:
		return 61, 3601
	case policy.NumericGreaterThan:
		return 59, 3599
	}
	return 60, 3600
}

func (c *checker) checkSigningAlgorithm(cond *policy.Condition) {
	op := cond.Operator
	if op.Kind.Family() != "String" {
		return
	}
	sev := Warning
	if c.statementEffect(cond) == policy.Deny {
		sev = SecurityWarning
	}
	for _, v := range cond.Values {
		if unresolved(v.Text) || strings.Contains(v.Text, "${") || algorithmMatches(op.Kind, v.Text) {
			continue
		}
		c.reportSeverity(CodeTokenSigningAlgorithm, sev, v.Path,
			"sts:SigningAlgorithm is compared with %q, but GetWebIdentityToken accepts only RS256 and ES384 (case-sensitive), "+
				"so the value never matches a request: use RS256 or ES384", v.Text)
	}
}

// algorithmMatches reports whether a policy value can match RS256 or
// ES384 under the operator.
func algorithmMatches(kind policy.OpKind, value string) bool {
	for _, alg := range []string{"RS256", "ES384"} {
		switch kind {
		case policy.StringLike, policy.StringNotLike:
			if catalog.Wildcard(value, alg) {
				return true
			}
		case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
			if strings.EqualFold(value, alg) {
				return true
			}
		default:
			if value == alg {
				return true
			}
		}
	}
	return false
}

// statementEffect returns the effect of the statement holding cond.
func (c *checker) statementEffect(cond *policy.Condition) policy.Effect {
	for _, st := range c.doc.Statements {
		if strings.HasPrefix(cond.Path, st.Path+".") {
			return st.Effect
		}
	}
	return policy.EffectInvalid
}
