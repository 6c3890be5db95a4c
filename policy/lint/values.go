package lint

import (
	"net/netip"
	"strings"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkValues checks each value of a condition against its operator.
func (c *checker) checkValues(st *policy.Statement, cond *policy.Condition, key *catalog.KeyInfo) {
	op := cond.Operator
	family := op.Kind.Family()
	if cond.IsArray && len(cond.Values) == 0 {
		c.report(CodeEmptyArrayCondition, cond.Path, "condition key %q has an empty value array: add values or remove the key",
			cond.Key)
	}
	if op.Kind == policy.Bool && len(cond.Values) > 1 {
		c.report(CodeMultipleBoolean, cond.Path, "Bool on %q lists %d values: keep one", cond.Key, len(cond.Values))
	}
	for i, v := range cond.Values {
		if c.checkVariables(v, family) {
			continue
		}
		c.checkValue(st, cond, v, family)
		for _, prev := range cond.Values[:i] {
			if prev.Text == v.Text {
				c.report(CodeRedundantCondValue, v.Path, "value %q is listed twice for %q: remove one", v.Text, cond.Key)
				break
			}
		}
	}
	c.checkWebIdentityKey(cond, key)
}

// checkValue checks one value without policy variables.
func (c *checker) checkValue(st *policy.Statement, cond *policy.Condition, v policy.Value, family string) {
	op := cond.Operator
	switch family {
	case "String":
		if !likeOperator(op.Kind) && strings.ContainsAny(v.Text, "*?") && !unresolved(v.Text) {
			c.report(CodeWildcardWithoutLike, v.Path, "%s compares %q literally, so * and ? match only themselves: "+
				"use %s or remove the wildcard", op.Name, v.Text, likeFor(op.Kind))
		}
	case "Numeric":
		if !number(v.Text) {
			c.reportUnparsable(st, cond, v, CodeTypeMismatchNumber, "a number", "write an integer or decimal such as 3600")
		}
	case "Date":
		if !date(v.Text) {
			c.reportUnparsable(st, cond, v, CodeTypeMismatchDate, "an ISO 8601 date or epoch seconds",
				"write a date such as 2026-01-31T00:00:00Z")
		}
	case "Bool", "Null":
		c.checkBool(cond, v)
	case "IP":
		c.checkIP(st, cond, v)
	case "ARN":
		if v.Text != "*" && !unresolved(v.Text) && (!strings.HasPrefix(v.Text, "arn:") || strings.Count(v.Text, ":") < 5) {
			// AWS was observed to treat such a pattern as an evaluation
			// error, in session policies too; the evaluator does the same
			// when no earlier value of the list matched.
			outcome := "this Allow statement does not apply"
			if st.Effect == policy.Deny {
				outcome = "this Deny statement applies"
			}
			c.report(CodeTypeMismatchARN, v.Path, "%s value %q is not an ARN, so evaluating the condition fails "+
				"unless an earlier value matched, and %s (it fails closed): write a full ARN",
				op.Name, v.Text, outcome)
		}
	case "Binary":
		if !strictBase64(v.Text) {
			c.reportUnparsable(st, cond, v, CodeTypeMismatchBinary, "strict base64 (padded, with zero padding bits)",
				"encode the value in standard base64 with padding")
		}
	}
}

// reportUnparsable reports a Numeric, Date, IP or Binary policy value
// that does not parse as the operator's type. The evaluator treats the
// condition as an evaluation error whatever the request, except for a
// Numeric, Date or IP value in a session policy, which matches no request
// value, as AWS was observed to evaluate it.
func (c *checker) reportUnparsable(st *policy.Statement, cond *policy.Condition, v policy.Value,
	code, kind, fix string) {
	const rejected = "IAM rejects such a value with MalformedPolicyDocument when it stores a policy, " +
		"and Access Analyzer reports it as a type mismatch"
	op := cond.Operator
	if c.typ == TypeSession && code != CodeTypeMismatchBinary {
		c.report(code, v.Path, "%s value %q is not %s. In a session policy AWS accepts it and matches no request "+
			"value with it, so %s: %s", op.Name, v.Text, kind, sessionReading(op.Kind), fix)
		return
	}
	outcome := "this Allow statement never applies"
	if st.Effect == policy.Deny {
		outcome = "this Deny statement always applies"
	}
	c.report(code, v.Path, "%s value %q is not %s, so evaluating the condition fails and %s (it fails closed). "+
		"%s: %s", op.Name, v.Text, kind, outcome, rejected, fix)
}

// sessionReading describes a condition of kind k whose policy value
// matches no request value.
func sessionReading(k policy.OpKind) string {
	if k.Negated() {
		return "the condition holds for any request value"
	}
	return "the condition never holds for a request that has the key"
}

// checkBool checks a Bool or Null value. AWS and the evaluator read
// "true" in any letter case as true and every other text as false, so
// "yes" and "1" read as false. A Bool value that is neither true nor
// false is an ERROR because the condition then tests the opposite of what
// such a value suggests; under Null it is a WARNING.
func (c *checker) checkBool(cond *policy.Condition, v policy.Value) {
	op := cond.Operator
	switch {
	case v.Text == "true" || v.Text == "false":
	case strings.EqualFold(v.Text, "true") || strings.EqualFold(v.Text, "false"):
		c.reportSeverity(CodeTypeMismatchBoolean, Warning, v.Path, "%s value %q is not in lower case. AWS reads %q as %s, "+
			"but the IAM documentation writes only \"true\" and \"false\": write %q",
			op.Name, v.Text, v.Text, strings.ToLower(v.Text), strings.ToLower(v.Text))
	case op.Kind == policy.Null:
		c.reportSeverity(CodeTypeMismatchBoolean, Warning, v.Path, "%s value %q is not \"true\" or \"false\". AWS reads %q as false, "+
			"like any text other than \"true\" in any letter case, so the condition holds when %q is present: "+
			"write \"true\" or \"false\"", op.Name, v.Text, v.Text, cond.Key)
	default:
		c.report(CodeTypeMismatchBoolean, v.Path, "%s value %q is not \"true\" or \"false\". AWS reads %q as false, "+
			"like any text other than \"true\" in any letter case, so the condition holds when %q is false: "+
			"write \"true\" or \"false\"", op.Name, v.Text, v.Text, cond.Key)
	}
}

func likeOperator(k policy.OpKind) bool { return k == policy.StringLike || k == policy.StringNotLike }

func likeFor(k policy.OpKind) string {
	if k.Negated() {
		return "StringNotLike"
	}
	return "StringLike"
}

// privateRanges never appear in aws:SourceIp, which holds the public
// address a request came from.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

func (c *checker) checkIP(st *policy.Statement, cond *policy.Condition, v policy.Value) {
	prefix, ok := ipPrefix(v.Text)
	if !ok {
		c.reportUnparsable(st, cond, v, CodeTypeMismatchIPRange, "an IP address or CIDR block",
			"write one such as 203.0.113.0/24")
		return
	}
	if !strings.EqualFold(cond.Key, "aws:SourceIp") {
		return
	}
	for _, private := range privateRanges {
		if private.Bits() <= prefix.Bits() && private.Contains(prefix.Addr()) {
			code := CodePrivateIPAddress
			if cond.Operator.Kind == policy.NotIPAddress {
				code = CodePrivateNotIPAddress
			}
			c.report(code, v.Path, "aws:SourceIp never holds a private address such as %s: use aws:VpcSourceIp for private addresses",
				v.Text)
			return
		}
	}
}

// unresolved reports whether a value holds a CloudFormation or Terraform
// expression that the linter cannot resolve, such as {{Ref:BucketArn}}.
func unresolved(s string) bool { return strings.Contains(s, "{{") }

// variableFamilies are the operator families whose values AWS searches
// for policy variables.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
var variableFamilies = map[string]bool{"String": true, "ARN": true, "Bool": true}

// checkVariables checks the policy variables in a condition value and
// returns true when the value holds one, so value checks skip it.
func (c *checker) checkVariables(v policy.Value, family string) bool {
	if !strings.Contains(v.Text, "${") {
		return false
	}
	if !variableFamilies[family] {
		c.report(CodeInvalidVariableForOperator, v.Path, "value %q holds a policy variable, which %s operators do not replace: "+
			"use a String or Arn operator, or a literal", v.Text, family)
		return true
	}
	c.checkVariableSyntax(v)
	return true
}

// checkVariableSyntax checks each ${...} in a value: closed, not empty,
// no stray spaces, and a default value in single quotes. Under a Version
// other than 2012-10-17 AWS reads variables as literal text.
func (c *checker) checkVariableSyntax(v policy.Value) {
	if c.doc.Version != policy.Version2012 {
		c.report(CodeVariableUnsupportedVersion, v.Path,
			"%q holds a policy variable, but the document's Version is %q, so AWS reads it as literal text: "+
				`set "Version": "2012-10-17"`, v.Text, versionText(c.doc.Version))
	}
	rest := v.Text
	for {
		start := strings.Index(rest, "${")
		if start < 0 {
			return
		}
		rest = rest[start+2:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			c.report(CodeMissingBraceInVariable, v.Path, "policy variable in %q has no closing brace: add }", v.Text)
			return
		}
		c.checkVariable(v, rest[:end])
		rest = rest[end+1:]
	}
}

func (c *checker) checkVariable(v policy.Value, body string) {
	switch body {
	case "":
		c.report(CodeEmptyVariable, v.Path, "%q holds an empty policy variable ${}: name a condition key", v.Text)
		return
	case "*", "?", "$":
		return
	}
	key, def, hasDefault := strings.Cut(body, ", ")
	if strings.Contains(key, " ") || (!hasDefault && strings.Contains(body, " ")) {
		c.report(CodeUnsupportedSpaceInVariable, v.Path, "policy variable ${%s} contains a space: remove it", body)
		return
	}
	if !hasDefault && strings.Contains(body, ",") {
		c.report(CodeMissingQuoteInVariable, v.Path,
			"policy variable ${%s} separates its default without \", '\": write ${key, 'default'}", body)
		return
	}
	if hasDefault && (len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'') {
		c.report(CodeMissingQuoteInVariable, v.Path, "the default value of policy variable ${%s} is not in single quotes: write ${%s, '%s'}",
			body, key, strings.Trim(def, `'"`))
	}
}

func versionText(v string) string {
	if v == "" {
		return "absent"
	}
	return v
}
