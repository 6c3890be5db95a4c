package lint

import (
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/policy"
)

// isTemplate reports whether a tree is a CloudFormation template: an
// object with a Resources object whose entries have a Type.
func isTemplate(root *policy.Node) bool {
	res := root.Member("Resources")
	if res == nil || res.Kind != policy.NodeObject {
		return false
	}
	if root.Member("AWSTemplateFormatVersion") != nil {
		return true
	}
	for _, r := range res.Children {
		if t := r.Member("Type"); t != nil && strings.HasPrefix(t.Value, "AWS::") {
			return true
		}
	}
	return false
}

// templateProperty names a resource property that holds a policy
// document, and the type of that policy.
type templateProperty struct {
	property string
	typ      PolicyType
}

// templateResources maps CloudFormation resource types to their policy
// properties. AWS::Organizations::Policy is handled apart because its
// Type property decides the policy type.
var templateResources = map[string][]templateProperty{
	"AWS::IAM::Policy":                    {{"PolicyDocument", TypeIdentity}},
	"AWS::IAM::ManagedPolicy":             {{"PolicyDocument", TypeIdentity}},
	"AWS::IAM::RolePolicy":                {{"PolicyDocument", TypeIdentity}},
	"AWS::IAM::UserPolicy":                {{"PolicyDocument", TypeIdentity}},
	"AWS::IAM::GroupPolicy":               {{"PolicyDocument", TypeIdentity}},
	"AWS::IAM::Role":                      {{"AssumeRolePolicyDocument", TypeTrust}},
	"AWS::S3::BucketPolicy":               {{"PolicyDocument", TypeResource}},
	"AWS::SQS::QueuePolicy":               {{"PolicyDocument", TypeResource}},
	"AWS::SNS::TopicPolicy":               {{"PolicyDocument", TypeResource}},
	"AWS::KMS::Key":                       {{"KeyPolicy", TypeResource}},
	"AWS::SecretsManager::ResourcePolicy": {{"ResourcePolicy", TypeResource}},
	"AWS::ECR::Repository":                {{"RepositoryPolicyText", TypeResource}},
	"AWS::Logs::ResourcePolicy":           {{"PolicyDocument", TypeResource}},
	"AWS::EC2::VPCEndpoint":               {{"PolicyDocument", TypeEndpoint}},
}

// resourceService maps resource types whose service sets its own policy
// quotas to that service's prefix.
var resourceService = map[string]string{
	"AWS::SQS::QueuePolicy": "sqs",
	"aws_sqs_queue_policy":  "sqs",
}

// resourcesWithPolicies are the resource types whose Policies property
// lists inline identity-based policies.
var resourcesWithPolicies = map[string]bool{
	"AWS::IAM::Role": true, "AWS::IAM::User": true, "AWS::IAM::Group": true,
}

// templatePolicies returns the policies in a template, each with the
// policy type its resource gives it.
func templatePolicies(file string, root *policy.Node) []Policy {
	var out []Policy
	for _, res := range root.Member("Resources").Children {
		typ := res.Member("Type")
		props := res.Member("Properties")
		if typ == nil || props == nil || props.Kind != policy.NodeObject {
			continue
		}
		where := "Resources." + res.Key + ".Properties."
		for _, tp := range templateResources[typ.Value] {
			if doc := props.Member(tp.property); doc != nil {
				p := templatePolicy(file, where+tp.property, tp.typ, doc)
				p.Service = resourceService[typ.Value]
				out = append(out, p)
			}
		}
		if typ.Value == "AWS::Organizations::Policy" {
			if t, ok := organizationsType(props.Member("Type")); ok {
				if doc := props.Member("Content"); doc != nil {
					out = append(out, templatePolicy(file, where+"Content", t, doc))
				}
			}
		}
		if resourcesWithPolicies[typ.Value] {
			out = append(out, inlinePolicies(file, where, props.Member("Policies"))...)
		}
	}
	return out
}

func inlinePolicies(file, where string, list *policy.Node) []Policy {
	if list == nil || list.Kind != policy.NodeArray {
		return nil
	}
	var out []Policy
	for i, p := range list.Children {
		if doc := p.Member("PolicyDocument"); doc != nil {
			loc := where + "Policies[" + strconv.Itoa(i) + "].PolicyDocument"
			out = append(out, templatePolicy(file, loc, TypeIdentity, doc))
		}
	}
	return out
}

// organizationsType maps the Type of an Organizations policy to a policy
// type; tag, backup and AI opt-out policies are not IAM policies.
func organizationsType(n *policy.Node) (PolicyType, bool) {
	if n == nil {
		return TypeUnknown, false
	}
	switch n.Value {
	case "SERVICE_CONTROL_POLICY":
		return TypeSCP, true
	case "RESOURCE_CONTROL_POLICY":
		return TypeRCP, true
	}
	return TypeUnknown, false
}

// templatePolicy returns the policy at a template property: an object,
// or a JSON string as some resources allow.
func templatePolicy(file, where string, typ PolicyType, doc *policy.Node) Policy {
	if doc.Kind == policy.NodeString {
		return embeddedPolicy(file, where, typ, doc)
	}
	resolveIntrinsics(doc)
	return Policy{File: file, Document: where, Type: typ, Root: doc}
}

// resolveIntrinsics replaces CloudFormation intrinsic functions under n
// by strings: Fn::Sub and Fn::Join by their text with each unresolved
// reference written as {{Name}}, other functions by {{Function}}. Fn::If
// becomes its first branch, and array elements or members that are
// {"Ref": "AWS::NoValue"} are removed. The linter skips value checks on
// text holding {{.
func resolveIntrinsics(n *policy.Node) {
	for _, c := range n.Children {
		resolveIntrinsics(c)
	}
	// The arguments of Fn::If keep their places; its result is removed
	// by the enclosing array or object when it is AWS::NoValue.
	if (n.Kind == policy.NodeObject || n.Kind == policy.NodeArray) && n.Key != "Fn::If" {
		kept := n.Children[:0]
		for _, c := range n.Children {
			if c.Kind != policy.NodeString || c.Value != noValue {
				kept = append(kept, c)
			}
		}
		n.Children = kept
	}
	if branch, ok := ifBranch(n); ok {
		n.Kind, n.Value, n.Children = branch.Kind, branch.Value, branch.Children
		return
	}
	if text, ok := intrinsicText(n); ok {
		n.Kind, n.Value, n.Children = policy.NodeString, text, nil
	}
}

// noValue is the text {"Ref": "AWS::NoValue"} resolves to.
const noValue = "{{AWS::NoValue}}"

// ifBranch returns the value-if-true branch of an Fn::If object.
func ifBranch(n *policy.Node) (*policy.Node, bool) {
	if n.Kind != policy.NodeObject || len(n.Children) != 1 || n.Children[0].Key != "Fn::If" {
		return nil, false
	}
	args := n.Children[0]
	if args.Kind != policy.NodeArray || len(args.Children) != 3 {
		return nil, false
	}
	return args.Children[1], true
}

// intrinsicText returns the text an intrinsic function object stands for.
func intrinsicText(n *policy.Node) (string, bool) {
	if n.Kind != policy.NodeObject || len(n.Children) != 1 {
		return "", false
	}
	fn := n.Children[0]
	if fn.Key != "Ref" && !strings.HasPrefix(fn.Key, "Fn::") {
		return "", false
	}
	switch fn.Key {
	case "Ref":
		return "{{" + fn.Value + "}}", true
	case "Fn::Sub":
		text := fn
		if fn.Kind == policy.NodeArray && len(fn.Children) > 0 {
			text = fn.Children[0]
		}
		return substitute(text.Value), true
	case "Fn::Join":
		return joinText(fn), true
	case "Fn::GetAtt":
		if fn.Kind == policy.NodeArray {
			var parts []string
			for _, c := range fn.Children {
				parts = append(parts, c.Value)
			}
			return "{{GetAtt:" + strings.Join(parts, ".") + "}}", true
		}
		return "{{GetAtt:" + fn.Value + "}}", true
	}
	return "{{" + fn.Key + "}}", true
}

// substitute rewrites an Fn::Sub template: ${Name} becomes {{Name}}, and
// ${!Name}, which Fn::Sub writes as a literal ${Name}, becomes the policy
// variable ${Name}.
func substitute(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+end]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
		} else {
			b.WriteString("{{" + name + "}}")
		}
		s = s[i+end+1:]
	}
}

// joinText returns the text of Fn::Join [delimiter, [parts]], whose parts
// have already been resolved to strings.
func joinText(fn *policy.Node) string {
	if fn.Kind != policy.NodeArray || len(fn.Children) != 2 || fn.Children[1].Kind != policy.NodeArray {
		return "{{Fn::Join}}"
	}
	var parts []string
	for _, p := range fn.Children[1].Children {
		parts = append(parts, p.Value)
	}
	return strings.Join(parts, fn.Children[0].Value)
}
