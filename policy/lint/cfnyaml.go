package lint

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/iamgate/iamgate/policy"
)

// maxTemplateNodes bounds the nodes of a YAML template, aliases expanded,
// so nested aliases cannot turn a small file into a huge tree.
const maxTemplateNodes = 1 << 20

// parseTemplateYAML parses a CloudFormation template written in YAML.
// Short-form intrinsic tags become their long form: !Ref X becomes
// {"Ref": "X"}, !Sub s becomes {"Fn::Sub": s}, !GetAtt A.B becomes
// {"Fn::GetAtt": "A.B"}, and likewise for every other !Name.
func parseTemplateYAML(src []byte) (*policy.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("lint: invalid YAML template: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("lint: invalid YAML template: empty document")
	}
	count := 0
	return convertTemplateNode(doc.Content[0], "$", &count)
}

func convertTemplateNode(y *yaml.Node, path string, count *int) (*policy.Node, error) {
	*count++
	if *count > maxTemplateNodes {
		return nil, fmt.Errorf("lint: YAML template has more than %d nodes", maxTemplateNodes)
	}
	pos := policy.Pos{Line: y.Line, Column: y.Column}
	if y.Kind == yaml.AliasNode {
		return convertTemplateNode(y.Alias, path, count)
	}
	if fn := intrinsicTag(y.Tag); fn != "" {
		inner := *y
		inner.Tag = ""
		if y.Kind == yaml.ScalarNode {
			inner.Tag = "!!str"
		}
		child, err := convertTemplateNode(&inner, policy.MemberPath(path, fn), count)
		if err != nil {
			return nil, err
		}
		child.Key, child.KeyPos = fn, pos
		return &policy.Node{Kind: policy.NodeObject, Pos: pos, Path: path, Children: []*policy.Node{child}}, nil
	}
	switch y.Kind {
	case yaml.MappingNode:
		n := &policy.Node{Kind: policy.NodeObject, Pos: pos, Path: path}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			child, err := convertTemplateNode(v, policy.MemberPath(path, k.Value), count)
			if err != nil {
				return nil, err
			}
			child.Key, child.KeyPos = k.Value, policy.Pos{Line: k.Line, Column: k.Column}
			n.Children = append(n.Children, child)
		}
		return n, nil
	case yaml.SequenceNode:
		n := &policy.Node{Kind: policy.NodeArray, Pos: pos, Path: path}
		for i, v := range y.Content {
			child, err := convertTemplateNode(v, policy.IndexPath(path, i), count)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, child)
		}
		return n, nil
	}
	return &policy.Node{Kind: scalarKind(y), Value: y.Value, Pos: pos, Path: path}, nil
}

// intrinsicTag returns the long-form name of a short-form intrinsic tag:
// "Ref" for !Ref, "Condition" for !Condition, "Fn::Name" for any other
// !Name, and "" for a YAML core tag.
func intrinsicTag(tag string) string {
	if len(tag) < 2 || tag[0] != '!' || tag[1] == '!' {
		return ""
	}
	switch name := tag[1:]; name {
	case "Ref", "Condition":
		return name
	default:
		return "Fn::" + name
	}
}

func scalarKind(y *yaml.Node) policy.NodeKind {
	switch y.ShortTag() {
	case "!!int", "!!float":
		return policy.NodeNumber
	case "!!bool":
		return policy.NodeBool
	case "!!null":
		return policy.NodeNull
	}
	return policy.NodeString
}
