// Package policy parses AWS IAM policy documents, written in JSON or YAML,
// into a typed model that keeps the line, column and JSON path of every
// element, key and value.
//
// Parse checks a document against the IAM policy grammar
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
// and the element reference
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html):
// Version, Id and Statement at the top level; Sid, Effect, Principal or
// NotPrincipal, Action or NotAction, Resource or NotResource and Condition
// in a statement. A malformed document yields an ErrorList naming every
// problem with its position, path and fix, and no Document, so that a
// malformed policy can never be evaluated.
//
// The parser checks structure only. Rules that depend on the policy type
// (a trust policy needs a Principal, an identity policy must not have one)
// belong to the evaluator and to the linter in policy/lint.
//
// ParseTree returns the raw node tree that the model is built from, for
// tools that need positions of arbitrary keys, such as the linter and
// extractors for CloudFormation and Terraform templates.
package policy
