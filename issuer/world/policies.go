package world

import (
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/policy"
)

// Policies that AWS defines and a world file may name without listing
// them under policies.
const (
	fullAWSAccessJSON    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	rcpFullAWSAccessJSON = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	// defaultVPCEPolicyJSON is the policy of a VPC endpoint created
	// without one.
	defaultVPCEPolicyJSON = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
)

var builtinPolicies = map[string]string{
	"FullAWSAccess":    fullAWSAccessJSON,
	"RCPFullAWSAccess": rcpFullAWSAccessJSON,
}

// namedPolicy is a parsed policy document with the name it has in
// AccessDenied messages and logs.
type namedPolicy struct {
	name     string
	compiled *evaluator.Policy
}

// compile compiles a parsed document under name.
func compile(name string, doc *policy.Document) (namedPolicy, error) {
	compiled, err := evaluator.Compile(name, doc)
	if err != nil {
		return namedPolicy{}, err
	}
	return namedPolicy{name: name, compiled: compiled}, nil
}

// resolveNamedPolicies parses every entry under policies.
func (b *builder) resolveNamedPolicies() {
	for name, n := range b.file.Policies {
		p := pos{n.Line, n.Column}
		if !policyNamePattern.MatchString(name) {
			b.errs.add(p, "policies."+name, "%q is not a policy name; use letters, digits and +=,.@_-", name)
			continue
		}
		if _, builtin := builtinPolicies[name]; builtin {
			b.errs.add(p, "policies."+name, "%s is defined by AWS; choose another name", name)
			continue
		}
		np, err := parseNamed(name, &n.Node)
		if err != nil {
			b.errs.add(p, "policies."+name, "invalid policy document: %v", err)
			continue
		}
		b.world.policies[name] = np
	}
	for name, src := range builtinPolicies {
		b.world.policies[name] = mustCompile(name, src)
	}
}

// parseDocument parses a document written as a YAML mapping or as a
// string holding JSON.
func parseDocument(n *yaml.Node) (*policy.Document, error) {
	if n.Kind == yaml.ScalarNode {
		return policy.Parse([]byte(n.Value))
	}
	src, err := yaml.Marshal(n)
	if err != nil {
		return nil, err
	}
	return policy.ParseYAML(src)
}

// policyRef resolves one reference. The name of an inline policy defaults
// to "inline-<field>".
func (b *builder) policyRef(ref *policyRef, field string) (namedPolicy, bool) {
	if ref.Document == nil {
		p, ok := b.world.policies[ref.Name]
		if !ok {
			b.errs.add(ref.pos, field, "no policy named %q; define it under policies or write it inline", ref.Name)
		}
		return p, ok
	}
	name := ref.Name
	if name == "" {
		name = "inline-" + field
	}
	np, err := parseNamed(name, &ref.Document.Node)
	if err != nil {
		b.errs.add(ref.pos, field, "invalid policy document: %v", err)
		return namedPolicy{}, false
	}
	return np, true
}

// policyList resolves a list of references, skipping the invalid ones
// after recording them.
func (b *builder) policyList(refs []*policyRef, field string) []namedPolicy {
	var out []namedPolicy
	for i, ref := range refs {
		if p, ok := b.policyRef(ref, fmt.Sprintf("%s[%d]", field, i)); ok {
			out = append(out, p)
		}
	}
	return out
}

// optionalPolicy resolves a reference that may be absent.
func (b *builder) optionalPolicy(ref *policyRef, field string) *namedPolicy {
	if ref == nil {
		return nil
	}
	p, ok := b.policyRef(ref, field)
	if !ok {
		return nil
	}
	return &p
}

// parseNamed parses and compiles a document node.
func parseNamed(name string, n *yaml.Node) (namedPolicy, error) {
	doc, err := parseDocument(n)
	if err != nil {
		return namedPolicy{}, err
	}
	return compile(name, doc)
}

// mustCompile compiles a policy that AWS defines. It panics on error,
// which only a broken constant can cause.
func mustCompile(name, src string) namedPolicy {
	doc, err := policy.Parse([]byte(src))
	if err != nil {
		panic("world: built-in policy " + name + " does not parse: " + err.Error())
	}
	np, err := compile(name, doc)
	if err != nil {
		panic("world: built-in policy " + name + " does not compile: " + err.Error())
	}
	return np
}

// principalFreeList resolves policies of a kind that takes no Principal
// or NotPrincipal element (identity, session, boundary, SCP) and records
// an error for each document that has one, as IAM and Organizations
// reject such documents:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func (b *builder) principalFreeList(refs []*policyRef, field string) []namedPolicy {
	var out []namedPolicy
	for i, ref := range refs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if p, ok := b.policyRef(ref, f); ok {
			b.checkNoPrincipal(p, ref, f)
			out = append(out, p)
		}
	}
	return out
}

// principalFreePolicy is principalFreeList for one optional reference.
func (b *builder) principalFreePolicy(ref *policyRef, field string) *namedPolicy {
	p := b.optionalPolicy(ref, field)
	if p != nil {
		b.checkNoPrincipal(*p, ref, field)
	}
	return p
}

func (b *builder) checkNoPrincipal(p namedPolicy, ref *policyRef, field string) {
	if p.compiled == nil {
		return
	}
	for _, st := range p.compiled.Document().Statements {
		if st.Principal == nil {
			continue
		}
		element := "Principal"
		if st.Principal.Not {
			element = "NotPrincipal"
		}
		b.errs.add(ref.pos, field, "policy %s: statement %d has a %s element, which this kind of policy "+
			"does not take; AWS rejects the document as malformed: remove it", p.name, st.Index, element)
		return
	}
}
