package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/world"
)

const verifyAccount = "111122223333"

// issuerServer serves the verify test world on 127.0.0.1 and issues
// tokens from it. now shifts the issuer's clock.
type issuerServer struct {
	srv *world.Server
	url string // the account's issuer URL
}

func startIssuer(t *testing.T, now func() time.Time) *issuerServer {
	t.Helper()
	data, err := os.ReadFile("testdata/verify/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := world.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := world.NewServer(w, world.Options{DataDir: t.TempDir(), IssuerURL: "http://" + l.Addr().String(), Now: now})
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: l, Config: &http.Server{Handler: srv}}
	ts.Start()
	t.Cleanup(ts.Close)
	return &issuerServer{srv: srv, url: srv.Registry.Federation(verifyAccount).IssuerURL}
}

func (s *issuerServer) issue(t *testing.T, alg string, audiences ...string) string {
	t.Helper()
	caller, _, err := s.srv.World.CallerForAccessKey("AKIAVERIFYTEST000001")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.srv.Gate.Issue(context.Background(), caller,
		&issuer.TokenRequest{Audiences: audiences, SigningAlgorithm: alg})
	if err != nil {
		t.Fatalf("Issue = %v", err)
	}
	return tok.JWT
}

func TestVerifyAccepts(t *testing.T) {
	s := startIssuer(t, nil)
	for _, alg := range []string{"ES384", "RS256"} {
		t.Run(alg, func(t *testing.T) {
			token := s.issue(t, alg, "https://api.example.com", "https://other.example.com")
			out, errOut, status := runCmd(t, "verify", token, "--issuer", s.url, "--audience", "https://api.example.com",
				"--condition", `assertion.sub == "arn:aws:iam::111122223333:user/workloads/app" && `+
					`assertion['https://sts.amazonaws.com/'].aws_account == "111122223333" && assertion.exp - assertion.iat == 300`)
			if status != 0 {
				t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
			}
			var claims map[string]any
			if err := json.Unmarshal([]byte(out), &claims); err != nil {
				t.Fatalf("output is not the claims JSON: %v\n%s", err, out)
			}
			if claims["iss"] != s.url {
				t.Errorf("iss = %v, want %s", claims["iss"], s.url)
			}
			if strings.Contains(out, token) {
				t.Error("output contains the token")
			}
		})
	}
}

func TestVerifyTokenSources(t *testing.T) {
	s := startIssuer(t, nil)
	token := s.issue(t, "ES384", "https://api.example.com")
	path := filepath.Join(t.TempDir(), "token.jwt")
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, status := runCmd(t, "verify", "@"+path, "--issuer", s.url, "--audience", "https://api.example.com")
	if status != 0 {
		t.Errorf("@file: status = %d, want 0; stderr %q", status, errOut)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = saved }()
	_, errOut, status = runCmd(t, "verify", "-", "--issuer", s.url, "--audience", "https://api.example.com")
	if status != 0 {
		t.Errorf("stdin: status = %d, want 0; stderr %q", status, errOut)
	}
}

func TestVerifyRejects(t *testing.T) {
	s := startIssuer(t, nil)
	es := s.issue(t, "ES384", "https://api.example.com")
	rs := s.issue(t, "RS256", "https://api.example.com")
	expired := startIssuer(t, func() time.Time { return time.Now().Add(-2 * time.Hour) })
	future := startIssuer(t, func() time.Time { return time.Now().Add(time.Hour) })
	other := startIssuer(t, nil)

	parts := strings.Split(es, ".")
	tampered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))

	tests := []struct {
		name   string
		args   []string
		reason string
	}{
		{"wrong audience", []string{es, "--issuer", s.url, "--audience", "https://evil.example"},
			`aud ["https://api.example.com"] does not contain "https://evil.example"`},
		{"issuer mismatch", []string{es, "--issuer", s.url + "/", "--audience", "https://api.example.com"},
			"discovery document names a different issuer"},
		{"algorithm not allowed", []string{es, "--issuer", s.url, "--audience", "https://api.example.com", "--alg", "RS256"},
			"not a JWS signed with an allowed algorithm (RS256)"},
		{"bad signature", []string{tampered, "--issuer", s.url, "--audience", "https://api.example.com"},
			"signature does not verify"},
		{"expired", []string{expired.issue(t, "ES384", "https://api.example.com"), "--issuer", expired.url, "--audience", "https://api.example.com"},
			"token expired at"},
		{"issued in the future", []string{future.issue(t, "RS256", "https://api.example.com"), "--issuer", future.url, "--audience", "https://api.example.com"},
			"is in the future"},
		{"key of another issuer", []string{other.issue(t, "ES384", "https://api.example.com"), "--issuer", s.url, "--audience", "https://api.example.com"},
			"signature does not verify"},
		{"condition false", []string{rs, "--issuer", s.url, "--audience", "https://api.example.com",
			"--condition", `assertion['https://sts.amazonaws.com/'].aws_account == "444455556666"`},
			"condition not satisfied"},
		{"condition on absent claim", []string{rs, "--issuer", s.url, "--audience", "https://api.example.com",
			"--condition", `assertion.nbf > 0`},
			"condition not satisfied: evaluation failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runCmd(t, append([]string{"verify"}, tt.args...)...)
			if status != 1 {
				t.Errorf("status = %d, want 1", status)
			}
			if out != "" {
				t.Errorf("stdout = %q, want empty", out)
			}
			if !strings.HasPrefix(errOut, "iamgate verify: token rejected: ") || !strings.Contains(errOut, tt.reason) {
				t.Errorf("stderr = %q, want the rejection %q", errOut, tt.reason)
			}
		})
	}
}

// TestVerifyUnreachableIssuer checks that a discovery failure is reported
// as an unchecked token, not as a rejection.
func TestVerifyUnreachableIssuer(t *testing.T) {
	s := startIssuer(t, nil)
	token := s.issue(t, "ES384", "https://api.example.com")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	out, errOut, status := runCmd(t, "verify", token, "--issuer", closed, "--audience", "https://api.example.com")
	if status != 1 {
		t.Errorf("status = %d, want 1", status)
	}
	if out != "" {
		t.Errorf("stdout = %q, want empty", out)
	}
	if !strings.HasPrefix(errOut, "iamgate verify: token not checked: cannot reach the issuer: ") {
		t.Errorf("stderr = %q, want a line saying the issuer cannot be reached", errOut)
	}
}

func TestVerifyUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no token", []string{"--issuer", "http://127.0.0.1:1", "--audience", "a"}, "missing TOKEN"},
		{"no issuer", []string{"t.t.t", "--audience", "a"}, "missing --issuer"},
		{"no audience", []string{"t.t.t", "--issuer", "http://127.0.0.1:1"}, "missing --audience"},
		{"symmetric algorithm", []string{"t.t.t", "--issuer", "http://127.0.0.1:1", "--audience", "a", "--alg", "HS256"}, `invalid --alg "HS256"`},
		{"condition syntax", []string{"t.t.t", "--issuer", "http://127.0.0.1:1", "--audience", "a", "--condition", "assertion.sub =="}, "invalid --condition"},
		{"condition type", []string{"t.t.t", "--issuer", "http://127.0.0.1:1", "--audience", "a", "--condition", "1 + 2"},
			"the expression has type int, but the condition must be a boolean CEL expression"},
		{"condition of claim type", []string{"t.t.t", "--issuer", "http://127.0.0.1:1", "--audience", "a", "--condition", "assertion.sub"},
			"the expression has type dyn, but the condition must be a boolean CEL expression"},
		{"zero timeout", []string{"t.t.t", "--issuer", "http://127.0.0.1:1", "--audience", "a", "--timeout", "0"},
			"iamgate verify: invalid --timeout 0s: use a duration above 0 and at most 5m0s"},
		{"ftp issuer", []string{"t.t.t", "--issuer", "ftp://127.0.0.1/x", "--audience", "a"},
			`iamgate verify: invalid --issuer "ftp://127.0.0.1/x": use an https:// URL`},
		{"issuer without scheme", []string{"t.t.t", "--issuer", "127.0.0.1:8080", "--audience", "a"},
			`iamgate verify: invalid --issuer "127.0.0.1:8080"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, status := runCmd(t, append([]string{"verify"}, tt.args...)...)
			if status != 2 {
				t.Errorf("status = %d, want 2", status)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr = %q, want %q", errOut, tt.want)
			}
		})
	}
}
