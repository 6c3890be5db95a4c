package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// Options configures a lint run. The zero Options guesses each policy's
// type and reports every finding.
type Options struct {
	// Type is the policy type of documents whose type their file does not
	// fix. A CloudFormation or Terraform resource fixes the type of the
	// policies it holds (AssumeRolePolicyDocument is a trust policy), and
	// Type does not override it. TypeUnknown guesses from the document.
	Type PolicyType

	// Ignore lists finding codes to drop.
	Ignore []string

	// SkipUnrecognized makes LintFile skip a file that parses but whose
	// top level is not an object naming Statement (in any letter case),
	// Version, AWSTemplateFormatVersion, Resources, format_version,
	// planned_values or resource_changes, such as package.json or a CI
	// workflow. Its FileResult then has Skipped set and no findings. A
	// file that does not parse is linted and reported. Directory walks
	// set it; a file named on purpose should be linted whatever it holds.
	SkipUnrecognized bool
}

// Policy is one policy document to lint: a whole policy file or a policy
// found inside a template or plan.
type Policy struct {
	// File is the file name reported in findings.
	File string

	// Document locates the policy within File; empty for a policy file.
	Document string

	// Type is the policy type the file fixes, or TypeUnknown.
	Type PolicyType

	// Service is the prefix of the service whose resource holds the
	// policy, such as "sqs", when the file names the resource type. It
	// selects the service's own quotas.
	Service string

	// Root is the document's tree. Its Path may be a path within a larger
	// file; findings report paths relative to Root.
	Root *policy.Node

	// Text is the document as written, used for the size limits that
	// count whitespace. When nil, the compact JSON form is counted.
	Text []byte

	// At, when not zero, is the position every finding reports: the JSON
	// string that holds the policy in a Terraform plan, whose inner
	// positions do not map onto the file.
	At policy.Pos

	// err is the parse error of a policy held in a string, nil when
	// Root is set.
	err error
}

// checker holds the state of linting one document.
type checker struct {
	p   Policy
	typ PolicyType
	doc *policy.Document
	// nodes maps relative JSON paths to nodes; built on first use,
	// because most documents have no findings to place.
	nodes    map[string]*policy.Node
	findings []Finding
	// compact is the document as compact JSON, encoded on first use by
	// the size checks.
	compact []byte
}

// compactText returns the document without whitespace between tokens.
func (c *checker) compactText() []byte {
	if c.compact == nil {
		c.compact = encodeNode(c.p.Root)
	}
	return c.compact
}

// Lint checks one policy document and returns its findings, sorted by
// position. Codes listed in opts.Ignore are dropped. A Policy without a
// Root has nothing to check and yields no findings.
func Lint(p Policy, opts Options) []Finding {
	if p.Root == nil {
		return nil
	}
	c := &checker{p: p, typ: p.Type}
	if c.typ == TypeUnknown {
		c.typ = opts.Type
	}
	c.checkTree(p.Root)

	// Build reads the tree already parsed, so positions and paths are the
	// file's. A document with any parse error gets no further checks,
	// because Build returns no partial Document.
	doc, err := policy.Build(p.Root)
	if err != nil {
		c.parseErrors(err)
		return c.result(opts)
	}
	c.doc = doc
	if c.typ == TypeUnknown {
		c.typ = guessType(doc)
	}
	c.checkSize()
	c.checkServiceQuotas()
	c.checkDocument()
	for _, st := range doc.Statements {
		c.checkStatement(st)
	}
	c.checkRedundantStatements()
	return c.result(opts)
}

func (c *checker) result(opts Options) []Finding {
	out := c.findings[:0]
	for _, f := range c.findings {
		if !ignored(opts.Ignore, f.Code) {
			out = append(out, f)
		}
	}
	sortFindings(out)
	return out
}

func ignored(list []string, code string) bool {
	for _, s := range list {
		if strings.EqualFold(s, code) {
			return true
		}
	}
	return false
}

// report adds a finding for the element at path, a JSON path relative to
// the document root, with the rule's default severity.
func (c *checker) report(code, path, format string, args ...any) {
	c.reportSeverity(code, rules[code].Severity, path, format, args...)
}

func (c *checker) reportSeverity(code string, sev Severity, path, format string, args ...any) {
	path = c.relPath(path)
	pos := c.position(path)
	c.findings = append(c.findings, Finding{
		Code:     code,
		Severity: sev,
		File:     c.p.File,
		Line:     pos.Line,
		Column:   pos.Column,
		Document: c.p.Document,
		Path:     path,
		Message:  fmt.Sprintf(format, args...),
	})
}

// position returns where the element at path starts in the file, using
// the nearest enclosing element when path names no node (a position
// inside a Terraform JSON string maps onto the string itself).
func (c *checker) position(path string) policy.Pos {
	if c.p.At != (policy.Pos{}) {
		return c.p.At
	}
	if c.nodes == nil {
		c.nodes = indexNodes(c.p.Root)
	}
	for {
		if n, ok := c.nodes[path]; ok {
			if n.KeyPos != (policy.Pos{}) && n.Kind != policy.NodeString {
				return n.KeyPos
			}
			return n.Pos
		}
		parent := parentPath(path)
		if parent == path {
			if c.p.Root != nil {
				return c.p.Root.Pos
			}
			return policy.Pos{}
		}
		path = parent
	}
}

// relPath returns a JSON path of the file relative to the document root.
// The Document that Build returns carries the file's paths, which for a
// policy inside a template start with the policy's own path.
func (c *checker) relPath(path string) string {
	prefix := c.p.Root.Path
	if prefix == "$" || prefix == "" || !strings.HasPrefix(path, prefix) {
		return path
	}
	return "$" + path[len(prefix):]
}

// node returns the node at a JSON path of the file or relative to the
// document root, nil when there is none.
func (c *checker) node(path string) *policy.Node {
	if c.nodes == nil {
		c.nodes = indexNodes(c.p.Root)
	}
	return c.nodes[c.relPath(path)]
}

// parentPath strips the last member or index from a JSON path.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i <= 0 {
		return path
	}
	// A bracketed member name may itself contain '.' or '['.
	if strings.HasSuffix(path, `"]`) {
		if j := strings.LastIndex(path, `["`); j > 0 {
			return path[:j]
		}
	}
	return path[:i]
}

// indexNodes maps the JSON path of every node, relative to root, to the
// node.
func indexNodes(root *policy.Node) map[string]*policy.Node {
	nodes := make(map[string]*policy.Node, 64)
	if root == nil {
		return nodes
	}
	prefix := root.Path
	var walk func(n *policy.Node)
	walk = func(n *policy.Node) {
		if prefix == "$" {
			nodes[n.Path] = n
		} else {
			nodes["$"+strings.TrimPrefix(n.Path, prefix)] = n
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(root)
	return nodes
}

// parseErrors turns the parser's errors into findings.
func (c *checker) parseErrors(err error) {
	var list policy.ErrorList
	if !errors.As(err, &list) {
		c.report(CodeJSONSyntaxError, "$", "%v", err)
		return
	}
	for _, e := range list {
		msg := e.Message
		if e.Fix != "" {
			msg += ": " + e.Fix
		}
		c.report(parseErrorCode(e), e.Path, "%s", msg)
	}
}

func parseErrorCode(e *policy.Error) string {
	switch e.Code {
	case policy.CodeDuplicateKey:
		return CodeDuplicateKeys
	case policy.CodeUnknownElement:
		return CodeInvalidPolicyElement
	case policy.CodeConflict:
		return CodeUnsupportedCombination
	case policy.CodeWrongType:
		return CodeInvalidElementType
	case policy.CodeInvalidOperator:
		if operatorBase(e.Message) == "NullIfExists" {
			return CodeNullWithIfExists
		}
		return CodeInvalidOperator
	case policy.CodeInvalidPrincipal:
		if strings.Contains(e.Message, "wildcard") {
			return CodeUnsupportedWildcardPrinc
		}
		return CodeInvalidPrincipalFormat
	case policy.CodeMissingElement:
		switch e.Element {
		case "Statement":
			return CodeMissingStatement
		case "Effect":
			return CodeMissingEffect
		case "Action":
			return CodeMissingAction
		case "Resource":
			return CodeMissingResource
		case "Principal":
			return CodeMissingPrincipal
		}
		return CodeInvalidPolicyElement
	case policy.CodeInvalidValue:
		switch e.Element {
		case "Version":
			return CodeInvalidVersion
		case "Effect":
			return CodeInvalidEffect
		}
		return CodeInvalidElementType
	}
	return CodeJSONSyntaxError
}

// operatorBase returns the operator named in a parser message such as
// `invalid condition operator "ForAllValues:NullIfExists"`, without its
// set qualifier.
func operatorBase(message string) string {
	_, name, _ := strings.Cut(message, `"`)
	name, _, _ = strings.Cut(name, `"`)
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// guessType returns the policy type a document most likely is. Statements
// that name principals, have no Resource element and name only the sts
// actions that trust policies control make a trust policy. Other
// statements that name principals make a resource-based policy, and a
// document whose statements name no principal is identity-based.
func guessType(doc *policy.Document) PolicyType {
	principals, trust := false, true
	for _, st := range doc.Statements {
		if st.Resource != nil {
			trust = false
		}
		if st.Principal == nil {
			continue
		}
		principals = true
		if st.Action == nil || st.Action.Not {
			trust = false
			continue
		}
		for _, v := range st.Action.Values {
			if !trustAction(v.Text) {
				trust = false
			}
		}
	}
	switch {
	case principals && trust:
		return TypeTrust
	case principals:
		return TypeResource
	}
	return TypeIdentity
}
