package issuer

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/iamgate/iamgate/evaluator"
)

// NamespaceClaim is the name of the claim object that holds the AWS
// specific claims.
const NamespaceClaim = "https://sts.amazonaws.com/"

// claims is the JWT payload. Field order follows RFC 7519's list; verifiers
// ignore order.
type claims struct {
	Issuer    string    `json:"iss"`
	Subject   string    `json:"sub"`
	Audience  audience  `json:"aud"`
	IssuedAt  int64     `json:"iat"`
	Expiry    int64     `json:"exp"`
	ID        string    `json:"jti"`
	Scope     string    `json:"scope,omitempty"`
	Namespace awsClaims `json:"https://sts.amazonaws.com/"`
}

// awsClaims is the "https://sts.amazonaws.com/" object. Every field but
// aws_account is omitted when the caller has no such context, so that a
// claim is either present with a value or absent.
type awsClaims struct {
	AWSAccount                   string            `json:"aws_account"`
	SourceRegion                 string            `json:"source_region,omitempty"`
	PrincipalID                  string            `json:"principal_id,omitempty"`
	OrgID                        string            `json:"org_id,omitempty"`
	OUPath                       []string          `json:"ou_path,omitempty"`
	PrincipalTags                map[string]string `json:"principal_tags,omitempty"`
	RequestTags                  map[string]string `json:"request_tags,omitempty"`
	OriginalSessionExp           string            `json:"original_session_exp,omitempty"`
	SourceIdentity               string            `json:"source_identity,omitempty"`
	EC2SourceInstanceARN         string            `json:"ec2_source_instance_arn,omitempty"`
	EC2InstanceSourceVPC         string            `json:"ec2_instance_source_vpc,omitempty"`
	EC2InstanceSourcePrivateIPv4 string            `json:"ec2_instance_source_private_ipv4,omitempty"`
	EC2RoleDelivery              string            `json:"ec2_role_delivery,omitempty"`
	LambdaSourceFunctionARN      string            `json:"lambda_source_function_arn,omitempty"`
	GlueCredentialIssuingService string            `json:"glue_credential_issuing_service,omitempty"`
	FederatedProvider            string            `json:"federated_provider,omitempty"`
	IdentityStoreUserID          string            `json:"identity_store_user_id,omitempty"`
	IdentityStoreARN             string            `json:"identity_store_arn,omitempty"`
	SubjectMode                  string            `json:"subject_mode,omitempty"`
}

// audience is the aud claim: a string for one audience, an array for
// several, duplicates kept as AWS keeps them.
type audience []string

// MarshalJSON encodes one audience as a string and several as an array.
func (a audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// buildClaims returns the claims JSON of a token for c.
func buildClaims(c *Caller, r *validRequest, iss string, iat, exp int64, jti string) ([]byte, error) {
	principalID := subjectARN(&c.Principal)
	cl := claims{
		Issuer:   iss,
		Subject:  principalID,
		Audience: audience(r.Audiences),
		IssuedAt: iat,
		Expiry:   exp,
		ID:       jti,
		Namespace: awsClaims{
			AWSAccount:    principalAccount(&c.Principal),
			SourceRegion:  c.Region,
			PrincipalID:   principalID,
			OrgID:         c.OrgID,
			OUPath:        nonEmpty(c.OUPath),
			PrincipalTags: r.principalTags,
			RequestTags:   requestTags(r.Tags),

			SourceIdentity:               c.SourceIdentity,
			EC2SourceInstanceARN:         c.Compute.EC2SourceInstanceARN,
			EC2InstanceSourceVPC:         c.Compute.EC2InstanceSourceVPC,
			EC2InstanceSourcePrivateIPv4: c.Compute.EC2InstanceSourcePrivateIPv4,
			EC2RoleDelivery:              c.Compute.EC2RoleDelivery,
			LambdaSourceFunctionARN:      c.Compute.LambdaSourceFunctionARN,
			GlueCredentialIssuingService: c.Compute.GlueCredentialIssuingService,
			FederatedProvider:            c.Compute.FederatedProvider,
			IdentityStoreUserID:          c.Compute.IdentityStoreUserID,
			IdentityStoreARN:             c.Compute.IdentityStoreARN,
		},
	}
	if !c.SessionExpiry.IsZero() {
		cl.Namespace.OriginalSessionExp = c.SessionExpiry.UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	if r.subjectMode == SubjectModeOriginIdentity {
		cl.Subject = c.Origin.Subject
		cl.Namespace.SubjectMode = SubjectModeOriginIdentity
	}
	if r.Scope != nil {
		cl.Scope = *r.Scope
	}
	return json.Marshal(&cl)
}

// subjectARN returns the ARN that names the caller in sub and
// principal_id: the role ARN with its path for a role session, the
// principal's ARN otherwise.
func subjectARN(p *evaluator.Principal) string {
	if p.Kind != evaluator.PrincipalRoleSession {
		return p.ARN
	}
	if p.RoleARN != "" {
		return p.RoleARN
	}
	return roleARNFromSession(p.ARN)
}

// roleARNFromSession turns arn:aws:sts::A:assumed-role/name/session into
// arn:aws:iam::A:role/name. The role's path is not part of a session ARN,
// so callers should set Principal.RoleARN.
func roleARNFromSession(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "assumed-role/") {
		return arn
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(parts[5], "assumed-role/"), "/")
	return parts[0] + ":" + parts[1] + ":iam::" + parts[4] + ":role/" + name
}

// principalAccount returns the principal's account id, from the ARN when
// Account is empty.
func principalAccount(p *evaluator.Principal) string {
	if p.Account != "" {
		return p.Account
	}
	parts := strings.SplitN(p.ARN, ":", 6)
	if len(parts) == 6 {
		return parts[4]
	}
	return ""
}

// mergeTags returns the principal tags with the session tags laid over
// them. Keys compare case-insensitively; a session tag replaces the
// principal tag and keeps its own spelling. It returns nil when both are
// empty.
func mergeTags(principal, session map[string]string) map[string]string {
	if len(principal) == 0 && len(session) == 0 {
		return nil
	}
	merged := make(map[string]string, len(principal)+len(session))
	for k, v := range principal {
		merged[k] = v
	}
	if len(session) == 0 {
		return merged
	}
	lower := make(map[string]string, len(merged))
	for k := range merged {
		lower[strings.ToLower(k)] = k
	}
	for k, v := range session {
		if old, ok := lower[strings.ToLower(k)]; ok {
			delete(merged, old)
		}
		merged[k] = v
	}
	return merged
}

func requestTags(tags []Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

// nonEmpty returns values without empty strings, or nil when none remain.
func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// newTokenID returns a random UUID for the jti claim.
func newTokenID() (string, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return "", err
	}
	return id.String(), nil
}
