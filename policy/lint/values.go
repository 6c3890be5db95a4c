package lint

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkValues checks each value of a condition against its operator.
func (c *checker) checkValues(cond *policy.Condition, key *catalog.KeyInfo) {
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
		c.checkValue(cond, v, family)
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
func (c *checker) checkValue(cond *policy.Condition, v policy.Value, family string) {
	op := cond.Operator
	switch family {
	case "String":
		if !likeOperator(op.Kind) && strings.ContainsAny(v.Text, "*?") && !unresolved(v.Text) {
			c.report(CodeWildcardWithoutLike, v.Path, "%s compares %q literally, so * and ? match only themselves: "+
				"use %s or remove the wildcard", op.Name, v.Text, likeFor(op.Kind))
		}
	case "Numeric":
		if !number(v.Text) {
			c.report(CodeTypeMismatchNumber, v.Path, "%s value %q is not a number, so the condition never matches: write an integer or decimal",
				op.Name, v.Text)
		}
	case "Date":
		if !date(v.Text) {
			c.report(CodeTypeMismatchDate, v.Path, "%s value %q is not an ISO 8601 date or epoch seconds: write a date such as 2026-01-31T00:00:00Z",
				op.Name, v.Text)
		}
	case "Bool", "Null":
		if v.Text != "true" && v.Text != "false" {
			c.report(CodeTypeMismatchBoolean, v.Path, "%s value %q is not \"true\" or \"false\": write one of those", op.Name, v.Text)
		}
	case "IP":
		c.checkIP(cond, v)
	case "ARN":
		if v.Text != "*" && !unresolved(v.Text) && (!strings.HasPrefix(v.Text, "arn:") || strings.Count(v.Text, ":") < 5) {
			c.report(CodeTypeMismatchARN, v.Path, "%s value %q is not an ARN, so the condition never matches: write a full ARN",
				op.Name, v.Text)
		}
	case "Binary":
		if _, err := base64.StdEncoding.DecodeString(v.Text); err != nil {
			c.report(CodeTypeMismatchBinary, v.Path, "BinaryEquals value %q is not base64: encode the value in base64", v.Text)
		}
	}
}

func likeOperator(k policy.OpKind) bool { return k == policy.StringLike || k == policy.StringNotLike }

func likeFor(k policy.OpKind) string {
	if k.Negated() {
		return "StringNotLike"
	}
	return "StringLike"
}

func number(s string) bool {
	if s == "" || strings.ContainsAny(s, "xXnN_") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// dateLayouts are the W3C profiles of ISO 8601 that IAM accepts.
// Source: https://www.w3.org/TR/NOTE-datetime
var dateLayouts = []string{
	"2006", "2006-01", "2006-01-02", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
}

func date(s string) bool {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return true
	}
	for _, layout := range dateLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// privateRanges never appear in aws:SourceIp, which holds the public
// address a request came from.
var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

func (c *checker) checkIP(cond *policy.Condition, v policy.Value) {
	prefix, err := netip.ParsePrefix(v.Text)
	if err != nil {
		addr, aerr := netip.ParseAddr(v.Text)
		if aerr != nil {
			c.report(CodeTypeMismatchIPRange, v.Path, "%s value %q is not an IP address or CIDR block: write one such as 203.0.113.0/24",
				cond.Operator.Name, v.Text)
			return
		}
		prefix = netip.PrefixFrom(addr, addr.BitLen())
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
