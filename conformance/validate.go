package conformance

import (
	"regexp"
	"strings"
)

// The request checks below accept only what AWS can put in a request.
// That is a caller ARN in the aws, aws-cn or aws-us-gov partition or a
// service principal name, an action with its service prefix, a resource
// ARN or "*", and 12-digit account ids. The evaluator reads principals
// the same way (evaluator.PrincipalFromARN).
var (
	// principalARNPattern matches an IAM or STS ARN with an account and a
	// resource part, such as arn:aws:iam::111122223333:user/alice.
	principalARNPattern = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):(iam|sts)::[0-9]{12}:[^\s[:cntrl:]]+$`)

	// servicePrincipalPattern matches a service principal name such as
	// ec2.amazonaws.com.
	servicePrincipalPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$`)

	// actionPattern matches service:Name with no wildcard, because a
	// request names one action.
	actionPattern = regexp.MustCompile(`^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$`)

	// resourceARNPattern matches an ARN with its six fields and a
	// partition, service and resource part. Region and account may be
	// empty, as in S3 ARNs, and are not checked further, because AWS
	// matches resource ARNs as strings. The resource part may hold
	// further colons and slashes.
	resourceARNPattern = regexp.MustCompile(`^arn:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:[^\s[:cntrl:]]+$`)

	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)

	// userARNPattern and roleARNPattern match IAM user and role ARNs,
	// with an optional path.
	userARNPattern = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:user/[^\s[:cntrl:]]+$`)
	roleARNPattern = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role/[^\s[:cntrl:]]+$`)

	// providerPattern matches an OIDC or SAML provider ARN or a provider
	// name such as accounts.google.com.
	providerPattern = regexp.MustCompile(
		`^(arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(oidc-provider|saml-provider)/[^\s[:cntrl:]]+|[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})$`)
)

// principalProblem returns what is wrong with a request principal, or ""
// when it is valid.
func principalProblem(p string) string {
	switch {
	case p == "*" || p == "anonymous":
		return ""
	case servicePrincipalPattern.MatchString(p):
		return ""
	case principalARNPattern.MatchString(p):
		return ""
	case strings.HasPrefix(p, "arn:"):
		return "invalid principal ARN %q: use arn:aws:iam::ACCOUNT:user/NAME, " +
			"arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION or another IAM or STS ARN " +
			"with a 12-digit account in the aws, aws-cn or aws-us-gov partition"
	}
	return "invalid principal %q: use an IAM or STS ARN, a service principal " +
		"such as ec2.amazonaws.com, \"anonymous\" or \"*\""
}

// actionProblem returns what is wrong with a request action, or "".
func actionProblem(a string) string {
	switch {
	case actionPattern.MatchString(a):
		return ""
	case strings.ContainsAny(a, "*?"):
		return "invalid action %q: a request names one action, so it has no wildcard; write service:Name"
	case !strings.Contains(a, ":"):
		return "invalid action %q: missing the service prefix; write service:Name, such as s3:GetObject"
	}
	return "invalid action %q: write service:Name, such as s3:GetObject, with letters, digits and hyphens in the prefix"
}

// resourceProblem returns what is wrong with a request resource, or "".
func resourceProblem(r string) string {
	if r == "*" || resourceARNPattern.MatchString(r) {
		return ""
	}
	return "invalid resource %q: use an ARN such as arn:aws:s3:::bucket/key, or \"*\""
}
