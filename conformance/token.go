package conformance

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// decodedToken is a JWT split into its header and claims, with the size
// of the claims JSON as AWS measures it for its payload limit.
type decodedToken struct {
	header       map[string]any
	claims       map[string]any
	payloadBytes int
}

// decodeToken decodes a compact JWT without verifying it.
func decodeToken(jwt string) (*decodedToken, error) {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("token has %d parts, want 3 (header.payload.signature)", len(parts))
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, fmt.Errorf("token header is not base64url: %w", err)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("token payload is not base64url: %w", err)
	}
	t := &decodedToken{payloadBytes: len(payload)}
	if t.header, err = decodeObject(header); err != nil {
		return nil, fmt.Errorf("token header: %w", err)
	}
	if t.claims, err = decodeObject(payload); err != nil {
		return nil, fmt.Errorf("token claims: %w", err)
	}
	return t, nil
}

// DecodeJSONObject decodes a JSON object, such as JWT claims, into the
// form that CEL conditions read: integral numbers become int64, so that
// they compare with integer literals, and other numbers float64.
func DecodeJSONObject(data []byte) (map[string]any, error) {
	return decodeObject(data)
}

func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, errors.New("not a JSON object")
	}
	return normalize(v).(map[string]any), nil
}

func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	}
	return v
}

// verifySignature checks the token's signature against the JWKS, as a
// relying party would: only RS256 and ES384, the key chosen by kid.
func verifySignature(jwt string, jwksJSON []byte) error {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(jwksJSON, &set); err != nil {
		return fmt.Errorf("JWKS is not a JSON Web Key Set: %w", err)
	}
	sig, err := jose.ParseSignedCompact(jwt, []jose.SignatureAlgorithm{jose.RS256, jose.ES384})
	if err != nil {
		return fmt.Errorf("token is not a JWS with RS256 or ES384: %w", err)
	}
	if _, err := sig.Verify(&set); err != nil {
		return fmt.Errorf("token signature does not verify against the issuer's JWKS: %w", err)
	}
	return nil
}

// arnAccount returns the account field of an ARN, "" when s is not an
// ARN.
func arnAccount(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
