package issuer

import (
	"fmt"
	"strings"
	"testing"
)

func int32p(v int32) *int32 { return &v }
func strp(s string) *string { return &s }

// The expected texts below are AWS's, captured from live STS responses and
// collected in the GetWebIdentityToken API reference
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
// lists the constraints; the wording is that of AWS's validation layer).
func TestValidateRequestMessages(t *testing.T) {
	tags := func(n int) []Tag {
		out := make([]Tag, n)
		for i := range out {
			out[i] = Tag{Key: fmt.Sprint(i), Value: "test"}
		}
		return out
	}
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = fmt.Sprint(i)
	}
	long := strings.Repeat("a", 1001)
	tests := []struct {
		name     string
		req      TokenRequest
		wantCode string
		wantMsg  string
	}{
		{
			name:     "missing algorithm",
			req:      TokenRequest{Audiences: []string{"a"}},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null",
		},
		{
			name:     "algorithm empty",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithmPresent: true},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5",
		},
		{
			name:     "algorithm none",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: "none"},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value 'none' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5",
		},
		{
			name:     "algorithm too long",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: "RS256x"},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value 'RS256x' at 'signingAlgorithm' failed to satisfy constraint: Member must have length less than or equal to 5",
		},
		{
			name:     "algorithm RS384",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: "RS384"},
			wantCode: CodeValidationError,
			wantMsg:  "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms",
		},
		{
			name:     "algorithm lower case",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: "rs256"},
			wantCode: CodeValidationError,
			wantMsg:  "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms",
		},
		{
			name:     "algorithm HS256",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: "HS256"},
			wantCode: CodeValidationError,
			wantMsg:  "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms",
		},
		{
			name:     "missing audience",
			req:      TokenRequest{SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value null at 'audience' failed to satisfy constraint: Member must not be null",
		},
		{
			name:     "empty audience list",
			req:      TokenRequest{Audiences: []string{}, SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value null at 'audience' failed to satisfy constraint: Member must not be null",
		},
		{
			name:     "empty audience",
			req:      TokenRequest{Audiences: []string{""}, SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '[]' at 'audience' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1000, Member must have length greater than or equal to 1]",
		},
		{
			name:     "audience 1001 characters",
			req:      TokenRequest{Audiences: []string{long}, SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '[" + long + "]' at 'audience' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1000, Member must have length greater than or equal to 1]",
		},
		{
			name:     "eleven audiences",
			req:      TokenRequest{Audiences: eleven, SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]' at 'audience' failed to satisfy constraint: Member must have length less than or equal to 10",
		},
		{
			name:     "duration 59",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, DurationSeconds: int32p(59)},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
		},
		{
			name:     "duration 0",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, DurationSeconds: int32p(0)},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '0' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
		},
		{
			name:     "duration 3601",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, DurationSeconds: int32p(3601)},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '3601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600",
		},
		{
			name:     "empty tag key",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "", Value: "v"}}},
			wantCode: CodeValidationError,
			wantMsg:  `2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+`,
		},
		{
			name:     "tag key pattern",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "<team>", Value: "v"}}},
			wantCode: CodeValidationError,
			wantMsg:  `1 validation error detected: Value '<team>' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+`,
		},
		{
			name:     "tag key 129 characters",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: strings.Repeat("k", 129), Value: "v"}}},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '" + strings.Repeat("k", 129) + "' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
		},
		{
			name:     "tag value 257 characters on second tag",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "a", Value: "v"}, {Key: "b", Value: strings.Repeat("v", 257)}}},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '" + strings.Repeat("v", 257) + "' at 'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 256",
		},
		{
			name:     "tag value pattern",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "a", Value: "x;y"}}},
			wantCode: CodeValidationError,
			wantMsg:  `1 validation error detected: Value 'x;y' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*`,
		},
		{
			name:     "51 tags",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: tags(51)},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '[" + tagList(51) + "]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
		},
		{
			name:     "null audience and algorithm",
			req:      TokenRequest{},
			wantCode: CodeValidationError,
			wantMsg:  "2 validation errors detected: Value null at 'audience' failed to satisfy constraint: Member must not be null; Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null",
		},
		{
			name:     "duplicate tag keys ignoring case",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "Team", Value: "a"}, {Key: "team", Value: "b"}}},
			wantCode: CodeInvalidParameterValue,
			wantMsg:  "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
		},
		{
			name:     "unknown subject mode",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, SubjectMode: "Origin"},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value 'Origin' at 'subjectMode' failed to satisfy constraint: Member must satisfy enum value set: [AWSIdentity, OriginIdentity]",
		},
		{
			name:     "empty subject mode",
			req:      TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, SubjectModePresent: true},
			wantCode: CodeValidationError,
			wantMsg:  "1 validation error detected: Value '' at 'subjectMode' failed to satisfy constraint: Member must satisfy enum value set: [AWSIdentity, OriginIdentity]",
		},
		{
			// The JSON encoder would write U+FFFD for the invalid byte, so
			// the aud claim would differ from the audience that policies
			// were evaluated against.
			name:     "audience not UTF-8",
			req:      TokenRequest{Audiences: []string{"ok", "a\xffb"}, SigningAlgorithm: ES384},
			wantCode: CodeValidationError,
			wantMsg:  "Audience 2 is not valid UTF-8; send every audience as UTF-8 text.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := validateRequest(&Caller{}, &tt.req)
			if err == nil {
				t.Fatalf("validateRequest() = nil error, want %s", tt.wantCode)
			}
			if err.Code != tt.wantCode {
				t.Errorf("code = %q, want %q", err.Code, tt.wantCode)
			}
			if err.Message != tt.wantMsg {
				t.Errorf("message =\n%s\nwant\n%s", err.Message, tt.wantMsg)
			}
			if err.HTTPStatus != 400 {
				t.Errorf("HTTP status = %d, want 400", err.HTTPStatus)
			}
		})
	}
}

func tagList(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf("Tag(key=%d, value=test)", i)
	}
	return strings.Join(items, ", ")
}

func TestValidateRequestAccepts(t *testing.T) {
	fifty := make([]Tag, 50)
	for i := range fifty {
		fifty[i] = Tag{Key: fmt.Sprint("k", i), Value: ""}
	}
	origin := &Caller{Origin: OriginIdentity{Subject: "alice@example.com", Issuer: "idp.example.com"}}
	tests := []struct {
		name         string
		caller       *Caller
		req          TokenRequest
		wantDuration int
		wantMode     string
	}{
		{"defaults", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: RS256}, 300, SubjectModeAWSIdentity},
		{"bounds 60", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, DurationSeconds: int32p(60)}, 60, SubjectModeAWSIdentity},
		{"bounds 3600", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, DurationSeconds: int32p(3600)}, 3600, SubjectModeAWSIdentity},
		{"ten duplicate audiences", &Caller{}, TokenRequest{Audiences: strings.Split("x,x,x,x,x,x,x,x,x,x", ","), SigningAlgorithm: ES384}, 300, SubjectModeAWSIdentity},
		{"audience 1000 characters", &Caller{}, TokenRequest{Audiences: []string{strings.Repeat("a", 1000)}, SigningAlgorithm: ES384}, 300, SubjectModeAWSIdentity},
		{"audience not a URL", &Caller{}, TokenRequest{Audiences: []string{" ", "not-a-url"}, SigningAlgorithm: ES384}, 300, SubjectModeAWSIdentity},
		{"fifty tags with empty values", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: fifty}, 300, SubjectModeAWSIdentity},
		{"aws prefixed tag key", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "aws:test", Value: "reserved"}}}, 300, SubjectModeAWSIdentity},
		{"unicode tag", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, Tags: []Tag{{Key: "équipe 1", Value: "données=2@x"}}}, 300, SubjectModeAWSIdentity},
		{"explicit AWSIdentity", &Caller{}, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, SubjectMode: SubjectModeAWSIdentity}, 300, SubjectModeAWSIdentity},
		{"origin identity with scope", origin, TokenRequest{Audiences: []string{"a"}, SigningAlgorithm: ES384, SubjectMode: SubjectModeOriginIdentity, Scope: strp("read write:all")}, 300, SubjectModeOriginIdentity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validateRequest(tt.caller, &tt.req)
			if err != nil {
				t.Fatalf("validateRequest() = %v, want no error", err)
			}
			if got.duration != tt.wantDuration {
				t.Errorf("duration = %d, want %d", got.duration, tt.wantDuration)
			}
			if got.subjectMode != tt.wantMode {
				t.Errorf("subject mode = %q, want %q", got.subjectMode, tt.wantMode)
			}
		})
	}
}

// The Scope and SubjectMode rules come from the doc comments of
// GetWebIdentityTokenInput in github.com/aws/aws-sdk-go-v2/service/sts
// v1.53.0. AWS's message texts for them are not published, so these tests
// pin the rule and the code, not the text.
func TestValidateScopeAndSubjectMode(t *testing.T) {
	origin := OriginIdentity{Subject: "alice", Issuer: "idp.example.com"}
	tests := []struct {
		name    string
		origin  OriginIdentity
		req     TokenRequest
		wantErr string // substring of the message; "" means valid
	}{
		{"scope without origin mode", origin, TokenRequest{Scope: strp("read")}, "only when SubjectMode is OriginIdentity"},
		{"scope with two audiences", origin, TokenRequest{Audiences: []string{"a", "b"}, SubjectMode: SubjectModeOriginIdentity, Scope: strp("read")}, "exactly one audience"},
		{"empty scope", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("")}, "at least one scope value"},
		{"leading space", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp(" read")}, "single space"},
		{"trailing space", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read ")}, "single space"},
		{"double space", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read  write")}, "single space"},
		{"comma", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read,write")}, "not allowed"},
		{"quote", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp(`re"ad`)}, "not allowed"},
		{"backslash", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp(`re\ad`)}, "not allowed"},
		{"non-ASCII", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("lire·écrire")}, "not allowed"},
		{"tab", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read\twrite")}, "not allowed"},
		{"repeated value", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read write read")}, "repeated"},
		{"case differs is not repeated", origin, TokenRequest{SubjectMode: SubjectModeOriginIdentity, Scope: strp("read READ")}, ""},
		{"no origin subject", OriginIdentity{Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "non-blank aws:OriginIdentity/Subject"},
		{"blank origin subject", OriginIdentity{Subject: "   ", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "non-blank aws:OriginIdentity/Subject"},
		{"no origin issuer", OriginIdentity{Subject: "alice"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "Issuer or aws:OriginIdentity/FederatedProviderArn"},
		{"provider instead of issuer", OriginIdentity{Subject: "alice", FederatedProviderARN: "arn:aws:iam::123456789012:oidc-provider/idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, ""},
		{"subject starts with ARN", OriginIdentity{Subject: "ArN:aws:iam::1:user/x", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "begins with arn:"},
		{"subject leading space", OriginIdentity{Subject: " alice", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "begins or ends with a space"},
		{"subject trailing space", OriginIdentity{Subject: "alice ", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "begins or ends with a space"},
		{"subject inner space", OriginIdentity{Subject: "alice smith", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, ""},
		{"subject control character", OriginIdentity{Subject: "alice\nsmith", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "control, format or separator"},
		{"subject format character", OriginIdentity{Subject: "alice\u200bsmith", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "control, format or separator"},
		{"subject no-break space", OriginIdentity{Subject: "alice\u00a0smith", Issuer: "idp"}, TokenRequest{SubjectMode: SubjectModeOriginIdentity}, "control, format or separator"},
		{"subject ignored without origin mode", OriginIdentity{Subject: "arn:x"}, TokenRequest{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			req.SigningAlgorithm = ES384
			if req.Audiences == nil {
				req.Audiences = []string{"https://rp.example.com"}
			}
			_, err := validateRequest(&Caller{Origin: tt.origin}, &req)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("validateRequest() = %v, want no error", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("validateRequest() = nil error, want one containing %q", tt.wantErr)
			}
			if err.Code != CodeValidationError {
				t.Errorf("code = %q, want %q", err.Code, CodeValidationError)
			}
			if !strings.Contains(err.Message, tt.wantErr) {
				t.Errorf("message = %q, want it to contain %q", err.Message, tt.wantErr)
			}
		})
	}
}

func TestJavaLengthCountsUTF16Units(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"é", 1},
		{"😀", 2},
	}
	for _, tt := range tests {
		if got := javaLength(tt.in); got != tt.want {
			t.Errorf("javaLength(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
