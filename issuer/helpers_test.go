package issuer

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/policy"
)

const (
	testAccount  = "123456789012"
	testUserARN  = "arn:aws:iam::123456789012:user/org-access/token-issuer"
	testRoleARN  = "arn:aws:iam::123456789012:role/outbound/token-role"
	testSessARN  = "arn:aws:sts::123456789012:assumed-role/token-role/probe"
	testAudience = "https://rp.example.com"
)

// allowAll grants sts:GetWebIdentityToken and the tag and scope actions.
const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[
	"sts:GetWebIdentityToken","sts:TagGetWebIdentityToken","sts:SetWebIdentityTokenScope"],"Resource":"*"}]}`

func mustPolicy(t testing.TB, name, text string) *evaluator.Policy {
	t.Helper()
	doc, err := policy.ParseJSON([]byte(text))
	if err != nil {
		t.Fatalf("policy.ParseJSON(%s) = %v", name, err)
	}
	p, err := evaluator.Compile(name, doc)
	if err != nil {
		t.Fatalf("evaluator.Compile(%s) = %v", name, err)
	}
	return p
}

// testPublishDelay is shorter than the longest token lifetime, so that
// tests can verify tokens signed before a rotation after the new keys
// have become active.
const testPublishDelay = 10 * time.Minute

// testEnv is a Gate with an enabled account, a file keystore in a temporary
// directory and a fake clock.
type testEnv struct {
	gate     *Gate
	registry *Registry
	keys     *KeyManager
	clock    *fakeClock
	fed      Federation
	logs     *bytes.Buffer
	dir      string
}

func newTestEnv(t testing.TB, baseURL string) *testEnv {
	t.Helper()
	env := &testEnv{clock: newFakeClock(), logs: &bytes.Buffer{}, dir: t.TempDir()}
	if baseURL == "" {
		baseURL = "https://tokens.example.com"
	}
	var err error
	env.registry, err = OpenRegistry(env.dir, baseURL)
	if err != nil {
		t.Fatalf("OpenRegistry() = %v", err)
	}
	env.fed, err = env.registry.Enable(testAccount)
	if err != nil {
		t.Fatalf("Enable() = %v", err)
	}
	env.restart(t)
	return env
}

// restart builds a new KeyManager and Gate on the same data directory, as a
// restarted process does.
func (env *testEnv) restart(t testing.TB) {
	t.Helper()
	store, err := NewFileKeystore(env.dir + "/keys")
	if err != nil {
		t.Fatalf("NewFileKeystore() = %v", err)
	}
	env.keys, err = NewKeyManager(KeyManagerConfig{Store: store, Now: env.clock.Now, PublishDelay: testPublishDelay})
	if err != nil {
		t.Fatalf("NewKeyManager() = %v", err)
	}
	logger := slog.New(slog.NewJSONHandler(env.logs, nil))
	env.gate, err = NewGate(GateConfig{Directory: env.registry, Keys: env.keys, Now: env.clock.Now, Logger: logger})
	if err != nil {
		t.Fatalf("NewGate() = %v", err)
	}
}

func (env *testEnv) issue(t testing.TB, c *Caller, r *TokenRequest) (*Token, error) {
	t.Helper()
	return env.gate.Issue(context.Background(), c, r)
}

func userCaller(t testing.TB, policies ...string) *Caller {
	t.Helper()
	set := &evaluator.PolicySet{}
	for i, text := range policies {
		set.Identity = append(set.Identity, mustPolicy(t, "identity-"+string(rune('a'+i)), text))
	}
	return &Caller{
		Principal: evaluator.Principal{ARN: testUserARN, Kind: evaluator.PrincipalUser, Account: testAccount,
			UserID: "AIDAEXAMPLEUSER"},
		PrincipalTags: map[string]string{"Team": "platform"},
		OrgID:         "o-fixture",
		OUPath:        []string{"o-fixture/r-p5qq/"},
		Region:        "us-east-1",
		Policies:      set,
	}
}

func sessionCaller(t testing.TB, expiry time.Time, policies ...string) *Caller {
	t.Helper()
	c := userCaller(t, policies...)
	c.Principal = evaluator.Principal{ARN: testSessARN, Kind: evaluator.PrincipalRoleSession, Account: testAccount,
		UserID: "AROAEXAMPLEROLE:probe", RoleARN: testRoleARN}
	c.PrincipalTags = map[string]string{"Team": "role", "untouched": "retained"}
	c.SessionTags = map[string]string{"team": "session"}
	c.SourceIdentity = "probe-source"
	c.SessionExpiry = expiry
	return c
}

func request(alg string) *TokenRequest {
	return &TokenRequest{Audiences: []string{testAudience}, SigningAlgorithm: alg}
}

// decodeSegment returns a JWT segment decoded into a map, without
// verifying anything.
func decodeSegment(t testing.TB, jwt string, i int) (map[string]any, []byte) {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d segments, want 3", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("decode segment %d: %v", i, err)
	}
	if i == 2 {
		return nil, raw
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("unmarshal segment %d: %v", i, err)
	}
	return m, raw
}

func wantAPICode(t testing.TB, err error, code string) *APIError {
	t.Helper()
	apiErr, ok := err.(*APIError)
	if !ok {
		t.Fatalf("error = %v (%T), want *APIError %s", err, err, code)
	}
	if apiErr.Code != code {
		t.Fatalf("code = %s (%s), want %s", apiErr.Code, apiErr.Message, code)
	}
	return apiErr
}
