package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxAliasNodes bounds how many nodes YAML aliases may expand to in one
// document, so that nested aliases cannot turn a small input into a huge
// tree.
const MaxAliasNodes = 10000

// yamlConverter turns a yaml.v3 node tree into a Node tree.
type yamlConverter struct {
	// strict rejects application tags such as CloudFormation's !Sub, which
	// have no meaning in a policy document.
	strict     bool
	aliasNodes int
	errs       ErrorList
}

// errStop ends a conversion after a problem that leaves no usable tree.
var errStop = errors.New("stop")

// parseYAMLTree parses src into a node tree, rejecting application tags.
func parseYAMLTree(src []byte) (*Node, ErrorList) {
	return convertYAML(src, true)
}

// convertYAML parses the single YAML document in src, and a second
// document is an error. It returns a nil tree when the input is not usable.
func convertYAML(src []byte, strict bool) (*Node, ErrorList) {
	if err := checkInput(src); err != nil {
		return nil, ErrorList{err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{emptyDocumentError()}
		}
		return nil, ErrorList{yamlSyntaxError(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		e := &Error{Code: CodeTrailingData, Pos: Pos{Line: extra.Line, Column: extra.Column},
			Message: "unexpected second YAML document",
			Fix:     "a policy is a single document; remove the text after the '---' separator"}
		if err != nil {
			e = yamlSyntaxError(err)
		}
		return nil, ErrorList{e}
	}
	if len(doc.Content) == 0 {
		return nil, ErrorList{emptyDocumentError()}
	}
	c := &yamlConverter{strict: strict}
	root, err := c.convert(doc.Content[0], "$", 0)
	if err != nil {
		return nil, c.errs
	}
	return root, c.errs
}

var yamlErrorLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlSyntaxError converts a yaml.v3 error, which carries a line but no
// column, into an Error.
//
// NOTE: for an error inside a block, yaml.v3 v3.0.1 reports the line where
// the enclosing block starts, not the line of the problem, and does not
// expose the latter.
func yamlSyntaxError(err error) *Error {
	e := &Error{Code: CodeSyntax, Message: "invalid YAML: " + err.Error(),
		Fix: "correct the YAML syntax at this line"}
	if m := yamlErrorLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		e.Pos = Pos{Line: line, Column: 1}
		e.Message = "invalid YAML: " + m[2]
	}
	return e
}

func (c *yamlConverter) fail(e *Error) error {
	c.errs = append(c.errs, e)
	return errStop
}

func (c *yamlConverter) convert(y *yaml.Node, path string, depth int) (*Node, error) {
	pos := Pos{Line: y.Line, Column: y.Column}
	if y.Kind == yaml.AliasNode {
		c.aliasNodes++
		if c.aliasNodes > MaxAliasNodes {
			return nil, c.fail(&Error{Code: CodeTooLarge, Pos: pos, Path: path,
				Message: fmt.Sprintf("YAML aliases expand to more than %d nodes", MaxAliasNodes),
				Fix:     "write the values out instead of repeating aliases"})
		}
		n, err := c.convert(y.Alias, path, depth)
		if n != nil {
			n.Pos = pos
		}
		return n, err
	}
	if c.aliasNodes > 0 {
		c.aliasNodes++
	}
	tag := y.ShortTag()
	if c.strict && len(tag) > 0 && tag[0] == '!' && !strings.HasPrefix(tag, "!!") {
		return nil, c.fail(tagError(tag, pos, path))
	}
	n := &Node{Pos: pos, Path: path}
	if tag != "" && tag[0] == '!' && (len(tag) < 2 || tag[1] != '!') {
		n.Tag = tag
	}
	switch y.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		if depth >= MaxDepth {
			return nil, c.fail(&Error{Code: CodeTooDeep, Pos: pos, Path: path,
				Message: fmt.Sprintf("document nests deeper than %d levels", MaxDepth),
				Fix:     "a policy needs at most a few levels of nesting; flatten the document"})
		}
		if y.Kind == yaml.MappingNode {
			n.Kind = NodeObject
			return n, c.mapping(n, y, depth+1)
		}
		n.Kind = NodeArray
		return n, c.sequence(n, y, depth+1)
	case yaml.ScalarNode:
		n.Kind, n.Value = scalarKind(tag), y.Value
		return n, nil
	}
	return nil, c.fail(&Error{Code: CodeSyntax, Pos: pos, Path: path,
		Message: "unsupported YAML node", Fix: "write the policy as a YAML mapping"})
}

func tagError(tag string, pos Pos, path string) *Error {
	return &Error{Code: CodeWrongType, Pos: pos, Path: path,
		Message: fmt.Sprintf("YAML tag %s is not valid in a policy document", tag),
		Fix:     "resolve template functions such as !Sub before parsing the policy"}
}

// scalarKind maps a resolved YAML tag to a node kind. Timestamps, binary
// data and application tags read as strings.
func scalarKind(tag string) NodeKind {
	switch tag {
	case "!!int", "!!float":
		return NodeNumber
	case "!!bool":
		return NodeBool
	case "!!null":
		return NodeNull
	}
	return NodeString
}

func (c *yamlConverter) mapping(n *Node, y *yaml.Node, depth int) error {
	seen := make(map[string]bool, len(y.Content)/2)
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		keyPos := Pos{Line: k.Line, Column: k.Column}
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			return c.fail(&Error{Code: CodeWrongType, Pos: keyPos, Path: n.Path,
				Message: "mapping key is not a scalar",
				Fix:     "use plain strings as keys"})
		}
		if k.ShortTag() == "!!merge" {
			return c.fail(&Error{Code: CodeSyntax, Pos: keyPos, Path: n.Path,
				Message: "YAML merge keys (<<) are not supported in a policy document",
				Fix:     "write the merged entries out"})
		}
		path := memberPath(n.Path, k.Value)
		if seen[k.Value] {
			c.errs = append(c.errs, duplicateKeyError(k.Value, keyPos, path))
		}
		seen[k.Value] = true
		child, err := c.convert(v, path, depth)
		if err != nil {
			return err
		}
		child.Key, child.KeyPos = k.Value, keyPos
		n.Children = append(n.Children, child)
	}
	return nil
}

func (c *yamlConverter) sequence(n *Node, y *yaml.Node, depth int) error {
	for i, e := range y.Content {
		child, err := c.convert(e, indexPath(n.Path, i), depth)
		if err != nil {
			return err
		}
		n.Children = append(n.Children, child)
	}
	return nil
}
