package issuer

import (
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzValidateAndBuildClaims feeds arbitrary parameters through validation
// and, when they pass, through the claims builder. Validation must never
// panic, and accepted values must come back unchanged from the claims
// JSON.
func FuzzValidateAndBuildClaims(f *testing.F) {
	f.Add("https://rp.example.com", "ES384", int32(300), "team", "platform", "", "", false)
	f.Add("", "RS256", int32(59), "", "", "read", "OriginIdentity", true)
	f.Add("a\"b\\c<d>", "rs256", int32(3601), "<team>", "x;y", " read", "Origin", true)
	f.Add("é😀", "ES384", int32(3600), "aws:test", "", "read write", "OriginIdentity", true)
	f.Fuzz(func(t *testing.T, aud, alg string, dur int32, key, value, scope, mode string, withScope bool) {
		r := &TokenRequest{
			Audiences:        []string{aud},
			SigningAlgorithm: alg,
			DurationSeconds:  &dur,
			Tags:             []Tag{{Key: key, Value: value}},
			SubjectMode:      mode,
		}
		if withScope {
			r.Scope = &scope
		}
		c := &Caller{Origin: OriginIdentity{Subject: "alice", Issuer: "idp.example.com"}}
		req, apiErr := validateRequest(c, r)
		if apiErr != nil {
			if apiErr.Code == "" || apiErr.Message == "" || apiErr.HTTPStatus != 400 {
				t.Fatalf("validateRequest() = %+v, want a code, a message and HTTP 400", apiErr)
			}
			return
		}
		if !utf8.ValidString(aud) || !utf8.ValidString(value) {
			return // encoding/json replaces invalid UTF-8, so values differ
		}

		now := time.Unix(1_800_000_000, 0)
		payload, err := buildClaims(c, req, "https://tokens.example.com/x", now.Unix(), now.Unix()+int64(dur), "jti")
		if err != nil {
			t.Fatalf("buildClaims() = %v", err)
		}
		var got struct {
			Aud   string `json:"aud"`
			Scope string `json:"scope"`
			NS    struct {
				RequestTags map[string]string `json:"request_tags"`
			} `json:"https://sts.amazonaws.com/"`
		}
		if err := json.Unmarshal(payload, &got); err != nil {
			t.Fatalf("claims JSON %s does not decode: %v", payload, err)
		}
		if got.Aud != aud {
			t.Errorf("aud = %q, want %q", got.Aud, aud)
		}
		if v, ok := got.NS.RequestTags[key]; !ok || v != value {
			t.Errorf("request_tags[%q] = %q, %v, want %q", key, v, ok, value)
		}
		if withScope && got.Scope != scope {
			t.Errorf("scope = %q, want %q", got.Scope, scope)
		}
	})
}
