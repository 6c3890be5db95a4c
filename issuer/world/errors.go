package world

import (
	"fmt"
	"strings"
)

// FieldError is one problem in a world file, with its place.
type FieldError struct {
	// Line and Column locate the node, 1-based; zero when unknown.
	Line, Column int

	// Field is the path of the field, for example "credentials[2].principal".
	Field string

	// Message says what is wrong and how to fix it.
	Message string
}

// Error formats the problem as "world: line L, column C: FIELD: MESSAGE".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("world: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ErrorList holds every problem found in a world file, in file order.
type ErrorList []*FieldError

// Error returns the problems one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so errors.As finds a *FieldError.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// collector gathers validation problems.
type collector struct {
	errs ErrorList
}

func (c *collector) add(p pos, field, format string, args ...any) {
	c.errs = append(c.errs, &FieldError{
		Line: p.line, Column: p.column, Field: field, Message: fmt.Sprintf(format, args...),
	})
}

func (c *collector) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}
