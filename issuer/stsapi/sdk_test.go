package stsapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

func tokenInput(alg string, audiences ...string) *sts.GetWebIdentityTokenInput {
	return &sts.GetWebIdentityTokenInput{Audience: audiences, SigningAlgorithm: aws.String(alg)}
}

// TestSDKEnableAndIssue enables federation through the IAM client, gets a
// token with each algorithm through the STS client and verifies each with
// go-oidc through discovery.
func TestSDKEnableAndIssue(t *testing.T) {
	env := newTestEnv(t, nil)
	ctx := context.Background()
	admin := env.iam(t, "AKIAADMIN00000000001")

	enabled, err := admin.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{})
	if err != nil {
		t.Fatalf("EnableOutboundWebIdentityFederation: %v", err)
	}
	issuerURL := aws.ToString(enabled.IssuerIdentifier)
	if !strings.HasPrefix(issuerURL, env.http.URL+"/") {
		t.Errorf("IssuerIdentifier = %q, want a URL below %s", issuerURL, env.http.URL)
	}
	info, err := admin.GetOutboundWebIdentityFederationInfo(ctx, &iam.GetOutboundWebIdentityFederationInfoInput{})
	if err != nil {
		t.Fatalf("GetOutboundWebIdentityFederationInfo: %v", err)
	}
	if aws.ToString(info.IssuerIdentifier) != issuerURL || !info.JwtVendingEnabled {
		t.Errorf("Info = %q, %v; want %q, true", aws.ToString(info.IssuerIdentifier), info.JwtVendingEnabled, issuerURL)
	}

	client := env.sts(t, "AKIAADMIN00000000001")
	for _, alg := range []string{"ES384", "RS256"} {
		t.Run(alg, func(t *testing.T) {
			out, err := client.GetWebIdentityToken(ctx, tokenInput(alg, "https://api.example.com"))
			if err != nil {
				t.Fatalf("GetWebIdentityToken: %v", err)
			}
			claims := verifyToken(t, issuerURL, "https://api.example.com", aws.ToString(out.WebIdentityToken))
			if claims["sub"] != "arn:aws:iam::333344445555:user/admin" {
				t.Errorf("sub = %v, want the admin user ARN", claims["sub"])
			}
			if d := time.Until(aws.ToTime(out.Expiration)); d < 290*time.Second || d > 301*time.Second {
				t.Errorf("Expiration is %v from now, want about 300 s", d)
			}
		})
	}
}

// TestSDKRoleSessionClaims checks the claims of a role session token: sub
// is the role ARN with its path, session tags win over role tags.
func TestSDKRoleSessionClaims(t *testing.T) {
	env := newTestEnv(t, nil)
	out, err := env.sts(t, "ASIASESSIONOK0000001").GetWebIdentityToken(context.Background(), &sts.GetWebIdentityTokenInput{
		Audience:         []string{"a", "a"},
		SigningAlgorithm: aws.String("ES384"),
		DurationSeconds:  aws.Int32(600),
		Tags:             []types.Tag{{Key: aws.String("job"), Value: aws.String("x y")}},
	})
	if err != nil {
		t.Fatalf("GetWebIdentityToken: %v", err)
	}
	claims := verifyToken(t, env.issuerURL("111122223333"), "a", aws.ToString(out.WebIdentityToken))
	if got := claims["sub"]; got != "arn:aws:iam::111122223333:role/workloads/app" {
		t.Errorf("sub = %v, want the role ARN with path", got)
	}
	if aud, ok := claims["aud"].([]any); !ok || len(aud) != 2 {
		t.Errorf("aud = %v, want [a a]", claims["aud"])
	}
	ns, _ := claims["https://sts.amazonaws.com/"].(map[string]any)
	tags, _ := ns["principal_tags"].(map[string]any)
	if tags["Team"] != "session" || tags["untouched"] != "kept" || tags["team"] != nil {
		t.Errorf("principal_tags = %v, want Team=session and untouched=kept", tags)
	}
	if ns["source_identity"] != "alice" {
		t.Errorf("source_identity = %v, want alice", ns["source_identity"])
	}
	if ns["lambda_source_function_arn"] != "arn:aws:lambda:us-east-1:111122223333:function:fn" {
		t.Errorf("lambda_source_function_arn = %v", ns["lambda_source_function_arn"])
	}
	if ns["org_id"] != "o-test123456" {
		t.Errorf("org_id = %v, want o-test123456", ns["org_id"])
	}
	if got, _ := ns["request_tags"].(map[string]any); got["job"] != "x y" {
		t.Errorf("request_tags = %v, want job=x y", got)
	}
}

// TestSDKScopeAndSubjectMode sends Scope and SubjectMode as the v1.53.0
// client does; with OriginIdentity the sub claim is the origin subject.
func TestSDKScopeAndSubjectMode(t *testing.T) {
	env := newTestEnv(t, nil)
	out, err := env.sts(t, "ASIAORIGIN0000000001").GetWebIdentityToken(context.Background(), &sts.GetWebIdentityTokenInput{
		Audience:         []string{"https://api.example.com"},
		SigningAlgorithm: aws.String("RS256"),
		Scope:            aws.String("read write"),
		SubjectMode:      types.WebIdentityTokenSubjectModeTypeOriginIdentity,
	})
	if err != nil {
		t.Fatalf("GetWebIdentityToken: %v", err)
	}
	claims := verifyToken(t, env.issuerURL("111122223333"), "https://api.example.com", aws.ToString(out.WebIdentityToken))
	if claims["sub"] != "alice@example.com" {
		t.Errorf("sub = %v, want alice@example.com", claims["sub"])
	}
	if claims["scope"] != "read write" {
		t.Errorf("scope = %v, want read write", claims["scope"])
	}

	// The app role's policy lacks sts:SetWebIdentityTokenScope, and its
	// session has no origin identity, which validation rejects first.
	_, err = env.sts(t, "ASIASESSIONOK0000001").GetWebIdentityToken(context.Background(), &sts.GetWebIdentityTokenInput{
		Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"), Scope: aws.String("read"),
		SubjectMode: types.WebIdentityTokenSubjectModeTypeOriginIdentity,
	})
	wantAPIError(t, err, "ValidationError", "")
}

func TestSDKGetCallerIdentity(t *testing.T) {
	env := newTestEnv(t, nil)
	tests := []struct {
		key, arn, account, userIDSuffix string
	}{
		{"AKIATOKENS0000000001", "arn:aws:iam::111122223333:user/eng/tokens", "111122223333", ""},
		{"ASIASESSIONOK0000001", "arn:aws:sts::111122223333:assumed-role/app/ok", "111122223333", ":ok"},
		// GetCallerIdentity needs no permission.
		{"AKIANOBODY0000000001", "arn:aws:iam::111122223333:user/nobody", "111122223333", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			out, err := env.sts(t, tt.key).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatalf("GetCallerIdentity: %v", err)
			}
			if aws.ToString(out.Arn) != tt.arn {
				t.Errorf("Arn = %q, want %q", aws.ToString(out.Arn), tt.arn)
			}
			if aws.ToString(out.Account) != tt.account {
				t.Errorf("Account = %q, want %q", aws.ToString(out.Account), tt.account)
			}
			if !strings.HasSuffix(aws.ToString(out.UserId), tt.userIDSuffix) || aws.ToString(out.UserId) == "" {
				t.Errorf("UserId = %q, want a non-empty id ending in %q", aws.ToString(out.UserId), tt.userIDSuffix)
			}
		})
	}
}

// TestSDKFederationStateErrors walks the IAM actions through
// FeatureEnabled and FeatureDisabled, with AWS's observed messages.
func TestSDKFederationStateErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	ctx := context.Background()
	admin := env.iam(t, "AKIAADMIN00000000001")

	_, err := admin.GetOutboundWebIdentityFederationInfo(ctx, &iam.GetOutboundWebIdentityFederationInfoInput{})
	wantAPIError(t, err, "FeatureDisabled", "Outbound identity federation is disabled for account 333344445555")

	_, err = admin.DisableOutboundWebIdentityFederation(ctx, &iam.DisableOutboundWebIdentityFederationInput{})
	wantAPIError(t, err, "FeatureDisabled", "Outbound identity federation is already disabled for account 333344445555")

	if _, err := admin.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{}); err != nil {
		t.Fatalf("EnableOutboundWebIdentityFederation: %v", err)
	}
	_, err = admin.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{})
	wantAPIError(t, err, "FeatureEnabled", "Outbound identity federation is already enabled for account 333344445555")

	tok, err := env.sts(t, "AKIAADMIN00000000001").GetWebIdentityToken(ctx, tokenInput("RS256", "x"))
	if err != nil {
		t.Fatalf("GetWebIdentityToken while enabled: %v", err)
	}
	issuerURL := env.issuerURL("333344445555")

	if _, err := admin.DisableOutboundWebIdentityFederation(ctx, &iam.DisableOutboundWebIdentityFederationInput{}); err != nil {
		t.Fatalf("DisableOutboundWebIdentityFederation: %v", err)
	}
	_, err = env.sts(t, "AKIAADMIN00000000001").GetWebIdentityToken(ctx, tokenInput("RS256", "x"))
	wantAPIError(t, err, "OutboundWebIdentityFederationDisabledException", "OutboundWebIdentityFederation is disabled.")

	// Discovery is still served after disable, so the earlier token verifies.
	verifyToken(t, issuerURL, "x", aws.ToString(tok.WebIdentityToken))
}

func TestSDKAccessDenied(t *testing.T) {
	env := newTestEnv(t, nil)
	const self = " is not authorized to perform: sts:GetWebIdentityToken on resource: arn:aws:sts::111122223333:self "
	tests := []struct {
		name, key string
		input     *sts.GetWebIdentityTokenInput
		message   string
	}{
		{"identity implicit", "AKIANOBODY0000000001", tokenInput("ES384", "a"),
			"User: arn:aws:iam::111122223333:user/nobody" + self + "because no identity-based policy allows the sts:GetWebIdentityToken action"},
		{"identity explicit", "AKIAEXPLICIT00000001", tokenInput("ES384", "a"),
			"User: arn:aws:iam::111122223333:user/explicit" + self + "with an explicit deny in an identity-based policy"},
		{"boundary", "AKIABOUNDED000000001", tokenInput("ES384", "a"),
			"User: arn:aws:iam::111122223333:user/bounded" + self + "because no permissions boundary allows the sts:GetWebIdentityToken action"},
		{"session policy", "ASIASESSIONDENIED001", tokenInput("ES384", "a"),
			"User: arn:aws:sts::111122223333:assumed-role/app/denied" + self + "with an explicit deny in a session policy"},
		{"scp", "AKIATOKENS0000000001", &sts.GetWebIdentityTokenInput{
			Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"), DurationSeconds: aws.Int32(901)},
			"User: arn:aws:iam::111122223333:user/eng/tokens" + self + "with an explicit deny in a service control policy"},
		{"vpc endpoint", "AKIAVPCE000000000001", tokenInput("ES384", "a"),
			"User: arn:aws:iam::111122223333:user/eng/tokens" + self + "with an explicit deny in a VPC endpoint policy"},
		{"tag action", "AKIANOTAGS0000000001", &sts.GetWebIdentityTokenInput{
			Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"),
			Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("x")}}},
			"User: arn:aws:iam::111122223333:user/notags is not authorized to perform: sts:TagGetWebIdentityToken on resource: " +
				"arn:aws:sts::111122223333:self because no identity-based policy allows the sts:TagGetWebIdentityToken action"},
		{"federated user", "ASIAFEDERATED0000001", tokenInput("ES384", "a"),
			"GetWebIdentityToken does not support federated user sessions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := env.sts(t, tt.key).GetWebIdentityToken(context.Background(), tt.input)
			wantAPIError(t, err, "AccessDenied", tt.message)
		})
	}

	t.Run("iam action", func(t *testing.T) {
		_, err := env.iam(t, "AKIANOBODY0000000001").GetOutboundWebIdentityFederationInfo(context.Background(),
			&iam.GetOutboundWebIdentityFederationInfoInput{})
		wantAPIError(t, err, "AccessDenied", "User: arn:aws:iam::111122223333:user/nobody is not authorized to perform: "+
			"iam:GetOutboundWebIdentityFederationInfo on resource: * because no identity-based policy allows the "+
			"iam:GetOutboundWebIdentityFederationInfo action")
	})
}

// TestSDKSessionAndFeatureErrors hits the three errors the API reference
// lists for the operation,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html:
// SessionDurationEscalationException,
// OutboundWebIdentityFederationDisabledException and
// JWTPayloadSizeExceededException.
func TestSDKSessionAndFeatureErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	ctx := context.Background()

	_, err := env.sts(t, "ASIASESSIONSHORT0001").GetWebIdentityToken(ctx, tokenInput("ES384", "a"))
	wantAPIError(t, err, "SessionDurationEscalationException",
		"Requested token expiry time must be before the original session's expiry time.")

	_, err = env.sts(t, "AKIADISABLED00000001").GetWebIdentityToken(ctx, tokenInput("ES384", "a"))
	wantAPIError(t, err, "OutboundWebIdentityFederationDisabledException", "OutboundWebIdentityFederation is disabled.")

	// 50 tags of 128+256 characters make about 20 KB of claims.
	var tags []types.Tag
	for i := range 50 {
		key := strings.Repeat("k", 125) + string(rune('A'+i/26)) + string(rune('a'+i%26)) + "x"
		tags = append(tags, types.Tag{Key: aws.String(key), Value: aws.String(strings.Repeat("v", 256))})
	}
	_, err = env.sts(t, "AKIATOKENS0000000001").GetWebIdentityToken(ctx, &sts.GetWebIdentityTokenInput{
		Audience: []string{"a"}, SigningAlgorithm: aws.String("RS256"), Tags: tags})
	wantAPIError(t, err, "JWTPayloadSizeExceededException", "The JWT payload is ...")
}
