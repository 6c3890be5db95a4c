// Package evaluator decides AWS IAM authorization requests the way AWS
// does, from compiled policies.
//
// Compile turns a parsed policy.Document into a Policy once: it looks up
// operators, lower-cases action patterns and condition keys, parses
// numbers, dates, CIDR blocks and base64 values, and prepares wildcard
// patterns. Evaluate then runs a Request against a PolicySet and returns a
// Decision (Allow, ExplicitDeny or ImplicitDeny) with the policy type and
// statements that decided it, and on request a trace of every statement.
//
// The decision follows AWS's policy evaluation logic:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// An explicit deny in any applicable policy wins. Otherwise every SCP
// level must allow, every VPC endpoint policy must allow, and the
// identity-based policies (limited by the permissions boundary and
// session policies) or, in the caller's own account, a resource-based
// policy that names the caller must allow. Across accounts both the
// identity side and the resource-based policy must allow. RCPs can only
// deny, because RCPFullAWSAccess is implied at every level.
//
// Conditions follow the IAM condition operator reference:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Values that do not parse as their operator's type behave as AWS was
// observed to evaluate them: they match no policy value, except that a
// request value that is not an address or an ARN makes IpAddress,
// NotIpAddress, ArnLike and ArnNotLike all false, and an Arn pattern that
// is not an ARN is an evaluation error. A Numeric, Date or IP policy
// value that does not parse matches nothing only in a session policy,
// where AWS was observed to accept one. In every other policy type it is
// an evaluation error. An evaluation error makes a Deny apply and an
// Allow not apply, so it never grants access. Choices AWS does not
// document are recorded in docs/semantics.md.
//
// Policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)
// are read only under Version 2012-10-17, in the values of String and Arn
// operators and in the resource part of Resource values.
//
// A Policy is immutable and safe for concurrent use. With Options.Trace
// off, Evaluate does not allocate, except once to build the role ARN of a
// role session whose Principal.RoleARN is empty when a policy needs it,
// and once to build a federated user's aws:userid when Principal.UserID
// is empty and a policy reads it.
package evaluator
