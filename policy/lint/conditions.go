package lint

import (
	"strings"
	"sync"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkConditions runs the checks on each condition of a statement.
func (c *checker) checkConditions(st *policy.Statement) {
	for _, cond := range st.Conditions {
		key := c.checkKey(st, cond)
		c.checkQualifier(st, cond, key)
		c.checkValues(st, cond, key)
	}
}

// checkKey reports a condition key that is malformed or unknown, and
// returns the catalog entry, nil when the key is unknown.
func (c *checker) checkKey(st *policy.Statement, cond *policy.Condition) *catalog.KeyInfo {
	prefix, _, ok := strings.Cut(cond.Key, ":")
	if !ok || prefix == "" {
		c.report(CodeInvalidKeyFormat, cond.Path, `condition key %q has no service prefix: write it as prefix:name, such as "aws:SourceIp"`,
			cond.Key)
		return nil
	}
	key, found := catalog.ConditionKey(cond.Key)
	lower := strings.ToLower(prefix)
	switch {
	case found:
	case lower == "aws":
		c.report(CodeInvalidGlobalKey, cond.Path, "%q is not a global condition key (service reference data of %s): correct the name",
			cond.Key, catalog.DataDate())
	case providerPrefix(lower):
		// Keys of OIDC and SAML identity providers, such as
		// token.actions.githubusercontent.com:sub, are not all listed.
	default:
		if _, ok := catalog.Service(prefix); ok {
			c.report(CodeInvalidServiceKey, cond.Path, "%q is not a condition key of service %s in the service reference (data of %s): correct the name",
				cond.Key, prefix, catalog.DataDate())
		} else {
			c.report(CodeInvalidServiceKey, cond.Path, "condition key %q names service prefix %q, which the service reference (data of %s) does not know: correct it",
				cond.Key, prefix, catalog.DataDate())
		}
	}
	if !found {
		return nil
	}
	c.checkKeyForActions(st, cond, key)
	return key
}

// providerPrefix reports whether a condition key prefix names an identity
// provider (a host name, or saml) rather than a service.
func providerPrefix(lower string) bool {
	return lower == "saml" || strings.ContainsAny(lower, "./")
}

// checkKeyForActions reports a service condition key that none of the
// statement's actions supports, so the condition never matches. Keys the
// service reference attaches to no action or resource type, unknown
// actions and wildcard service prefixes are not judged.
func (c *checker) checkKeyForActions(st *policy.Statement, cond *policy.Condition, key *catalog.KeyInfo) {
	if key.Global || st.Action == nil || st.Action.Not || len(st.Action.Values) == 0 || !keyAttached(cond.Key) {
		return
	}
	for _, v := range st.Action.Values {
		prefix, _, _ := strings.Cut(v.Text, ":")
		if v.Text == "*" || strings.ContainsAny(prefix, "*?") {
			return
		}
		matched := catalog.MatchActions(v.Text)
		if len(matched) == 0 {
			return
		}
		for _, a := range matched {
			if a.HasConditionKey(cond.Key) {
				return
			}
		}
	}
	c.report(CodeUnsupportedActionForKey, cond.Path,
		"no action in this statement supports condition key %q, so the condition never matches: "+
			"use the key in a statement for actions that support it", cond.Key)
}

// attachedKeys caches keyAttached by lower-cased key name.
var attachedKeys sync.Map

// keyAttached reports whether the service reference lists the key for
// at least one action or resource type of the key's service.
func keyAttached(key string) bool {
	lower := strings.ToLower(key)
	if v, ok := attachedKeys.Load(lower); ok {
		return v.(bool)
	}
	prefix, _, _ := strings.Cut(lower, ":")
	attached := false
	if svc, ok := catalog.Service(prefix); ok {
		for _, a := range svc.Actions {
			if a.HasConditionKey(key) {
				attached = true
				break
			}
		}
	}
	attachedKeys.Store(lower, attached)
	return attached
}

// typeFits reports whether an operator family can compare values of a key
// type. Keys of type ARN also take String operators.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func typeFits(family string, t catalog.KeyType) bool {
	switch t.Element() {
	case catalog.String:
		return family == "String"
	case catalog.ARN:
		return family == "ARN" || family == "String"
	case catalog.Numeric:
		return family == "Numeric"
	case catalog.Date:
		return family == "Date"
	case catalog.Bool:
		return family == "Bool"
	case catalog.IPAddress:
		return family == "IP"
	case catalog.Binary:
		return family == "Binary"
	}
	return true
}

// checkQualifier reports an operator that does not fit the key's type and
// set qualifiers that do not fit the key's cardinality.
func (c *checker) checkQualifier(st *policy.Statement, cond *policy.Condition, key *catalog.KeyInfo) {
	op := cond.Operator
	if op.Kind == policy.Null {
		if op.Qualifier != policy.QualifierNone {
			c.report(CodeNullWithQualifier, cond.OperatorPath, "the Null operator takes no %s prefix: use Null alone",
				op.Qualifier)
		}
		return
	}
	if key == nil {
		return
	}
	family := op.Kind.Family()
	if !typeFits(family, key.Type) && !strings.EqualFold(key.Name, keyDurationSeconds) {
		c.report(CodeDataTypeMismatch, cond.Path, "operator %s compares %s values, but %q is of type %s: use %s operator",
			op.Name, family, cond.Key, key.Type, operatorFamilyFor(key.Type))
	}
	switch {
	case key.Type.MultiValued() && op.Qualifier == policy.QualifierNone:
		c.report(CodeMissingQualifier, cond.Path,
			"%q is multivalued, and %s without ForAllValues or ForAnyValue never matches a request that has the key: "+
				"write ForAllValues:%s or ForAnyValue:%s", cond.Key, op.Name, op.Name, op.Name)
	case !key.Type.MultiValued() && op.Qualifier == policy.ForAllValues:
		c.report(CodeForAllValuesSingle, cond.OperatorPath,
			"%q is single-valued, and ForAllValues also matches when the request lacks the key: remove the ForAllValues: prefix",
			cond.Key)
	case !key.Type.MultiValued() && op.Qualifier == policy.ForAnyValue:
		c.report(CodeForAnyValueSingle, cond.OperatorPath,
			"%q is single-valued, so ForAnyValue adds nothing: remove the ForAnyValue: prefix", cond.Key)
	case key.Type.MultiValued() && op.Qualifier == policy.ForAllValues && st.Effect == policy.Allow:
		c.checkNullGuard(st, cond)
	}
}

// operatorFamilyFor returns the operator family that compares values of
// type t, with its indefinite article, such as "an IpAddress".
func operatorFamilyFor(t catalog.KeyType) string {
	switch t.Element() {
	case catalog.Numeric:
		return "a Numeric"
	case catalog.Date:
		return "a Date"
	case catalog.Bool:
		return "a Bool"
	case catalog.IPAddress:
		return "an IpAddress"
	case catalog.Binary:
		return "a BinaryEquals"
	case catalog.ARN:
		return "an Arn"
	}
	return "a String"
}

// checkNullGuard reports ForAllValues in an Allow without a
// "Null": {key: "false"} condition in the same statement: ForAllValues
// matches a request that lacks the key.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
func (c *checker) checkNullGuard(st *policy.Statement, cond *policy.Condition) {
	for _, other := range st.Conditions {
		if other.Operator.Kind == policy.Null && strings.EqualFold(other.Key, cond.Key) &&
			len(other.Values) == 1 && other.Values[0].Text == "false" {
			return
		}
	}
	c.report(CodeForAllValuesNoNullGuard, cond.Path,
		"%s on %q in an Allow also matches a request without the key: add \"Null\": {%q: \"false\"} to the statement",
		cond.Operator.Name, cond.Key, cond.Key)
}
