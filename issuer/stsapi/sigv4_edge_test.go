package stsapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	edgeKeyID   = "ASIAEDGE000000000001"
	edgeSecret  = "edge-secret"
	edgeSession = "edge-session-token"
)

var edgeNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// signEdge returns a POST signed by the SDK's signer at signedAt for the
// given region and service, with the session token of the test key.
func signEdge(t *testing.T, body string, signedAt time.Time, region, service string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hash := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: edgeKeyID, SecretAccessKey: edgeSecret, SessionToken: edgeSession}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(hash[:]),
		service, region, signedAt); err != nil {
		t.Fatal(err)
	}
	return req
}

// TestVerifyEdgeCases attacks the verifier with requests that were signed
// correctly and then changed, or signed at the edges of the clock skew.
// AWS allows 15 minutes of skew either way:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/signing-elements.html
func TestVerifyEdgeCases(t *testing.T) {
	const body = "Action=GetCallerIdentity&Version=2011-06-15"
	v := verifier{
		lookup: func(id string) (Credential, bool) {
			return Credential{SecretAccessKey: edgeSecret, SessionToken: edgeSession}, id == edgeKeyID
		},
		now:     func() time.Time { return edgeNow },
		maxSkew: DefaultMaxClockSkew,
	}
	setAuth := func(r *http.Request, from, to string) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), from, to, 1))
	}
	tests := []struct {
		name     string
		signedAt time.Duration // offset from edgeNow
		mutate   func(*http.Request)
		code     string // "" for success
		message  string // checked as a prefix when not empty
	}{
		{"as signed", 0, nil, "", ""},
		{"14m59s old", -(15*time.Minute - time.Second), nil, "", ""},
		{"14m59s ahead", 15*time.Minute - time.Second, nil, "", ""},
		{"15m01s old", -(15*time.Minute + time.Second), nil, "SignatureDoesNotMatch", "Signature expired: "},
		{"15m01s ahead", 15*time.Minute + time.Second, nil, "SignatureDoesNotMatch", "Signature not yet current: "},
		{"session token missing", 0, func(r *http.Request) { r.Header.Del("X-Amz-Security-Token") },
			"InvalidClientTokenId", "The security token included in the request is invalid."},
		{"session token wrong", 0, func(r *http.Request) { r.Header.Set("X-Amz-Security-Token", "other") },
			"InvalidClientTokenId", "The security token included in the request is invalid."},
		{"X-Amz-Date replaced by Date", 0, func(r *http.Request) {
			r.Header.Set("Date", edgeNow.Format(http.TimeFormat))
			r.Header.Del("X-Amz-Date")
		}, "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."},
		{"X-Amz-Date unsigned", 0, func(r *http.Request) { setAuth(r, ";x-amz-date", "") },
			"IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."},
		{"X-Amz-Date changed", 0, func(r *http.Request) {
			r.Header.Set("X-Amz-Date", edgeNow.Add(time.Second).Format(amzDateLayout))
		}, "SignatureDoesNotMatch", "The request signature we calculated"},
		{"scope day differs from X-Amz-Date", 0, func(r *http.Request) { setAuth(r, "/20260301/", "/20260302/") },
			"SignatureDoesNotMatch", "Date in Credential scope does not match"},
		{"host unsigned", 0, func(r *http.Request) { setAuth(r, ";host;", ";") },
			"IncompleteSignature", "'Host' or ':authority' must be a 'SignedHeader'"},
		{"signed header names upper case", 0, func(r *http.Request) { setAuth(r, "content-type;host", "Content-Type;Host") },
			"IncompleteSignature", "'Host' or ':authority' must be a 'SignedHeader'"},
		{"host changed", 0, func(r *http.Request) { r.Host = "127.0.0.1:9090" },
			"SignatureDoesNotMatch", "The request signature we calculated"},
		{"signed header removed", 0, func(r *http.Request) { r.Header.Del("Content-Type") },
			"SignatureDoesNotMatch", "The request signature we calculated"},
		{"second Authorization header", 0, func(r *http.Request) { r.Header.Add("Authorization", r.Header.Get("Authorization")) },
			"IncompleteSignature", "The request has more than one Authorization header."},
		{"signature not hex", 0, func(r *http.Request) { setAuth(r, "Signature=", "Signature=zz") },
			"SignatureDoesNotMatch", "The request signature we calculated"},
		{"unknown access key", 0, func(r *http.Request) { setAuth(r, edgeKeyID, "ASIAOTHER00000000001") },
			"InvalidClientTokenId", "The security token included in the request is invalid."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := signEdge(t, body, edgeNow.Add(tt.signedAt), "us-east-1", "sts")
			if tt.mutate != nil {
				tt.mutate(req)
			}
			_, err := v.verify(req, []byte(body))
			if tt.code == "" {
				if err != nil {
					t.Fatalf("verify = %v, want success", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("verify = %v, want *Error %s", err, tt.code)
			}
			if e.Code != tt.code {
				t.Errorf("code = %s, want %s (message %q)", e.Code, tt.code, e.Message)
			}
			if !strings.HasPrefix(e.Message, tt.message) {
				t.Errorf("message = %q, want prefix %q", e.Message, tt.message)
			}
		})
	}
}
