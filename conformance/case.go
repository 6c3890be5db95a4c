package conformance

import (
	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/policy"
)

// Kind is the category of a case (evaluation, token, discovery, ...). It
// selects the part of the runner that handles the case.
type Kind string

// Case kinds.
const (
	// KindEvaluation is a decision by the policy engine.
	KindEvaluation Kind = "evaluation"
	// KindToken is a GetWebIdentityToken call that expects a token or an
	// API error.
	KindToken Kind = "token"
	// KindDiscovery is a fetch of an issuer's OpenID discovery document.
	KindDiscovery Kind = "discovery"
	// KindJWKS is a fetch of an issuer's JSON Web Key Set.
	KindJWKS Kind = "jwks"
)

// Pos is a 1-based line and column in a case file.
type Pos struct {
	Line   int
	Column int
}

// Case is one loaded conformance case.
type Case struct {
	// File is the path the case was loaded from; Name is unique within
	// the file. ID returns "File: Name".
	File string
	Name string
	Pos  Pos

	// Source names where the expected outcome comes from: an AWS
	// documentation URL, an RFC, or "observed: ..." for recorded AWS
	// behaviour. The loader accepts a case without one; every suite case
	// has one.
	Source string

	// Description is optional free text.
	Description string

	Kind Kind

	// Evaluation cases.
	Request  *EvalRequest
	Policies *Policies

	// Token, discovery and JWKS cases.
	World  *WorldRef
	Caller Caller
	Token  *TokenRequest

	Expect Expect
}

// ID returns the case's identity in reports: "file: name".
func (c *Case) ID() string { return c.File + ": " + c.Name }

// EvalRequest is the request half of an evaluation case.
type EvalRequest struct {
	Principal       evaluator.Principal
	Action          string
	Resource        string
	ResourceAccount string
	Context         *evaluator.Context
}

// NamedPolicy is a parsed policy document with the name the case gave it.
type NamedPolicy struct {
	Name     string
	Document *policy.Document
}

// Policies is every policy a case attaches, by type. SCP and RCP hold one
// slice per organization level, from the root down to the account.
type Policies struct {
	SCP               [][]NamedPolicy
	RCP               [][]NamedPolicy
	Identity          []NamedPolicy
	Resource          *NamedPolicy
	Boundary          *NamedPolicy
	Session           []NamedPolicy
	VPCEndpoint       []NamedPolicy
	ManagementAccount string
}

// WorldRef is the world an issuer case runs in: the text of an issuer
// world file, and the path it came from when the case named a file.
type WorldRef struct {
	Path string
	Text []byte
}

// Caller names the principal that calls the API: by access key id (the
// key must exist in the world) or by principal ARN.
type Caller struct {
	AccessKeyID string
	Principal   string
}

// Tag is one request tag. Tags keep their order and may repeat, so cases
// can send duplicate keys.
type Tag struct {
	Key   string
	Value string
}

// TokenRequest is the parameters of a GetWebIdentityToken call. A nil
// pointer or empty string means the parameter is omitted, except that
// SigningAlgorithmPresent marks an empty SigningAlgorithm as sent.
type TokenRequest struct {
	Audiences               []string
	DurationSeconds         *int32
	SigningAlgorithm        string
	SigningAlgorithmPresent bool
	Tags                    []Tag
	Scope                   *string
	SubjectMode             string

	// PadClaimsTo, when positive, makes the runner add request tags
	// whose values bring the token's claims JSON to exactly this many
	// bytes, whatever the issuer URL of the target. See padClaims.
	PadClaimsTo int
}

// Expect is a case's expected outcome. Evaluation cases set Decision
// (and optionally DecidedBy); token cases set Error or Assertions;
// discovery and JWKS cases set Assertions.
type Expect struct {
	Decision  string
	DecidedBy string

	Error *ExpectedError

	// Assertions are CEL expressions that must each evaluate to true.
	Assertions []Assertion
}

// ExpectedError is an AWS API error: its code and, when not empty, its
// exact message.
type ExpectedError struct {
	Code    string
	Message string
}

// Assertion is one CEL expression with its position in the case file.
type Assertion struct {
	Expr string
	Pos  Pos
}
