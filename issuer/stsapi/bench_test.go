package stsapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/go-jose/go-jose/v4"
)

// BenchmarkHTTPPath measures three costs per algorithm, interleaved in
// every iteration so that they share the machine's load. sign is a bare
// JWS signature over a claims-sized payload. handler is the server's work
// on a SigV4-signed request replayed in process: SigV4 verification, Query
// parsing, decision, claims, signing and XML. http is a full
// GetWebIdentityToken call through the SDK client over loopback, which
// adds the client's own work on the same CPUs. The ratios handler/sign
// and http/sign are reported per run.
func BenchmarkHTTPPath(b *testing.B) {
	env := newTestEnv(b, nil)
	client := env.sts(b, "ASIASESSIONOK0000001")
	issuerID := env.server.Registry.Federation("111122223333").IssuerID
	payload := []byte(`{"aud":"https://api.example.com","sub":"arn:aws:iam::111122223333:role/workloads/app",` +
		`"https://sts.amazonaws.com/":{"aws_account":"111122223333","source_region":"us-east-1",` +
		`"principal_id":"arn:aws:iam::111122223333:role/workloads/app","org_id":"o-test123456",` +
		`"ou_path":["o-test123456/r-test/ou-test-workload/"],"principal_tags":{"Team":"session","untouched":"kept"},` +
		`"original_session_exp":"2026-12-04T17:00:00Z","source_identity":"alice",` +
		`"lambda_source_function_arn":"arn:aws:lambda:us-east-1:111122223333:function:fn"},` +
		`"iss":"http://127.0.0.1:1/` + strings.Repeat("x", 36) + `","exp":1790000300,"iat":1790000000,` +
		`"jti":"41702edc-542b-430b-acf4-312fafd56b0f"}`)

	for _, alg := range []string{"ES384", "RS256"} {
		key, err := env.server.Keys.SigningKey(issuerID, alg)
		if err != nil {
			b.Fatal(err)
		}
		signer, err := jose.NewSigner(jose.SigningKey{
			Algorithm: jose.SignatureAlgorithm(alg),
			Key:       jose.JSONWebKey{Key: key.Signer, KeyID: key.ID},
		}, (&jose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(alg, func(b *testing.B) {
			body := "Action=GetWebIdentityToken&Audience.member.1=https%3A%2F%2Fapi.example.com&SigningAlgorithm=" +
				alg + "&Version=2011-06-15"
			signed := presign(b, env, body, "ASIASESSIONOK0000001")
			input := tokenInput(alg, "https://api.example.com")
			var signTime, handlerTime, httpTime time.Duration
			for b.Loop() {
				start := time.Now()
				jws, err := signer.Sign(payload)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := jws.CompactSerialize(); err != nil {
					b.Fatal(err)
				}
				signTime += time.Since(start)

				start = time.Now()
				req := signed.Clone(context.Background())
				req.Body = io.NopCloser(strings.NewReader(body))
				rec := httptest.NewRecorder()
				env.server.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				handlerTime += time.Since(start)

				start = time.Now()
				out, err := client.GetWebIdentityToken(context.Background(), input)
				if err != nil {
					b.Fatal(err)
				}
				if aws.ToString(out.WebIdentityToken) == "" {
					b.Fatal("empty token")
				}
				httpTime += time.Since(start)
			}
			n := float64(b.N)
			b.ReportMetric(float64(signTime.Nanoseconds())/n, "sign-ns/op")
			b.ReportMetric(float64(handlerTime.Nanoseconds())/n, "handler-ns/op")
			b.ReportMetric(float64(httpTime.Nanoseconds())/n, "http-ns/op")
			b.ReportMetric(float64(handlerTime)/float64(signTime), "handler/sign")
			b.ReportMetric(float64(httpTime)/float64(signTime), "http/sign")
		})
	}
}

// presign returns a POST request signed with the SDK's SigV4 signer. Its
// body must be set again before each use.
func presign(b *testing.B, env *testEnv, body, accessKeyID string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, env.http.URL+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	creds, err := env.credentials(b, accessKeyID).Retrieve(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	hash := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(hash[:]),
		"sts", "us-east-1", time.Now()); err != nil {
		b.Fatal(err)
	}
	return req
}
