package evaluator

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// Policy is a compiled policy document, ready to evaluate many requests.
// A Policy is immutable and safe for concurrent use.
type Policy struct {
	name  string
	doc   *policy.Document
	stmts []statement
	refs  []StatementRef // refs[i] describes stmts[i]
	index *actionIndex   // nil for policies with few statements
	typed [len(typeOrder)]typedRefs
}

// Name returns the name given to Compile.
func (p *Policy) Name() string { return p.name }

// Document returns the document the policy was compiled from. It must not
// be modified.
func (p *Policy) Document() *policy.Document { return p.doc }

// statement is a compiled statement.
type statement struct {
	effect      policy.Effect
	actionNot   bool
	actions     []actionPattern
	resourceNot bool
	noResource  bool // the statement has no Resource or NotResource
	resources   []resourcePattern
	principal   *principalMatcher // nil when the statement has none
	conds       []condition
}

// actionPattern is a lower-cased Action or NotAction value.
type actionPattern struct {
	text    string
	kind    patternKind
	prefix  string // for patternPrefix and patternInfix
	suffix  string // for patternInfix
	service string // the service prefix when it has no wildcard, else ""
	pattern []piece
}

// resourcePattern is a Resource or NotResource value.
type resourcePattern struct {
	text    template
	kind    patternKind
	prefix  string // for patternPrefix
	pattern []piece
}

// Compile does all the request-independent work for doc: operator
// lookup, lower-casing, wildcard preparation and value parsing. name
// identifies the policy in decisions and traces. Compile returns an error
// only for a nil document or a statement with an invalid Effect. Values
// that do not parse as their operator's type still compile and evaluate
// as the package documentation describes.
func Compile(name string, doc *policy.Document) (*Policy, error) {
	if doc == nil {
		return nil, errors.New("evaluator: nil policy document for " + fmt.Sprintf("%q", name) +
			"; parse the document with policy.Parse first")
	}
	p := &Policy{name: name, doc: doc}
	variables := doc.VariablesEnabled()
	for i, s := range doc.Statements {
		if s.Effect != policy.Allow && s.Effect != policy.Deny {
			return nil, fmt.Errorf("evaluator: policy %q statement %d: invalid Effect; "+
				"use \"Allow\" or \"Deny\"", name, i)
		}
		p.stmts = append(p.stmts, compileStatement(s, variables))
		p.refs = append(p.refs, StatementRef{Policy: name, Index: i, Sid: s.Sid,
			Effect: s.Effect.String()})
	}
	if len(p.stmts) >= indexMinStatements {
		p.index = buildActionIndex(p.stmts)
	}
	return p, nil
}

// MustCompile is like Compile but panics on error. It is meant for
// policies written in Go source and tests.
func MustCompile(name string, doc *policy.Document) *Policy {
	p, err := Compile(name, doc)
	if err != nil {
		panic(err)
	}
	return p
}

func compileStatement(s *policy.Statement, variables bool) statement {
	cs := statement{effect: s.Effect, principal: compilePrincipal(s.Principal)}
	if s.Action != nil {
		cs.actionNot = s.Action.Not
		for _, v := range s.Action.Values {
			cs.actions = append(cs.actions, compileAction(v.Text))
		}
	}
	if s.Resource == nil {
		cs.noResource = true
	} else {
		cs.resourceNot = s.Resource.Not
		for _, v := range s.Resource.Values {
			cs.resources = append(cs.resources, compileResource(v.Text, variables))
		}
	}
	for _, c := range s.Conditions {
		cs.conds = append(cs.conds, compileCondition(c, variables))
	}
	return cs
}

func compileAction(text string) actionPattern {
	lower := strings.ToLower(text)
	a := actionPattern{text: lower, pattern: []piece{{text: lower}}}
	a.kind, a.prefix = classifyPattern(lower)
	if a.kind == patternInfix {
		if !isASCII(lower) {
			// Case folding may change byte lengths; let the globber
			// compare rune by rune.
			a.kind = patternGlob
		}
		a.suffix = suffixAfterStar(lower)
	}
	if svc, _, found := strings.Cut(lower, ":"); found && !hasWildcard(svc) {
		a.service = svc
	}
	return a
}

// compileResource prepares a Resource value. Policy variables are read
// only in the resource part of an ARN, after the fifth colon.
func compileResource(text string, variables bool) resourcePattern {
	r := resourcePattern{text: template{plain: text}}
	if variables {
		if i := fifthColon(text); i >= 0 {
			tail := parseTemplate(text[i+1:])
			if tail.parts != nil {
				r.text.parts = append([]templatePart{{text: text[:i+1]}}, tail.parts...)
			}
		}
	}
	// A trailing * ends its segment, so it may match across colons and a
	// prefix comparison is exact. A * inside a segment may not cross a
	// colon, so infix patterns use the globber.
	r.kind, r.prefix = classifyPattern(text)
	if r.kind == patternInfix {
		r.kind = patternGlob
	}
	r.pattern = []piece{{text: text}}
	return r
}

// fifthColon returns the index of the fifth colon of s, or -1.
func fifthColon(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			n++
			if n == 5 {
				return i
			}
		}
	}
	return -1
}

// match compares the pattern with the request's action; service is the
// action's lower-cased service prefix, or "" when it is unknown.
func (a *actionPattern) match(action, service string) bool {
	if a.service != "" && service != "" && a.service != service {
		return false
	}
	switch a.kind {
	case patternAny:
		return true
	case patternExact:
		return strings.EqualFold(a.text, action)
	case patternPrefix:
		return hasPrefixFold(action, a.prefix)
	case patternInfix:
		return len(action) >= len(a.prefix)+len(a.suffix) &&
			strings.EqualFold(action[:len(a.prefix)], a.prefix) &&
			strings.EqualFold(action[len(action)-len(a.suffix):], a.suffix)
	}
	g := globber{pieces: a.pattern, mode: globFree, fold: true}
	return g.match(action)
}

func (r *resourcePattern) match(st *evalState, resource string) bool {
	if r.text.parts != nil {
		var buf [maxStackPieces]piece
		pieces, ok := r.text.resolve(st, buf[:0])
		if !ok {
			return false
		}
		g := globber{pieces: pieces, mode: globResource}
		return g.match(resource)
	}
	switch r.kind {
	case patternAny:
		return true
	case patternExact:
		return r.text.plain == resource
	case patternPrefix:
		return strings.HasPrefix(resource, r.prefix)
	}
	g := globber{pieces: r.pattern, mode: globResource}
	return g.match(resource)
}

func (s *statement) matchAction(st *evalState) bool {
	action, service := st.req.Action, st.service()
	for i := range s.actions {
		if s.actions[i].match(action, service) {
			return !s.actionNot
		}
	}
	return s.actionNot && s.actions != nil
}

func (s *statement) matchResource(st *evalState, typ PolicyType) bool {
	if s.noResource {
		// Some resource-based policies, such as role trust policies, have
		// no Resource element and apply to the resource they are on.
		return typ == TypeResource
	}
	for i := range s.resources {
		if s.resources[i].match(st, st.req.Resource) {
			return !s.resourceNot
		}
	}
	return s.resourceNot
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
