package conformance

import (
	"context"
	"fmt"
	"strings"
)

// runToken runs a token case: issue, then compare the API error, or
// verify the token against the issuer's JWKS and check the assertions.
func (r *Runner) runToken(ctx context.Context, c *Case) error {
	assertions, err := r.cel.compile(c)
	if err != nil {
		return err
	}
	jwt, apiErr, err := r.target.Issue(ctx, c)
	if err != nil {
		return fmt.Errorf("could not run: %v", err)
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
	vars, err := r.issuerDocuments(ctx, c)
	if err != nil {
		return err
	}
	if err := verifySignature(jwt, vars["jwks_raw"].([]byte)); err != nil {
		return err
	}
	delete(vars, "jwks_raw")
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
	vars, err := r.issuerDocuments(ctx, c)
	if err != nil {
		return err
	}
	delete(vars, "jwks_raw")
	return check(assertions, vars)
}

// issuerDocuments fetches the caller's issuer's discovery document and,
// through its jwks_uri, the JWKS, as a relying party would. The raw JWKS
// is returned under "jwks_raw" for signature checks.
func (r *Runner) issuerDocuments(ctx context.Context, c *Case) (map[string]any, error) {
	iss, err := r.target.IssuerURL(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("could not find the issuer: %v", err)
	}
	discoveryURL := strings.TrimRight(iss, "/") + "/.well-known/openid-configuration"
	raw, err := r.target.Fetch(ctx, c, discoveryURL)
	if err != nil {
		return nil, fmt.Errorf("could not fetch discovery: %v", err)
	}
	discovery, err := decodeObject(raw)
	if err != nil {
		return nil, fmt.Errorf("discovery document: %v", err)
	}
	jwksURI, _ := discovery["jwks_uri"].(string)
	if jwksURI == "" {
		return nil, fmt.Errorf("discovery document at %s has no jwks_uri", discoveryURL)
	}
	rawJWKS, err := r.target.Fetch(ctx, c, jwksURI)
	if err != nil {
		return nil, fmt.Errorf("could not fetch JWKS: %v", err)
	}
	jwks, err := decodeObject(rawJWKS)
	if err != nil {
		return nil, fmt.Errorf("JWKS: %v", err)
	}
	vars := newVars()
	vars["issuer"] = iss
	vars["discovery"] = discovery
	vars["jwks"] = jwks
	vars["jwks_raw"] = rawJWKS
	return vars, nil
}
