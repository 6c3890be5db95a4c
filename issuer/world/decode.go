package world

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// decodeMapping decodes a YAML mapping into out, a pointer to a struct type
// without an UnmarshalYAML method, after checking that every key names a
// field. yaml.v3 only checks keys when decoding through a Decoder with
// KnownFields, which custom unmarshalers do not inherit.
func decodeMapping(n *yaml.Node, what string, out any) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: %s must be a mapping, not %s", n.Line, what, kindName(n))
	}
	allowed := yamlFieldNames(reflect.TypeOf(out).Elem())
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i]
		if !slices.Contains(allowed, key.Value) {
			return fmt.Errorf("line %d: unknown field %q in %s; valid fields: %s",
				key.Line, key.Value, what, strings.Join(allowed, ", "))
		}
	}
	return n.Decode(out)
}

// yamlFieldNames returns the yaml tag names of a struct type's fields.
func yamlFieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "empty"
}

// hasKey reports whether a mapping node sets key.
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// The UnmarshalYAML methods below record each node's position and decode
// through a method-less copy of the type, so that decodeMapping can call
// Decode without recursing.

// UnmarshalYAML decodes the root of a world file.
func (f *file) UnmarshalYAML(n *yaml.Node) error {
	type plain file
	f.setPos(n)
	return decodeMapping(n, "the world file", (*plain)(f))
}

// UnmarshalYAML decodes an entry of accounts.
func (a *fileAccount) UnmarshalYAML(n *yaml.Node) error {
	type plain fileAccount
	a.setPos(n)
	return decodeMapping(n, "an account", (*plain)(a))
}

// UnmarshalYAML decodes organization.
func (o *fileOrganization) UnmarshalYAML(n *yaml.Node) error {
	type plain fileOrganization
	o.setPos(n)
	return decodeMapping(n, "organization", (*plain)(o))
}

// UnmarshalYAML decodes the root or an organizational unit.
func (o *fileOU) UnmarshalYAML(n *yaml.Node) error {
	type plain fileOU
	o.setPos(n)
	if err := decodeMapping(n, "an organizational unit", (*plain)(o)); err != nil {
		return err
	}
	o.scpsSet, o.rcpsSet = hasKey(n, "scps"), hasKey(n, "rcps")
	return nil
}

// UnmarshalYAML decodes an entry of users.
func (u *fileUser) UnmarshalYAML(n *yaml.Node) error {
	type plain fileUser
	u.setPos(n)
	return decodeMapping(n, "a user", (*plain)(u))
}

// UnmarshalYAML decodes an entry of roles.
func (r *fileRole) UnmarshalYAML(n *yaml.Node) error {
	type plain fileRole
	r.setPos(n)
	return decodeMapping(n, "a role", (*plain)(r))
}

// UnmarshalYAML decodes an entry of sessions.
func (s *fileSession) UnmarshalYAML(n *yaml.Node) error {
	type plain fileSession
	s.setPos(n)
	return decodeMapping(n, "a session", (*plain)(s))
}

// UnmarshalYAML decodes an entry of federated_users.
func (f *fileFederated) UnmarshalYAML(n *yaml.Node) error {
	type plain fileFederated
	f.setPos(n)
	return decodeMapping(n, "a federated user", (*plain)(f))
}

// UnmarshalYAML decodes the context of a session.
func (c *fileContext) UnmarshalYAML(n *yaml.Node) error {
	type plain fileContext
	c.setPos(n)
	return decodeMapping(n, "a session context", (*plain)(c))
}

// UnmarshalYAML decodes the origin identity of a session.
func (o *fileOrigin) UnmarshalYAML(n *yaml.Node) error {
	type plain fileOrigin
	o.setPos(n)
	return decodeMapping(n, "an origin identity", (*plain)(o))
}

// UnmarshalYAML decodes an EC2 context.
func (c *fileEC2) UnmarshalYAML(n *yaml.Node) error {
	type plain fileEC2
	c.setPos(n)
	return decodeMapping(n, "an ec2 context", (*plain)(c))
}

// UnmarshalYAML decodes a Lambda context.
func (c *fileLambda) UnmarshalYAML(n *yaml.Node) error {
	type plain fileLambda
	c.setPos(n)
	return decodeMapping(n, "a lambda context", (*plain)(c))
}

// UnmarshalYAML decodes a web identity or SAML federation context.
func (c *fileFederatedCtx) UnmarshalYAML(n *yaml.Node) error {
	type plain fileFederatedCtx
	c.setPos(n)
	return decodeMapping(n, "a federated context", (*plain)(c))
}

// UnmarshalYAML decodes an IAM Identity Center context.
func (c *fileIdentityStore) UnmarshalYAML(n *yaml.Node) error {
	type plain fileIdentityStore
	c.setPos(n)
	return decodeMapping(n, "an identity_store context", (*plain)(c))
}

// UnmarshalYAML decodes an entry of vpc_endpoints.
func (v *fileVPCE) UnmarshalYAML(n *yaml.Node) error {
	type plain fileVPCE
	v.setPos(n)
	return decodeMapping(n, "a VPC endpoint", (*plain)(v))
}

// UnmarshalYAML decodes an entry of credentials.
func (c *fileCredential) UnmarshalYAML(n *yaml.Node) error {
	type plain fileCredential
	c.setPos(n)
	return decodeMapping(n, "a credential", (*plain)(c))
}

// UnmarshalYAML decodes a policy name or an inline {name, document}.
func (p *policyRef) UnmarshalYAML(n *yaml.Node) error {
	p.setPos(n)
	if n.Kind == yaml.ScalarNode {
		p.Name = n.Value
		return nil
	}
	var inline inlinePolicy
	if err := decodeMapping(n, "a policy", &inline); err != nil {
		return err
	}
	if inline.Document == nil {
		return fmt.Errorf("line %d: inline policy %q has no document; add document: {Version: ..., Statement: [...]}",
			n.Line, inline.Name)
	}
	p.Name, p.Document = inline.Name, inline.Document
	return nil
}
