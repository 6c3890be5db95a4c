package lint

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkTree reports keys that differ only in case and characters outside
// the IAM policy character set, which the parser accepts.
func (c *checker) checkTree(root *policy.Node) {
	if root == nil {
		return
	}
	var walk func(n *policy.Node)
	walk = func(n *policy.Node) {
		if n.Kind == policy.NodeObject {
			c.checkKeyCase(n)
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(root)
}

func (c *checker) checkKeyCase(n *policy.Node) {
	for i, a := range n.Children {
		for _, b := range n.Children[:i] {
			if a.Key != b.Key && strings.EqualFold(a.Key, b.Key) {
				c.report(CodeDuplicateKeysDifferentCase, c.rel(a),
					"key %q repeats key %q in another letter case; AWS may read either one: "+
						"merge them under one spelling", a.Key, b.Key)
				break
			}
		}
	}
}

// rel returns the JSON path of n relative to the document root.
func (c *checker) rel(n *policy.Node) string {
	return "$" + strings.TrimPrefix(n.Path, c.p.Root.Path)
}

// checkCharacters reports the first character outside the IAM policy
// character set: tab, line feed, carriage return and U+0020 to U+00FF.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
func (c *checker) checkCharacters(path, s string) {
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xff) {
			continue
		}
		c.report(CodeUnsupportedCharacter, path,
			"character %U is outside the IAM policy character set: replace or remove it", r)
		return
	}
}

func (c *checker) checkDocument() {
	doc := c.doc
	switch {
	case c.typ.organizations() && doc.Version != policy.Version2012:
		if doc.Version == "" {
			c.report(CodeOrgVersion, "$", `%s requires "Version": "2012-10-17", but Version is missing: add it`,
				typeName(c.typ))
			break
		}
		c.report(CodeOrgVersion, "$.Version", `%s requires "Version": "2012-10-17", got %q: change it`,
			typeName(c.typ), doc.Version)
	case doc.Version == "":
		c.report(CodeMissingVersion, "$",
			`the document has no Version, so AWS reads policy variables as literal text: add "Version": "2012-10-17"`)
	}
	if doc.StatementIsArray && len(doc.Statements) == 0 {
		c.report(CodeMissingStatement, "$.Statement", "the Statement array is empty: add a statement")
	}
	c.checkSids()
}

func typeName(t PolicyType) string {
	switch t {
	case TypeSCP:
		return "a service control policy"
	case TypeRCP:
		return "a resource control policy"
	case TypeIdentity:
		return "an identity-based policy"
	case TypeResource:
		return "a resource-based policy"
	case TypeBoundary:
		return "a permissions boundary"
	case TypeSession:
		return "a session policy"
	case TypeEndpoint:
		return "a VPC endpoint policy"
	case TypeTrust:
		return "a role trust policy"
	}
	return "this policy"
}

func (c *checker) checkSids() {
	seen := map[string]*policy.Statement{}
	for _, st := range c.doc.Statements {
		if !st.HasSid {
			continue
		}
		path := st.Path + ".Sid"
		if st.Sid == "" {
			c.report(CodeEmptySidValue, path, "the Sid is empty: remove it or give it a value")
			continue
		}
		if c.typ.iamDocument() || c.typ.organizations() {
			if !alphanumeric(st.Sid) {
				c.report(CodeUnsupportedSid, path,
					"Sid %q contains characters other than A-Z, a-z and 0-9, which %s does not accept: remove them",
					st.Sid, typeName(c.typ))
			}
		}
		if first, ok := seen[st.Sid]; ok {
			code := CodeUniqueSidsRecommended
			if c.typ.iamDocument() || c.typ.organizations() {
				code = CodeUniqueSidsRequired
			}
			c.report(code, path, "Sid %q is already used by statement %d: give each statement its own Sid",
				st.Sid, first.Index)
			continue
		}
		seen[st.Sid] = st
	}
}

func alphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if (ch < '0' || ch > '9') && (ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z') {
			return false
		}
	}
	return true
}

// checkStatement runs every statement-level check.
func (c *checker) checkStatement(st *policy.Statement) {
	c.checkProfile(st)
	c.checkEmpty(st)
	c.checkActions(st)
	c.checkResources(st)
	c.checkPrincipal(st)
	c.checkConditions(st)
	c.checkSecurity(st)
	c.checkFederatedPrincipal(st)
	c.checkWebIdentityToken(st)
}

// checkProfile applies the rules of the policy type: which elements a
// statement must and must not have.
func (c *checker) checkProfile(st *policy.Statement) {
	hasPrincipal := st.Principal != nil
	switch c.typ {
	case TypeIdentity, TypeBoundary, TypeSession:
		if hasPrincipal {
			c.report(CodeUnsupportedPrincipal, st.Principal.Path,
				"%s takes no %s element because it applies to the identity it is attached to: remove it",
				typeName(c.typ), principalElement(st.Principal))
		}
	case TypeSCP:
		if hasPrincipal {
			c.report(CodeSCPPrincipal, st.Principal.Path,
				"a service control policy takes no %s element: remove it and test aws:PrincipalArn in a condition",
				principalElement(st.Principal))
		}
	case TypeRCP:
		c.checkRCP(st)
	case TypeTrust:
		c.checkTrust(st)
	}
	if c.typ.needsPrincipal() && !hasPrincipal {
		c.report(CodeMissingPrincipal, st.Path, "a statement of %s must name a principal: add a Principal element",
			typeName(c.typ))
	}
	if st.Resource == nil && c.typ != TypeTrust && !c.typ.organizations() {
		c.report(CodeMissingResource, st.Path,
			`the statement has neither Resource nor NotResource: add "Resource", using "*" for actions without resource types`)
	}
	if st.Principal != nil && st.Principal.Not && st.Effect == policy.Allow {
		c.report(CodeAllowWithNotPrincipal, st.Principal.Path,
			"Allow with NotPrincipal grants access to every principal not listed, anonymous users included: "+
				"use Principal with the principals to allow")
	}
}

func principalElement(p *policy.Principal) string {
	if p.Not {
		return "NotPrincipal"
	}
	return "Principal"
}

// checkRCP applies the resource control policy syntax: Deny only, Principal
// "*", no NotAction or NotPrincipal, no "Action": "*" alone, and only
// services RCPs apply to. The one Allow AWS accepts is RCPFullAWSAccess.
// Source: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
func (c *checker) checkRCP(st *policy.Statement) {
	if st.Effect == policy.Allow && !fullAccessStatement(st) {
		c.report(CodeRCPAllow, st.Path+".Effect",
			"a resource control policy supports only Deny statements (Allow is reserved for RCPFullAWSAccess): use Deny")
	}
	if p := st.Principal; p != nil {
		switch {
		case p.Not:
			c.report(CodeRCPNotAction, p.Path, "a resource control policy does not support NotPrincipal: "+
				`use "Principal": "*" and test aws:PrincipalArn in a condition`)
		case !p.Wildcard:
			c.report(CodeRCPPrincipal, p.Path, `a resource control policy requires "Principal": "*": `+
				"restrict principals with conditions such as aws:PrincipalOrgID")
		}
	}
	if a := st.Action; a != nil {
		if a.Not {
			c.report(CodeRCPNotAction, a.Path, "a resource control policy does not support NotAction: list the actions in Action")
		}
		for _, v := range a.Values {
			if v.Text == "*" && st.Effect == policy.Deny {
				c.report(CodeRCPActionWildcard, v.Path,
					`a resource control policy does not accept "Action": "*": name service actions such as "s3:*"`)
			}
			c.checkRCPService(v)
		}
	}
}

// checkRCPService reports an action of a service that RCPs do not apply
// to, according to the catalog.
func (c *checker) checkRCPService(v policy.Value) {
	prefix, _, ok := strings.Cut(v.Text, ":")
	if !ok || strings.ContainsAny(prefix, "*?") {
		return
	}
	if svc, found := catalog.Service(prefix); found && !svc.RCP {
		c.report(CodeRCPUnsupportedService, v.Path,
			"resource control policies do not apply to service %s, so this action has no effect here: remove it", prefix)
	}
}

func fullAccessStatement(st *policy.Statement) bool {
	return st.Principal != nil && st.Principal.Wildcard && len(st.Conditions) == 0 &&
		isStar(st.Action) && isStar(st.Resource)
}

func isStar(n *policy.Names) bool {
	return n != nil && !n.Not && len(n.Values) == 1 && n.Values[0].Text == "*"
}

// checkTrust applies the role trust policy syntax.
func (c *checker) checkTrust(st *policy.Statement) {
	if st.Principal != nil && st.Principal.Not {
		c.report(CodeTrustNotPrincipal, st.Principal.Path, "a role trust policy does not support NotPrincipal: use Principal")
	}
	if st.Resource != nil {
		c.report(CodeTrustResource, st.Resource.Path,
			"a role trust policy takes no %s element because the role is the resource: remove it",
			st.Resource.Element("Resource"))
	}
	if st.Action == nil || st.Action.Not {
		return
	}
	for _, v := range st.Action.Values {
		if !trustAction(v.Text) {
			c.report(CodeTrustUnsupportedAction, v.Path,
				"action %q is not one a role trust policy controls: use sts:AssumeRole, sts:AssumeRoleWithSAML, "+
					"sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity or sts:SetContext", v.Text)
		}
	}
}

// trustAction reports whether a role trust policy can control the action
// or pattern: the sts actions that act on a role as the resource.
func trustAction(action string) bool {
	lower := strings.ToLower(action)
	if lower == "*" || lower == "sts:*" {
		return true
	}
	switch lower {
	case "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
		"sts:tagsession", "sts:setsourceidentity", "sts:setcontext":
		return true
	}
	return strings.HasPrefix(lower, "sts:") && strings.ContainsAny(lower, "*?")
}

// checkEmpty reports empty arrays and objects, which match nothing.
func (c *checker) checkEmpty(st *policy.Statement) {
	if a := st.Action; a != nil && a.IsArray && len(a.Values) == 0 {
		c.report(CodeEmptyArrayAction, a.Path, "the %s array is empty, so the statement matches no action: "+
			"add actions or remove the statement", a.Element("Action"))
	}
	if r := st.Resource; r != nil && r.IsArray && len(r.Values) == 0 {
		c.report(CodeEmptyArrayResource, r.Path, "the %s array is empty, so the statement matches no resource: "+
			"add resources or remove the statement", r.Element("Resource"))
	}
	if p := st.Principal; p != nil && !p.Wildcard {
		if len(p.Entries) == 0 {
			c.report(CodeEmptyObjectPrincipal, p.Path, "the %s object is empty: add principals or remove it",
				principalElement(p))
		}
		for _, e := range p.Entries {
			if e.IsArray && len(e.Values) == 0 {
				c.report(CodeEmptyArrayPrincipal, e.Path, "the %s principal array is empty: add principals or remove it",
					e.Type)
			}
		}
	}
	if st.ConditionPath != "" && len(st.Conditions) == 0 {
		c.report(CodeEmptyObjectCondition, st.ConditionPath, "the Condition element has no conditions: add one or remove it")
	}
	c.checkEmptyOperators(st)
}

// checkEmptyOperators reports operator blocks without keys, which the
// model does not keep.
func (c *checker) checkEmptyOperators(st *policy.Statement) {
	if st.ConditionPath == "" {
		return
	}
	n := c.node(st.ConditionPath)
	if n == nil {
		return
	}
	for _, op := range n.Children {
		if op.Kind == policy.NodeObject && len(op.Children) == 0 {
			c.report(CodeEmptyObjectCondition, c.rel(op), "the %s block has no condition keys: add one or remove it", op.Key)
		}
	}
}
