package lint

import (
	"strconv"

	"github.com/iamgate/iamgate/policy"
)

// isTerraformPlan reports whether a tree is the JSON form of a Terraform
// plan, as `terraform show -json PLAN` writes it.
func isTerraformPlan(root *policy.Node) bool {
	return root.Member("format_version") != nil &&
		(root.Member("planned_values") != nil || root.Member("resource_changes") != nil)
}

// terraformAttribute names a resource attribute holding a policy as a
// JSON string, and the type of that policy.
type terraformAttribute struct {
	attribute string
	typ       PolicyType
}

// terraformResources maps Terraform AWS provider resource types to their
// policy attributes. aws_organizations_policy is handled apart because its
// type attribute decides the policy type.
var terraformResources = map[string][]terraformAttribute{
	"aws_iam_policy":                   {{"policy", TypeIdentity}},
	"aws_iam_role_policy":              {{"policy", TypeIdentity}},
	"aws_iam_user_policy":              {{"policy", TypeIdentity}},
	"aws_iam_group_policy":             {{"policy", TypeIdentity}},
	"aws_iam_role":                     {{"assume_role_policy", TypeTrust}},
	"aws_s3_bucket_policy":             {{"policy", TypeResource}},
	"aws_sqs_queue_policy":             {{"policy", TypeResource}},
	"aws_sns_topic_policy":             {{"policy", TypeResource}},
	"aws_kms_key":                      {{"policy", TypeResource}},
	"aws_secretsmanager_secret_policy": {{"policy", TypeResource}},
	"aws_ecr_repository_policy":        {{"policy", TypeResource}},
	"aws_vpc_endpoint_policy":          {{"policy", TypeEndpoint}},
	"aws_vpc_endpoint":                 {{"policy", TypeEndpoint}},
}

// terraformPolicies returns the policies of the resources in a plan:
// those of planned_values, or of resource_changes[].change.after when the
// plan has no planned values.
func terraformPolicies(file string, root *policy.Node) []Policy {
	var out []Policy
	if pv := root.Member("planned_values"); pv != nil {
		walkModule(pv.Member("root_module"), func(res *policy.Node) {
			out = append(out, resourcePolicies(file, res, res.Member("values"))...)
		})
		return out
	}
	if rc := root.Member("resource_changes"); rc != nil {
		for _, res := range rc.Children {
			if change := res.Member("change"); change != nil {
				out = append(out, resourcePolicies(file, res, change.Member("after"))...)
			}
		}
	}
	return out
}

// walkModule calls fn for each resource of a module and its child
// modules.
func walkModule(mod *policy.Node, fn func(res *policy.Node)) {
	if mod == nil {
		return
	}
	if list := mod.Member("resources"); list != nil {
		for _, res := range list.Children {
			fn(res)
		}
	}
	if children := mod.Member("child_modules"); children != nil {
		for _, child := range children.Children {
			walkModule(child, fn)
		}
	}
}

func resourcePolicies(file string, res, values *policy.Node) []Policy {
	typ, addr := res.Member("type"), res.Member("address")
	if typ == nil || values == nil || values.Kind != policy.NodeObject {
		return nil
	}
	where := typ.Value
	if addr != nil {
		where = addr.Value
	}
	var out []Policy
	add := func(attr string, t PolicyType) {
		if n := values.Member(attr); n != nil && n.Kind == policy.NodeString && n.Value != "" {
			p := embeddedPolicy(file, where+"."+attr, t, n)
			p.Service = resourceService[typ.Value]
			out = append(out, p)
		}
	}
	for _, ta := range terraformResources[typ.Value] {
		add(ta.attribute, ta.typ)
	}
	switch typ.Value {
	case "aws_organizations_policy":
		if t, ok := organizationsType(values.Member("type")); ok {
			add("content", t)
		}
	case "aws_iam_role":
		if inline := values.Member("inline_policy"); inline != nil {
			for i, p := range inline.Children {
				if n := p.Member("policy"); n != nil && n.Kind == policy.NodeString && n.Value != "" {
					out = append(out, embeddedPolicy(file, where+".inline_policy["+strconv.Itoa(i)+"].policy", TypeIdentity, n))
				}
			}
		}
	}
	return out
}
