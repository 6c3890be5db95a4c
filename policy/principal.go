package policy

import (
	"fmt"
	"strings"
)

var principalTypes = []PrincipalType{
	PrincipalAWS, PrincipalService, PrincipalFederated, PrincipalCanonicalUser,
}

// principal builds a Principal or NotPrincipal element: the string "*" or
// an object mapping principal types to identifiers.
func (b *builder) principal(n *Node) *Principal {
	p := &Principal{Not: n.Key == "NotPrincipal", Pos: n.Pos, Path: n.Path}
	switch n.Kind {
	case NodeString:
		if n.Value == "*" {
			p.Wildcard = true
			return p
		}
		b.add(&Error{Code: CodeInvalidPrincipal, Pos: n.Pos, Path: n.Path, Element: n.Key,
			Message: fmt.Sprintf("invalid %s %q: the only string form is \"*\"", n.Key, n.Value),
			Fix:     fmt.Sprintf(`write {"AWS": %q} or the matching principal type`, n.Value)})
	case NodeObject:
		for _, c := range n.Children {
			if entry, ok := b.principalEntry(n.Key, c); ok {
				p.Entries = append(p.Entries, entry)
			}
		}
	default:
		b.add(wrongType(n, n.Key, `"*" or an object such as {"AWS": "..."}`))
	}
	return p
}

func (b *builder) principalEntry(element string, n *Node) (PrincipalEntry, bool) {
	typ, ok := lookupPrincipalType(n.Key)
	if !ok {
		b.add(&Error{Code: CodeInvalidPrincipal, Pos: n.KeyPos, Path: n.Path, Element: element,
			Message: fmt.Sprintf("invalid principal type %q", n.Key),
			Fix:     principalTypeFix(n.Key)})
		return PrincipalEntry{}, false
	}
	values, isArray := b.stringList(n, element, false)
	for _, v := range values {
		b.checkPrincipalValue(element, typ, v)
	}
	return PrincipalEntry{Type: typ, Values: values, IsArray: isArray, Pos: n.Pos, Path: n.Path}, true
}

func lookupPrincipalType(key string) (PrincipalType, bool) {
	for _, t := range principalTypes {
		if string(t) == key {
			return t, true
		}
	}
	return "", false
}

func principalTypeFix(key string) string {
	for _, t := range principalTypes {
		if strings.EqualFold(string(t), key) {
			return fmt.Sprintf("principal types are case-sensitive; use %q", string(t))
		}
	}
	return `use "AWS", "Service", "Federated" or "CanonicalUser"`
}

// checkPrincipalValue rejects identifiers that AWS rejects in every policy
// type. AWS documents that a wildcard cannot match part of a principal
// name or ARN, so "*" must be the whole value. An AWS principal is "*", a
// 12-digit account id, an ARN, or the unique id (AIDA..., AROA...) that
// AWS substitutes when the user or role named by an ARN is deleted.
func (b *builder) checkPrincipalValue(element string, typ PrincipalType, v Value) {
	var problem, fix string
	switch {
	case v.Text != "*" && strings.ContainsAny(v.Text, "*?"):
		problem = "a wildcard cannot match part of a principal"
		fix = `use "*" alone, or name the principal and narrow it with a condition on aws:PrincipalArn`
	case typ == PrincipalAWS && !isAWSPrincipal(v.Text):
		problem = "an AWS principal is \"*\", a 12-digit account id or an ARN"
		fix = `write an account id such as "111122223333" or an ARN such as ` +
			`"arn:aws:iam::111122223333:role/name"`
	case v.Text == "":
		problem = "the principal is empty"
		fix = "name the principal or remove the empty entry"
	default:
		return
	}
	b.add(&Error{Code: CodeInvalidPrincipal, Pos: v.Pos, Path: v.Path, Element: element,
		Message: fmt.Sprintf("invalid %s principal %q: %s", typ, v.Text, problem),
		Fix:     fix})
}

func isAWSPrincipal(s string) bool {
	return s == "*" || isAccountID(s) || strings.HasPrefix(s, "arn:") || isUniqueID(s)
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

// isUniqueID reports whether s looks like an IAM unique id: a four-letter
// prefix starting with 'A' followed by upper-case letters and digits, at
// least 16 characters in all.
func isUniqueID(s string) bool {
	if len(s) < 16 || len(s) > 128 || s[0] != 'A' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
