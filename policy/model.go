package policy

// Pos is a position in a policy source: 1-based line and column. The zero
// Pos means the element has no position, for example a document built in Go.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Known policy language versions.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Document is a parsed IAM policy document.
type Document struct {
	// Version is the Version element as written: Version2012, Version2008
	// or "" when absent. Use VariablesEnabled to ask whether policy
	// variables are interpreted.
	Version    string
	VersionPos Pos

	// ID is the optional Id element, and IDPos is the position of its
	// value, zero when absent.
	ID    string
	IDPos Pos

	// Statements holds every statement in order. A Statement element given
	// as a single object yields one statement.
	Statements []*Statement

	// StatementIsArray reports whether Statement was written as an array.
	StatementIsArray bool

	// StatementPos is the position of the Statement element's value.
	StatementPos Pos

	// Pos is the position of the document's opening brace, or of its
	// first key in a YAML block mapping.
	Pos Pos
}

// VariablesEnabled reports whether policy variables such as ${aws:username}
// are interpreted. AWS interprets them only under Version 2012-10-17; under
// 2008-10-17 or with no Version they are literal text.
func (d *Document) VariablesEnabled() bool {
	return d.Version == Version2012
}

// Effect is the Effect element of a statement.
type Effect uint8

// Effects. The zero Effect is invalid; a parsed statement always has Allow
// or Deny.
const (
	EffectInvalid Effect = iota
	Allow
	Deny
)

// String returns "Allow", "Deny" or "Invalid".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "Invalid"
}

// Statement is one statement of a policy document.
type Statement struct {
	// Index is the statement's 0-based position in the document.
	Index int

	// Sid is the optional statement id; HasSid reports whether the Sid
	// element was present (it may be present and empty).
	Sid    string
	HasSid bool
	SidPos Pos

	Effect    Effect
	EffectPos Pos

	// Principal is the Principal or NotPrincipal element, nil when absent.
	Principal *Principal

	// Action is the Action or NotAction element (see Names.Not), nil when
	// absent.
	Action *Names

	// Resource is the Resource or NotResource element, nil when absent.
	Resource *Names

	// Conditions holds one entry per operator and key pair, in source order.
	Conditions []*Condition

	// ConditionPos is the position of the Condition element, zero when
	// absent; ConditionPath is its JSON path.
	ConditionPos  Pos
	ConditionPath string

	// Pos is the position of the statement's opening brace, or of its
	// first key in a YAML block mapping. Path is its JSON path, for
	// example "$.Statement[2]".
	Pos  Pos
	Path string
}

// Value is one string from a policy, with where it was written.
type Value struct {
	Text string
	Pos  Pos
	Path string
}

// Names is an Action, NotAction, Resource or NotResource element.
type Names struct {
	// Not is true for NotAction and NotResource.
	Not bool

	// Values holds the entries; a scalar element yields one value. An empty
	// array yields no values.
	Values []Value

	// IsArray reports whether the element was written as an array.
	IsArray bool

	Pos  Pos
	Path string
}

// Element returns the element name as written in policies: "Action",
// "NotAction", "Resource" or "NotResource", depending on kind.
func (n *Names) Element(kind string) string {
	if n.Not {
		return "Not" + kind
	}
	return kind
}

// PrincipalType is a key of a Principal map.
type PrincipalType string

// Principal map keys.
const (
	PrincipalAWS           PrincipalType = "AWS"
	PrincipalService       PrincipalType = "Service"
	PrincipalFederated     PrincipalType = "Federated"
	PrincipalCanonicalUser PrincipalType = "CanonicalUser"
)

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	// Not is true for NotPrincipal.
	Not bool

	// Wildcard is true for the bare string "*", which AWS treats the same
	// as {"AWS": "*"}: every principal, including anonymous callers.
	Wildcard bool

	// Entries maps each principal type to its values, in source order.
	// Empty when Wildcard is true.
	Entries []PrincipalEntry

	Pos  Pos
	Path string
}

// PrincipalEntry is one principal type and its identifiers.
type PrincipalEntry struct {
	Type    PrincipalType
	Values  []Value
	IsArray bool
	Pos     Pos
	Path    string
}

// Condition is one operator and key pair of a Condition element, with the
// values given for that key.
type Condition struct {
	Operator Operator

	// Key is the condition key as written; key names compare
	// case-insensitively.
	Key    string
	KeyPos Pos

	// Values holds the values; JSON numbers and booleans are kept as their
	// text ("300", "true"). A scalar yields one value.
	Values  []Value
	IsArray bool

	// Pos is the position of the key; Path is the JSON path of the key,
	// for example `$.Statement[0].Condition.StringEquals["aws:username"]`.
	Pos  Pos
	Path string

	// OperatorPos is the position of the operator name. OperatorPath is
	// the JSON path of the operator's map, for example
	// "$.Statement[0].Condition.StringEquals".
	OperatorPos  Pos
	OperatorPath string
}
