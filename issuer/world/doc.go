// Package world reads iamgate world files: YAML descriptions of AWS
// accounts, an AWS Organizations tree with SCPs and RCPs, users, roles,
// role sessions, VPC endpoints and access keys. docs/world.md documents
// every field.
//
// Parse validates a file and reports every problem with its line and
// field. A World then resolves access keys and principal ARNs into
// issuer.Caller values with their compiled evaluator.PolicySet, and
// NewServer builds a ready endpoint from it: the STS and IAM Query API,
// OIDC discovery and JWKS, backed by a data directory.
package world
