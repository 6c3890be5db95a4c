package stsapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// sendMutated signs a POST with the SDK's SigV4 signer, applies mutate to
// the signed request and returns the status and body.
func sendMutated(t *testing.T, env *testEnv, body string, mutate func(*http.Request)) (int, string) {
	t.Helper()
	return sendMutatedIn(t, env, "us-east-1", body, mutate)
}

// sendMutatedIn is sendMutated with the request signed for region.
func sendMutatedIn(t *testing.T, env *testEnv, region, body string, mutate func(*http.Request)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.http.URL+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	creds, err := env.credentials(t, "AKIATOKENS0000000001").Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hash := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(hash[:]),
		"sts", region, time.Now()); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(req)
	}
	resp, err := env.http.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

// TestHostileRequests sends requests that a correct client never sends.
// Each must be rejected, because accepting it would let the parameters
// that policies see differ from the ones that end up in the token, or
// would make the outcome depend on map order.
func TestHostileRequests(t *testing.T) {
	env := newTestEnv(t, nil)
	const token = "Action=GetWebIdentityToken&Version=2011-06-15&SigningAlgorithm=ES384"
	tests := []struct {
		name, body string
		mutate     func(*http.Request)
		status     int
		code, msg  string
	}{
		{"second Authorization header", token + "&Audience.member.1=a",
			func(r *http.Request) { r.Header.Add("Authorization", r.Header.Get("Authorization")) },
			400, "IncompleteSignature", "The request has more than one Authorization header."},
		{"list index with leading zero", token + "&Audience.member.1=a&Audience.member.01=b", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.01 has an invalid list index; use Audience.member.N with N from 1 to 1000"},
		{"list index with plus sign", token + "&Audience.member.%2B1=a", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.+1 has an invalid list index; use Audience.member.N with N from 1 to 1000"},
		{"list index zero", token + "&Audience.member.0=a", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.0 has an invalid list index; use Audience.member.N with N from 1 to 1000"},
		{"list index over the bound", token + "&Audience.member.1001=a", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.1001 has an invalid list index; use Audience.member.N with N from 1 to 1000"},
		{"list index overflowing int", token + "&Audience.member.99999999999999999999999=a", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.99999999999999999999999 has an invalid list index; use Audience.member.N with N from 1 to 1000"},
		{"tag index with leading zero", token + "&Audience.member.1=a&Tags.member.1.Key=x&Tags.member.01.Key=y", nil,
			400, "MalformedQueryString",
			"Parameter Tags.member.01.Key has an invalid list index; use Tags.member.N with N from 1 to 1000"},
		{"field on an audience", token + "&Audience.member.1.Key=a", nil,
			400, "MalformedQueryString",
			"Parameter Audience.member.1.Key is not a list member; use Audience.member.N"},
		{"audience not UTF-8", token + "&Audience.member.1=a%FFb", nil,
			400, "MalformedQueryString", "Parameter Audience.member.1 is not valid UTF-8."},
		{"tag value not UTF-8", token + "&Audience.member.1=a&Tags.member.1.Key=k&Tags.member.1.Value=%C0%AF", nil,
			400, "MalformedQueryString", "Parameter Tags.member.1.Value is not valid UTF-8."},
		{"negative duration", token + "&Audience.member.1=a&DurationSeconds=-1", nil,
			400, "ValidationError",
			"1 validation error detected: Value '-1' at 'durationSeconds' failed to satisfy constraint: " +
				"Member must have value greater than or equal to 60"},
		{"duration over int32", token + "&Audience.member.1=a&DurationSeconds=2147483648", nil,
			400, "ValidationError",
			"1 validation error detected: Value '2147483648' at 'durationSeconds' failed to satisfy constraint: " +
				"Member must be an integer between -2147483648 and 2147483647"},
		{"empty subject mode", token + "&Audience.member.1=a&SubjectMode=", nil,
			400, "ValidationError",
			"1 validation error detected: Value '' at 'subjectMode' failed to satisfy constraint: " +
				"Member must satisfy enum value set: [AWSIdentity, OriginIdentity]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := sendMutated(t, env, tt.body, tt.mutate)
			if status != tt.status {
				t.Errorf("status = %d, want %d (body %s)", status, tt.status, body)
			}
			e := decodeQueryError(t, body)
			if e.Code != tt.code {
				t.Errorf("Code = %q, want %q", e.Code, tt.code)
			}
			if e.Message != tt.msg {
				t.Errorf("Message =\n%q\nwant\n%q", e.Message, tt.msg)
			}
		})
	}
}

// TestExpiredSessionCredentials moves the server clock past the end of a
// 2-minute role session. AWS rejects expired temporary credentials before
// any action runs, with ExpiredToken (403) and "The security token
// included in the request is expired", as AWS error reports show it.
func TestExpiredSessionCredentials(t *testing.T) {
	env := newTestEnv(t, func() time.Time { return time.Now().Add(3 * time.Minute) })
	client := env.sts(t, "ASIASESSIONSHORT0001")
	const message = "The security token included in the request is expired"

	_, err := client.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "ExpiredToken", message)

	_, err = client.GetWebIdentityToken(context.Background(), tokenInput("ES384", "a"))
	wantAPIError(t, err, "ExpiredToken", message)

	// A session that is still valid keeps working on the same clock.
	if _, err := env.sts(t, "ASIASESSIONOK0000001").GetCallerIdentity(context.Background(),
		&sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("GetCallerIdentity with a valid session = %v, want success", err)
	}
}

// TestWrongRegionScope signs an STS request for another region than the
// endpoint's us-east-1, which AWS STS rejects as a credential scope error.
func TestWrongRegionScope(t *testing.T) {
	env := newTestEnv(t, nil)
	status, body := sendMutatedIn(t, env, "us-west-2", "Action=GetCallerIdentity&Version=2011-06-15", nil)
	if status != http.StatusForbidden {
		t.Errorf("status = %d, want 403", status)
	}
	e := decodeQueryError(t, body)
	if e.Code != "SignatureDoesNotMatch" {
		t.Errorf("Code = %q, want SignatureDoesNotMatch", e.Code)
	}
	if e.Message != "Credential should be scoped to a valid region. " {
		t.Errorf("Message = %q, want the region scope message", e.Message)
	}
}
