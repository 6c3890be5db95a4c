package conformance

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/policy"
)

// Decisions and policy types a case may expect.
var (
	decisions   = []string{"Allow", "ExplicitDeny", "ImplicitDeny"}
	policyTypes = []string{"scp", "rcp", "identity", "resource", "boundary", "session", "vpce"}
)

func (s *source) expect(n *yaml.Node, c *Case) error {
	m, err := s.mapping(n, "expect", "decision", "decided_by", "error", "token", "discovery", "jwks")
	if err != nil {
		return err
	}
	var kinds []string
	for _, k := range []string{"decision", "token", "discovery", "jwks"} {
		if m.has(k) {
			kinds = append(kinds, k)
		}
	}
	if m.has("error") && !m.has("token") {
		kinds = append(kinds, "error")
	}
	if len(kinds) != 1 {
		return s.errorf(n, "case %s: expect needs exactly one of decision, error, token, discovery, jwks; got %d",
			c.Name, len(kinds))
	}

	switch kinds[0] {
	case "decision":
		return s.expectDecision(m, c)
	case "error":
		c.Kind = KindToken
		c.Expect.Error, err = s.expectedError(m.get("error"))
		return err
	case "token":
		c.Kind = KindToken
	case "discovery":
		c.Kind = KindDiscovery
	case "jwks":
		c.Kind = KindJWKS
	}
	c.Expect.Assertions, err = s.assertions(m.get(kinds[0]), kinds[0])
	return err
}

func (s *source) expectDecision(m *mapping, c *Case) error {
	c.Kind = KindEvaluation
	var err error
	if c.Expect.Decision, err = m.str("decision"); err != nil {
		return err
	}
	if !contains(decisions, c.Expect.Decision) {
		return s.errorf(m.get("decision"), "invalid decision %q; use one of %s",
			c.Expect.Decision, strings.Join(decisions, ", "))
	}
	if c.Expect.DecidedBy, err = m.str("decided_by"); err != nil {
		return err
	}
	if c.Expect.DecidedBy != "" && !contains(policyTypes, c.Expect.DecidedBy) {
		return s.errorf(m.get("decided_by"), "invalid decided_by %q; use one of %s",
			c.Expect.DecidedBy, strings.Join(policyTypes, ", "))
	}
	return nil
}

func (s *source) expectedError(n *yaml.Node) (*ExpectedError, error) {
	m, err := s.mapping(n, "expect.error", "code", "message")
	if err != nil {
		return nil, err
	}
	e := &ExpectedError{}
	if e.Code, err = m.required("code", "expect.error"); err != nil {
		return nil, err
	}
	e.Message, err = m.str("message")
	return e, err
}

func (s *source) assertions(n *yaml.Node, what string) ([]Assertion, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, s.errorf(n, "expect.%s must be a list of CEL expressions, got %s", what, kindName(n))
	}
	out := make([]Assertion, 0, len(n.Content))
	for _, c := range n.Content {
		v, err := s.scalar(c, "expect."+what+" entry")
		if err != nil {
			return nil, err
		}
		out = append(out, Assertion{Expr: v, Pos: posOf(c)})
	}
	return out, nil
}

func (s *source) request(n *yaml.Node) (*EvalRequest, error) {
	m, err := s.mapping(n, "request", "principal", "action", "resource", "resource_account", "context")
	if err != nil {
		return nil, err
	}
	r := &EvalRequest{Context: evaluator.NewContext()}
	pn := m.get("principal")
	if pn == nil {
		return nil, s.errorf(n, "request: missing \"principal\"")
	}
	if r.Principal, err = s.principal(pn); err != nil {
		return nil, err
	}
	if r.Action, err = s.checked(m, "action", actionProblem); err != nil {
		return nil, err
	}
	if r.Resource, err = s.checked(m, "resource", resourceProblem); err != nil {
		return nil, err
	}
	if r.ResourceAccount, err = m.str("resource_account"); err != nil {
		return nil, err
	}
	if r.ResourceAccount != "" && !accountPattern.MatchString(r.ResourceAccount) {
		return nil, s.errorf(m.get("resource_account"),
			"request: invalid resource_account %q: use a 12-digit account id",
			r.ResourceAccount)
	}
	if cn := m.get("context"); cn != nil {
		if err := s.context(cn, r.Context); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// checked reads the required request field key and reports at its
// position the problem that check finds in it.
func (s *source) checked(m *mapping, key string, check func(string) string) (string, error) {
	v, err := m.required(key, "request")
	if err != nil {
		return "", err
	}
	if problem := check(v); problem != "" {
		return "", s.errorf(m.get(key), "request: "+problem, v)
	}
	return v, nil
}

// context reads condition keys: a scalar is a single value, a list (even
// an empty one) is a multi-valued key.
func (s *source) context(n *yaml.Node, ctx *evaluator.Context) error {
	if n.Kind != yaml.MappingNode {
		return s.errorf(n, "request.context must be a mapping, got %s", kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := strings.ToLower(k.Value)
		if seen[key] {
			return s.errorf(k, "request.context: duplicate key %q (condition keys compare case-insensitively)", k.Value)
		}
		seen[key] = true
		if v.Kind == yaml.SequenceNode {
			vals, err := s.strings(v, "context value of "+k.Value)
			if err != nil {
				return err
			}
			ctx.SetMulti(k.Value, vals)
			continue
		}
		val, err := s.scalar(v, "context value of "+k.Value)
		if err != nil {
			return err
		}
		ctx.Set(k.Value, val)
	}
	return nil
}

var principalKinds = map[string]evaluator.PrincipalKind{
	"user":              evaluator.PrincipalUser,
	"role-session":      evaluator.PrincipalRoleSession,
	"federated-session": evaluator.PrincipalFederatedSession,
	"root":              evaluator.PrincipalRoot,
	"service":           evaluator.PrincipalService,
	"anonymous":         evaluator.PrincipalAnonymous,
}

// principal reads a principal ARN, or a mapping with the ARN and the
// facts an ARN cannot carry (the role path, a service-linked role, the
// user behind a federated-user session, an identity provider).
func (s *source) principal(n *yaml.Node) (evaluator.Principal, error) {
	if n.Kind == yaml.ScalarNode {
		arn, err := s.principalARN(n)
		return evaluator.Principal{ARN: arn, Kind: KindOfARN(arn)}, err
	}
	m, err := s.mapping(n, "request.principal", "arn", "kind", "account", "user_id", "role_arn",
		"service_linked", "federating_user_arn", "federated_provider")
	if err != nil {
		return evaluator.Principal{}, err
	}
	var p evaluator.Principal
	if !m.has("arn") {
		return p, s.errorf(n, "request.principal: missing \"arn\"")
	}
	if p.ARN, err = s.principalARN(m.get("arn")); err != nil {
		return p, err
	}
	p.Kind = KindOfARN(p.ARN)
	if k, _ := m.str("kind"); k != "" {
		kind, ok := principalKinds[k]
		if !ok {
			return p, s.errorf(m.get("kind"), "invalid principal kind %q; use user, role-session, federated-session, root, service or anonymous", k)
		}
		p.Kind = kind
	}
	if err := s.principalFacts(m, &p); err != nil {
		return p, err
	}
	sl, err := m.str("service_linked")
	if err != nil {
		return p, err
	}
	switch sl {
	case "", "false":
	case "true":
		p.ServiceLinked = true
	default:
		return p, s.errorf(m.get("service_linked"), "service_linked must be true or false, got %q", sl)
	}
	return p, nil
}

// principalARN reads and checks the request principal.
func (s *source) principalARN(n *yaml.Node) (string, error) {
	arn, err := s.scalar(n, "request.principal")
	if err != nil {
		return "", err
	}
	if problem := principalProblem(arn); problem != "" {
		return "", s.errorf(n, "request.principal: "+problem, arn)
	}
	return arn, nil
}

// principalFacts reads the optional string fields of a principal
// mapping, each checked against the form AWS gives it.
func (s *source) principalFacts(m *mapping, p *evaluator.Principal) error {
	fields := []struct {
		key     string
		dst     *string
		pattern *regexp.Regexp
		fix     string
	}{
		{"account", &p.Account, accountPattern, "use a 12-digit account id"},
		{"user_id", &p.UserID, nil, ""},
		{"role_arn", &p.RoleARN, roleARNPattern, "use an IAM role ARN such as arn:aws:iam::111122223333:role/path/name"},
		{"federating_user_arn", &p.FederatingUserARN, userARNPattern,
			"use the IAM user ARN of the user that called GetFederationToken, such as arn:aws:iam::111122223333:user/bob"},
		{"federated_provider", &p.FederatedProvider, providerPattern,
			"use an OIDC or SAML provider ARN (arn:aws:iam::111122223333:oidc-provider/example.com) " +
				"or a provider name such as accounts.google.com"},
	}
	for _, f := range fields {
		v, err := m.str(f.key)
		if err != nil {
			return err
		}
		if v != "" && f.pattern != nil && !f.pattern.MatchString(v) {
			return s.errorf(m.get(f.key), "request.principal: invalid %s %q: %s", f.key, v, f.fix)
		}
		*f.dst = v
	}
	return nil
}

// KindOfARN returns the principal kind an ARN denotes: a user, a role
// session, a federated-user session, an account root, a service principal
// (a name ending in ".amazonaws.com") or "anonymous".
func KindOfARN(arn string) evaluator.PrincipalKind {
	switch {
	case arn == "anonymous":
		return evaluator.PrincipalAnonymous
	case strings.HasSuffix(arn, ".amazonaws.com"):
		return evaluator.PrincipalService
	case strings.HasSuffix(arn, ":root"):
		return evaluator.PrincipalRoot
	case strings.Contains(arn, ":user/"):
		return evaluator.PrincipalUser
	case strings.Contains(arn, ":assumed-role/"):
		return evaluator.PrincipalRoleSession
	case strings.Contains(arn, ":federated-user/"):
		return evaluator.PrincipalFederatedSession
	}
	return evaluator.PrincipalUnknown
}

func (s *source) policies(n *yaml.Node) (*Policies, error) {
	m, err := s.mapping(n, "policies", policyTypes...)
	if err != nil {
		return nil, err
	}
	p := &Policies{}
	if p.SCP, err = s.levels(m.get("scp"), "scp"); err != nil {
		return nil, err
	}
	if p.RCP, err = s.levels(m.get("rcp"), "rcp"); err != nil {
		return nil, err
	}
	if p.Identity, err = s.policyList(m.get("identity"), "identity"); err != nil {
		return nil, err
	}
	if p.Session, err = s.policyList(m.get("session"), "session"); err != nil {
		return nil, err
	}
	if p.VPCEndpoint, err = s.policyList(m.get("vpce"), "vpce"); err != nil {
		return nil, err
	}
	if rn := m.get("resource"); rn != nil {
		np, err := s.namedPolicy(rn, "resource")
		if err != nil {
			return nil, err
		}
		p.Resource = &np
	}
	if bn := m.get("boundary"); bn != nil {
		np, err := s.namedPolicy(bn, "boundary")
		if err != nil {
			return nil, err
		}
		p.Boundary = &np
	}
	return p, nil
}

func (s *source) levels(n *yaml.Node, what string) ([][]NamedPolicy, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, s.errorf(n, "policies.%s must be a list of levels (root, OUs, account), each a list of policies", what)
	}
	levels := make([][]NamedPolicy, 0, len(n.Content))
	for i, ln := range n.Content {
		level, err := s.policyList(ln, fmt.Sprintf("%s level %d", what, i))
		if err != nil {
			return nil, err
		}
		levels = append(levels, level)
	}
	return levels, nil
}

func (s *source) policyList(n *yaml.Node, what string) ([]NamedPolicy, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, s.errorf(n, "policies.%s must be a list, got %s", what, kindName(n))
	}
	list := make([]NamedPolicy, 0, len(n.Content))
	for _, pn := range n.Content {
		p, err := s.namedPolicy(pn, what)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	return list, nil
}

// namedPolicy reads {name, document} or {name, file}. The document may be
// a mapping or a string holding JSON; file is a path relative to the case
// file.
func (s *source) namedPolicy(n *yaml.Node, what string) (NamedPolicy, error) {
	m, err := s.mapping(n, what+" policy", "name", "document", "file")
	if err != nil {
		return NamedPolicy{}, err
	}
	var p NamedPolicy
	if p.Name, err = m.required("name", what+" policy"); err != nil {
		return p, err
	}
	dn, fn := m.get("document"), m.get("file")
	switch {
	case dn != nil && fn != nil:
		return p, s.errorf(n, "policy %s: give document or file, not both", p.Name)
	case fn != nil:
		p.Document, err = s.policyFile(fn, p.Name)
	case dn != nil:
		p.Document, err = s.policyDocument(dn, p.Name)
	default:
		return p, s.errorf(n, "policy %s: missing \"document\" or \"file\"", p.Name)
	}
	if err != nil {
		return p, err
	}
	if st := principalStatement(p.Document); st != nil && takesNoPrincipal(what) {
		return p, s.errorf(n, "policy %s: statement %d has a %s element, which %s policies do not take; "+
			"AWS rejects the document as malformed: remove it, or move the policy under resource or vpce",
			p.Name, st.Index, principalElement(st), strings.Fields(what)[0])
	}
	return p, nil
}

// takesNoPrincipal reports whether policies of the kind named by what
// (identity, session, boundary, or an scp level) must not have a
// Principal or NotPrincipal element. IAM and Organizations reject such
// documents:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
func takesNoPrincipal(what string) bool {
	switch strings.Fields(what)[0] {
	case "identity", "session", "boundary", "scp":
		return true
	}
	return false
}

// principalStatement returns the first statement with a Principal or
// NotPrincipal element, or nil.
func principalStatement(doc *policy.Document) *policy.Statement {
	if doc == nil {
		return nil
	}
	for _, st := range doc.Statements {
		if st.Principal != nil {
			return st
		}
	}
	return nil
}

func principalElement(st *policy.Statement) string {
	if st.Principal.Not {
		return "NotPrincipal"
	}
	return "Principal"
}

func (s *source) policyFile(n *yaml.Node, name string) (*policy.Document, error) {
	path, err := s.scalar(n, "file")
	if err != nil {
		return nil, err
	}
	path, text, err := s.readRelative(path, maxPolicyBytes)
	if err != nil {
		return nil, s.errorf(n, "policy %s: %v", name, err)
	}
	parse := policy.Parse
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".yaml" || ext == ".yml" {
		// A YAML file may be a flow mapping that starts with '{', which
		// Parse reads as JSON only.
		parse = policy.ParseYAML
	}
	doc, err := parse(text)
	if err != nil {
		return nil, s.errorf(n, "policy %s: %s: %v", name, path, err)
	}
	return doc, nil
}

func (s *source) policyDocument(n *yaml.Node, name string) (*policy.Document, error) {
	if n.Kind == yaml.ScalarNode {
		doc, err := policy.Parse([]byte(n.Value))
		if err != nil {
			return nil, s.errorf(n, "policy %s: document string: %v", name, err)
		}
		return doc, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, s.errorf(n, "policy %s: document must be a mapping or a string of JSON, got %s", name, kindName(n))
	}
	text, ok := s.subtreeText(n)
	if !ok {
		out, err := yaml.Marshal(n)
		if err != nil {
			return nil, s.errorf(n, "policy %s: %v", name, err)
		}
		doc, err := policy.ParseYAML(out)
		if err != nil {
			return nil, s.errorf(n, "policy %s: %v", name, err)
		}
		return doc, nil
	}
	doc, err := parseInline(text, n.Style&yaml.FlowStyle != 0)
	if err != nil {
		return nil, s.policyError(n, name, err)
	}
	return doc, nil
}

// parseInline parses a document cut from the case file. A flow mapping
// written as JSON parses as JSON; one with unquoted YAML keys does not,
// and then parses as YAML.
func parseInline(text []byte, flow bool) (*policy.Document, error) {
	if !flow {
		return policy.ParseYAML(text)
	}
	doc, err := policy.ParseJSON(text)
	var perr *policy.Error
	if err != nil && errors.As(err, &perr) && perr.Code == policy.CodeSyntax {
		return policy.ParseYAML(text)
	}
	return doc, err
}

// policyError reports a policy parse error at its own position, which
// is a position in the case file because the document text kept its
// place.
func (s *source) policyError(n *yaml.Node, name string, err error) error {
	var perr *policy.Error
	if !errors.As(err, &perr) || perr.Pos.Line == 0 {
		return s.errorf(n, "policy %s: %v", name, err)
	}
	msg := perr.Message
	if perr.Fix != "" {
		msg += ": " + perr.Fix
	}
	if perr.Path != "" {
		msg = perr.Path + ": " + msg
	}
	return &LoadError{File: s.file, Pos: Pos{perr.Pos.Line, perr.Pos.Column},
		Message: "policy " + name + ": " + msg}
}

func (s *source) tokenRequest(n *yaml.Node) (*TokenRequest, error) {
	m, err := s.mapping(n, "token_request", "audiences", "duration_seconds", "signing_algorithm",
		"tags", "scope", "subject_mode", "pad_claims_to")
	if err != nil {
		return nil, err
	}
	r := &TokenRequest{}
	if an := m.get("audiences"); an != nil {
		if r.Audiences, err = s.strings(an, "audiences"); err != nil {
			return nil, err
		}
	}
	if dn := m.get("duration_seconds"); dn != nil {
		d, err := s.integer(dn, "duration_seconds")
		if err != nil {
			return nil, err
		}
		if d < -1<<31 || d > 1<<31-1 {
			return nil, s.errorf(dn, "duration_seconds %d does not fit in 32 bits", d)
		}
		d32 := int32(d)
		r.DurationSeconds = &d32
	}
	if r.SigningAlgorithm, err = m.str("signing_algorithm"); err != nil {
		return nil, err
	}
	if n := m.get("signing_algorithm"); n != nil && n.Tag != "!!null" {
		r.SigningAlgorithmPresent = true
	}
	if r.SubjectMode, err = m.str("subject_mode"); err != nil {
		return nil, err
	}
	if sn := m.get("scope"); sn != nil {
		scope, err := s.scalar(sn, "scope")
		if err != nil {
			return nil, err
		}
		r.Scope = &scope
	}
	if tn := m.get("tags"); tn != nil {
		if r.Tags, err = s.tags(tn); err != nil {
			return nil, err
		}
	}
	if pn := m.get("pad_claims_to"); pn != nil {
		if r.PadClaimsTo, err = s.padClaimsTo(pn, len(r.Tags)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// padClaimsTo reads pad_claims_to: a size in bytes the padding tags can
// reach, with at least one tag slot left beside the case's own tags.
func (s *source) padClaimsTo(n *yaml.Node, tags int) (int, error) {
	v, err := s.integer(n, "pad_claims_to")
	if err != nil {
		return 0, err
	}
	if v < 1 || v > maxPadClaimsTo {
		return 0, s.errorf(n, "pad_claims_to %d is out of range; use 1 to %d bytes", v, maxPadClaimsTo)
	}
	if tags >= maxRequestTags {
		return 0, s.errorf(n, "pad_claims_to needs a free tag slot, but the request already has %d tags; "+
			"remove a tag", tags)
	}
	return int(v), nil
}

// tags reads a list of {key, value} mappings, which keeps order and
// allows the duplicate keys some cases must send.
func (s *source) tags(n *yaml.Node) ([]Tag, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, s.errorf(n, "tags must be a list of {key, value}, got %s", kindName(n))
	}
	tags := make([]Tag, 0, len(n.Content))
	for _, tn := range n.Content {
		m, err := s.mapping(tn, "tag", "key", "value")
		if err != nil {
			return nil, err
		}
		var t Tag
		if t.Key, err = m.str("key"); err != nil {
			return nil, err
		}
		if t.Value, err = m.str("value"); err != nil {
			return nil, err
		}
		tags = append(tags, t)
	}
	return tags, nil
}
