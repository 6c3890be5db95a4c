package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/issuer/world"
)

// demoEndpoint serves the embedded demo world on 127.0.0.1, as
// `iamgate serve` does, and writes its credentials file the same way.
type demoEndpoint struct {
	url         string // the STS endpoint
	credentials string // path of the shared-credentials file
}

func startDemoEndpoint(t *testing.T) *demoEndpoint {
	t.Helper()
	clearAWSEnv(t)
	w, err := world.Demo()
	if err != nil {
		t.Fatal(err)
	}
	var handler http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		handler.ServeHTTP(rw, r)
	}))
	t.Cleanup(ts.Close)
	srv, err := world.NewServer(w, world.Options{DataDir: t.TempDir(), IssuerURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	handler = srv

	path := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(path, w.CredentialsFile(world.DemoProfiles), 0o600); err != nil {
		t.Fatal(err)
	}
	return &demoEndpoint{url: ts.URL, credentials: path}
}

// clearAWSEnv removes the variables that supply token's defaults, so a
// developer's environment cannot change what a test sends.
func clearAWSEnv(t *testing.T) {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, name := range []string{"AWS_ENDPOINT_URL_STS", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE",
		"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		t.Setenv(name, "")
	}
}

func (d *demoEndpoint) args(extra ...string) []string {
	return append([]string{"token", "--endpoint", d.url, "--credentials-file", d.credentials}, extra...)
}

// decodeJWTPart decodes the header (0) or claims (1) of a compact JWT.
func decodeJWTPart(t *testing.T, jwt string, i int) map[string]any {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts, want 3", len(parts))
	}
	data, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("token part %d is not base64url: %v", i, err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("token part %d is not a JSON object: %v", i, err)
	}
	return m
}

// TestTokenIssuesVerifiableTokens gets tokens through the real STS client
// and verifies each with `iamgate verify` against the server's discovery
// document and JWKS.
func TestTokenIssuesVerifiableTokens(t *testing.T) {
	d := startDemoEndpoint(t)
	tests := []struct {
		name     string
		args     []string
		alg      string
		sub      string
		lifetime float64
		aud      any
		tags     map[string]any
	}{
		{name: "default profile es384", args: []string{"--audience", "https://api.example.com"},
			alg: "ES384", sub: "arn:aws:iam::111122223333:role/workloads/app", lifetime: 300, aud: "https://api.example.com"},
		{name: "rs256 duration tags", args: []string{"--audience", "https://api.example.com", "--alg", "RS256",
			"--duration", "900", "--tag", "job=build-7", "--tag", "note=a=b"},
			alg: "RS256", sub: "arn:aws:iam::111122223333:role/workloads/app", lifetime: 900, aud: "https://api.example.com",
			tags: map[string]any{"job": "build-7", "note": "a=b"}},
		{name: "admin two audiences", args: []string{"--profile", "admin", "--audience", "https://api.example.com",
			"--audience", "https://partner.example.org"},
			alg: "ES384", sub: "arn:aws:iam::111122223333:user/ops/admin", lifetime: 300,
			aud: []any{"https://api.example.com", "https://partner.example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runCmd(t, d.args(tt.args...)...)
			if status != 0 {
				t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr = %q, want empty without --decode", errOut)
			}
			if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
				t.Fatalf("stdout has %d lines, want the token alone on one line", strings.Count(out, "\n"))
			}
			jwt := strings.TrimSuffix(out, "\n")

			header, claims := decodeJWTPart(t, jwt, 0), decodeJWTPart(t, jwt, 1)
			if header["alg"] != tt.alg {
				t.Errorf("header alg = %v, want %s", header["alg"], tt.alg)
			}
			if claims["sub"] != tt.sub {
				t.Errorf("sub = %v, want %s", claims["sub"], tt.sub)
			}
			if got, _ := json.Marshal(claims["aud"]); string(got) != mustJSON(t, tt.aud) {
				t.Errorf("aud = %s, want %s", got, mustJSON(t, tt.aud))
			}
			exp, _ := claims["exp"].(float64)
			iat, _ := claims["iat"].(float64)
			if exp-iat != tt.lifetime {
				t.Errorf("exp - iat = %v, want %v", exp-iat, tt.lifetime)
			}
			aws, _ := claims["https://sts.amazonaws.com/"].(map[string]any)
			if tt.tags != nil && mustJSON(t, aws["request_tags"]) != mustJSON(t, tt.tags) {
				t.Errorf("request_tags = %v, want %v", aws["request_tags"], tt.tags)
			}

			iss, _ := claims["iss"].(string)
			if !strings.HasPrefix(iss, d.url+"/") {
				t.Fatalf("iss = %q, want an issuer below %s", iss, d.url)
			}
			_, verr, vstatus := runCmd(t, "verify", jwt, "--issuer", iss, "--audience", "https://api.example.com")
			if vstatus != 0 {
				t.Errorf("iamgate verify status = %d, want 0; stderr %q", vstatus, verr)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestTokenDecode(t *testing.T) {
	d := startDemoEndpoint(t)
	out, errOut, status := runCmd(t, d.args("--audience", "https://api.example.com", "--decode")...)
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
	}
	jwt := strings.TrimSuffix(out, "\n")
	if strings.Count(jwt, ".") != 2 || strings.ContainsAny(jwt, "\n{") {
		t.Fatalf("stdout is not a compact JWT alone (%d bytes)", len(out))
	}
	if strings.Contains(errOut, jwt) {
		t.Error("stderr repeats the token")
	}

	var decoded struct {
		Header     map[string]any `json:"header"`
		Claims     map[string]any `json:"claims"`
		Expiration string         `json:"expiration"`
	}
	if err := json.Unmarshal([]byte(errOut), &decoded); err != nil {
		t.Fatalf("stderr is not the decoded JSON: %v\n%s", err, errOut)
	}
	if decoded.Header["typ"] != "JWT" {
		t.Errorf("decoded header typ = %v, want JWT", decoded.Header["typ"])
	}
	if want := decodeJWTPart(t, jwt, 1)["jti"]; decoded.Claims["jti"] != want {
		t.Errorf("decoded jti = %v, want the token's %v", decoded.Claims["jti"], want)
	}
	if decoded.Expiration == "" {
		t.Error("decoded expiration is empty, want the response's Expiration")
	}
}

// TestTokenAWSErrors checks that an AWS error from the endpoint prints
// "Code: Message" on one line and exits 1.
func TestTokenAWSErrors(t *testing.T) {
	d := startDemoEndpoint(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no identity policy", []string{"--profile", "intern", "--audience", "https://api.example.com"},
			"iamgate token: AccessDenied: User: arn:aws:iam::111122223333:user/intern is not authorized to perform: " +
				"sts:GetWebIdentityToken on resource: arn:aws:sts::111122223333:self " +
				"because no identity-based policy allows the sts:GetWebIdentityToken action\n"},
		{"scp caps lifetime", []string{"--audience", "https://api.example.com", "--duration", "3600"},
			"iamgate token: AccessDenied: User: arn:aws:sts::111122223333:assumed-role/app/demo is not authorized to perform: " +
				"sts:GetWebIdentityToken on resource: arn:aws:sts::111122223333:self " +
				"with an explicit deny in a service control policy\n"},
		{"duration below minimum", []string{"--audience", "https://api.example.com", "--duration", "59"},
			"iamgate token: ValidationError: 1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy " +
				"constraint: Member must have value greater than or equal to 60\n"},
		{"scope without origin identity", []string{"--audience", "https://api.example.com", "--scope", "read"},
			"iamgate token: ValidationError: Scope can be specified only when SubjectMode is OriginIdentity.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runCmd(t, d.args(tt.args...)...)
			if status != 1 {
				t.Errorf("status = %d, want 1", status)
			}
			if out != "" {
				t.Errorf("stdout has %d bytes, want none", len(out))
			}
			if errOut != tt.want {
				t.Errorf("stderr = %q, want %q", errOut, tt.want)
			}
		})
	}
}

// TestTokenCredentialSources checks where credentials come from: the file
// named by AWS_SHARED_CREDENTIALS_FILE and the profile named by
// AWS_PROFILE, and never the AWS_ACCESS_KEY_ID environment variables.
func TestTokenCredentialSources(t *testing.T) {
	d := startDemoEndpoint(t)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", d.credentials)
	t.Setenv("AWS_PROFILE", "admin")
	t.Setenv("AWS_ENDPOINT_URL_STS", d.url)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIANOTINTHEWORLD001")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret-of-the-world")

	out, errOut, status := runCmd(t, "token", "--audience", "https://api.example.com")
	if status != 0 {
		t.Fatalf("status = %d, want 0; stderr %q", status, errOut)
	}
	sub := decodeJWTPart(t, strings.TrimSpace(out), 1)["sub"]
	if sub != "arn:aws:iam::111122223333:user/ops/admin" {
		t.Errorf("sub = %v, want the admin profile's user", sub)
	}
}

func TestTokenUsage(t *testing.T) {
	d := startDemoEndpoint(t)
	noKeys := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(noKeys, []byte("[default]\nregion = us-east-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no endpoint", []string{"token", "--audience", "a"}, "missing --endpoint"},
		{"endpoint not a URL", []string{"token", "--endpoint", "127.0.0.1:8080", "--audience", "a"}, `invalid --endpoint "127.0.0.1:8080"`},
		{"no audience", d.args(), "missing --audience"},
		{"positional audience", d.args("https://api.example.com"), `unexpected argument "https://api.example.com"`},
		{"algorithm", d.args("--audience", "a", "--alg", "HS256"), `invalid --alg "HS256": use ES384 or RS256`},
		{"negative duration", d.args("--audience", "a", "--duration", "-5"), "invalid --duration -5"},
		{"duration unit", d.args("--audience", "a", "--duration", "5m"), `invalid value "5m" for flag -duration`},
		{"tag without value", d.args("--audience", "a", "--tag", "team"), `invalid --tag "team"`},
		{"tag empty key", d.args("--audience", "a", "--tag", "=x"), `invalid --tag "=x"`},
		{"unknown flag", d.args("--audience", "a", "--aud", "b"), "flag provided but not defined: -aud"},
		{"missing credentials file", []string{"token", "--endpoint", d.url, "--audience", "a",
			"--credentials-file", filepath.Join(t.TempDir(), "absent")}, "no such file or directory"},
		{"unknown profile", d.args("--audience", "a", "--profile", "nobody"), `profile "nobody" not found`},
		{"profile without keys", []string{"token", "--endpoint", d.url, "--audience", "a", "--credentials-file", noKeys},
			`profile "default" in ` + noKeys + " has no aws_access_key_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, status := runCmd(t, tt.args...)
			if status != 2 {
				t.Errorf("status = %d, want 2", status)
			}
			if out != "" {
				t.Errorf("stdout = %q, want empty", out)
			}
			if strings.Count(errOut, "\n") != 1 {
				t.Errorf("stderr has %d lines, want 1: %q", strings.Count(errOut, "\n"), errOut)
			}
			if !strings.HasPrefix(errOut, "iamgate token: ") || !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr = %q, want %q", errOut, tt.want)
			}
		})
	}
}
