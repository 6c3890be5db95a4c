package stsapi_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"
	"github.com/coreos/go-oidc/v3/oidc"
)

// TestConcurrentIssueToggleRotate issues tokens from several clients while
// another client disables and enables federation and the server rotates
// keys and serves the JWKS. Every request must end in a token that
// verifies or in OutboundWebIdentityFederationDisabledException; anything
// else, InternalFailure included, is a race. Run it with -race.
func TestConcurrentIssueToggleRotate(t *testing.T) {
	env := newTestEnv(t, nil)
	ctx := context.Background()
	const account = "333344445555"
	const adminKey = "AKIAADMIN00000000001"
	admin := env.iam(t, adminKey)
	if _, err := admin.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{}); err != nil {
		t.Fatalf("EnableOutboundWebIdentityFederation: %v", err)
	}
	issuerURL := env.issuerURL(account)

	const issuers, perIssuer, toggles, rotations = 4, 15, 10, 3
	var (
		mu     sync.Mutex
		tokens []string
		failed []error
		wg     sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		failed = append(failed, err)
		mu.Unlock()
	}
	for i := range issuers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := env.sts(t, adminKey)
			alg := []string{"ES384", "RS256"}[i%2]
			for range perIssuer {
				out, err := client.GetWebIdentityToken(ctx, tokenInput(alg, "https://api.example.com"))
				var apiErr smithy.APIError
				switch {
				case err == nil:
					mu.Lock()
					tokens = append(tokens, aws.ToString(out.WebIdentityToken))
					mu.Unlock()
				case errors.As(err, &apiErr) && apiErr.ErrorCode() == "OutboundWebIdentityFederationDisabledException":
				default:
					fail(err)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range toggles {
			if _, err := admin.DisableOutboundWebIdentityFederation(ctx, &iam.DisableOutboundWebIdentityFederationInput{}); err != nil {
				fail(err)
			}
			if _, err := admin.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{}); err != nil {
				fail(err)
			}
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range rotations {
			if err := env.server.RotateKeys(); err != nil {
				fail(err)
			}
			resp, err := env.http.Client().Get(issuerURL + "/.well-known/jwks.json")
			if err != nil {
				fail(err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				fail(errors.New("JWKS status " + resp.Status))
			}
		}
	}()
	wg.Wait()

	for _, err := range failed {
		t.Errorf("concurrent request failed: %v", err)
	}
	if len(tokens) == 0 {
		t.Fatal("no token was issued, want some issued while federation was enabled")
	}
	provider, err := oidc.NewProvider(ctx, issuerURL)
	if err != nil {
		t.Fatalf("oidc.NewProvider: %v", err)
	}
	verifier := provider.Verifier(&oidc.Config{
		ClientID: "https://api.example.com", SupportedSigningAlgs: []string{oidc.RS256, oidc.ES384},
	})
	for i, tok := range tokens {
		if _, err := verifier.Verify(ctx, tok); err != nil {
			t.Errorf("token %d of %d does not verify: %v", i+1, len(tokens), err)
		}
	}
}
