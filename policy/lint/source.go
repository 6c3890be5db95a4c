package lint

import (
	"errors"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// FileResult is the outcome of linting one file.
type FileResult struct {
	File string

	// Kind is the format the file was read as: "policy", "cloudformation" or
	// "terraform-plan".
	Kind string

	// Policies counts the policy documents found and linted.
	Policies int

	Findings []Finding
}

// LintFile lints the policies in one file: a policy document (JSON or
// YAML), a CloudFormation template (JSON or YAML, with short-form
// intrinsic function tags such as !Sub) or a Terraform plan in JSON
// (terraform show -json). name is reported in findings.
func LintFile(name string, src []byte, opts Options) FileResult {
	res := FileResult{File: name, Kind: "policy"}
	root, err := parseSource(src)
	if err != nil {
		res.Findings = treeErrors(name, err, opts)
		return res
	}
	var policies []Policy
	switch {
	case isTemplate(root):
		res.Kind = "cloudformation"
		policies = templatePolicies(name, root)
	case isTerraformPlan(root):
		res.Kind = "terraform-plan"
		policies = terraformPolicies(name, root)
	default:
		policies = []Policy{{File: name, Root: root, Text: src}}
	}
	res.Policies = len(policies)
	for _, p := range policies {
		if p.Root == nil {
			continue
		}
		res.Findings = append(res.Findings, Lint(p, opts)...)
	}
	for _, p := range policies {
		if p.Root == nil && p.err != nil {
			for _, f := range treeErrors(name, p.err, opts) {
				f.Document = p.Document
				if p.At != (policy.Pos{}) {
					f.Line, f.Column = p.At.Line, p.At.Column
				}
				res.Findings = append(res.Findings, f)
			}
		}
	}
	sortFindings(res.Findings)
	return res
}

// parseSource parses a file into a node tree. YAML is read first as a
// CloudFormation template, which may use application tags such as !Ref
// that the policy parser does not resolve, and otherwise as a policy.
func parseSource(src []byte) (*policy.Node, error) {
	if !isJSONText(src) {
		if tree, err := parseTemplateYAML(src); err == nil && isTemplate(tree) {
			return tree, nil
		}
	}
	return policy.ParseTree(src)
}

func isJSONText(src []byte) bool {
	s := strings.TrimLeft(strings.TrimPrefix(string(src), "\uFEFF"), " \t\r\n")
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}

// treeErrors turns the errors of a raw parse into findings.
func treeErrors(name string, err error, opts Options) []Finding {
	var list policy.ErrorList
	if !errors.As(err, &list) {
		list = policy.ErrorList{{Code: policy.CodeSyntax, Message: err.Error()}}
	}
	var out []Finding
	for _, e := range list {
		code := parseErrorCode(e)
		if ignored(opts.Ignore, code) {
			continue
		}
		msg := e.Message
		if e.Fix != "" {
			msg += ": " + e.Fix
		}
		path := e.Path
		if path == "" {
			path = "$"
		}
		out = append(out, Finding{Code: code, Severity: rules[code].Severity, File: name,
			Line: e.Pos.Line, Column: e.Pos.Column, Path: path, Message: msg})
	}
	return out
}

// embeddedPolicy returns the policy held in a JSON string node, such as a
// Terraform policy attribute. Findings point at the string; the error of
// an invalid string is kept for the caller to report.
func embeddedPolicy(file, document string, typ PolicyType, n *policy.Node) Policy {
	p := Policy{File: file, Document: document, Type: typ, Text: []byte(n.Value), At: n.Pos}
	root, err := policy.ParseTree([]byte(n.Value))
	if err != nil {
		p.err = err
		return p
	}
	p.Root = root
	return p
}
