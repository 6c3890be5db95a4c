package issuer

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// oidcEnv is a testEnv whose issuers are served by an httptest server on
// 127.0.0.1, with the base URL <server>/issuers.
type oidcEnv struct {
	*testEnv
	server  *httptest.Server
	handler atomic.Pointer[DiscoveryHandler]
}

func newOIDCEnv(t *testing.T) *oidcEnv {
	t.Helper()
	env := &oidcEnv{}
	env.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		env.handler.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(env.server.Close)
	env.testEnv = newTestEnv(t, env.server.URL+"/issuers")
	env.serve()
	return env
}

// serve points the server at the current registry and key manager.
func (env *oidcEnv) serve() {
	env.handler.Store(NewDiscoveryHandler(env.registry, env.keys, nil))
}

func (env *oidcEnv) get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := env.server.Client().Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// verify checks tok with go-oidc through discovery, as a relying party
// that has never seen the issuer does.
func (env *oidcEnv) verify(t *testing.T, jwt string) *oidc.IDToken {
	t.Helper()
	ctx := oidc.ClientContext(context.Background(), env.server.Client())
	provider, err := oidc.NewProvider(ctx, env.fed.IssuerURL)
	if err != nil {
		t.Fatalf("oidc.NewProvider(%s) = %v", env.fed.IssuerURL, err)
	}
	verifier := provider.Verifier(&oidc.Config{ClientID: testAudience, Now: env.clock.Now})
	idToken, err := verifier.Verify(ctx, jwt)
	if err != nil {
		t.Fatalf("go-oidc Verify() = %v", err)
	}
	return idToken
}

// The document's fields and values are those AWS STS publishes for an
// account issuer.
func TestDiscoveryDocument(t *testing.T) {
	env := newOIDCEnv(t)
	resp, body := env.get(t, env.fed.IssuerURL+DiscoveryPath)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	iss := env.fed.IssuerURL
	want := `{"claims_supported":["sub","iss","aud","exp","iat","jti","https://sts.amazonaws.com/"],` +
		`"id_token_signing_alg_values_supported":["RS256","ES384"],` +
		`"issuer":"` + iss + `","jwks_uri":"` + iss + `/.well-known/jwks.json",` +
		`"response_types_supported":["id_token"],"subject_types_supported":["public"]}`
	if string(body) != want {
		t.Errorf("discovery document =\n%s\nwant\n%s", body, want)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	if got := resp.Header.Get("Cache-Control"); got != CacheControl {
		t.Errorf("Cache-Control = %q, want %q", got, CacheControl)
	}
}

func TestJWKSDocument(t *testing.T) {
	env := newOIDCEnv(t)
	resp, body := env.get(t, env.fed.IssuerURL+JWKSPath)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	if got := resp.Header.Get("Cache-Control"); got != CacheControl {
		t.Errorf("Cache-Control = %q, want %q", got, CacheControl)
	}
	var doc struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("decode JWKS: %v", err)
	}
	if len(doc.Keys) != 2 {
		t.Fatalf("JWKS has %d keys, want 2", len(doc.Keys))
	}
	wantFields := [][]string{
		{"alg", "e", "kid", "kty", "n", "use"},
		{"alg", "crv", "kid", "kty", "use", "x", "y"},
	}
	wantValues := []map[string]string{
		{"alg": "RS256", "e": "AQAB", "kid": "RSA_0", "kty": "RSA", "use": "sig"},
		{"alg": "ES384", "crv": "P-384", "kid": "EC384_0", "kty": "EC", "use": "sig"},
	}
	for i, key := range doc.Keys {
		if got := slices.Sorted(maps.Keys(key)); !slices.Equal(got, wantFields[i]) {
			t.Errorf("key %d fields = %v, want %v", i, got, wantFields[i])
		}
		for field, want := range wantValues[i] {
			if key[field] != want {
				t.Errorf("key %d %s = %q, want %q", i, field, key[field], want)
			}
		}
	}
	if n := doc.Keys[0]["n"]; len(n) != 342 {
		t.Errorf("RSA modulus is %d base64url characters, want 342 (2048 bits)", len(n))
	}
}

// Discovery and JWKS are still served after federation is disabled, so
// that tokens issued before stay verifiable, as AWS's are.
func TestDiscoveryServedWhenDisabled(t *testing.T) {
	env := newOIDCEnv(t)
	tok, err := env.issue(t, userCaller(t, allowAll), request(RS256))
	if err != nil {
		t.Fatalf("Issue() = %v", err)
	}
	if err := env.registry.Disable(testAccount); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{DiscoveryPath, JWKSPath} {
		if resp, _ := env.get(t, env.fed.IssuerURL+path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s after disable: status = %d, want 200", path, resp.StatusCode)
		}
	}
	env.verify(t, tok.JWT)
}

func TestDiscoveryHandlerRouting(t *testing.T) {
	env := newOIDCEnv(t)
	base := env.server.URL
	tests := []struct {
		name   string
		method string
		url    string
		want   int
	}{
		{"discovery", http.MethodGet, env.fed.IssuerURL + DiscoveryPath, 200},
		{"head jwks", http.MethodHead, env.fed.IssuerURL + JWKSPath, 200},
		{"post", http.MethodPost, env.fed.IssuerURL + JWKSPath, 405},
		{"unknown issuer", http.MethodGet, base + "/issuers/unknown" + JWKSPath, 404},
		{"outside base path", http.MethodGet, base + "/" + env.fed.IssuerID + JWKSPath, 404},
		{"unknown document", http.MethodGet, env.fed.IssuerURL + "/.well-known/other", 404},
		{"issuer root", http.MethodGet, env.fed.IssuerURL, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := env.server.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s: status = %d, want %d", tt.method, tt.url, resp.StatusCode, tt.want)
			}
		})
	}
}

func TestTokensVerifyWithGoOIDC(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(alg, func(t *testing.T) {
			env := newOIDCEnv(t)
			c := sessionCaller(t, time.Time{}, allowAll)
			r := request(alg)
			r.Audiences = []string{testAudience, "https://other.example.com"}
			tok, err := env.issue(t, c, r)
			if err != nil {
				t.Fatalf("Issue() = %v", err)
			}
			idToken := env.verify(t, tok.JWT)
			if idToken.Subject != testRoleARN {
				t.Errorf("verified sub = %q, want %q", idToken.Subject, testRoleARN)
			}
			if idToken.Issuer != env.fed.IssuerURL {
				t.Errorf("verified iss = %q, want %q", idToken.Issuer, env.fed.IssuerURL)
			}
			var claims struct {
				Namespace struct {
					PrincipalID string `json:"principal_id"`
				} `json:"https://sts.amazonaws.com/"`
			}
			if err := idToken.Claims(&claims); err != nil {
				t.Fatalf("Claims() = %v", err)
			}
			if claims.Namespace.PrincipalID != testRoleARN {
				t.Errorf("verified principal_id = %q, want %q", claims.Namespace.PrincipalID, testRoleARN)
			}
		})
	}
}

// Tokens signed before a rotation and before a restart keep verifying,
// because retired keys stay in the JWKS and keys persist.
func TestRotationAndRestartKeepTokensVerifiable(t *testing.T) {
	env := newOIDCEnv(t)
	c := userCaller(t, allowAll)
	long := func(alg string) *TokenRequest {
		r := request(alg)
		r.DurationSeconds = int32p(3600)
		return r
	}
	var tokens []*Token
	issueBoth := func(stage string) {
		for _, alg := range Algorithms {
			tok, err := env.issue(t, c, long(alg))
			if err != nil {
				t.Fatalf("Issue(%s) %s = %v", alg, stage, err)
			}
			tokens = append(tokens, tok)
		}
	}

	issueBoth("before rotation")
	if err := env.keys.Rotate(env.fed.IssuerID); err != nil {
		t.Fatalf("Rotate() = %v", err)
	}
	issueBoth("during publish delay")
	env.clock.Advance(testPublishDelay)
	issueBoth("after publish delay")
	env.restart(t)
	env.serve()
	issueBoth("after restart")

	wantKIDs := []string{"RSA_0", "EC384_0", "RSA_0", "EC384_0", "RSA_1", "EC384_1", "RSA_1", "EC384_1"}
	for i, tok := range tokens {
		if tok.KeyID != wantKIDs[i] {
			t.Errorf("token %d kid = %s, want %s", i, tok.KeyID, wantKIDs[i])
		}
		// Tokens from before the publish delay ended are still within
		// their hour.
		env.verify(t, tok.JWT)
	}

	// Once the old tokens have expired, the retired keys leave the JWKS
	// and new tokens still verify.
	env.clock.Advance(MaxTokenLifetime + DefaultClockSkew + time.Second)
	if got, want := jwksKIDsOf(t, env.keys, env.fed.IssuerID), []string{"RSA_1", "EC384_1"}; !slices.Equal(got, want) {
		t.Errorf("JWKS kids after retention = %v, want %v", got, want)
	}
	issueBoth("after retention")
	for _, tok := range tokens[len(tokens)-2:] {
		env.verify(t, tok.JWT)
	}
}

func jwksKIDsOf(t *testing.T, km *KeyManager, issuerID string) []string {
	t.Helper()
	set, err := km.JWKS(issuerID)
	if err != nil {
		t.Fatal(err)
	}
	var kids []string
	for _, k := range set.Keys {
		kids = append(kids, k.KeyID)
	}
	return kids
}

// Issuance, JWKS reads and rotation run concurrently; every token must
// verify against the JWKS served afterwards.
func TestConcurrentIssueDuringRotation(t *testing.T) {
	env := newOIDCEnv(t)
	c := userCaller(t, allowAll)
	var wg sync.WaitGroup
	tokens := make(chan *Token, 64)
	errs := make(chan error, 64)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				r := request(Algorithms[(w+i)%2])
				r.DurationSeconds = int32p(3600)
				tok, err := env.gate.Issue(context.Background(), c, r)
				if err != nil {
					errs <- err
					return
				}
				tokens <- tok
				if _, err := env.keys.JWKS(env.fed.IssuerID); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < 2; i++ {
		if err := env.keys.Rotate(env.fed.IssuerID); err != nil {
			t.Errorf("Rotate() = %v", err)
		}
		env.clock.Advance(testPublishDelay)
	}
	wg.Wait()
	close(tokens)
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Issue or JWKS: %v", err)
	}
	n := 0
	for tok := range tokens {
		env.verify(t, tok.JWT)
		n++
	}
	if n != 32 {
		t.Errorf("issued %d tokens, want 32", n)
	}
}
