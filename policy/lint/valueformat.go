package lint

import (
	"net/netip"

	"github.com/iamgate/iamgate/policy/conditionvalue"
)

// The checks below accept exactly the policy values that the evaluator
// accepts, because both read them with package conditionvalue. So a
// finding that reports a statement as failing closed is true.
// TestValueChecksMatchEvaluator checks the two end to end.

// number reports whether s is a number as AWS's Numeric operators read
// it.
func number(s string) bool {
	_, ok := conditionvalue.ParseDecimal(s)
	return ok
}

// date reports whether s is a W3C ISO 8601 date or epoch seconds.
func date(s string) bool {
	_, ok := conditionvalue.ParseDate(s)
	return ok
}

// ipPrefix parses a CIDR block or a single address.
func ipPrefix(s string) (netip.Prefix, bool) {
	return conditionvalue.ParseIPPrefix(s)
}

// strictBase64 reports whether s is padded standard base64 with zero
// padding bits, the only form AWS was observed to match.
func strictBase64(s string) bool {
	return conditionvalue.IsStrictBase64(s)
}
