package lint

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// FileResult is the outcome of linting one file.
type FileResult struct {
	File string

	// Kind is the format the file was read as: "policy", "cloudformation"
	// or "terraform-plan". It is "skipped" when Skipped is set and
	// "unreadable" for a result made by Unreadable.
	Kind string

	// Policies counts the policy documents linted. A policy file counts
	// as one whether or not it parses; a template or plan counts each
	// policy found in it, including one held in a JSON string that does
	// not parse. A skipped or unreadable file counts none.
	Policies int

	Findings []Finding

	// Skipped, when not empty, says why the file was not linted: its top
	// level names no element of a policy, template or plan (see
	// Options.SkipUnrecognized), or the caller found it is not a regular
	// file.
	Skipped string

	// ReadError, when not nil, is why the file could not be read. Output
	// reports it as an error for the file.
	ReadError error
}

// Unreadable returns the result for a file that could not be read. The
// error should not repeat the file name, which output prints beside it.
func Unreadable(name string, err error) FileResult {
	return FileResult{File: name, Kind: "unreadable", ReadError: err}
}

// SkippedFile returns the result for a file that was not linted, with
// the reason.
func SkippedFile(name, reason string) FileResult {
	return FileResult{File: name, Kind: "skipped", Skipped: reason}
}

// notRecognized is the reason a file without any top-level element of a
// policy, template or plan is skipped (see recognizedElements).
const notRecognized = "not a policy, CloudFormation template or Terraform plan"

// LintFile lints the policies in one file: a policy document (JSON or
// YAML), a CloudFormation template (JSON or YAML, with short-form
// intrinsic function tags such as !Sub) or a Terraform plan in JSON
// (terraform show -json). name is reported in findings, and its extension
// (.yaml or .yml) makes a syntax error be reported as YAML.
func LintFile(name string, src []byte, opts Options) FileResult {
	res := FileResult{File: name, Kind: "policy", Policies: 1}
	root, err := parseSource(name, src)
	if err != nil {
		res.Findings = treeErrors(name, yamlSyntaxErrors(name, src, err), opts)
		return res
	}
	if opts.SkipUnrecognized && !recognized(root) {
		return SkippedFile(name, notRecognized)
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

// recognizedElements are the top-level members that make a document a
// policy ("Statement" in any letter case, because a policy with a
// mis-cased element is still a policy to report on), a CloudFormation
// template or a Terraform plan.
var recognizedElements = []string{"Version", "AWSTemplateFormatVersion", "Resources",
	"format_version", "planned_values", "resource_changes"}

// recognized reports whether root is an object with at least one
// top-level element of a policy, template or plan.
func recognized(root *policy.Node) bool {
	if root.Kind != policy.NodeObject {
		return false
	}
	for _, ch := range root.Children {
		if strings.EqualFold(ch.Key, "Statement") {
			return true
		}
		for _, name := range recognizedElements {
			if ch.Key == name {
				return true
			}
		}
	}
	return false
}

// yamlSyntaxErrors returns the YAML parser's errors for a file named as
// YAML whose text looked like JSON (YAML's flow style starts with { or
// [) and failed both parsers, so that the message says YAML. Other
// errors are returned unchanged.
func yamlSyntaxErrors(name string, src []byte, err error) error {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".yaml" && ext != ".yml" {
		return err
	}
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) == 0 || !strings.HasPrefix(list[0].Message, "invalid JSON") {
		return err
	}
	if _, yerr := policy.ParseYAML(src); yerr != nil {
		return yerr
	}
	return err
}

// parseSource parses a file into a node tree. YAML is read first as a
// CloudFormation template, which may use application tags such as !Ref
// that the policy parser does not resolve, and otherwise as a policy.
// Text starting with '{' or '[' is JSON unless the file name ends in
// .yaml or .yml: JSON input is never re-read as YAML, which would accept
// trailing commas and '#' comments that hide statements.
func parseSource(name string, src []byte) (*policy.Node, error) {
	yamlFile := isYAMLName(name)
	if yamlFile || !isJSONText(src) {
		if tree, err := parseTemplateYAML(src); err == nil && isTemplate(tree) {
			return tree, nil
		}
	}
	if yamlFile {
		return policy.ParseTreeYAML(src)
	}
	return policy.ParseTree(src)
}

func isYAMLName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
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
