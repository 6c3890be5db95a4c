package world

import (
	"gopkg.in/yaml.v3"
)

// The types in this file mirror the YAML world file one to one. Each
// records the line and column of its node, so that validation errors can
// name the place. docs/world.md documents every field.

// file is the root of a world file.
type file struct {
	Region        string            `yaml:"region"`
	Accounts      []*fileAccount    `yaml:"accounts"`
	Organization  *fileOrganization `yaml:"organization"`
	Policies      map[string]*node  `yaml:"policies"`
	Users         []*fileUser       `yaml:"users"`
	Roles         []*fileRole       `yaml:"roles"`
	Sessions      []*fileSession    `yaml:"sessions"`
	FederatedUser []*fileFederated  `yaml:"federated_users"`
	VPCEndpoints  []*fileVPCE       `yaml:"vpc_endpoints"`
	Credentials   []*fileCredential `yaml:"credentials"`
	pos
}

// pos is the place of a node in the world file.
type pos struct {
	line, column int
}

func (p *pos) setPos(n *yaml.Node) { p.line, p.column = n.Line, n.Column }

type fileAccount struct {
	ID                string       `yaml:"id"`
	Name              string       `yaml:"name"`
	FederationEnabled bool         `yaml:"federation_enabled"`
	IssuerID          string       `yaml:"issuer_id"`
	SCPs              []*policyRef `yaml:"scps"`
	RCPs              []*policyRef `yaml:"rcps"`
	pos
}

type fileOrganization struct {
	ID                string  `yaml:"id"`
	ManagementAccount string  `yaml:"management_account"`
	Root              *fileOU `yaml:"root"`
	pos
}

// fileOU is the root (ID r-…) or an organizational unit (ID ou-…).
type fileOU struct {
	ID       string       `yaml:"id"`
	Name     string       `yaml:"name"`
	SCPs     []*policyRef `yaml:"scps"`
	RCPs     []*policyRef `yaml:"rcps"`
	Accounts []string     `yaml:"accounts"`
	OUs      []*fileOU    `yaml:"ous"`
	pos

	// scpsSet and rcpsSet tell an omitted list from an empty one.
	scpsSet, rcpsSet bool
}

type fileUser struct {
	Account  string            `yaml:"account"`
	Name     string            `yaml:"name"`
	Path     string            `yaml:"path"`
	ID       string            `yaml:"id"`
	Tags     map[string]string `yaml:"tags"`
	Policies []*policyRef      `yaml:"policies"`
	Boundary *policyRef        `yaml:"boundary"`
	pos
}

type fileRole struct {
	Account       string            `yaml:"account"`
	Name          string            `yaml:"name"`
	Path          string            `yaml:"path"`
	ID            string            `yaml:"id"`
	Tags          map[string]string `yaml:"tags"`
	Policies      []*policyRef      `yaml:"policies"`
	Boundary      *policyRef        `yaml:"boundary"`
	ServiceLinked bool              `yaml:"service_linked"`
	pos
}

type fileSession struct {
	Role           string            `yaml:"role"`
	Name           string            `yaml:"name"`
	Tags           map[string]string `yaml:"tags"`
	Policies       []*policyRef      `yaml:"policies"`
	SourceIdentity string            `yaml:"source_identity"`
	Expires        string            `yaml:"expires"`
	ExpiresIn      string            `yaml:"expires_in"`
	Region         string            `yaml:"region"`
	Context        *fileContext      `yaml:"context"`
	Origin         *fileOrigin       `yaml:"origin"`
	pos
}

// fileOrigin is the trusted identity propagation context of a session.
type fileOrigin struct {
	Subject              string `yaml:"subject"`
	SubjectType          string `yaml:"subject_type"`
	Issuer               string `yaml:"issuer"`
	FederatedProviderARN string `yaml:"federated_provider_arn"`
	pos
}

type fileFederated struct {
	Account  string       `yaml:"account"`
	Name     string       `yaml:"name"`
	Policies []*policyRef `yaml:"policies"`
	pos
}

// fileContext is the compute or federation context of a role session.
type fileContext struct {
	EC2           *fileEC2           `yaml:"ec2"`
	Lambda        *fileLambda        `yaml:"lambda"`
	Federated     *fileFederatedCtx  `yaml:"federated"`
	IdentityStore *fileIdentityStore `yaml:"identity_store"`
	pos
}

type fileEC2 struct {
	InstanceARN  string `yaml:"instance_arn"`
	VPC          string `yaml:"vpc"`
	PrivateIPv4  string `yaml:"private_ipv4"`
	RoleDelivery string `yaml:"role_delivery"`
	pos
}

type fileLambda struct {
	FunctionARN string `yaml:"function_arn"`
	pos
}

type fileFederatedCtx struct {
	Provider string `yaml:"provider"`
	pos
}

type fileIdentityStore struct {
	UserID   string `yaml:"user_id"`
	StoreARN string `yaml:"store_arn"`
	pos
}

type fileVPCE struct {
	ID      string     `yaml:"id"`
	VPC     string     `yaml:"vpc"`
	Account string     `yaml:"account"`
	Policy  *policyRef `yaml:"policy"`
	pos
}

type fileCredential struct {
	AccessKeyID     string `yaml:"access_key_id"`
	SecretAccessKey string `yaml:"secret_access_key"`
	SessionToken    string `yaml:"session_token"`
	Principal       string `yaml:"principal"`
	VPCEndpoint     string `yaml:"vpc_endpoint"`
	pos
}

// policyRef is either the name of an entry under policies (or of a policy
// AWS defines, such as FullAWSAccess) or an inline {name, document}.
type policyRef struct {
	Name     string
	Document *node
	pos
}

type inlinePolicy struct {
	Name     string `yaml:"name"`
	Document *node  `yaml:"document"`
}

// node keeps a policy document as written, to be parsed by package policy.
type node struct {
	yaml.Node
}

// UnmarshalYAML keeps the raw node.
func (n *node) UnmarshalYAML(value *yaml.Node) error {
	n.Node = *value
	return nil
}
