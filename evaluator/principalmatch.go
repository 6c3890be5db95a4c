package evaluator

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// namedKind records how a resource-based policy named the caller. In the
// same account it decides which implicit denies the policy's Allow
// overrides.
type namedKind uint8

// Kinds in increasing order of what an Allow naming them overrides.
const (
	namedNone    namedKind = iota
	namedAccount           // account id or arn:aws:iam::A:root: overrides nothing
	namedRole              // role ARN, "*", NotPrincipal, other ARNs: overrides identity
	namedUser              // IAM user ARN: overrides identity and boundary
	namedSession           // session ARN or service: overrides identity, boundary and session
)

// principalName is one compiled value of a Principal element.
type principalName struct {
	typ     policy.PrincipalType
	text    string
	kind    namedKind
	account string // for account names
}

// principalMatcher is a compiled Principal or NotPrincipal element.
type principalMatcher struct {
	not      bool
	wildcard bool
	names    []principalName
}

func compilePrincipal(p *policy.Principal) *principalMatcher {
	if p == nil {
		return nil
	}
	m := &principalMatcher{not: p.Not, wildcard: p.Wildcard}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if e.Type == policy.PrincipalAWS && v.Text == "*" {
				m.wildcard = true
				continue
			}
			m.names = append(m.names, compilePrincipalName(e.Type, v.Text))
		}
	}
	return m
}

func compilePrincipalName(typ policy.PrincipalType, text string) principalName {
	n := principalName{typ: typ, text: text, kind: namedRole}
	if typ != policy.PrincipalAWS {
		if typ == policy.PrincipalService {
			n.kind = namedSession
		}
		return n
	}
	if isAccountID(text) {
		n.kind, n.account = namedAccount, text
		return n
	}
	f, ok := splitARN(text)
	if !ok {
		return n
	}
	switch {
	case f.service == "iam" && f.resource == "root":
		n.kind, n.account = namedAccount, f.account
	case f.service == "iam" && strings.HasPrefix(f.resource, "user/"):
		n.kind = namedUser
	case f.service == "sts" && (strings.HasPrefix(f.resource, "assumed-role/") ||
		strings.HasPrefix(f.resource, "federated-user/")):
		n.kind = namedSession
	}
	return n
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// match reports whether the element applies to the caller and, for an
// Allow, how it named the caller. For NotPrincipal the reading depends on
// the effect, so that neither reading widens access. A Deny exempts only a
// caller that it lists by every name AWS may check (see exempts). An Allow
// excludes every caller that a Principal element with the same names would
// match.
func (m *principalMatcher) match(st *evalState, deny bool) (bool, namedKind) {
	if !m.not {
		kind := m.matchNames(st)
		return kind != namedNone, kind
	}
	listed := m.matchNames(st) != namedNone
	if deny {
		listed = m.exempts(st)
	}
	if listed {
		return false, namedNone
	}
	return true, namedRole
}

// exempts reports whether a Deny's NotPrincipal lists the caller by every
// name AWS may validate. AWS documents that it may check the account
// first, then the role, then the assumed-role user. So a signed caller
// must be listed by its account and its own ARN. A role session also needs
// its role ARN, and a federated-user session the IAM user that created it,
// when that user is known. The root user needs only its account, a service
// only its name, and a web identity or SAML caller only its provider.
func (m *principalMatcher) exempts(st *evalState) bool {
	if m.wildcard {
		return true
	}
	p := &st.req.Principal
	switch p.Kind {
	case PrincipalService:
		return m.listsService(p.ARN)
	case PrincipalAnonymous:
		return p.FederatedProvider != "" && m.lists(policy.PrincipalFederated, p.FederatedProvider)
	}
	if !m.listsAccount(st.account) {
		return false
	}
	switch p.Kind {
	case PrincipalRoot:
		return true
	case PrincipalRoleSession:
		if !m.lists(policy.PrincipalAWS, st.principalRoleARN()) {
			return false
		}
	case PrincipalFederatedSession:
		if p.FederatingUserARN != "" && !m.lists(policy.PrincipalAWS, p.FederatingUserARN) {
			return false
		}
	}
	return p.ARN != "" && m.lists(policy.PrincipalAWS, p.ARN)
}

// lists reports whether a name of type typ is exactly text.
func (m *principalMatcher) lists(typ policy.PrincipalType, text string) bool {
	for i := range m.names {
		if m.names[i].typ == typ && m.names[i].text == text {
			return true
		}
	}
	return false
}

func (m *principalMatcher) listsService(service string) bool {
	for i := range m.names {
		n := &m.names[i]
		if n.typ == policy.PrincipalService && strings.EqualFold(n.text, service) {
			return true
		}
	}
	return false
}

// listsAccount reports whether an account id or root ARN names account.
func (m *principalMatcher) listsAccount(account string) bool {
	for i := range m.names {
		n := &m.names[i]
		if n.kind == namedAccount && account != "" && n.account == account {
			return true
		}
	}
	return false
}

// matchNames returns the strongest way any name matches the caller, or
// namedNone.
func (m *principalMatcher) matchNames(st *evalState) namedKind {
	best := namedNone
	if m.wildcard {
		best = namedRole
	}
	p := &st.req.Principal
	for i := range m.names {
		if k := m.names[i].matches(st, p); k > best {
			best = k
		}
	}
	return best
}

func (n *principalName) matches(st *evalState, p *Principal) namedKind {
	switch n.typ {
	case policy.PrincipalService:
		if p.Kind == PrincipalService && strings.EqualFold(p.ARN, n.text) {
			return namedSession
		}
		return namedNone
	case policy.PrincipalFederated:
		// Only the unsigned AssumeRoleWithWebIdentity or AssumeRoleWithSAML
		// caller carries its identity provider.
		if !p.signed() && p.FederatedProvider != "" && p.FederatedProvider == n.text {
			return namedRole
		}
		return namedNone
	case policy.PrincipalAWS:
	default:
		// CanonicalUser names an S3 identity the request does not carry;
		// only an identical caller ARN matches.
		if p.ARN != "" && p.ARN == n.text {
			return namedRole
		}
		return namedNone
	}
	if !p.signed() {
		return namedNone
	}
	switch {
	case n.kind == namedAccount:
		if st.account == n.account {
			return namedAccount
		}
	case p.ARN == n.text:
		return n.kind
	case p.Kind == PrincipalRoleSession && n.kind == namedRole:
		if st.principalRoleARN() == n.text {
			return namedRole
		}
	case p.Kind == PrincipalFederatedSession && n.kind == namedUser:
		// Naming the IAM user that created a federated-user session
		// grants the session access that the boundary and session
		// policies limit, as naming a role does for its sessions.
		if p.FederatingUserARN != "" && p.FederatingUserARN == n.text {
			return namedRole
		}
	}
	return namedNone
}
