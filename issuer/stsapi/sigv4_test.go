package stsapi

import (
	"net/http"
	"testing"
	"time"
)

// TestVerifyGetVanilla checks the verifier against the "get-vanilla" case
// of AWS's Signature Version 4 test suite: a GET / to example.amazonaws.com
// signed at 20150830T123600Z for us-east-1 and service "service".
func TestVerifyGetVanilla(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://example.amazonaws.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Date", "20150830T123600Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "+
		"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
	v := verifier{
		lookup: func(id string) (Credential, bool) {
			return Credential{SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}, id == "AKIDEXAMPLE"
		},
		now:     func() time.Time { return time.Date(2015, 8, 30, 12, 40, 0, 0, time.UTC) },
		maxSkew: DefaultMaxClockSkew,
	}
	signed, err := v.verify(req, nil)
	if err != nil {
		t.Fatalf("verify(get-vanilla) = %v, want success", err)
	}
	if signed.accessKeyID != "AKIDEXAMPLE" || signed.service != "service" || signed.region != "us-east-1" {
		t.Errorf("verify(get-vanilla) = %+v, want AKIDEXAMPLE, service, us-east-1", signed)
	}

	req.Header.Set("X-Amz-Date", "20150830T123601Z")
	if _, err := v.verify(req, nil); err == nil {
		t.Error("verify with a changed X-Amz-Date succeeded, want SignatureDoesNotMatch")
	}
}

func TestParseAuthorizationErrors(t *testing.T) {
	tests := []struct {
		name, header, code string
	}{
		{"other algorithm", "AWS4-HMAC-SHA512 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=00", "IncompleteSignature"},
		{"no signature", "AWS4-HMAC-SHA256 Credential=a/20150830/us-east-1/sts/aws4_request, SignedHeaders=host", "IncompleteSignature"},
		{"short scope", "AWS4-HMAC-SHA256 Credential=a/20150830/us-east-1, SignedHeaders=host, Signature=00", "IncompleteSignature"},
		{"host unsigned", "AWS4-HMAC-SHA256 Credential=a/20150830/us-east-1/sts/aws4_request, SignedHeaders=x-amz-date, Signature=00", "IncompleteSignature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseAuthorization(tt.header)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("parseAuthorization(%q) = %v, want an *Error", tt.header, err)
			}
			if e.Code != tt.code {
				t.Errorf("parseAuthorization(%q) code = %s, want %s", tt.header, e.Code, tt.code)
			}
		})
	}
}

func TestCollapseSpaces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  a   b  ", "a b"},
		{"a\tb", "a\tb"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := collapseSpaces(tt.in); got != tt.want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
