package policy

import (
	"errors"
	"fmt"
)

// conditions builds the Condition element: an object mapping operator
// names to objects that map condition keys to one value or an array of
// values.
func (b *builder) conditions(n *Node) []*Condition {
	if n.Kind != NodeObject {
		b.add(wrongType(n, "Condition", `an object such as {"StringEquals": {"key": "value"}}`))
		return nil
	}
	var conds []*Condition
	for _, opNode := range n.Children {
		op, err := ParseOperator(opNode.Key)
		if err != nil {
			b.add(operatorError(opNode, err))
			continue
		}
		if opNode.Kind != NodeObject {
			b.add(wrongType(opNode, "Condition",
				fmt.Sprintf(`an object such as {%q: {"key": "value"}}`, op.Name)))
			continue
		}
		for _, keyNode := range opNode.Children {
			c := &Condition{
				Operator:     op,
				Key:          keyNode.Key,
				KeyPos:       keyNode.KeyPos,
				Pos:          keyNode.KeyPos,
				Path:         keyNode.Path,
				OperatorPos:  opNode.KeyPos,
				OperatorPath: opNode.Path,
			}
			c.Values, c.IsArray = b.stringList(keyNode, "Condition", true)
			conds = append(conds, c)
		}
	}
	return conds
}

func operatorError(n *Node, err error) *Error {
	e := &Error{Code: CodeInvalidOperator, Pos: n.KeyPos, Path: n.Path, Element: "Condition",
		Message: fmt.Sprintf("invalid condition operator %q", n.Key)}
	var opErr *OperatorError
	if errors.As(err, &opErr) {
		e.Fix = opErr.Reason
	}
	return e
}
