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
// A value that does not parse as its operator's type (a non-numeric
// value under NumericLessThan, a non-ARN under ArnLike) is a type error:
// the statement then applies if it is a Deny and does not apply if it is
// an Allow, so a type error never grants access. Choices AWS does not
// document are recorded in docs/semantics.md.
//
// Policy variables (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)
// are read only under Version 2012-10-17, in the values of String and Arn
// operators and in the resource part of Resource values.
//
// A Policy is immutable and safe for concurrent use. With Options.Trace
// off, Evaluate does not allocate, except once to build the role ARN of a
// role session whose Principal.RoleARN is empty when a policy needs it.
package evaluator
