package policy

import (
	"fmt"
	"strings"
)

// OpKind is a condition operator without its set qualifier and IfExists
// suffix.
type OpKind uint8

// Condition operators, as listed on
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
const (
	OpInvalid OpKind = iota
	StringEquals
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	BinaryEquals
	IPAddress
	NotIPAddress
	ArnEquals
	ArnLike
	ArnNotEquals
	ArnNotLike
	Null
	opCount
)

var opNames = [opCount]string{
	OpInvalid:                 "Invalid",
	StringEquals:              "StringEquals",
	StringNotEquals:           "StringNotEquals",
	StringEqualsIgnoreCase:    "StringEqualsIgnoreCase",
	StringNotEqualsIgnoreCase: "StringNotEqualsIgnoreCase",
	StringLike:                "StringLike",
	StringNotLike:             "StringNotLike",
	NumericEquals:             "NumericEquals",
	NumericNotEquals:          "NumericNotEquals",
	NumericLessThan:           "NumericLessThan",
	NumericLessThanEquals:     "NumericLessThanEquals",
	NumericGreaterThan:        "NumericGreaterThan",
	NumericGreaterThanEquals:  "NumericGreaterThanEquals",
	DateEquals:                "DateEquals",
	DateNotEquals:             "DateNotEquals",
	DateLessThan:              "DateLessThan",
	DateLessThanEquals:        "DateLessThanEquals",
	DateGreaterThan:           "DateGreaterThan",
	DateGreaterThanEquals:     "DateGreaterThanEquals",
	Bool:                      "Bool",
	BinaryEquals:              "BinaryEquals",
	IPAddress:                 "IpAddress",
	NotIPAddress:              "NotIpAddress",
	ArnEquals:                 "ArnEquals",
	ArnLike:                   "ArnLike",
	ArnNotEquals:              "ArnNotEquals",
	ArnNotLike:                "ArnNotLike",
	Null:                      "Null",
}

// String returns the operator name as written in policies.
func (k OpKind) String() string {
	if k >= opCount {
		return "Invalid"
	}
	return opNames[k]
}

// Negated reports whether the operator matches when the value matches none
// of the policy values (StringNotEquals, NotIpAddress, ArnNotLike, ...).
// AWS evaluates a negated operator on an absent key as true.
func (k OpKind) Negated() bool {
	switch k {
	case StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike,
		NumericNotEquals, DateNotEquals, NotIPAddress, ArnNotEquals, ArnNotLike:
		return true
	}
	return false
}

// Family returns the value type the operator compares: "String",
// "Numeric", "Date", "Bool", "Binary", "IP", "ARN" or "Null".
func (k OpKind) Family() string {
	switch {
	case k >= StringEquals && k <= StringNotLike:
		return "String"
	case k >= NumericEquals && k <= NumericGreaterThanEquals:
		return "Numeric"
	case k >= DateEquals && k <= DateGreaterThanEquals:
		return "Date"
	case k == Bool:
		return "Bool"
	case k == BinaryEquals:
		return "Binary"
	case k == IPAddress || k == NotIPAddress:
		return "IP"
	case k >= ArnEquals && k <= ArnNotLike:
		return "ARN"
	case k == Null:
		return "Null"
	}
	return "Invalid"
}

// SetQualifier is the ForAllValues or ForAnyValue prefix of an operator.
type SetQualifier uint8

// Set qualifiers. QualifierNone means the operator has no prefix.
const (
	QualifierNone SetQualifier = iota
	ForAllValues
	ForAnyValue
)

// String returns "ForAllValues", "ForAnyValue" or "".
func (q SetQualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues"
	case ForAnyValue:
		return "ForAnyValue"
	}
	return ""
}

// Operator is a full condition operator name, split into its parts.
type Operator struct {
	// Name is the operator exactly as written, for example
	// "ForAllValues:StringLikeIfExists".
	Name      string
	Kind      OpKind
	Qualifier SetQualifier
	IfExists  bool
}

// String returns the operator name as written.
func (o Operator) String() string { return o.Name }

// OperatorError reports an operator name that is not part of the IAM
// policy grammar.
type OperatorError struct {
	Name   string
	Reason string
}

// Error formats the problem as `policy: invalid condition operator "NAME":
// REASON`.
func (e *OperatorError) Error() string {
	return fmt.Sprintf("policy: invalid condition operator %q: %s", e.Name, e.Reason)
}

// ParseOperator splits an operator name into qualifier, kind and IfExists
// suffix. Operator names are case-sensitive, as in AWS. Null takes no
// IfExists suffix: AWS rejects NullIfExists.
func ParseOperator(name string) (Operator, error) {
	op := Operator{Name: name}
	rest := name
	if p, r, ok := strings.Cut(rest, ":"); ok {
		switch p {
		case "ForAllValues":
			op.Qualifier = ForAllValues
		case "ForAnyValue":
			op.Qualifier = ForAnyValue
		default:
			return op, &OperatorError{Name: name,
				Reason: "the prefix before ':' must be ForAllValues or ForAnyValue"}
		}
		rest = r
	}
	if base, ok := strings.CutSuffix(rest, "IfExists"); ok {
		op.IfExists = true
		rest = base
	}
	for k := StringEquals; k < opCount; k++ {
		if opNames[k] == rest {
			op.Kind = k
			break
		}
	}
	if op.Kind == OpInvalid {
		return op, &OperatorError{Name: name, Reason: unknownOperatorHint(rest)}
	}
	if op.Kind == Null && op.IfExists {
		return op, &OperatorError{Name: name,
			Reason: "Null takes no IfExists suffix; use Null alone"}
	}
	return op, nil
}

func unknownOperatorHint(base string) string {
	for k := StringEquals; k < opCount; k++ {
		if strings.EqualFold(opNames[k], base) {
			return fmt.Sprintf("operator names are case-sensitive; use %q", opNames[k])
		}
	}
	return "use one of the operators listed in the IAM condition operator reference " +
		"(StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, " +
		"BinaryEquals, IpAddress, ArnLike, Null, ...)"
}
