package stsapi_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/iamgate/iamgate/issuer/world"
)

// testEnv is an iamgate server built from testdata/world.yaml on an
// httptest server bound to 127.0.0.1.
type testEnv struct {
	world  *world.World
	server *world.Server
	http   *httptest.Server
}

// newTestEnv starts a server; now, when not nil, replaces its clock.
func newTestEnv(t testing.TB, now func() time.Time) *testEnv {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	data, err := os.ReadFile("testdata/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := world.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{world: w}
	env.http = httptest.NewUnstartedServer(nil)
	env.http.Start()
	t.Cleanup(env.http.Close)

	env.server, err = world.NewServer(w, world.Options{
		DataDir: t.TempDir(), IssuerURL: env.http.URL, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.http.Config.Handler = env.server
	return env
}

// credentials returns the static credentials of an access key of the
// test world.
func (e *testEnv) credentials(t testing.TB, accessKeyID string) aws.CredentialsProvider {
	t.Helper()
	cred, _, ok := e.world.LookupAccessKey(accessKeyID)
	if !ok {
		t.Fatalf("test world has no access key %s", accessKeyID)
	}
	return credentials.NewStaticCredentialsProvider(accessKeyID, cred.SecretAccessKey, cred.SessionToken)
}

func (e *testEnv) sts(t testing.TB, accessKeyID string) *sts.Client {
	return sts.New(sts.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.http.URL),
		Credentials:  e.credentials(t, accessKeyID),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   e.http.Client(),
	})
}

func (e *testEnv) iam(t testing.TB, accessKeyID string) *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(e.http.URL),
		Credentials:  e.credentials(t, accessKeyID),
		Retryer:      aws.NopRetryer{},
		HTTPClient:   e.http.Client(),
	})
}

// issuerURL returns the issuer URL of an account.
func (e *testEnv) issuerURL(account string) string {
	return e.server.Registry.Federation(account).IssuerURL
}

// verifyToken verifies a JWT with go-oidc through the issuer's discovery
// document and returns its claims.
func verifyToken(t testing.TB, issuerURL, audience, jwt string) map[string]any {
	t.Helper()
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, issuerURL)
	if err != nil {
		t.Fatalf("oidc.NewProvider(%s): %v", issuerURL, err)
	}
	verifier := provider.Verifier(&oidc.Config{
		ClientID:             audience,
		SupportedSigningAlgs: []string{oidc.RS256, oidc.ES384},
	})
	idToken, err := verifier.Verify(ctx, jwt)
	if err != nil {
		t.Fatalf("go-oidc Verify: %v", err)
	}
	var claims map[string]any
	if err := idToken.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

// wantAPIError asserts that err is an AWS API error with code and message.
// An empty message skips the message check; a message ending in "..."
// is checked as a prefix.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("error = nil, want %s", code)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not a smithy.APIError", err)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("ErrorCode() = %q, want %q (message %q)", apiErr.ErrorCode(), code, apiErr.ErrorMessage())
	}
	switch {
	case message == "":
	case strings.HasSuffix(message, "..."):
		if !strings.HasPrefix(apiErr.ErrorMessage(), strings.TrimSuffix(message, "...")) {
			t.Errorf("ErrorMessage() = %q, want prefix %q", apiErr.ErrorMessage(), strings.TrimSuffix(message, "..."))
		}
	case apiErr.ErrorMessage() != message:
		t.Errorf("ErrorMessage() =\n%q\nwant\n%q", apiErr.ErrorMessage(), message)
	}
}
