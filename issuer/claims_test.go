package issuer

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Claim shapes follow the AWS token claims page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html)
// and tokens AWS STS issued: aud is a string for one audience, ou_path an
// array, and there is no nbf.
func TestIssueUserToken(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			env := newTestEnv(t, "")
			tok, err := env.issue(t, userCaller(t, allowAll), request(alg))
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}

			header, _ := decodeSegment(t, tok.JWT, 0)
			wantKID := map[string]string{RS256: "RSA_0", ES384: "EC384_0"}[alg]
			wantHeader := map[string]any{"alg": alg, "kid": wantKID, "typ": "JWT"}
			if !maps.EqualFunc(header, wantHeader, func(a, b any) bool { return a == b }) {
				t.Errorf("header = %v, want %v", header, wantHeader)
			}
			if tok.KeyID != wantKID || tok.Algorithm != alg {
				t.Errorf("Token kid, alg = %s, %s, want %s, %s", tok.KeyID, tok.Algorithm, wantKID, alg)
			}
			_, sig := decodeSegment(t, tok.JWT, 2)
			wantSig := map[string]int{RS256: 256, ES384: 96}[alg]
			if len(sig) != wantSig {
				t.Errorf("signature length = %d, want %d", len(sig), wantSig)
			}

			claims, _ := decodeSegment(t, tok.JWT, 1)
			wantKeys := []string{"aud", "exp", "https://sts.amazonaws.com/", "iat", "iss", "jti", "sub"}
			if got := slices.Sorted(maps.Keys(claims)); !slices.Equal(got, wantKeys) {
				t.Errorf("claim names = %v, want %v", got, wantKeys)
			}
			iat := env.clock.Now().Unix()
			checks := []struct {
				name string
				got  any
				want any
			}{
				{"iss", claims["iss"], env.fed.IssuerURL},
				{"sub", claims["sub"], testUserARN},
				{"aud", claims["aud"], testAudience},
				{"iat", claims["iat"], json.Number(itoa(iat))},
				{"exp", claims["exp"], json.Number(itoa(iat + 300))},
				{"jti", claims["jti"], tok.ID},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("claim %s = %v, want %v", c.name, c.got, c.want)
				}
			}
			if id, err := uuid.Parse(tok.ID); err != nil || id.Version() != 4 {
				t.Errorf("jti = %q, want a random (version 4) UUID", tok.ID)
			}
			if !tok.Expiration.Equal(time.Unix(iat+300, 0)) {
				t.Errorf("Expiration = %v, want exp %d", tok.Expiration, iat+300)
			}

			ns := claims[NamespaceClaim].(map[string]any)
			wantNS := `{"aws_account":"123456789012","org_id":"o-fixture","ou_path":["o-fixture/r-p5qq/"],` +
				`"principal_id":"arn:aws:iam::123456789012:user/org-access/token-issuer",` +
				`"principal_tags":{"Team":"platform"},"source_region":"us-east-1"}`
			if got := mustJSON(t, ns); got != wantNS {
				t.Errorf("namespace claims =\n%s\nwant\n%s", got, wantNS)
			}
		})
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// mustJSON re-encodes v with sorted object keys.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A role session's token names the role, with its path, in sub and
// principal_id, merges session tags over role tags ignoring key case, and
// carries original_session_exp and source_identity, as observed on tokens
// from AWS STS for an AssumeRole session with SourceIdentity.
func TestIssueRoleSessionToken(t *testing.T) {
	env := newTestEnv(t, "")
	expiry := env.clock.Now().Add(time.Hour + 500*time.Millisecond)
	c := sessionCaller(t, expiry, allowAll)
	r := request(ES384)
	r.Audiences = []string{"one", "one", "two"}
	r.Tags = []Tag{{Key: "aws:test", Value: "reserved"}, {Key: "Team", Value: "request"}, {Key: "empty", Value: ""}}
	r.DurationSeconds = int32p(900)

	tok, err := env.issue(t, c, r)
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	claims, _ := decodeSegment(t, tok.JWT, 1)
	if got := claims["sub"]; got != testRoleARN {
		t.Errorf("sub = %v, want %s", got, testRoleARN)
	}
	if got := mustJSON(t, claims["aud"]); got != `["one","one","two"]` {
		t.Errorf("aud = %s, want [\"one\",\"one\",\"two\"]", got)
	}
	iat := env.clock.Now().Unix()
	if got := claims["exp"]; got != json.Number(itoa(iat+900)) {
		t.Errorf("exp = %v, want iat+900 = %d", got, iat+900)
	}
	ns := claims[NamespaceClaim].(map[string]any)
	wantNS := `{"aws_account":"123456789012","org_id":"o-fixture",` +
		`"original_session_exp":"` + expiry.UTC().Truncate(time.Second).Format(time.RFC3339) + `",` +
		`"ou_path":["o-fixture/r-p5qq/"],` +
		`"principal_id":"arn:aws:iam::123456789012:role/outbound/token-role",` +
		`"principal_tags":{"team":"session","untouched":"retained"},` +
		`"request_tags":{"Team":"request","aws:test":"reserved","empty":""},` +
		`"source_identity":"probe-source","source_region":"us-east-1"}`
	if got := mustJSON(t, ns); got != wantNS {
		t.Errorf("namespace claims =\n%s\nwant\n%s", got, wantNS)
	}
}

func TestIssueContextClaims(t *testing.T) {
	full := ComputeContext{
		EC2SourceInstanceARN:         "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
		EC2InstanceSourceVPC:         "vpc-0abc",
		EC2InstanceSourcePrivateIPv4: "10.0.0.7",
		EC2RoleDelivery:              "2.0",
		LambdaSourceFunctionARN:      "arn:aws:lambda:us-east-1:123456789012:function:f",
		GlueCredentialIssuingService: "glue.amazonaws.com",
		FederatedProvider:            "arn:aws:iam::123456789012:oidc-provider/idp.example.com",
		IdentityStoreUserID:          "u-1",
		IdentityStoreARN:             "arn:aws:identitystore::123456789012:identitystore/d-1",
	}
	tests := []struct {
		name    string
		compute ComputeContext
		want    []string
	}{
		{"none", ComputeContext{}, nil},
		{"ec2", ComputeContext{EC2SourceInstanceARN: full.EC2SourceInstanceARN, EC2RoleDelivery: "2.0"},
			[]string{"ec2_role_delivery", "ec2_source_instance_arn"}},
		{"all", full, []string{
			"ec2_instance_source_private_ipv4", "ec2_instance_source_vpc", "ec2_role_delivery",
			"ec2_source_instance_arn", "federated_provider", "glue_credential_issuing_service",
			"identity_store_arn", "identity_store_user_id", "lambda_source_function_arn"}},
	}
	base := []string{"aws_account", "principal_id", "source_region"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, "")
			c := userCaller(t, allowAll)
			c.PrincipalTags, c.OrgID, c.OUPath = nil, "", []string{""}
			c.Compute = tt.compute
			tok, err := env.issue(t, c, request(RS256))
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}
			claims, _ := decodeSegment(t, tok.JWT, 1)
			ns := claims[NamespaceClaim].(map[string]any)
			want := slices.Sorted(slices.Values(append(slices.Clone(base), tt.want...)))
			if got := slices.Sorted(maps.Keys(ns)); !slices.Equal(got, want) {
				t.Errorf("namespace claim names = %v, want %v", got, want)
			}
			for k, v := range ns {
				if v == "" {
					t.Errorf("claim %s is empty, want it absent", k)
				}
			}
		})
	}
}

func TestIssueOriginIdentity(t *testing.T) {
	env := newTestEnv(t, "")
	c := sessionCaller(t, time.Time{}, allowAll)
	c.Origin = OriginIdentity{Subject: "alice@example.com", SubjectType: "user", Issuer: "idp.example.com"}
	r := request(ES384)
	r.SubjectMode = SubjectModeOriginIdentity
	r.Scope = strp("read write")

	tok, err := env.issue(t, c, r)
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	claims, _ := decodeSegment(t, tok.JWT, 1)
	ns := claims[NamespaceClaim].(map[string]any)
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"sub", claims["sub"], "alice@example.com"},
		{"scope", claims["scope"], "read write"},
		{"principal_id", ns["principal_id"], testRoleARN},
		{"subject_mode", ns["subject_mode"], SubjectModeOriginIdentity},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("claim %s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// bigTags returns n tags with keys of the maximum 128 characters and values
// of valueLen characters.
func bigTags(n, valueLen int) []Tag {
	tags := make([]Tag, n)
	for i := range tags {
		key := fmt.Sprintf("k%02d", i) + strings.Repeat("x", maxTagKeyLength-3)
		tags[i] = Tag{Key: key, Value: strings.Repeat("v", valueLen)}
	}
	return tags
}

// AWS accepts a claims JSON of 14,984 bytes and rejects 14,985 bytes, with
// either algorithm. The exception is listed in the STS API reference; its
// message text is iamgate's own.
func TestIssuePayloadSizeLimit(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			env := newTestEnv(t, "")
			c := userCaller(t, allowAll)
			r := request(alg)
			r.Tags = bigTags(50, 256)

			// Drop tags while the rest still exceeds the limit, then
			// shorten the last value and key to reach exactly one byte over
			// it.
			// Every other claim has a fixed length.
			target := MaxPayloadBytes + 1
			if size := env.payloadSize(t, c, r); size <= target {
				t.Fatalf("payload with 50 large tags = %d bytes, want more than %d", size, target)
			}
			for env.payloadSize(t, c, &TokenRequest{Audiences: r.Audiences, SigningAlgorithm: alg,
				Tags: r.Tags[:len(r.Tags)-1]}) >= target {
				r.Tags = r.Tags[:len(r.Tags)-1]
			}
			last := &r.Tags[len(r.Tags)-1]
			excess := env.payloadSize(t, c, r) - target
			cut := min(excess, len(last.Value))
			last.Value = last.Value[cut:]
			last.Key = last.Key[:len(last.Key)-(excess-cut)]
			if size := env.payloadSize(t, c, r); size != target {
				t.Fatalf("could not build a payload of %d bytes, got %d", target, size)
			}
			_, err := env.issue(t, c, r)
			apiErr := wantAPICode(t, err, CodeJWTPayloadSizeExceeded)
			if apiErr.HTTPStatus != 400 {
				t.Errorf("HTTP status = %d, want 400", apiErr.HTTPStatus)
			}

			last.Key = last.Key[:len(last.Key)-1]
			tok, err := env.issue(t, c, r)
			if err != nil {
				t.Fatalf("Issue() with a %d-byte payload = %v, want a token", MaxPayloadBytes, err)
			}
			if _, raw := decodeSegment(t, tok.JWT, 1); len(raw) != MaxPayloadBytes {
				t.Errorf("payload = %d bytes, want %d", len(raw), MaxPayloadBytes)
			}
		})
	}
}

func (env *testEnv) payloadSize(t *testing.T, c *Caller, r *TokenRequest) int {
	t.Helper()
	req, apiErr := validateRequest(c, r)
	if apiErr != nil {
		t.Fatalf("validateRequest() = %v", apiErr)
	}
	iat := env.clock.Now().Unix()
	payload, err := buildClaims(c, req, env.fed.IssuerURL, iat, iat+int64(req.duration), uuid.NewString())
	if err != nil {
		t.Fatal(err)
	}
	return len(payload)
}
