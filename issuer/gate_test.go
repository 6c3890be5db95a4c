package issuer

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

// The AccessDenied texts are AWS's, as STS returns them for
// GetWebIdentityToken; the policy types that gate it are listed on
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html.
func TestIssueAccessDenied(t *testing.T) {
	const denyAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*"},` +
		`{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	const tagOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"},` +
		`{"Effect":"Allow","Action":"sts:TagGetWebIdentityToken","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"test"}}}]}`
	const ownARN = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken",` +
		`"Resource":"arn:aws:iam::123456789012:user/org-access/token-issuer"}]}`
	const selfARN = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken",` +
		`"Resource":"arn:aws:sts::123456789012:self"}]}`
	const getOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	const denySession = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`
	const boundary = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`
	const prefix = "User: " + testUserARN + " is not authorized to perform: "
	const self = " on resource: arn:aws:sts::123456789012:self "

	tests := []struct {
		name    string
		caller  func(t *testing.T) *Caller
		req     func() *TokenRequest
		wantMsg string
	}{
		{
			name:    "no identity policy",
			caller:  func(t *testing.T) *Caller { return userCaller(t) },
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "because no identity-based policy allows the sts:GetWebIdentityToken action",
		},
		{
			name:    "explicit deny",
			caller:  func(t *testing.T) *Caller { return userCaller(t, denyAll) },
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "with an explicit deny in an identity-based policy",
		},
		{
			name:    "grant on own ARN does not apply",
			caller:  func(t *testing.T) *Caller { return userCaller(t, ownARN) },
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "because no identity-based policy allows the sts:GetWebIdentityToken action",
		},
		{
			name:   "tag value not allowed",
			caller: func(t *testing.T) *Caller { return userCaller(t, tagOnly) },
			req: func() *TokenRequest {
				r := request(ES384)
				r.Tags = []Tag{{Key: "team", Value: "other"}}
				return r
			},
			wantMsg: prefix + "sts:TagGetWebIdentityToken" + self + "because no identity-based policy allows the sts:TagGetWebIdentityToken action",
		},
		{
			name:   "scope not allowed",
			caller: func(t *testing.T) *Caller { return originCaller(t, getOnly) },
			req: func() *TokenRequest {
				r := request(ES384)
				r.SubjectMode, r.Scope = SubjectModeOriginIdentity, strp("read")
				return r
			},
			wantMsg: "User: " + testSessARN + " is not authorized to perform: sts:SetWebIdentityTokenScope" + self +
				"because no identity-based policy allows the sts:SetWebIdentityTokenScope action",
		},
		{
			name: "session policy deny",
			caller: func(t *testing.T) *Caller {
				c := sessionCaller(t, time.Time{}, allowAll)
				c.Policies.Session = append(c.Policies.Session, mustPolicy(t, "session", denySession))
				return c
			},
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: "User: " + testSessARN + " is not authorized to perform: sts:GetWebIdentityToken" + self + "with an explicit deny in a session policy",
		},
		{
			name: "boundary",
			caller: func(t *testing.T) *Caller {
				c := userCaller(t, allowAll)
				c.Policies.Boundary = mustPolicy(t, "boundary", boundary)
				return c
			},
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "because no permissions boundary allows the sts:GetWebIdentityToken action",
		},
	}
	const fullAccess = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	const s3Only = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	const capLifetime = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:GetWebIdentityToken",` +
		`"Resource":"*","Condition":{"NumericGreaterThan":{"sts:DurationSeconds":"300"}}}]}`
	const orgEndpoint = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*",` +
		`"Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-other"}}}]}`
	tests = append(tests, []struct {
		name    string
		caller  func(t *testing.T) *Caller
		req     func() *TokenRequest
		wantMsg string
	}{
		{
			name: "SCP deny on duration",
			caller: func(t *testing.T) *Caller {
				c := userCaller(t, allowAll)
				c.Policies.SCP = [][]*evaluator.Policy{
					{mustPolicy(t, "FullAWSAccess", fullAccess)},
					{mustPolicy(t, "FullAWSAccess", fullAccess), mustPolicy(t, "MaxTokenLifetime", capLifetime)},
				}
				return c
			},
			req: func() *TokenRequest {
				r := request(ES384)
				r.DurationSeconds = int32p(900)
				return r
			},
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "with an explicit deny in a service control policy",
		},
		{
			name: "SCP level without allow",
			caller: func(t *testing.T) *Caller {
				c := userCaller(t, allowAll)
				c.Policies.SCP = [][]*evaluator.Policy{
					{mustPolicy(t, "FullAWSAccess", fullAccess)},
					{mustPolicy(t, "S3Only", s3Only)},
				}
				return c
			},
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "because no service control policy allows the sts:GetWebIdentityToken action",
		},
		{
			name: "VPC endpoint policy",
			caller: func(t *testing.T) *Caller {
				c := userCaller(t, allowAll)
				c.Policies.VPCEndpoint = []*evaluator.Policy{mustPolicy(t, "endpoint", orgEndpoint)}
				return c
			},
			req:     func() *TokenRequest { return request(ES384) },
			wantMsg: prefix + "sts:GetWebIdentityToken" + self + "because no VPC endpoint policy allows the sts:GetWebIdentityToken action",
		},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, "")
			_, err := env.issue(t, tt.caller(t), tt.req())
			apiErr := wantAPICode(t, err, CodeAccessDenied)
			if apiErr.Message != tt.wantMsg {
				t.Errorf("message =\n%s\nwant\n%s", apiErr.Message, tt.wantMsg)
			}
			if apiErr.HTTPStatus != 403 {
				t.Errorf("HTTP status = %d, want 403", apiErr.HTTPStatus)
			}
		})
	}

	t.Run("grant on self resource", func(t *testing.T) {
		env := newTestEnv(t, "")
		if _, err := env.issue(t, userCaller(t, selfARN), request(ES384)); err != nil {
			t.Errorf("Issue() with a grant on arn:aws:sts::123456789012:self = %v, want a token", err)
		}
	})
}

func originCaller(t *testing.T, policies ...string) *Caller {
	c := sessionCaller(t, time.Time{}, policies...)
	c.Origin = OriginIdentity{Subject: "alice", Issuer: "idp.example.com"}
	return c
}

func TestIssueFederatedUserRejected(t *testing.T) {
	env := newTestEnv(t, "")
	c := userCaller(t, allowAll)
	c.Principal = evaluator.Principal{ARN: "arn:aws:sts::123456789012:federated-user/bob",
		Kind: evaluator.PrincipalFederatedSession, Account: testAccount}
	_, err := env.issue(t, c, request(RS256))
	apiErr := wantAPICode(t, err, CodeAccessDenied)
	if want := "GetWebIdentityToken does not support federated user sessions"; apiErr.Message != want {
		t.Errorf("message = %q, want %q", apiErr.Message, want)
	}
}

// AWS rejects rather than shortens a token that would outlive the calling
// session, with the SessionDurationEscalationException listed in the STS
// API reference for GetWebIdentityToken.
func TestIssueSessionDurationEscalation(t *testing.T) {
	tests := []struct {
		name     string
		left     time.Duration
		duration int32
		wantErr  bool
	}{
		{"shorter than session", 301 * time.Second, 300, false},
		{"ends with session", 300 * time.Second, 300, true},
		{"longer than session", 200 * time.Second, 300, true},
		{"short token fits", 200 * time.Second, 60, false},
		{"session already expired", -time.Second, 60, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, "")
			c := sessionCaller(t, env.clock.Now().Add(tt.left), allowAll)
			r := request(ES384)
			r.DurationSeconds = int32p(tt.duration)
			_, err := env.issue(t, c, r)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("Issue() = %v, want a token", err)
				}
				return
			}
			apiErr := wantAPICode(t, err, CodeSessionDurationEscalation)
			if want := "Requested token expiry time must be before the original session's expiry time."; apiErr.Message != want {
				t.Errorf("message = %q, want %q", apiErr.Message, want)
			}
			if apiErr.HTTPStatus != 403 {
				t.Errorf("HTTP status = %d, want 403", apiErr.HTTPStatus)
			}
		})
	}
}

func TestIssueFederationDisabled(t *testing.T) {
	env := newTestEnv(t, "")
	if err := env.registry.Disable(testAccount); err != nil {
		t.Fatal(err)
	}
	_, err := env.issue(t, userCaller(t, allowAll), request(RS256))
	apiErr := wantAPICode(t, err, CodeFederationDisabled)
	if want := "OutboundWebIdentityFederation is disabled."; apiErr.Message != want {
		t.Errorf("message = %q, want %q", apiErr.Message, want)
	}

	// An account that never enabled federation is refused the same way.
	c := userCaller(t, allowAll)
	c.Principal.ARN = "arn:aws:iam::444455556666:user/other"
	c.Principal.Account = "444455556666"
	_, err = env.issue(t, c, request(RS256))
	wantAPICode(t, err, CodeFederationDisabled)
}

// AWS returns validation errors, AccessDenied and
// SessionDurationEscalationException while federation is disabled, so the
// disabled check comes last. The order among the earlier checks is
// iamgate's choice, recorded in docs/issuer.md.
func TestIssueOrderOfChecks(t *testing.T) {
	type setup struct {
		invalid, federated, denied, escalates, disabled, oversized bool
	}
	tests := []struct {
		name string
		s    setup
		want string
	}{
		{"validation first", setup{true, true, true, true, true, true}, CodeValidationError},
		{"federated before authorization", setup{false, true, true, true, true, true}, CodeAccessDenied},
		{"authorization before escalation", setup{false, false, true, true, true, true}, CodeAccessDenied},
		{"escalation before disabled", setup{false, false, false, true, true, true}, CodeSessionDurationEscalation},
		{"disabled before payload size", setup{false, false, false, false, true, true}, CodeFederationDisabled},
		{"payload size last", setup{false, false, false, false, false, true}, CodeJWTPayloadSizeExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, "")
			c := sessionCaller(t, env.clock.Now().Add(time.Hour), allowAll)
			r := request(ES384)
			if tt.s.invalid {
				r.DurationSeconds = int32p(59)
			}
			if tt.s.federated {
				c.Principal = evaluator.Principal{ARN: "arn:aws:sts::123456789012:federated-user/bob",
					Kind: evaluator.PrincipalFederatedSession, Account: testAccount}
			}
			if tt.s.denied {
				c.Policies = &evaluator.PolicySet{}
			}
			if tt.s.escalates && !tt.s.invalid {
				r.DurationSeconds = int32p(3600)
			}
			if tt.s.disabled {
				if err := env.registry.Disable(testAccount); err != nil {
					t.Fatal(err)
				}
			}
			if tt.s.oversized {
				r.Tags = bigTags(50, 256)
			}
			_, err := env.issue(t, c, r)
			apiErr := wantAPICode(t, err, tt.want)
			if tt.want == CodeAccessDenied && tt.s.federated != strings.Contains(apiErr.Message, "federated") {
				t.Errorf("AccessDenied message = %q, want the federated-user check to decide: %v", apiErr.Message, tt.s.federated)
			}
		})
	}
}

// The request context carries the operation's keys and the caller's
// global keys, so that policies can condition on them.
func TestIssueRequestContext(t *testing.T) {
	allowIf := func(cond string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:*","Resource":"*","Condition":` + cond + `}]}`
	}
	tests := []struct {
		name   string
		policy string
		edit   func(c *Caller, r *TokenRequest)
		allow  bool
	}{
		{"duration default is 300", allowIf(`{"NumericEquals":{"sts:DurationSeconds":"300"}}`), nil, true},
		{"duration 301 denied", allowIf(`{"NumericEquals":{"sts:DurationSeconds":"300"}}`),
			func(c *Caller, r *TokenRequest) { r.DurationSeconds = int32p(301) }, false},
		{"audience allowed", allowIf(`{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://rp.example.com"]}}`), nil, true},
		{"audience other denied", allowIf(`{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://rp.example.com"]}}`),
			func(c *Caller, r *TokenRequest) { r.Audiences = append(r.Audiences, "other") }, false},
		{"algorithm", allowIf(`{"StringEquals":{"sts:SigningAlgorithm":"ES384"}}`), nil, true},
		{"principal tag from session wins", allowIf(`{"StringEquals":{"aws:PrincipalTag/Team":"session"}}`), nil, true},
		{"org id", allowIf(`{"StringEquals":{"aws:PrincipalOrgID":"o-fixture"}}`), nil, true},
		{"org paths", allowIf(`{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-fixture/r-p5qq/*"]}}`), nil, true},
		{"source identity", allowIf(`{"StringEquals":{"aws:SourceIdentity":"probe-source"}}`), nil, true},
		{"requested region", allowIf(`{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}`), nil, true},
		{"principal arn is the role", allowIf(`{"ArnEquals":{"aws:PrincipalArn":"` + testRoleARN + `"}}`), nil, true},
		{"subject mode default", allowIf(`{"StringEquals":{"sts:SubjectMode":"AWSIdentity"}}`), nil, true},
		{"extra context key", allowIf(`{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}`),
			func(c *Caller, r *TokenRequest) { c.Context = map[string][]string{"aws:SourceVpce": {"vpce-1a2b"}} }, true},
		{"called via is multivalued", allowIf(`{"ForAnyValue:StringEquals":{"aws:CalledVia":["athena.amazonaws.com"]}}`),
			func(c *Caller, r *TokenRequest) {
				c.Context = map[string][]string{"aws:CalledVia": {"athena.amazonaws.com"}}
			}, true},
		{"lambda source", allowIf(`{"ArnLike":{"lambda:SourceFunctionArn":"arn:aws:lambda:*:123456789012:function:*"}}`),
			func(c *Caller, r *TokenRequest) {
				c.Compute.LambdaSourceFunctionARN = "arn:aws:lambda:us-east-1:123456789012:function:f"
			}, true},
		{"scope values", allowIf(`{"ForAllValues:StringEquals":{"sts:IdentityTokenScope":["read","write"]}}`),
			func(c *Caller, r *TokenRequest) {
				c.Origin = OriginIdentity{Subject: "alice", Issuer: "idp"}
				r.SubjectMode, r.Scope = SubjectModeOriginIdentity, strp("read write")
			}, true},
		{"tag keys", allowIf(`{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"StringEquals":{"aws:RequestTag/team":"test"}}`),
			func(c *Caller, r *TokenRequest) { r.Tags = []Tag{{Key: "team", Value: "test"}} }, true},
		{"extra tag key denied", allowIf(`{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}`),
			func(c *Caller, r *TokenRequest) {
				r.Tags = []Tag{{Key: "team", Value: "test"}, {Key: "extra", Value: "x"}}
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, "")
			c := sessionCaller(t, time.Time{}, tt.policy)
			r := request(ES384)
			if tt.edit != nil {
				tt.edit(c, r)
			}
			_, err := env.issue(t, c, r)
			if tt.allow && err != nil {
				t.Errorf("Issue() = %v, want a token", err)
			}
			if !tt.allow {
				wantAPICode(t, err, CodeAccessDenied)
			}
		})
	}
}

func TestIssueLogsDecisionWithoutToken(t *testing.T) {
	env := newTestEnv(t, "")
	tok, err := env.issue(t, userCaller(t, allowAll), request(ES384))
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	if _, err := env.issue(t, userCaller(t), request(ES384)); err == nil {
		t.Fatal("Issue() without a policy = nil error, want AccessDenied")
	}

	lines := strings.Split(strings.TrimSpace(env.logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log has %d records, want 2:\n%s", len(lines), env.logs)
	}
	var issued, denied map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &issued); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &denied); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"issued principal", issued["principal"], testUserARN},
		{"issued decision", issued["decision"], "Allow"},
		{"issued decided_by", issued["decided_by"], "identity"},
		{"issued token_id", issued["token_id"], tok.ID},
		{"issued audiences", mustJSON(t, issued["audiences"]), `["https://rp.example.com"]`},
		{"denied decision", denied["decision"], "Deny"},
		{"denied code", denied["code"], CodeAccessDenied},
		{"denied decided_by", denied["decided_by"], "identity"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if strings.Contains(env.logs.String(), tok.JWT) || strings.Contains(env.logs.String(), "eyJ") {
		t.Error("log contains the token")
	}
}

// A caller whose Kind is left unknown is recognized by its ARN.
func TestIssueInfersPrincipalKind(t *testing.T) {
	env := newTestEnv(t, "")
	c := userCaller(t, allowAll)
	c.Principal = evaluator.Principal{ARN: "arn:aws:sts::123456789012:federated-user/bob"}
	_, err := env.issue(t, c, request(RS256))
	apiErr := wantAPICode(t, err, CodeAccessDenied)
	if !strings.Contains(apiErr.Message, "federated user sessions") {
		t.Errorf("message = %q, want the federated-user rejection", apiErr.Message)
	}
	if c.Principal.Kind != evaluator.PrincipalUnknown {
		t.Errorf("caller's Kind changed to %v, want it left unknown", c.Principal.Kind)
	}

	c.Principal = evaluator.Principal{ARN: testSessARN}
	tok, err := env.issue(t, c, request(RS256))
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	claims, _ := decodeSegment(t, tok.JWT, 1)
	if want := "arn:aws:iam::123456789012:role/token-role"; claims["sub"] != want {
		t.Errorf("sub = %v, want %s (the role ARN without a path, which a session ARN lacks)", claims["sub"], want)
	}
}

func TestIssueNilPoliciesDeny(t *testing.T) {
	env := newTestEnv(t, "")
	c := userCaller(t)
	c.Policies = nil
	_, err := env.issue(t, c, request(ES384))
	apiErr := wantAPICode(t, err, CodeAccessDenied)
	want := "User: " + testUserARN + " is not authorized to perform: sts:GetWebIdentityToken on resource: " +
		"arn:aws:sts::123456789012:self because no identity-based policy allows the sts:GetWebIdentityToken action"
	if apiErr.Message != want {
		t.Errorf("message = %q, want %q", apiErr.Message, want)
	}
}
