package issuer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

// Caller is the authenticated principal that requests a token, with
// everything about its session that the decision and the claims need.
// The embedding service builds it from its own credentials lookup.
type Caller struct {
	// Principal is the caller as the evaluator receives it. For a role session
	// ARN is the assumed-role session ARN and RoleARN the role ARN with its
	// path, which becomes the sub claim.
	Principal evaluator.Principal

	// PrincipalTags are the IAM tags on the user or role.
	PrincipalTags map[string]string

	// SessionTags are the session tags of a role session. They win over
	// PrincipalTags; keys compare case-insensitively and the session tag's
	// spelling is kept.
	SessionTags map[string]string

	// SourceIdentity is the session's source identity, "" when unset.
	SourceIdentity string

	// SessionExpiry is the original expiry of the calling temporary
	// session. It is zero for long-term keys. A token may not outlive it,
	// and it becomes the original_session_exp claim.
	SessionExpiry time.Time

	// OrgID is the caller account's organization id (aws:PrincipalOrgID),
	// "" outside an organization.
	OrgID string

	// OUPath holds the aws:PrincipalOrgPaths values, each of the form
	// "o-a1b2/r-ab12/ou-ab12-1111/".
	OUPath []string

	// Region is the region of the endpoint that received the request:
	// the source_region claim and aws:RequestedRegion.
	Region string

	// Compute holds the compute and federation context of the session.
	Compute ComputeContext

	// Origin holds the session's trusted identity propagation context,
	// which SubjectMode OriginIdentity puts in the sub claim.
	Origin OriginIdentity

	// Context holds further request context keys, such as aws:SourceVpce,
	// aws:SourceIp or aws:CalledVia. A key set here replaces the one the
	// Gate derives from the fields above. A key with one value is
	// single-valued unless AWS defines it as multivalued (aws:CalledVia,
	// aws:PrincipalOrgPaths, aws:TagKeys and the sts: audience and scope
	// keys).
	Context map[string][]string

	// Policies holds the compiled policies that apply to the caller's
	// requests. A nil set denies every request.
	Policies *evaluator.PolicySet
}

// ComputeContext holds the context of credentials delivered to a compute
// service or obtained through federation. An empty field means the session
// does not have that context, and the matching claim is left out.
type ComputeContext struct {
	EC2SourceInstanceARN         string // ec2_source_instance_arn, ec2:SourceInstanceArn
	EC2InstanceSourceVPC         string // ec2_instance_source_vpc, aws:Ec2InstanceSourceVpc
	EC2InstanceSourcePrivateIPv4 string // ec2_instance_source_private_ipv4
	EC2RoleDelivery              string // ec2_role_delivery, ec2:RoleDelivery, e.g. "2.0"
	LambdaSourceFunctionARN      string // lambda_source_function_arn
	GlueCredentialIssuingService string // glue_credential_issuing_service
	FederatedProvider            string // federated_provider, aws:FederatedProvider
	IdentityStoreUserID          string // identity_store_user_id, identitystore:UserId
	IdentityStoreARN             string // identity_store_arn, identitystore:IdentityStoreArn
}

// OriginIdentity is the trusted identity propagation context of a session:
// the aws:OriginIdentity/* keys. An empty field means the key is absent.
type OriginIdentity struct {
	Subject              string // aws:OriginIdentity/Subject
	SubjectType          string // aws:OriginIdentity/SubjectType: "user" or "workload"
	Issuer               string // aws:OriginIdentity/Issuer
	FederatedProviderARN string // aws:OriginIdentity/FederatedProviderArn
}

// Tag is a request tag, copied into the request_tags claim.
type Tag struct {
	Key, Value string
}

// Subject modes of TokenRequest.SubjectMode.
const (
	SubjectModeAWSIdentity    = "AWSIdentity"
	SubjectModeOriginIdentity = "OriginIdentity"
)

// Signing algorithms of TokenRequest.SigningAlgorithm.
const (
	RS256 = "RS256"
	ES384 = "ES384"
)

// TokenRequest holds the parameters of GetWebIdentityToken as the caller
// sent them. Absent parameters are nil or empty, so that validation can
// tell absent from invalid.
type TokenRequest struct {
	// Audiences become the aud claim: 1 to 10 values of 1 to 1000
	// characters, duplicates kept.
	Audiences []string

	// DurationSeconds is the token lifetime, 60 to 3600. Nil means the
	// parameter was omitted, which gives 300 seconds.
	DurationSeconds *int32

	// SigningAlgorithm is RS256 or ES384. "" means the parameter is
	// missing, unless SigningAlgorithmPresent is set.
	SigningAlgorithm string

	// SigningAlgorithmPresent marks an empty SigningAlgorithm as sent
	// ("SigningAlgorithm=" on the wire), which AWS rejects with a length
	// error instead of the not-null error of an absent parameter. A
	// non-empty SigningAlgorithm counts as present whatever the value of
	// this field.
	SigningAlgorithmPresent bool

	// Tags become the request_tags claim: up to 50, keys unique ignoring
	// case.
	Tags []Tag

	// Scope becomes the top-level scope claim. Nil means no scope.
	Scope *string

	// SubjectMode is "", SubjectModeAWSIdentity or
	// SubjectModeOriginIdentity; "" means SubjectModeAWSIdentity unless
	// SubjectModePresent is set.
	SubjectMode string

	// SubjectModePresent marks an empty SubjectMode as sent
	// ("SubjectMode=" on the wire), which fails the enum constraint as
	// any other value outside it does.
	SubjectModePresent bool
}

// Token is an issued, signed JWT.
type Token struct {
	// JWT is the token in compact serialization. It is a bearer
	// credential: never log it.
	JWT string

	// Expiration is the exp claim as a time.
	Expiration time.Time

	// ID is the jti claim.
	ID string

	// KeyID and Algorithm are the kid and alg header values.
	KeyID, Algorithm string
}

// Federation is the outbound federation state of one account.
type Federation struct {
	Account   string
	IssuerID  string // the random id in the issuer URL; names the key set
	IssuerURL string // the iss claim; discovery is served below it
	Enabled   bool
}

// FederationDirectory returns the outbound federation state of an account.
// Registry implements it; an embedding service with fixed issuers can
// implement it directly.
type FederationDirectory interface {
	// Federation returns the state of account. An account that never
	// enabled federation has Enabled false and may have no IssuerID.
	Federation(account string) Federation
}

// GateConfig configures a Gate. Directory and Keys are required.
type GateConfig struct {
	// Directory returns each account's issuer and federation state.
	Directory FederationDirectory

	// Keys holds the signing keys of every issuer.
	Keys *KeyManager

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time

	// Logger receives one record per decision: principal, audiences,
	// outcome, deciding policy type and token id, never the token. Nil
	// means no logging.
	Logger *slog.Logger
}

// Gate authorizes GetWebIdentityToken requests and issues the tokens. It
// is safe for concurrent use.
type Gate struct {
	directory FederationDirectory
	keys      *KeyManager
	now       func() time.Time
	logger    *slog.Logger
}

// NewGate returns a Gate for cfg.
func NewGate(cfg GateConfig) (*Gate, error) {
	if cfg.Directory == nil {
		return nil, errors.New("issuer: GateConfig.Directory is nil; pass a *Registry or another FederationDirectory")
	}
	if cfg.Keys == nil {
		return nil, errors.New("issuer: GateConfig.Keys is nil; pass a *KeyManager from NewKeyManager")
	}
	g := &Gate{directory: cfg.Directory, keys: cfg.Keys, now: cfg.Now, logger: cfg.Logger}
	if g.now == nil {
		g.now = time.Now
	}
	return g, nil
}

// Issue checks r and, when every check passes, returns a signed token for
// caller c. The checks run in this order, and the first failure is
// returned as an *APIError:
//
//  1. parameter validation (ValidationError, InvalidParameterValue);
//  2. federated-user sessions are rejected (AccessDenied);
//  3. authorization of sts:GetWebIdentityToken, then
//     sts:TagGetWebIdentityToken when tags are present, then
//     sts:SetWebIdentityTokenScope when a scope is (AccessDenied);
//  4. the token may not outlive the calling session
//     (SessionDurationEscalationException);
//  5. the account must have enabled outbound federation
//     (OutboundWebIdentityFederationDisabledException);
//  6. the claims JSON must fit in 14,984 bytes
//     (JWTPayloadSizeExceededException).
//
// Other errors, such as a failing signer, are not *APIError values and
// map to an internal failure.
func (g *Gate) Issue(ctx context.Context, c *Caller, r *TokenRequest) (*Token, error) {
	if c == nil || r == nil {
		return nil, errors.New("issuer: Issue needs a non-nil caller and request")
	}
	c = withPrincipalKind(c)
	now := g.now()
	req, apiErr := validateRequest(c, r)
	if apiErr != nil {
		g.logRejection(ctx, c, r, apiErr, "")
		return nil, apiErr
	}

	if c.Principal.Kind == evaluator.PrincipalFederatedSession {
		apiErr = errFederatedUser()
		g.logRejection(ctx, c, r, apiErr, "")
		return nil, apiErr
	}

	account := principalAccount(&c.Principal)
	apiErr, decidedBy := authorize(c, req, account, now)
	if apiErr != nil {
		g.logRejection(ctx, c, r, apiErr, decidedBy)
		return nil, apiErr
	}

	iat := now.Unix()
	exp := time.Unix(iat+int64(req.duration), 0).UTC()
	if !c.SessionExpiry.IsZero() && !exp.Before(c.SessionExpiry) {
		apiErr = errSessionDurationEscalation()
		g.logRejection(ctx, c, r, apiErr, "")
		return nil, apiErr
	}

	fed := g.directory.Federation(account)
	if !fed.Enabled {
		apiErr = errFederationDisabled()
		g.logRejection(ctx, c, r, apiErr, "")
		return nil, apiErr
	}

	tok, err := g.sign(c, req, fed, iat, exp)
	if err != nil {
		g.logRejection(ctx, c, r, err, "")
		return nil, err
	}
	g.logIssue(ctx, c, r, tok, decidedBy)
	return tok, nil
}

// sign builds the claims, checks their size and signs them with the
// issuer's active key for the requested algorithm.
func (g *Gate) sign(c *Caller, req *validRequest, fed Federation, iat int64, exp time.Time) (*Token, error) {
	jti, err := newTokenID()
	if err != nil {
		return nil, err
	}
	payload, err := buildClaims(c, req, fed.IssuerURL, iat, exp.Unix(), jti)
	if err != nil {
		return nil, err
	}
	if len(payload) > MaxPayloadBytes {
		return nil, errPayloadTooLarge(len(payload))
	}

	key, err := g.keys.SigningKey(fed.IssuerID, req.algorithm)
	if err != nil {
		return nil, fmt.Errorf("issuer: no signing key for issuer %s: %w", fed.IssuerURL, err)
	}
	jwt, err := signCompact(key, payload)
	if err != nil {
		return nil, err
	}
	return &Token{JWT: jwt, Expiration: exp, ID: jti, KeyID: key.ID, Algorithm: key.Algorithm}, nil
}

// withPrincipalKind returns c with Principal.Kind inferred from the ARN
// when the caller left it unknown, so that a federated-user session or a
// role session is recognized by its ARN alone. c itself is not changed.
func withPrincipalKind(c *Caller) *Caller {
	if c.Principal.Kind != evaluator.PrincipalUnknown {
		return c
	}
	inferred := evaluator.PrincipalFromARN(c.Principal.ARN).Kind
	if inferred == evaluator.PrincipalUnknown {
		return c
	}
	copied := *c
	copied.Principal.Kind = inferred
	return &copied
}
