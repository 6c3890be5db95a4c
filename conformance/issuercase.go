package conformance

import (
	"context"
	"fmt"
	"strings"
)

// runToken runs a token case: pad the claims when the case sets
// pad_claims_to, issue, then compare the API error, or verify the token
// against the issuer's JWKS and check the assertions.
func (r *Runner) runToken(ctx context.Context, c *Case) error {
	assertions, err := r.cel.compile(c)
	if err != nil {
		return err
	}
	if c.Token.PadClaimsTo > 0 {
		if c, err = r.padClaims(ctx, c); err != nil {
			return err
		}
	}
	jwt, apiErr, err := r.target.Issue(ctx, c)
	if err != nil {
		return fmt.Errorf("case failed to run: %w", err)
	}
	if want := c.Expect.Error; want != nil {
		return compareError(want, apiErr)
	}
	if apiErr != nil {
		return fmt.Errorf("expected a token, got %s: %s", apiErr.Code, apiErr.Message)
	}

	tok, err := decodeToken(jwt)
	if err != nil {
		return err
	}
	vars, rawJWKS, err := r.issuerDocuments(ctx, c)
	if err != nil {
		return err
	}
	if err := verifySignature(jwt, rawJWKS); err != nil {
		return err
	}
	vars["header"] = tok.header
	vars["claims"] = tok.claims
	vars["payload_bytes"] = int64(tok.payloadBytes)
	return check(assertions, vars)
}

func compareError(want, got *ExpectedError) error {
	if got == nil {
		return fmt.Errorf("expected error %s, got a token", want.Code)
	}
	if got.Code != want.Code {
		return fmt.Errorf("expected error %s, got %s: %s", want.Code, got.Code, got.Message)
	}
	if want.Message != "" && got.Message != want.Message {
		return fmt.Errorf("expected %s message %q, got %q", want.Code, want.Message, got.Message)
	}
	return nil
}

// runDocument runs a discovery or JWKS case.
func (r *Runner) runDocument(ctx context.Context, c *Case) error {
	assertions, err := r.cel.compile(c)
	if err != nil {
		return err
	}
	vars, _, err := r.issuerDocuments(ctx, c)
	if err != nil {
		return err
	}
	return check(assertions, vars)
}

// issuerDocuments fetches the discovery document of the caller's issuer
// and, through its jwks_uri, the JWKS, as a relying party would. It
// returns the CEL variables and the JWKS as fetched, for signature checks.
func (r *Runner) issuerDocuments(ctx context.Context, c *Case) (map[string]any, []byte, error) {
	iss, err := r.target.IssuerURL(ctx, c)
	if err != nil {
		return nil, nil, fmt.Errorf("issuer lookup failed: %w", err)
	}

	discoveryURL := strings.TrimRight(iss, "/") + "/.well-known/openid-configuration"
	raw, err := r.target.Fetch(ctx, c, discoveryURL)
	if err != nil {
		return nil, nil, fmt.Errorf("discovery fetch failed: %w", err)
	}
	discovery, err := decodeObject(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("discovery document: %v", err)
	}

	jwksURI, _ := discovery["jwks_uri"].(string)
	if jwksURI == "" {
		return nil, nil, fmt.Errorf("discovery document at %s has no jwks_uri", discoveryURL)
	}
	rawJWKS, err := r.target.Fetch(ctx, c, jwksURI)
	if err != nil {
		return nil, nil, fmt.Errorf("JWKS fetch failed: %w", err)
	}
	jwks, err := decodeObject(rawJWKS)
	if err != nil {
		return nil, nil, fmt.Errorf("JWKS: %v", err)
	}

	vars := newVars()
	vars["issuer"] = iss
	vars["discovery"] = discovery
	vars["jwks"] = jwks
	return vars, rawJWKS, nil
}
