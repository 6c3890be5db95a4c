package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
)

const tokenUsage = `usage: iamgate token --endpoint URL --audience AUD [--audience AUD...]
                     [--profile NAME] [--credentials-file FILE] [--region REGION]
                     [--alg ES384|RS256] [--duration SECONDS] [--tag KEY=VALUE...]
                     [--scope SCOPE] [--subject-mode AWSIdentity|OriginIdentity]
                     [--decode] [--timeout 30s]

Calls GetWebIdentityToken at an STS-compatible endpoint, such as
"iamgate serve", with the AWS SDK for Go v2, and prints the token on
stdout. Credentials come only from the shared-credentials file (static
keys and session token of one profile); environment credentials and the
instance metadata service are never used. An AWS error prints
"Code: Message" and exits 1; a usage error exits 2.

Defaults taken from the environment:
  --endpoint          $AWS_ENDPOINT_URL_STS
  --credentials-file  $AWS_SHARED_CREDENTIALS_FILE, else iamgate-data/credentials
                      (the file "iamgate serve" writes with its default --data-dir)
  --profile           $AWS_PROFILE, else default
  --region            $AWS_REGION, else us-east-1

Flags:
`

// tokenConfig holds the parsed command line of `iamgate token`.
type tokenConfig struct {
	endpoint        string
	profile         string
	credentialsFile string
	region          string
	audiences       []string
	alg             string
	duration        int
	tags            []ststypes.Tag
	scope           string
	subjectMode     string
	decode          bool
	timeout         time.Duration
}

// repeatedFlag collects every value of a flag that may repeat. Unlike
// stringList it does not split on commas, because an audience or a tag
// value may contain one.
type repeatedFlag []string

func (r *repeatedFlag) String() string { return strings.Join(*r, " ") }

func (r *repeatedFlag) Set(v string) error {
	*r = append(*r, v)
	return nil
}

func parseTokenArgs(args []string, helpOut io.Writer) (*tokenConfig, error) {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	cfg := &tokenConfig{}
	var audiences, tags repeatedFlag
	fs.StringVar(&cfg.endpoint, "endpoint", os.Getenv("AWS_ENDPOINT_URL_STS"),
		"`URL` of the STS-compatible endpoint, e.g. http://127.0.0.1:8080")
	fs.StringVar(&cfg.profile, "profile", envOr("AWS_PROFILE", "default"), "`profile` of the shared-credentials file")
	fs.StringVar(&cfg.credentialsFile, "credentials-file",
		envOr("AWS_SHARED_CREDENTIALS_FILE", "iamgate-data/credentials"), "shared-credentials `file` to read the profile from")
	fs.StringVar(&cfg.region, "region", envOr("AWS_REGION", "us-east-1"), "`region` to sign the request for")
	fs.Var(&audiences, "audience", "`audience` of the token (the aud claim); repeat for several, 1 to 10")
	fs.StringVar(&cfg.alg, "alg", "ES384", "signing `algorithm`: ES384 or RS256")
	fs.IntVar(&cfg.duration, "duration", 0, "token lifetime in `seconds`, 60 to 3600; 0 omits DurationSeconds (the endpoint uses 300)")
	fs.Var(&tags, "tag", "request tag (the request_tags claim) as `KEY=VALUE`; repeat for several")
	fs.StringVar(&cfg.scope, "scope", "", "Scope parameter: space-separated `scope` values (needs --subject-mode OriginIdentity)")
	fs.StringVar(&cfg.subjectMode, "subject-mode", "", "SubjectMode parameter (`mode`): AWSIdentity or OriginIdentity; empty omits it")
	fs.BoolVar(&cfg.decode, "decode", false, "also print the header, claims and expiration as JSON on stderr (not verified)")
	fs.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "timeout of the GetWebIdentityToken call")

	pos, err := parseInterleaved(fs, args, tokenUsage, helpOut)
	if err != nil {
		return nil, err
	}
	cfg.audiences = audiences
	if err := checkTokenConfig(cfg, pos); err != nil {
		return nil, err
	}
	if cfg.tags, err = parseTags(tags); err != nil {
		return nil, err
	}
	return cfg, nil
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func checkTokenConfig(cfg *tokenConfig, pos []string) error {
	switch {
	case len(pos) > 0:
		return usagef("iamgate token: unexpected argument %q; pass audiences with --audience", pos[0])
	case cfg.endpoint == "":
		return usagef("iamgate token: missing --endpoint: pass the URL of the STS endpoint, e.g. http://127.0.0.1:8080")
	case !strings.HasPrefix(cfg.endpoint, "http://") && !strings.HasPrefix(cfg.endpoint, "https://"):
		return usagef("iamgate token: invalid --endpoint %q: use an http:// or https:// URL", cfg.endpoint)
	case len(cfg.audiences) == 0:
		return usagef("iamgate token: missing --audience: pass the audience the token is for, e.g. https://api.example.com")
	case cfg.alg != "ES384" && cfg.alg != "RS256":
		return usagef("iamgate token: invalid --alg %q: use ES384 or RS256", cfg.alg)
	case cfg.duration < 0 || cfg.duration > 1<<31-1:
		return usagef("iamgate token: invalid --duration %d: use seconds from 60 to 3600, or 0 to omit it", cfg.duration)
	case cfg.timeout <= 0:
		return usagef("iamgate token: invalid --timeout %s: use a positive duration such as 30s", cfg.timeout)
	case cfg.profile == "":
		return usagef("iamgate token: empty --profile: name a profile of the credentials file")
	}
	return nil
}

// parseTags turns KEY=VALUE flags into request tags. The value may be
// empty and may contain "=".
func parseTags(flags []string) ([]ststypes.Tag, error) {
	tags := make([]ststypes.Tag, 0, len(flags))
	for _, f := range flags {
		key, value, ok := strings.Cut(f, "=")
		if !ok || key == "" {
			return nil, usagef("iamgate token: invalid --tag %q: use KEY=VALUE with a non-empty key", f)
		}
		tags = append(tags, ststypes.Tag{Key: aws.String(key), Value: aws.String(value)})
	}
	return tags, nil
}

// runToken runs `iamgate token`.
func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseTokenArgs(args, stdout)
	if err != nil {
		return err
	}
	// The config option below already disables the instance metadata
	// client; the variable also covers any SDK code that reads only it.
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")

	creds, err := loadProfileCredentials(ctx, cfg.credentialsFile, cfg.profile)
	if err != nil {
		return err
	}
	awsCfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(cfg.region),
		config.WithCredentialsProvider(credentials.StaticCredentialsProvider{Value: creds}),
		config.WithEC2IMDSClientEnableState(imds.ClientDisabled),
		// Read no config file, and name the profile explicitly, so that an
		// AWS_PROFILE of the environment cannot point elsewhere.
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{cfg.credentialsFile}),
		config.WithSharedConfigProfile(cfg.profile),
		// A BuildableClient, unlike *http.Client, accepts AWS_CA_BUNDLE.
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(cfg.timeout)),
		config.WithRetryer(retryClosedConnection),
	)
	if err != nil {
		return fmt.Errorf("iamgate token: loading the AWS SDK configuration failed: %w", err)
	}

	out, err := requestToken(ctx, awsCfg, cfg)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(stdout, *out.WebIdentityToken); err != nil {
		return fmt.Errorf("iamgate token: writing the token: %w", err)
	}
	if cfg.decode {
		return writeDecodedToken(stderr, *out.WebIdentityToken, out.Expiration)
	}
	return nil
}

// retryClosedConnection returns a retryer that makes one more attempt
// only when the first failed with net.ErrClosed, and none for API errors,
// refused connections or timeouts. The Go HTTP client can close a
// connection while the response is still being read when writing the
// request body reports an error, and the SDK's own retryer retries this
// error too (RetryableConnectionError).
func retryClosedConnection() aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = 2
		o.Retryables = []retry.IsErrorRetryable{retry.IsErrorRetryableFunc(func(err error) aws.Ternary {
			return aws.BoolTernary(errors.Is(err, net.ErrClosed))
		})}
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		o.RateLimiter = ratelimit.None
	})
}

// loadProfileCredentials reads the static credentials of profile from
// the shared-credentials file at path, and nothing else: no config file,
// no environment variables, no credential process or SSO.
func loadProfileCredentials(ctx context.Context, path, profile string) (aws.Credentials, error) {
	if _, err := os.Stat(path); err != nil {
		return aws.Credentials{}, usagef("iamgate token: credentials file %s: %v; run \"iamgate serve\" "+
			"(it writes DATA_DIR/credentials) or pass --credentials-file", path, unwrapPathError(err))
	}
	shared, err := config.LoadSharedConfigProfile(ctx, profile, func(o *config.LoadSharedConfigOptions) {
		o.CredentialsFiles = []string{path}
		o.ConfigFiles = []string{}
	})
	var notExist config.SharedConfigProfileNotExistError
	if errors.As(err, &notExist) {
		return aws.Credentials{}, usagef("iamgate token: profile %q not found in %s; choose one with --profile", profile, path)
	}
	if err != nil {
		return aws.Credentials{}, usagef("iamgate token: reading %s: %v", path, err)
	}
	creds := shared.Credentials
	if creds.AccessKeyID == "" || creds.SecretAccessKey == "" {
		return aws.Credentials{}, usagef("iamgate token: profile %q in %s has no aws_access_key_id and "+
			"aws_secret_access_key; only static keys are supported", profile, path)
	}
	creds.Source = "iamgate token: " + path
	return creds, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// requestToken calls GetWebIdentityToken. An AWS API error becomes an
// error whose text is "Code: Message".
func requestToken(ctx context.Context, awsCfg aws.Config, cfg *tokenConfig) (*sts.GetWebIdentityTokenOutput, error) {
	client := sts.NewFromConfig(awsCfg, func(o *sts.Options) {
		o.BaseEndpoint = aws.String(cfg.endpoint)
	})
	in := &sts.GetWebIdentityTokenInput{
		Audience:         cfg.audiences,
		SigningAlgorithm: aws.String(cfg.alg),
		SubjectMode:      ststypes.WebIdentityTokenSubjectModeType(cfg.subjectMode),
	}
	if cfg.duration > 0 {
		in.DurationSeconds = aws.Int32(int32(cfg.duration))
	}
	if len(cfg.tags) > 0 {
		in.Tags = cfg.tags
	}
	if cfg.scope != "" {
		in.Scope = aws.String(cfg.scope)
	}

	out, err := client.GetWebIdentityToken(ctx, in)
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorCode() != "" {
		return nil, fmt.Errorf("iamgate token: %s: %s", apiErr.ErrorCode(), apiErr.ErrorMessage())
	}
	if err != nil {
		return nil, fmt.Errorf("iamgate token: GetWebIdentityToken at %s failed: %w", cfg.endpoint, err)
	}
	if out.WebIdentityToken == nil || *out.WebIdentityToken == "" {
		return nil, fmt.Errorf("iamgate token: the response of %s has no WebIdentityToken", cfg.endpoint)
	}
	return out, nil
}

// decodedTokenJSON is the object --decode prints: the token's header and
// claims, decoded but not verified, and the response's Expiration.
type decodedTokenJSON struct {
	Header     json.RawMessage `json:"header"`
	Claims     json.RawMessage `json:"claims"`
	Expiration *time.Time      `json:"expiration,omitempty"`
}

func writeDecodedToken(w io.Writer, jwt string, expiration *time.Time) error {
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return fmt.Errorf("iamgate token: the token has %d parts, want 3 (header.payload.signature)", len(parts))
	}
	out := decodedTokenJSON{Expiration: expiration}
	var err error
	if out.Header, err = decodeSegment(parts[0]); err != nil {
		return fmt.Errorf("iamgate token: the token header: %w", err)
	}
	if out.Claims, err = decodeSegment(parts[1]); err != nil {
		return fmt.Errorf("iamgate token: the token claims: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// decodeSegment decodes one base64url segment of a compact JWS and
// checks that it is JSON.
func decodeSegment(s string) (json.RawMessage, error) {
	data, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not base64url: %w", err)
	}
	if !json.Valid(data) {
		return nil, errors.New("not JSON")
	}
	return data, nil
}
