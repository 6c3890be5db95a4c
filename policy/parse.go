package policy

// Parse parses a policy document written in JSON or YAML. Input whose
// first character, after an optional UTF-8 byte order mark and
// whitespace, is '{' is read as JSON, and anything else as YAML. Input
// that starts with '{' must therefore be valid JSON: Parse never falls
// back to YAML for it, because YAML would accept text that no JSON reader
// accepts (a trailing comma, or a '#' that turns the rest of a line,
// such as a Deny statement, into a comment). Use ParseYAML for a YAML
// flow mapping such as {Version: 2012-10-17, ...}.
//
// Parse returns either a Document or an ErrorList holding every problem
// found, never both.
func Parse(src []byte) (*Document, error) {
	return buildDocument(detectTree(src, true))
}

// detectTree parses src as JSON or YAML, as Parse describes. With strict
// set, YAML application tags such as !Sub are errors.
func detectTree(src []byte, strict bool) (*Node, ErrorList) {
	if isJSONStart(src) {
		return parseJSONTree(src)
	}
	return convertYAML(src, strict)
}

// ParseJSON parses a JSON policy document. It returns either a Document or
// an ErrorList holding every problem found, never both.
func ParseJSON(src []byte) (*Document, error) {
	return buildDocument(parseJSONTree(src))
}

// ParseYAML parses a YAML policy document. YAML numbers and booleans in
// condition values keep their text as written (300 becomes "300"). It
// returns either a Document or an ErrorList holding every problem found,
// never both.
func ParseYAML(src []byte) (*Document, error) {
	return buildDocument(parseYAMLTree(src))
}

// ParseTree parses a JSON or YAML document, detected as by Parse, into a
// raw node tree without checking it against the policy grammar. It
// reports syntax errors, invalid UTF-8, oversized or too deeply nested
// input and duplicate keys, and returns either a tree or an ErrorList,
// never both.
func ParseTree(src []byte) (*Node, error) {
	return finishTree(detectTree(src, false))
}

// ParseTreeYAML parses a YAML document into a raw node tree, as ParseTree
// does, whatever its first character: for a file known to be YAML, whose
// flow mapping may start with '{'. Application tags such as !Sub are kept
// in Node.Tag.
func ParseTreeYAML(src []byte) (*Node, error) {
	return finishTree(convertYAML(src, false))
}

func finishTree(root *Node, errs ErrorList) (*Node, error) {
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return root, nil
}

// Build builds a Document from a tree returned by ParseTree, or from any
// object node within one, such as a policy embedded in a CloudFormation
// template. The Document keeps the tree's positions and paths. Nodes with
// a YAML application tag are rejected, as Parse rejects them, so resolve
// or clear tags first. Build returns either a Document or an ErrorList,
// never both.
func Build(root *Node) (*Document, error) {
	if root == nil {
		return nil, ErrorList{emptyDocumentError()}
	}
	var errs ErrorList
	walkTags(root, &errs)
	return buildDocument(root, errs)
}

func walkTags(n *Node, errs *ErrorList) {
	if n.Tag != "" {
		*errs = append(*errs, tagError(n.Tag, n.Pos, n.Path))
	}
	for _, c := range n.Children {
		walkTags(c, errs)
	}
}

// buildDocument builds the model from a tree and merges the tree's
// problems with the builder's.
func buildDocument(root *Node, treeErrs ErrorList) (*Document, error) {
	if root == nil {
		return nil, treeErrs
	}
	b := &builder{errs: treeErrs}
	doc := b.document(root)
	if len(b.errs) > 0 {
		b.errs.sort()
		return nil, b.errs
	}
	return doc, nil
}
