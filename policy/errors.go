package policy

import (
	"fmt"
	"sort"
	"strings"
)

// Code is a stable identifier for a kind of parse error. Tests and tools
// should branch on Code rather than on message text.
type Code string

// Parse error codes.
const (
	CodeSyntax           Code = "syntax"
	CodeTooLarge         Code = "too-large"
	CodeTooDeep          Code = "too-deep"
	CodeInvalidUTF8      Code = "invalid-utf8"
	CodeEmptyDocument    Code = "empty-document"
	CodeTrailingData     Code = "trailing-data"
	CodeDuplicateKey     Code = "duplicate-key"
	CodeUnknownElement   Code = "unknown-element"
	CodeMissingElement   Code = "missing-element"
	CodeConflict         Code = "conflicting-elements"
	CodeWrongType        Code = "wrong-type"
	CodeInvalidValue     Code = "invalid-value"
	CodeInvalidOperator  Code = "invalid-operator"
	CodeInvalidPrincipal Code = "invalid-principal"
)

// Error is one problem found while parsing a policy document.
type Error struct {
	// Code classifies the problem.
	Code Code

	// Pos is the position of the problem, zero when it has no single place
	// (an oversized document). Path is the JSON path of the offending value
	// or key, for example "$.Statement[0].Effect".
	Pos  Pos
	Path string

	// Element is the policy element concerned ("Effect", "Condition",
	// ...), empty for problems of the raw syntax.
	Element string

	// Message states what is wrong. Fix states how to correct it and may
	// be empty.
	Message string
	Fix     string
}

// Error formats the problem as
// "policy: line L, column C (PATH): MESSAGE: FIX".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("policy: ")
	switch {
	case e.Pos.Line > 0 && e.Path != "":
		fmt.Fprintf(&b, "line %d, column %d (%s): ", e.Pos.Line, e.Pos.Column, e.Path)
	case e.Pos.Line > 0:
		fmt.Fprintf(&b, "line %d, column %d: ", e.Pos.Line, e.Pos.Column)
	case e.Path != "":
		fmt.Fprintf(&b, "%s: ", e.Path)
	}
	b.WriteString(e.Message)
	if e.Fix != "" {
		b.WriteString(": ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// ErrorList is every problem found in one document, ordered by position.
// The parse functions return an ErrorList with at least one entry when
// they fail; errors.As with a *Error target finds its first entry.
type ErrorList []*Error

// Error returns the first problem's text, followed by a count of the
// others when there are several.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "policy: no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Unwrap returns the entries, so that errors.As and errors.Is see each one.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort orders the list by line and column. Problems without a position
// come first, and equal positions keep the order they were found in.
func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
