package policy

import (
	"bytes"
	"strconv"
)

// NodeKind is the kind of a Node in a raw document tree.
type NodeKind uint8

// Node kinds. JSON and YAML documents map onto the same kinds: a YAML
// mapping is a NodeObject, a sequence a NodeArray, and a scalar a
// NodeString, NodeNumber, NodeBool or NodeNull according to its resolved
// tag.
const (
	NodeInvalid NodeKind = iota
	NodeObject
	NodeArray
	NodeString
	NodeNumber
	NodeBool
	NodeNull
)

var nodeKindNames = [...]string{
	NodeInvalid: "invalid",
	NodeObject:  "object",
	NodeArray:   "array",
	NodeString:  "string",
	NodeNumber:  "number",
	NodeBool:    "boolean",
	NodeNull:    "null",
}

// String returns the kind as used in error messages: "object", "array",
// "string", "number", "boolean" or "null".
func (k NodeKind) String() string {
	if int(k) < len(nodeKindNames) {
		return nodeKindNames[k]
	}
	return "invalid"
}

// Node is one value of a raw JSON or YAML document, with its position and
// JSON path. The linter and template extractors walk these trees, and the
// model builder reads them to produce a Document.
type Node struct {
	Kind NodeKind

	// Value is the text of a scalar: the decoded string, the number as
	// written ("300", "1e3"), "true" or "false", or "null" for JSON null.
	// YAML scalars keep their text as written. Empty for objects and
	// arrays.
	Value string

	// Key is the member name when the node is the value of an object
	// member, and KeyPos is the position of that name. Both are zero for
	// array elements and the root.
	Key    string
	KeyPos Pos

	// Pos is the position of the value's first character: the opening
	// brace, bracket or quote, or the first character of a number, literal
	// or YAML plain scalar. A YAML block mapping or sequence starts at its
	// first key or '-' indicator.
	Pos Pos

	// Tag is a YAML application tag such as "!Sub" or "!Ref", as found in
	// CloudFormation templates. It is empty for JSON and for standard YAML
	// tags. Only ParseTree returns nodes with a tag, because the policy
	// parsers reject them.
	Tag string

	// Path is the JSON path of the value, for example
	// `$.Statement[0].Condition.StringEquals["aws:username"]`.
	Path string

	// Children contains object members, in source order, or array elements.
	Children []*Node
}

// Member returns the value of the object member named key, matched
// exactly, or nil when n is not an object or has no such member. When a
// key repeats, Member returns the first occurrence.
func (n *Node) Member(key string) *Node {
	if n == nil || n.Kind != NodeObject {
		return nil
	}
	for _, c := range n.Children {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// MemberPath returns the JSON path of the member key under parent: dot
// notation for identifier-like keys, bracket notation with a quoted
// string otherwise, as in every Path of this package.
func MemberPath(parent, key string) string {
	return memberPath(parent, key)
}

// IndexPath returns the JSON path of element i of the array at parent.
func IndexPath(parent string, i int) string {
	return indexPath(parent, i)
}

func memberPath(parent, key string) string {
	if isIdentifier(key) {
		return parent + "." + key
	}
	return parent + "[" + strconv.Quote(key) + "]"
}

func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if letter || (i > 0 && c >= '0' && c <= '9') {
			continue
		}
		return false
	}
	return true
}

// isJSONStart reports whether src, after an optional UTF-8 byte order
// mark and whitespace, starts with '{', which selects the JSON parser.
func isJSONStart(src []byte) bool {
	s := bytes.TrimPrefix(src, []byte("\uFEFF"))
	s = bytes.TrimLeft(s, " \t\r\n")
	return len(s) > 0 && s[0] == '{'
}
