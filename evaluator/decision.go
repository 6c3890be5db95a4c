package evaluator

import (
	"fmt"
	"sync"
)

// Decision is the result of Evaluate. The zero Decision is an implicit
// deny.
type Decision struct {
	Outcome Outcome

	// DecidedBy is, for ExplicitDeny, the type of the policy that holds
	// the deny; for ImplicitDeny, the first type that failed to allow, in
	// the order scp, vpce, identity, boundary, session, resource; for
	// Allow, the type that granted: identity or resource.
	DecidedBy PolicyType

	// NotAllowedBy lists, for ImplicitDeny, every type that failed to
	// allow, in the same order. It must not be modified.
	NotAllowedBy []PolicyType

	// Statements holds the statements that decided: the deny for
	// ExplicitDeny, the granting Allow for Allow, none for ImplicitDeny or
	// when the root user is allowed without a policy. It must not be
	// modified.
	Statements []StatementRef

	// Trace holds every statement evaluated, with Options.Trace only.
	Trace []StatementTrace
}

// StatementRef identifies one statement of one policy.
type StatementRef struct {
	Policy string     `json:"policy"`
	Type   PolicyType `json:"type"`
	Index  int        `json:"index"`
	Sid    string     `json:"sid,omitempty"`
	Effect string     `json:"effect"`
}

// StatementTrace records how one statement matched the request. With a
// condition that failed, the remaining conditions are still evaluated and
// recorded.
type StatementTrace struct {
	Statement        StatementRef     `json:"statement"`
	ActionMatched    bool             `json:"action_matched"`
	ResourceMatched  bool             `json:"resource_matched"`
	PrincipalMatched bool             `json:"principal_matched"`
	Conditions       []ConditionTrace `json:"conditions,omitempty"`
	Applies          bool             `json:"applies"`
}

// ConditionTrace records one operator and key pair.
type ConditionTrace struct {
	Operator string `json:"operator"`
	Key      string `json:"key"`

	// Present reports whether the request has the key with at least one
	// value; Multi whether the key is multi-valued.
	Present       bool     `json:"present"`
	Multi         bool     `json:"multi,omitempty"`
	RequestValues []string `json:"request_values"`

	// PolicyValues are the values as written; ResolvedValues are the same
	// after policy variables were replaced, with "" for a variable that
	// has no value.
	PolicyValues   []string `json:"policy_values"`
	ResolvedValues []string `json:"resolved_values,omitempty"`

	Result bool `json:"result"`

	// TypeError reports an evaluation error: an Arn pattern that is not an
	// ARN, met before a match, a BinaryEquals policy value that is not
	// base64, or, outside session policies, a Numeric, Date or IP policy
	// value that does not parse. It makes a Deny apply and an Allow not
	// apply. Error gives the reason, such as
	// `policy value "abc" is not a number`.
	TypeError bool   `json:"type_error,omitempty"`
	Error     string `json:"error,omitempty"`
}

func traceCondition(st *evalState, c *condition, r outcome3) ConditionTrace {
	v := st.lookup(c.key)
	ct := ConditionTrace{
		Operator:      c.src.Operator.Name,
		Key:           c.src.Key,
		Present:       v.len() > 0,
		Multi:         v.multi,
		RequestValues: v.strings(),
		Result:        r == condTrue,
		TypeError:     r == condError,
	}
	if r == condError {
		ct.Error = c.errorReason(st)
	}
	resolved := false
	for i := range c.values {
		ct.PolicyValues = append(ct.PolicyValues, c.src.Values[i].Text)
		resolved = resolved || c.values[i].text.parts != nil
	}
	if resolved {
		for i := range c.values {
			s, _ := c.values[i].text.resolveString(st)
			ct.ResolvedValues = append(ct.ResolvedValues, s)
		}
	}
	return ct
}

// errorReason returns why the condition is an evaluation error: the
// first policy value, in order, that is not of the operator's type. An Arn
// pattern with variables is named with the text it resolved to.
func (c *condition) errorReason(st *evalState) string {
	for i := range c.values {
		pv := &c.values[i]
		text := c.src.Values[i].Text
		if pv.bad {
			return fmt.Sprintf("policy value %q is not %s", text, typeNoun(c.family))
		}
		if c.family != familyARN || pv.text.parts == nil {
			continue
		}
		resolved, ok := pv.text.resolveString(st)
		if ok && !piecesFormARN([]piece{{text: resolved}}) {
			return fmt.Sprintf("policy value %q resolves to %q, which is not an ARN", text, resolved)
		}
	}
	return ""
}

// typeNoun names the value type of an operator family in error reasons.
func typeNoun(f family) string {
	switch f {
	case familyNumeric:
		return "a number"
	case familyDate:
		return "a date"
	case familyIP:
		return "an IP address or CIDR block"
	case familyARN:
		return "an ARN"
	case familyBinary:
		return "base64"
	}
	return "valid"
}

// Policy types in the order DecidedBy and NotAllowedBy use.
var typeOrder = [...]PolicyType{TypeSCP, TypeRCP, TypeVPCEndpoint, TypeIdentity,
	TypeBoundary, TypeSession, TypeResource}

func bitOf(t PolicyType) uint8 {
	for i, o := range typeOrder {
		if o == t {
			return 1 << i
		}
	}
	return 0
}

func typeIndex(t PolicyType) int {
	for i, o := range typeOrder {
		if o == t {
			return i
		}
	}
	return -1
}

func firstType(set uint8) PolicyType {
	for i, o := range typeOrder {
		if set&(1<<i) != 0 {
			return o
		}
	}
	return ""
}

// typeSets holds every subset of typeOrder as a slice, so that a Decision
// can report NotAllowedBy without allocating.
var typeSets = func() (sets [1 << len(typeOrder)][]PolicyType) {
	for mask := range sets {
		for i, o := range typeOrder {
			if mask&(1<<i) != 0 {
				sets[mask] = append(sets[mask], o)
			}
		}
	}
	return sets
}()

// typedRefs holds a policy's StatementRefs for one policy type, built on
// first use.
type typedRefs struct {
	once sync.Once
	refs []StatementRef
}

// refsFor returns a one-element slice describing statement i of p as a
// policy of type typ, without allocating after the first call for typ.
func (p *Policy) refsFor(typ PolicyType, i int) []StatementRef {
	if p == nil || i < 0 {
		return nil
	}
	k := typeIndex(typ)
	if k < 0 {
		ref := p.refs[i]
		ref.Type = typ
		return []StatementRef{ref}
	}
	t := &p.typed[k]
	t.once.Do(func() {
		t.refs = make([]StatementRef, len(p.refs))
		for j, r := range p.refs {
			r.Type = typ
			t.refs[j] = r
		}
	})
	return t.refs[i : i+1 : i+1]
}

// DenyReason returns the end of AWS's AccessDenied message for the
// decision, for example "with an explicit deny in a service control
// policy" or "because no identity-based policy allows the
// sts:GetWebIdentityToken action". It returns "" for Allow.
func (d Decision) DenyReason(action string) string {
	switch d.Outcome {
	case ExplicitDeny:
		return "with an explicit deny in " + article(d.DecidedBy)
	case ImplicitDeny:
		return "because no " + typeName(d.DecidedBy) + " allows the " + action + " action"
	}
	return ""
}

// typeName returns the words AWS uses for a policy type in AccessDenied
// messages.
func typeName(t PolicyType) string {
	switch t {
	case TypeSCP:
		return "service control policy"
	case TypeRCP:
		return "resource control policy"
	case TypeResource:
		return "resource-based policy"
	case TypeBoundary:
		return "permissions boundary"
	case TypeSession:
		return "session policy"
	case TypeVPCEndpoint:
		return "VPC endpoint policy"
	}
	return "identity-based policy"
}

func article(t PolicyType) string {
	name := typeName(t)
	switch name[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + name
	}
	return "a " + name
}
