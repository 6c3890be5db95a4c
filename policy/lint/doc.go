// Package lint checks IAM policy documents before they are deployed and
// reports findings: what AWS would reject (ERROR), what grants more than
// its author likely meant (SECURITY_WARNING), what will not work as
// written (WARNING), and what could be simpler (SUGGESTION). Finding codes
// follow the IAM Access Analyzer policy check names where one exists
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
//
// The checks know the policy type (identity, resource, SCP, RCP,
// permissions boundary, session, VPC endpoint, role trust) and the IAM
// service reference in package catalog. Inputs are policy files in JSON
// or YAML, CloudFormation templates and Terraform plans in JSON; see
// LintFile. Findings print as text, JSON or SARIF 2.1.0.
package lint
