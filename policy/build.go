package policy

import (
	"fmt"
	"strings"
)

// builder turns a node tree into a Document, collecting every problem
// instead of stopping at the first.
type builder struct {
	errs ErrorList
}

func (b *builder) add(e *Error) { b.errs = append(b.errs, e) }

// Element names of a document and of a statement.
var (
	documentElements  = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal",
		"Action", "NotAction", "Resource", "NotResource", "Condition"}
)

func (b *builder) document(n *Node) *Document {
	if n.Kind != NodeObject {
		b.add(&Error{Code: CodeWrongType, Pos: n.Pos, Path: n.Path,
			Message: fmt.Sprintf("policy document must be an object, got %s", kindWithArticle(n.Kind)),
			Fix:     `write the policy as {"Version": "2012-10-17", "Statement": [...]}`})
		return nil
	}
	doc := &Document{Pos: n.Pos}
	var statement *Node
	for _, c := range n.Children {
		switch c.Key {
		case "Version":
			doc.Version, doc.VersionPos = b.version(c), c.Pos
		case "Id":
			doc.ID, _ = b.scalarString(c, "Id")
			doc.IDPos = c.Pos
		case "Statement":
			statement = c
		default:
			b.unknownElement(c, "policy document", documentElements)
		}
	}
	if statement == nil {
		b.add(missingElement(n, "Statement", "policy document",
			`add "Statement": [{"Effect": "Allow", "Action": "...", "Resource": "..."}]`))
		return doc
	}
	doc.StatementPos = statement.Pos
	b.statements(doc, statement)
	return doc
}

func (b *builder) version(n *Node) string {
	v, ok := b.scalarString(n, "Version")
	if ok && v != Version2012 && v != Version2008 {
		b.add(&Error{Code: CodeInvalidValue, Pos: n.Pos, Path: n.Path, Element: "Version",
			Message: fmt.Sprintf("invalid Version %q", v),
			Fix:     `use "2012-10-17" (or the legacy "2008-10-17")`})
	}
	return v
}

func (b *builder) statements(doc *Document, n *Node) {
	switch n.Kind {
	case NodeObject:
		doc.Statements = append(doc.Statements, b.statement(n, 0))
	case NodeArray:
		doc.StatementIsArray = true
		for i, c := range n.Children {
			if c.Kind != NodeObject {
				b.add(wrongType(c, "Statement", "an object"))
				continue
			}
			doc.Statements = append(doc.Statements, b.statement(c, i))
		}
	default:
		b.add(wrongType(n, "Statement", "an object or an array of objects"))
	}
}

func (b *builder) statement(n *Node, index int) *Statement {
	st := &Statement{Index: index, Pos: n.Pos, Path: n.Path}
	seen := make(map[string]*Node, len(n.Children))
	for _, c := range n.Children {
		seen[c.Key] = c
		switch c.Key {
		case "Sid":
			st.Sid, _ = b.scalarString(c, "Sid")
			st.HasSid, st.SidPos = true, c.Pos
		case "Effect":
			st.Effect, st.EffectPos = b.effect(c), c.Pos
		case "Principal", "NotPrincipal":
			st.Principal = b.principal(c)
		case "Action", "NotAction":
			st.Action = b.names(c, "Action")
		case "Resource", "NotResource":
			st.Resource = b.names(c, "Resource")
		case "Condition":
			st.Conditions = b.conditions(c)
			st.ConditionPos, st.ConditionPath = c.Pos, c.Path
		default:
			b.unknownElement(c, "statement", statementElements)
		}
	}
	if seen["Effect"] == nil {
		b.add(missingElement(n, "Effect", "statement", `add "Effect": "Allow" or "Effect": "Deny"`))
	}
	if seen["Action"] == nil && seen["NotAction"] == nil {
		b.add(missingElement(n, "Action", "statement",
			`add "Action" (or "NotAction") naming the actions, such as "s3:GetObject"`))
	}
	for _, kind := range []string{"Principal", "Action", "Resource"} {
		if a, na := seen[kind], seen["Not"+kind]; a != nil && na != nil {
			later := na
			if a.KeyPos.Line > na.KeyPos.Line ||
				(a.KeyPos.Line == na.KeyPos.Line && a.KeyPos.Column > na.KeyPos.Column) {
				later = a
			}
			b.add(&Error{Code: CodeConflict, Pos: later.KeyPos, Path: later.Path, Element: later.Key,
				Message: fmt.Sprintf("statement has both %s and Not%s", kind, kind),
				Fix:     fmt.Sprintf("keep one of %s and Not%s", kind, kind)})
		}
	}
	return st
}

func (b *builder) effect(n *Node) Effect {
	v, ok := b.scalarString(n, "Effect")
	if !ok {
		return EffectInvalid
	}
	switch v {
	case "Allow":
		return Allow
	case "Deny":
		return Deny
	}
	b.add(&Error{Code: CodeInvalidValue, Pos: n.Pos, Path: n.Path, Element: "Effect",
		Message: fmt.Sprintf("invalid Effect %q", v),
		Fix:     `Effect is case-sensitive; use "Allow" or "Deny"`})
	return EffectInvalid
}

// names builds an Action, NotAction, Resource or NotResource element:
// a string or an array of strings.
func (b *builder) names(n *Node, kind string) *Names {
	names := &Names{Not: strings.HasPrefix(n.Key, "Not"), Pos: n.Pos, Path: n.Path}
	names.Values, names.IsArray = b.stringList(n, n.Key, false)
	return names
}

// stringList reads a string or an array of strings. With scalars set,
// numbers and booleans are accepted too and kept as their text, as AWS
// accepts unquoted numeric and Boolean condition values.
func (b *builder) stringList(n *Node, element string, scalars bool) ([]Value, bool) {
	expected := "a string or an array of strings"
	if scalars {
		expected = "a string, number or boolean, or an array of them"
	}
	switch n.Kind {
	case NodeArray:
		values := make([]Value, 0, len(n.Children))
		for _, c := range n.Children {
			if !acceptsScalar(c.Kind, scalars) {
				b.add(wrongType(c, element, expected))
				continue
			}
			values = append(values, Value{Text: c.Value, Pos: c.Pos, Path: c.Path})
		}
		return values, true
	default:
		if !acceptsScalar(n.Kind, scalars) {
			b.add(wrongType(n, element, expected))
			return nil, false
		}
		return []Value{{Text: n.Value, Pos: n.Pos, Path: n.Path}}, false
	}
}

func acceptsScalar(k NodeKind, scalars bool) bool {
	return k == NodeString || (scalars && (k == NodeNumber || k == NodeBool))
}

// scalarString reads an element that must be a single string.
func (b *builder) scalarString(n *Node, element string) (string, bool) {
	if n.Kind != NodeString {
		b.add(wrongType(n, element, "a string"))
		return "", false
	}
	return n.Value, true
}

func wrongType(n *Node, element, expected string) *Error {
	got := kindWithArticle(n.Kind)
	if n.Kind == NodeArray && strings.Contains(expected, "array") {
		got = "a nested array"
	}
	return &Error{Code: CodeWrongType, Pos: n.Pos, Path: n.Path, Element: element,
		Message: fmt.Sprintf("invalid %s: expected %s, got %s", element, expected, got),
		Fix:     fmt.Sprintf("write %s as %s", element, expected)}
}

func missingElement(parent *Node, element, where, fix string) *Error {
	return &Error{Code: CodeMissingElement, Pos: parent.Pos, Path: parent.Path, Element: element,
		Message: fmt.Sprintf("%s has no %s element", where, element),
		Fix:     fix}
}

// unknownElement reports a member that is not part of the grammar at this
// level, suggesting the right spelling when only the case differs.
func (b *builder) unknownElement(n *Node, where string, known []string) {
	fix := "remove it; valid elements are " + strings.Join(known, ", ")
	for _, k := range known {
		if strings.EqualFold(k, n.Key) {
			fix = fmt.Sprintf("element names are case-sensitive; use %q", k)
		}
	}
	b.add(&Error{Code: CodeUnknownElement, Pos: n.KeyPos, Path: n.Path, Element: n.Key,
		Message: fmt.Sprintf("unknown %s element %q", where, n.Key),
		Fix:     fix})
}

func kindWithArticle(k NodeKind) string {
	switch k {
	case NodeObject, NodeArray:
		return "an " + k.String()
	case NodeNull:
		return "null"
	}
	return "a " + k.String()
}
