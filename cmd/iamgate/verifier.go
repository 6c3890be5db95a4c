package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/ext"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/iamgate/iamgate/conformance"
)

// maxDocumentBytes bounds a discovery or JWKS response.
const maxDocumentBytes = 1 << 20

// Reasons a token is rejected; each check has its own.
var (
	errIssuerMismatch = errors.New("discovery document names a different issuer")
	errNoKey          = errors.New("no JWKS key matches the token's kid")
	errMissingClaim   = errors.New("required claim missing")
	errCondition      = errors.New("condition not satisfied")
)

// fetchError is a failure to reach the issuer's discovery or JWKS URL.
// The token was not checked, so it is not a rejection.
type fetchError struct{ err error }

func (e *fetchError) Error() string { return e.err.Error() }
func (e *fetchError) Unwrap() error { return e.err }

// verifier checks a token as a relying party: discovery, JWKS, signature,
// then the registered claims and the condition.
type verifier struct {
	issuer     string
	audience   string
	algorithms []jose.SignatureAlgorithm
	leeway     time.Duration
	condition  cel.Program
	client     *http.Client
	now        func() time.Time
}

// verify returns the token's claims when every check passes.
func (v *verifier) verify(ctx context.Context, token string) (map[string]any, error) {
	jwksURI, err := v.discover(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := v.fetchJWKS(ctx, jwksURI)
	if err != nil {
		return nil, err
	}

	sig, err := jose.ParseSignedCompact(token, v.algorithms)
	if err != nil {
		return nil, fmt.Errorf("not a JWS signed with an allowed algorithm (%s): %w", algNames(v.algorithms), err)
	}
	if len(sig.Signatures) != 1 {
		return nil, fmt.Errorf("token has %d signatures, want 1", len(sig.Signatures))
	}
	kid := sig.Signatures[0].Header.KeyID
	candidates := keys.Key(kid)
	if kid == "" || len(candidates) == 0 {
		return nil, fmt.Errorf("%w: kid %q not in %s", errNoKey, kid, jwksURI)
	}
	payload, err := sig.Verify(candidates[0].Key)
	if err != nil {
		return nil, fmt.Errorf("signature does not verify with key %s: %w", kid, err)
	}

	var std jwt.Claims
	if err := json.Unmarshal(payload, &std); err != nil {
		return nil, fmt.Errorf("claims are not a JWT claims set: %w", err)
	}
	all, err := decodeClaims(payload)
	if err != nil {
		return nil, err
	}

	if err := v.checkClaims(std); err != nil {
		return nil, err
	}
	if v.condition != nil {
		if err := checkCondition(v.condition, all); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// checkClaims checks iss, aud, exp and iat. exp and iat must be present:
// a token without them cannot be bounded in time.
func (v *verifier) checkClaims(c jwt.Claims) error {
	if c.Expiry == nil {
		return fmt.Errorf("%w: exp", errMissingClaim)
	}
	if c.IssuedAt == nil {
		return fmt.Errorf("%w: iat", errMissingClaim)
	}
	expected := jwt.Expected{Issuer: v.issuer, AnyAudience: jwt.Audience{v.audience}, Time: v.now()}
	err := c.ValidateWithLeeway(expected, v.leeway)
	switch {
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return fmt.Errorf("iss %q is not the expected issuer %q", c.Issuer, v.issuer)
	case errors.Is(err, jwt.ErrInvalidAudience):
		return fmt.Errorf("aud %q does not contain %q", []string(c.Audience), v.audience)
	case errors.Is(err, jwt.ErrExpired):
		return fmt.Errorf("token expired at %s", c.Expiry.Time().UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrIssuedInTheFuture):
		return fmt.Errorf("iat %s is in the future", c.IssuedAt.Time().UTC().Format(time.RFC3339))
	case errors.Is(err, jwt.ErrNotValidYet):
		return fmt.Errorf("token not valid before %s", c.NotBefore.Time().UTC().Format(time.RFC3339))
	}
	return err
}

// discover fetches the discovery document and returns its jwks_uri. The
// document's issuer must equal the expected issuer exactly (OpenID
// Connect Discovery 1.0, section 4.3).
func (v *verifier) discover(ctx context.Context) (string, error) {
	url := strings.TrimSuffix(v.issuer, "/") + "/.well-known/openid-configuration"
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := v.getJSON(ctx, url, &doc); err != nil {
		return "", fmt.Errorf("discovery: %w", err)
	}
	if doc.Issuer != v.issuer {
		return "", fmt.Errorf("%w: %q at %s, expected %q", errIssuerMismatch, doc.Issuer, url, v.issuer)
	}
	if doc.JWKSURI == "" {
		return "", fmt.Errorf("discovery: %s has no jwks_uri", url)
	}
	return doc.JWKSURI, nil
}

func (v *verifier) fetchJWKS(ctx context.Context, url string) (*jose.JSONWebKeySet, error) {
	var set jose.JSONWebKeySet
	if err := v.getJSON(ctx, url, &set); err != nil {
		return nil, fmt.Errorf("JWKS: %w", err)
	}
	return &set, nil
}

func (v *verifier) getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return &fetchError{err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentBytes+1))
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	if len(body) > maxDocumentBytes {
		return fmt.Errorf("GET %s: body larger than %d bytes", url, maxDocumentBytes)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("GET %s: invalid JSON: %w", url, err)
	}
	return nil
}

// decodeClaims decodes the claims JSON as the conformance runner does, so
// that conditions compare iat and exp with integer literals.
func decodeClaims(payload []byte) (map[string]any, error) {
	claims, err := conformance.DecodeJSONObject(payload)
	if err != nil {
		return nil, fmt.Errorf("claims are not a JSON object: %v", err)
	}
	return claims, nil
}

func algNames(algs []jose.SignatureAlgorithm) string {
	s := make([]string, len(algs))
	for i, a := range algs {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// compileCondition compiles a CEL expression over the variable assertion,
// which holds the claims. It must be a boolean expression.
func compileCondition(expr string) (cel.Program, error) {
	env, err := cel.NewEnv(cel.Variable("assertion", cel.MapType(cel.StringType, cel.DynType)), ext.Strings())
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		return nil, errors.New(strings.ReplaceAll(iss.Err().Error(), "\n", " "))
	}
	// A claim is dyn, so a bare claim such as assertion.sub type-checks
	// as dyn. Only a bool result is accepted here, so that such an
	// expression fails now and not on every token.
	if t := ast.OutputType(); t != cel.BoolType {
		return nil, fmt.Errorf("the expression has type %s, but the condition must be a boolean CEL expression, "+
			"such as assertion.sub == \"VALUE\" or assertion.CLAIM == true", t)
	}
	return env.Program(ast)
}

func checkCondition(prg cel.Program, claims map[string]any) error {
	out, _, err := prg.Eval(map[string]any{"assertion": claims})
	if err != nil {
		return fmt.Errorf("%w: evaluation failed: %v", errCondition, err)
	}
	if b, ok := out.Value().(bool); !ok || !b {
		return errCondition
	}
	return nil
}
