package issuer

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// joseDir holds the node script that verifies tokens with the npm jose
// package. Install it with: npm install --prefix issuer/testdata/jose
const joseDir = "testdata/jose"

// requireJose skips the test when node or the jose package is missing,
// unless IAMGATE_REQUIRE_JOSE=1, which turns the skip into a failure so
// that CI cannot pass without the independent check.
func requireJose(t *testing.T) string {
	t.Helper()
	fail := t.Skipf
	if os.Getenv("IAMGATE_REQUIRE_JOSE") == "1" {
		fail = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		fail("node not found in PATH: %v", err)
	}
	if _, err := os.Stat(filepath.Join(joseDir, "node_modules", "jose", "package.json")); err != nil {
		fail("jose package missing (%v); run: npm install --prefix issuer/testdata/jose", err)
	}
	return node
}

type joseToken struct {
	JWT      string `json:"jwt"`
	Issuer   string `json:"issuer"`
	Audience string `json:"audience"`
}

type joseResult struct {
	OK    bool   `json:"ok"`
	Alg   string `json:"alg"`
	KID   string `json:"kid"`
	Sub   string `json:"sub"`
	Error string `json:"error"`
}

// runJose verifies tokens with the node script at the fake clock's time.
func runJose(t *testing.T, node string, now time.Time, tokens []joseToken) ([]joseResult, error) {
	t.Helper()
	input, err := json.Marshal(map[string]any{"now": now.Unix(), "tokens": tokens})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "verify.mjs")
	cmd.Dir = joseDir
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	var results []joseResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("decode node output %q: %v (stderr: %s)", out, err, stderr.String())
	}
	if len(results) != len(tokens) {
		t.Fatalf("node returned %d results for %d tokens", len(results), len(tokens))
	}
	return results, runErr
}

// The jose package (github.com/panva/jose) shares no code with go-jose, so
// its acceptance shows the tokens and documents follow the specifications
// rather than one library's reading of them.
func TestTokensVerifyWithNodeJose(t *testing.T) {
	node := requireJose(t)
	env := newOIDCEnv(t)
	c := sessionCaller(t, time.Time{}, allowAll)

	var tokens []joseToken
	var want []*Token
	issue := func(alg string, audiences ...string) {
		r := request(alg)
		r.Audiences = audiences
		r.DurationSeconds = int32p(3600)
		r.Tags = []Tag{{Key: "team", Value: "platform"}}
		tok, err := env.issue(t, c, r)
		if err != nil {
			t.Fatalf("Issue(%s) = %v", alg, err)
		}
		tokens = append(tokens, joseToken{JWT: tok.JWT, Issuer: env.fed.IssuerURL, Audience: audiences[0]})
		want = append(want, tok)
	}
	for _, alg := range Algorithms {
		issue(alg, testAudience)
		issue(alg, testAudience, testAudience, "https://other.example.com")
	}
	// Tokens signed before a rotation and by the rotated keys.
	if err := env.keys.Rotate(env.fed.IssuerID); err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(testPublishDelay)
	for _, alg := range Algorithms {
		issue(alg, testAudience)
	}

	results, err := runJose(t, node, env.clock.Now(), tokens)
	if err != nil {
		t.Errorf("node verify.mjs failed: %v", err)
	}
	for i, res := range results {
		if !res.OK {
			t.Errorf("token %d (%s %s): jose rejected it: %s", i, want[i].Algorithm, want[i].KeyID, res.Error)
			continue
		}
		if res.Alg != want[i].Algorithm || res.KID != want[i].KeyID || res.Sub != testRoleARN {
			t.Errorf("token %d: jose saw alg %s kid %s sub %s, want %s %s %s",
				i, res.Alg, res.KID, res.Sub, want[i].Algorithm, want[i].KeyID, testRoleARN)
		}
	}
}

// The node script must fail, not pass, on a token it cannot verify, or the
// test above would prove nothing.
func TestNodeJoseRejectsBadTokens(t *testing.T) {
	node := requireJose(t)
	env := newOIDCEnv(t)
	tok, err := env.issue(t, userCaller(t, allowAll), request(ES384))
	if err != nil {
		t.Fatal(err)
	}
	tampered := tok.JWT[:len(tok.JWT)-4] + "AAAA"
	tokens := []joseToken{
		{JWT: tampered, Issuer: env.fed.IssuerURL, Audience: testAudience},
		{JWT: tok.JWT, Issuer: env.fed.IssuerURL, Audience: "https://wrong.example.com"},
	}
	results, err := runJose(t, node, env.clock.Now(), tokens)
	if err == nil {
		t.Error("node verify.mjs exit status = 0, want 1")
	}
	for i, res := range results {
		if res.OK {
			t.Errorf("token %d: jose accepted it, want a rejection", i)
		}
	}

	late := env.clock.Now().Add(time.Hour)
	results, err = runJose(t, node, late, []joseToken{{JWT: tok.JWT, Issuer: env.fed.IssuerURL, Audience: testAudience}})
	if err == nil || results[0].OK {
		t.Errorf("expired token: jose result %+v, exit error %v, want a rejection", results[0], err)
	}
}
