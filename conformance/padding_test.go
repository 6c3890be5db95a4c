package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// padWorld is an inline world whose caller may tag tokens.
const padWorld = `world:
  accounts: [{id: "111122223333", federation_enabled: true}]
  policies:
    Tokens: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:GetWebIdentityToken", "sts:TagGetWebIdentityToken"], "Resource": "*"}]}
  users: [{account: "111122223333", name: app, policies: [Tokens]}]
  credentials:
    - {access_key_id: AKIAPADDINGTEST00001, secret_access_key: padding-test-secret, principal: "arn:aws:iam::111122223333:user/app"}
caller: {access_key_id: AKIAPADDINGTEST00001}
`

// padCase returns a token case that pads its claims to size bytes, with
// the case's own tags and expectation.
func padCase(t *testing.T, size int, tags, expect string) *Case {
	t.Helper()
	return parseOne(t, padWorld+fmt.Sprintf(`name: pad
source: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
token_request: {audiences: [https://api.example.com], signing_algorithm: ES384, pad_claims_to: %d%s}
expect: %s
`, size, tags, expect))
}

func TestPadClaimsReachesExactSize(t *testing.T) {
	r, err := NewRunner(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tests := []struct {
		name   string
		size   int
		tags   string
		expect string
	}{
		{"low", 9000, "", `{token: ["payload_bytes == 9000"]}`},
		{"limit", 14984, "", `{token: ["payload_bytes == 14984", 'size(claims["https://sts.amazonaws.com/"].request_tags) == 50']}`},
		{"limit with own tag", 14984, `, tags: [{key: team, value: "a.b"}]`,
			`{token: ["payload_bytes == 14984", 'claims["https://sts.amazonaws.com/"].request_tags.team == "a.b"']}`},
		{"one byte over", 14985, "", `{error: {code: JWTPayloadSizeExceededException}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.RunCase(context.Background(), padCase(t, tt.size, tt.tags, tt.expect))
			if res.Status != Passed {
				t.Errorf("RunCase = %s %q, want passed", res.Status, res.Reason)
			}
		})
	}
}

// TestPadClaimsChecksPayload makes sure a padded case can fail: the
// runner pads to the requested size, not to the asserted one.
func TestPadClaimsChecksPayload(t *testing.T) {
	r, err := NewRunner(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := r.RunCase(context.Background(), padCase(t, 9000, "", `{token: ["payload_bytes == 9001"]}`))
	if res.Status != Failed {
		t.Errorf("RunCase = %s, want failed", res.Status)
	}
}

func TestPadClaimsOutOfReach(t *testing.T) {
	r, err := NewRunner(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tests := []struct {
		name string
		size int
	}{
		{"below the probe", 100},
		{"above 50 full values", 60000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := r.RunCase(context.Background(), padCase(t, tt.size, "", `{token: ["true"]}`))
			want := fmt.Sprintf("pad_claims_to %d is out of reach", tt.size)
			if res.Status != Failed || !strings.HasPrefix(res.Reason, want) {
				t.Errorf("RunCase = %s %q, want failed %q", res.Status, res.Reason, want)
			}
		})
	}
}

func TestPadClaimsInvalid(t *testing.T) {
	fifty := make([]string, 50)
	for i := range fifty {
		fifty[i] = fmt.Sprintf("{key: k%d, value: v}", i)
	}
	tests := []struct {
		name string
		pad  string
		want string
	}{
		{"zero", "pad_claims_to: 0", "pad_claims_to 0 is out of range; use 1 to 65536 bytes"},
		{"too large", "pad_claims_to: 70000", "pad_claims_to 70000 is out of range"},
		{"not a number", "pad_claims_to: big", `pad_claims_to must be an integer, got "big"`},
		{"no free tag slot", "tags: [" + strings.Join(fifty, ", ") + "], pad_claims_to: 14984",
			"pad_claims_to needs a free tag slot, but the request already has 50 tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := padWorld + "name: pad\ntoken_request: {audiences: [a], signing_algorithm: ES384, " + tt.pad +
				"}\nexpect: {token: [\"true\"]}\n"
			_, err := Parse("case.yaml", ".", []byte(src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
