package stsapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// queryError is the awsQuery error document.
type queryError struct {
	Type      string `xml:"Error>Type"`
	Code      string `xml:"Error>Code"`
	Message   string `xml:"Error>Message"`
	RequestID string `xml:"RequestId"`
}

// sendSigned signs a Query request with the SDK's SigV4 signer, as the
// SDK clients do, and returns the status and body.
func sendSigned(t *testing.T, env *testEnv, method, body, service, accessKeyID string) (int, string) {
	t.Helper()
	url := env.http.URL + "/"
	var reader io.Reader
	if method == http.MethodGet {
		url += "?" + body
		body = ""
	} else {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, reader)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	creds, err := env.credentials(t, accessKeyID).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hash := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(hash[:]),
		service, "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
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

func decodeQueryError(t *testing.T, body string) queryError {
	t.Helper()
	var e queryError
	if err := xml.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body %q is not an awsQuery error: %v", body, err)
	}
	return e
}

func TestQueryProtocolErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	const key = "AKIATOKENS0000000001"
	tests := []struct {
		name, method, body, service string
		status                      int
		code, message               string
	}{
		{"unknown action", "POST", "Action=AssumeRoot&Version=2011-06-15", "sts", 400,
			"InvalidAction", "Could not find operation AssumeRoot for version 2011-06-15"},
		{"unknown version", "POST", "Action=GetCallerIdentity&Version=2099-01-01", "sts", 400,
			"InvalidAction", "Could not find operation GetCallerIdentity for version 2099-01-01"},
		{"iam action with sts version", "POST", "Action=EnableOutboundWebIdentityFederation&Version=2011-06-15", "sts", 400,
			"InvalidAction", "Could not find operation EnableOutboundWebIdentityFederation for version 2011-06-15"},
		{"missing action", "POST", "Version=2011-06-15", "sts", 400, "MissingAction", ""},
		{"missing version", "POST", "Action=GetCallerIdentity", "sts", 400, "MissingParameter", ""},
		{"malformed duration", "POST", "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=a&SigningAlgorithm=ES384&DurationSeconds=abc",
			"sts", 400, "ValidationError",
			"1 validation error detected: Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be an integer between -2147483648 and 2147483647"},
		{"bad list index", "POST", "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.x=a&SigningAlgorithm=ES384",
			"sts", 400, "MalformedQueryString", ""},
		{"repeated parameter", "POST", "Action=GetCallerIdentity&Version=2011-06-15&Action=GetCallerIdentity",
			"sts", 400, "MalformedQueryString", "Parameter Action appears more than once."},
		{"wrong service in scope", "POST", "Action=GetCallerIdentity&Version=2011-06-15", "iam", 403,
			"SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. "},
		{"too many parameters", "POST", "Action=GetCallerIdentity&Version=2011-06-15" + strings.Repeat("&x=1", 600),
			"sts", 400, "MalformedQueryString", "The request has more than the maximum of 512 parameters."},
		{"token through GET", "GET", "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=a&SigningAlgorithm=ES384",
			"sts", 405, "InvalidHttpRequest", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := sendSigned(t, env, tt.method, tt.body, tt.service, key)
			if status != tt.status {
				t.Errorf("status = %d, want %d (body %s)", status, tt.status, body)
			}
			e := decodeQueryError(t, body)
			if e.Code != tt.code {
				t.Errorf("Code = %q, want %q", e.Code, tt.code)
			}
			if tt.message != "" && e.Message != tt.message {
				t.Errorf("Message = %q, want %q", e.Message, tt.message)
			}
			if e.Type != "Sender" || e.RequestID == "" {
				t.Errorf("Type = %q, RequestId = %q; want Sender and an id", e.Type, e.RequestID)
			}
		})
	}
}

func TestGetCallerIdentityByGET(t *testing.T) {
	env := newTestEnv(t, nil)
	// The extra parameter exercises the canonical query: a space, a slash,
	// a tilde and a name that sorts after its encoded neighbour.
	query := "Action=GetCallerIdentity&Version=2011-06-15&Z=a%20b%2Fc~&Z-=x"
	status, body := sendSigned(t, env, "GET", query, "sts", "AKIATOKENS0000000001")
	if status != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %s)", status, body)
	}
	want := "<Arn>arn:aws:iam::111122223333:user/eng/tokens</Arn>"
	if !strings.Contains(body, want) {
		t.Errorf("body %s does not contain %s", body, want)
	}
	if !strings.Contains(body, `xmlns="https://sts.amazonaws.com/doc/2011-06-15/"`) {
		t.Errorf("body %s lacks the STS namespace", body)
	}
}

func TestMissingAuthentication(t *testing.T) {
	env := newTestEnv(t, nil)
	resp, err := env.http.Client().Post(env.http.URL+"/", "application/x-www-form-urlencoded",
		strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status = %d, want 403", resp.StatusCode)
	}
	e := decodeQueryError(t, string(data))
	if e.Code != "MissingAuthenticationToken" || e.Message != "Request is missing Authentication Token" {
		t.Errorf("error = %s: %s, want MissingAuthenticationToken: Request is missing Authentication Token", e.Code, e.Message)
	}
}

func TestSDKAuthenticationErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	const badSignature = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	client := func(provider aws.CredentialsProvider) *sts.Client {
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(env.http.URL),
			Credentials: provider, Retryer: aws.NopRetryer{}, HTTPClient: env.http.Client()})
	}
	tests := []struct {
		name          string
		provider      aws.CredentialsProvider
		code, message string
	}{
		{"unknown key", credentials.NewStaticCredentialsProvider("AKIAUNKNOWN000000001", "x", ""),
			"InvalidClientTokenId", "The security token included in the request is invalid."},
		{"wrong secret", credentials.NewStaticCredentialsProvider("AKIATOKENS0000000001", "wrong", ""),
			"SignatureDoesNotMatch", badSignature},
		{"wrong session token", credentials.NewStaticCredentialsProvider("ASIASESSIONOK0000001", "s-ok", "t-other"),
			"InvalidClientTokenId", "The security token included in the request is invalid."},
		{"missing session token", credentials.NewStaticCredentialsProvider("ASIASESSIONOK0000001", "s-ok", ""),
			"InvalidClientTokenId", "The security token included in the request is invalid."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client(tt.provider).GetWebIdentityToken(context.Background(), tokenInput("ES384", "a"))
			wantAPIError(t, err, tt.code, tt.message)
		})
	}
}

// TestSDKClockSkew moves the server clock 20 minutes away from the
// client's. AWS STS rejects requests signed more than 15 minutes off with
// SignatureDoesNotMatch, e.g. "Signature expired: 20220127T001427Z is now
// earlier than 20220127T014428Z (20220127T015928Z - 15 min.)".
func TestSDKClockSkew(t *testing.T) {
	tests := []struct {
		name   string
		offset time.Duration
		prefix string
	}{
		{"stale", 20 * time.Minute, "Signature expired: "},
		{"future", -20 * time.Minute, "Signature not yet current: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, func() time.Time { return time.Now().Add(tt.offset) })
			_, err := env.sts(t, "AKIATOKENS0000000001").GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, "SignatureDoesNotMatch", tt.prefix+"...")
		})
	}
}

func TestSDKBodyTooLarge(t *testing.T) {
	env := newTestEnv(t, nil)
	_, err := env.sts(t, "AKIATOKENS0000000001").GetWebIdentityToken(context.Background(),
		tokenInput("ES384", strings.Repeat("a", 70000)))
	wantAPIError(t, err, "RequestEntityTooLarge", "Request body is larger than the 65536-byte limit.")
}
