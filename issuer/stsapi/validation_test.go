package stsapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// TestSDKValidationErrors sends invalid parameters through the SDK client.
// The limits are those of the API reference,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
// (Audience 1 to 10 items of 1 to 1000 characters, DurationSeconds 60 to
// 3600). AWS does not publish the message texts, so the expected ones are
// what AWS STS returned for the same input.
func TestSDKValidationErrors(t *testing.T) {
	env := newTestEnv(t, nil)
	client := env.sts(t, "AKIATOKENS0000000001")
	long := strings.Repeat("a", 1001)
	elevenAudiences := make([]string, 11)
	for i := range elevenAudiences {
		elevenAudiences[i] = fmt.Sprint(i)
	}
	var fiftyOneTags []types.Tag
	for i := range 51 {
		fiftyOneTags = append(fiftyOneTags, types.Tag{Key: aws.String(fmt.Sprint(i)), Value: aws.String("test")})
	}
	tests := []struct {
		name  string
		input *sts.GetWebIdentityTokenInput
		code  string
		msg   string
	}{
		{"algorithm empty", tokenInput("", "a"), "ValidationError",
			"1 validation error detected: Value '' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5"},
		{"algorithm too short", tokenInput("none", "a"), "ValidationError",
			"1 validation error detected: Value 'none' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5"},
		{"algorithm too long", tokenInput("RS256x", "a"), "ValidationError",
			"1 validation error detected: Value 'RS256x' at 'signingAlgorithm' failed to satisfy constraint: Member must have length less than or equal to 5"},
		{"algorithm unsupported", tokenInput("HS256", "a"), "ValidationError",
			"Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"},
		{"algorithm lower case", tokenInput("rs256", "a"), "ValidationError",
			"Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"},
		{"audience empty list", &sts.GetWebIdentityTokenInput{Audience: []string{}, SigningAlgorithm: aws.String("ES384")}, "ValidationError",
			"1 validation error detected: Value null at 'audience' failed to satisfy constraint: Member must not be null"},
		{"audience too long", tokenInput("ES384", long), "ValidationError",
			"1 validation error detected: Value '[" + long + "]' at 'audience' failed to satisfy constraint: ..."},
		{"eleven audiences", tokenInput("ES384", elevenAudiences...), "ValidationError",
			"1 validation error detected: Value '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]' at 'audience' failed to satisfy constraint: Member must have length less than or equal to 10"},
		{"duration too short", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"), DurationSeconds: aws.Int32(59)},
			"ValidationError", "1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"},
		{"duration too long", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"), DurationSeconds: aws.Int32(3601)},
			"ValidationError", "1 validation error detected: Value '3601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600"},
		{"tag key pattern", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"),
			Tags: []types.Tag{{Key: aws.String("<team>"), Value: aws.String("x")}}}, "ValidationError",
			"1 validation error detected: Value '<team>' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"},
		{"tag value too long", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"),
			Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String(strings.Repeat("v", 257))}}}, "ValidationError",
			"1 validation error detected: Value '" + strings.Repeat("v", 257) + "' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"fifty-one tags", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"), Tags: fiftyOneTags},
			"ValidationError", "1 validation error detected: Value '[Tag(key=0, value=test), ..."},
		{"duplicate tag keys", &sts.GetWebIdentityTokenInput{Audience: []string{"a"}, SigningAlgorithm: aws.String("ES384"),
			Tags: []types.Tag{{Key: aws.String("Team"), Value: aws.String("a")}, {Key: aws.String("team"), Value: aws.String("b")}}},
			"InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := client.GetWebIdentityToken(context.Background(), tt.input)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

// TestSigningAlgorithmPresence sends the parameter absent and present but
// empty. The SDK rejects a nil SigningAlgorithm before sending, so these
// requests are signed by hand. AWS returned different values in the two
// messages: null for an absent parameter, an empty quoted string for an
// empty one.
func TestSigningAlgorithmPresence(t *testing.T) {
	env := newTestEnv(t, nil)
	const prefix = "Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=a"
	tests := []struct {
		name, body, message string
	}{
		{"absent", prefix,
			"1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null"},
		{"empty", prefix + "&SigningAlgorithm=",
			"1 validation error detected: Value '' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5"},
		{"empty without equals sign", prefix + "&SigningAlgorithm",
			"1 validation error detected: Value '' at 'signingAlgorithm' failed to satisfy constraint: Member must have length greater than or equal to 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := sendSigned(t, env, "POST", tt.body, "sts", "AKIATOKENS0000000001")
			if status != 400 {
				t.Errorf("status = %d, want 400", status)
			}
			e := decodeQueryError(t, body)
			if e.Code != "ValidationError" {
				t.Errorf("Code = %q, want ValidationError", e.Code)
			}
			if e.Message != tt.message {
				t.Errorf("Message =\n%q\nwant\n%q", e.Message, tt.message)
			}
		})
	}
}
