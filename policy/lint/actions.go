package lint

import (
	"strings"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/catalog"
)

// checkActions reports actions the service reference does not know,
// wildcards in service prefixes, variables, and repeated actions.
func (c *checker) checkActions(st *policy.Statement) {
	a := st.Action
	if a == nil {
		return
	}
	for i, v := range a.Values {
		if strings.Contains(v.Text, "${") {
			c.report(CodeVariableUnsupportedElement, v.Path,
				"%s %q contains a policy variable, which AWS does not replace in %s: name the action",
				a.Element("Action"), v.Text, a.Element("Action"))
			continue
		}
		c.checkAction(v)
		for _, prev := range a.Values[:i] {
			if covers(prev.Text, v.Text) {
				c.report(CodeRedundantAction, v.Path, "action %q is already matched by %q in the same statement: remove it",
					v.Text, prev.Text)
				break
			}
		}
	}
}

func (c *checker) checkAction(v policy.Value) {
	if v.Text == "*" {
		return
	}
	prefix, name, ok := strings.Cut(v.Text, ":")
	if !ok || prefix == "" || name == "" {
		c.report(CodeInvalidAction, v.Path, `action %q is not of the form "service:Action": write it as, for example, "s3:GetObject"`,
			v.Text)
		return
	}
	if strings.ContainsAny(prefix, "*?") {
		c.report(CodeWildcardInServiceName, v.Path,
			"action %q has a wildcard in its service prefix, which also matches services AWS adds later: name the service",
			v.Text)
		if len(catalog.MatchActions(v.Text)) == 0 {
			c.report(CodeInvalidAction, v.Path, "action pattern %q matches no action in the service reference (data of %s): correct it",
				v.Text, catalog.DataDate())
		}
		return
	}
	if _, ok := catalog.Service(prefix); !ok {
		c.report(CodeInvalidServiceInAct, v.Path,
			"service prefix %q in action %q is not in the service reference (data of %s): correct the prefix",
			prefix, v.Text, catalog.DataDate())
		return
	}
	if strings.ContainsAny(name, "*?") {
		if len(catalog.MatchActions(v.Text)) == 0 {
			c.report(CodeInvalidAction, v.Path, "action pattern %q matches no %s action in the service reference (data of %s): correct it",
				v.Text, prefix, catalog.DataDate())
		}
		return
	}
	if _, ok := catalog.Action(v.Text); !ok {
		c.report(CodeInvalidAction, v.Path, "action %q is not in the service reference (data of %s): correct the action name",
			v.Text, catalog.DataDate())
	}
}

// covers reports whether pattern a matches every string pattern b
// matches, for IAM action or resource patterns: equal text, "*", or a
// wildcard pattern a that matches b read as a literal. Action names
// compare case-insensitively; callers lower-case both for actions.
func covers(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	if !strings.ContainsAny(a, "*?") {
		return false
	}
	return catalog.Wildcard(strings.ToLower(a), strings.ToLower(b))
}

// Partitions that AWS documents for ARNs.
var partitions = map[string]bool{
	"aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": true, "aws-iso-b": true,
	"aws-iso-e": true, "aws-iso-f": true, "aws-eusc": true,
}

// checkResources reports malformed ARNs and repeated resources.
func (c *checker) checkResources(st *policy.Statement) {
	r := st.Resource
	if r == nil {
		return
	}
	for i, v := range r.Values {
		if strings.Contains(v.Text, "${") {
			c.checkVariableSyntax(v)
		}
		c.checkARN(v, r.Element("Resource"), CodeInvalidARNPrefix)
		c.checkARNFormat(v, r.Element("Resource"))
		for _, prev := range r.Values[:i] {
			if prev.Text == v.Text || (strings.ContainsAny(prev.Text, "*?") && catalog.Wildcard(prev.Text, v.Text)) {
				c.report(CodeRedundantResource, v.Path, "resource %q is already matched by %q in the same statement: remove it",
					v.Text, prev.Text)
				break
			}
		}
	}
}

// checkARN reports a malformed resource ARN. notARN is the code for a
// value that is not "*" and does not start with "arn:". Fields holding
// wildcards or policy variables are not checked.
func (c *checker) checkARN(v policy.Value, element, notARN string) {
	if v.Text == "*" || unresolved(v.Text) {
		return
	}
	if !strings.HasPrefix(v.Text, "arn:") {
		c.report(notARN, v.Path, `%s %q is neither "*" nor an ARN: write arn:partition:service:region:account-id:resource`,
			element, v.Text)
		return
	}
	fields := splitARN(v.Text)
	if len(fields) < 6 {
		c.report(CodeMissingARNField, v.Path, "%s %q has %d of the 6 ARN fields: write arn:partition:service:region:account-id:resource",
			element, v.Text, len(fields))
		return
	}
	c.checkARNVariables(v, element, fields)
	partition, service, region, account := fields[1], fields[2], fields[3], fields[4]
	switch {
	case !literal(partition):
	case !partitions[partition]:
		c.report(CodeInvalidPartition, v.Path, "%s %q names partition %q: use aws, aws-cn or aws-us-gov", element, v.Text, partition)
	}
	switch {
	case !literal(service):
	case service != strings.ToLower(service):
		c.report(CodeInvalidARNServiceCase, v.Path, "%s %q has service %q: write it in lower case", element, v.Text, service)
	case !knownARNService(service):
		c.report(CodeInvalidARNService, v.Path, "%s %q names service %q, which the service reference (data of %s) does not know: correct it",
			element, v.Text, service, catalog.DataDate())
	}
	if literal(region) && region != "" && !regionCode(region) {
		c.report(CodeInvalidARNRegion, v.Path, "%s %q has Region %q, which is not a Region code such as us-east-1: correct it",
			element, v.Text, region)
	}
	if literal(account) && account != "" && !accountID(account) && account != "aws" {
		c.report(CodeInvalidARNAccount, v.Path, "%s %q has account %q, which is not a 12-digit account ID: correct it",
			element, v.Text, account)
	}
}

// checkARNVariables reports policy variables before the resource field of
// a Resource ARN, where AWS does not replace them.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
func (c *checker) checkARNVariables(v policy.Value, element string, fields []string) {
	if !strings.HasSuffix(element, "Resource") {
		return
	}
	for _, f := range fields[:5] {
		if strings.Contains(f, "${") {
			c.report(CodeVariableUnsupportedElement, v.Path,
				"%s %q has a policy variable before the resource field, where AWS replaces none: "+
					"move it into the resource field or into a condition", element, v.Text)
			return
		}
	}
}

// splitARN splits an ARN into at most six fields at the colons outside
// policy variables, so that ${aws:username} stays within one field.
func splitARN(arn string) []string {
	var fields []string
	start, depth := 0, 0
	for i := 0; i < len(arn) && len(fields) < 5; i++ {
		switch {
		case strings.HasPrefix(arn[i:], "${"):
			depth++
			i++
		case arn[i] == '}' && depth > 0:
			depth--
		case arn[i] == ':' && depth == 0:
			fields = append(fields, arn[start:i])
			start = i + 1
		}
	}
	return append(fields, arn[start:])
}

// literal reports whether an ARN field holds no wildcard and no variable.
func literal(field string) bool {
	return !strings.ContainsAny(field, "*?") && !strings.Contains(field, "${")
}

// arnServiceAliases are ARN service fields that differ from every action
// prefix in the service reference.
var arnServiceAliases = map[string]bool{"s3-object-lambda": true, "s3-outposts": true, "elasticloadbalancing": true}

func knownARNService(service string) bool {
	if arnServiceAliases[service] {
		return true
	}
	_, ok := catalog.Service(service)
	return ok
}

// regionCode reports whether s looks like a Region code: lower-case
// letters and digits in dash-separated parts ending in a digit, such as
// us-east-1 or us-gov-west-1.
func regionCode(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			if (p[i] < 'a' || p[i] > 'z') && (p[i] < '0' || p[i] > '9') {
				return false
			}
		}
	}
	last := parts[len(parts)-1]
	return last[0] >= '0' && last[0] <= '9'
}

func accountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
