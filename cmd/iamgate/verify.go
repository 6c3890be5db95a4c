package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"github.com/go-jose/go-jose/v4"
)

const verifyUsage = `usage: iamgate verify TOKEN|-|@FILE --issuer URL --audience AUD [--condition CEL] [--alg RS256,ES384]

Verifies a web identity token as a relying party would: OpenID discovery
at the issuer (whose issuer field must equal --issuer), the JWKS it names,
the signature with an algorithm allowlist, then iss, aud, exp and iat, and
finally an optional CEL condition over the claims, written against
"assertion" as in Google Cloud workload identity federation attribute
conditions, e.g.

  assertion.sub.startsWith("arn:aws:iam::111122223333:role/") &&
  assertion['https://sts.amazonaws.com/'].aws_account == "111122223333"

TOKEN is the token itself, - for stdin, or @FILE. It prints the verified
claims as JSON, or the reason for rejection with exit status 1.

Flags:
`

// maxTokenBytes bounds the token read from stdin or a file; AWS tokens
// stay near 20,000 characters because their claims may not exceed
// 14,984 bytes.
const maxTokenBytes = 64 << 10

type verifyConfig struct {
	token     string
	issuer    string
	audience  string
	condition string
	program   cel.Program // condition, compiled
	algs      []jose.SignatureAlgorithm
	leeway    time.Duration
	timeout   time.Duration
}

func parseVerifyArgs(args []string, helpOut io.Writer) (*verifyConfig, error) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	cfg := &verifyConfig{}
	fs.StringVar(&cfg.issuer, "issuer", "", "expected issuer `URL` (the iss claim); discovery is fetched below it")
	fs.StringVar(&cfg.audience, "audience", "", "`audience` this relying party accepts; the aud claim must contain it")
	fs.StringVar(&cfg.condition, "condition", "", "`CEL` boolean expression over assertion (the claims) that must hold")
	algs := fs.String("alg", "RS256,ES384", "comma-separated `list` of signature algorithms to accept")
	fs.DurationVar(&cfg.leeway, "leeway", time.Minute, "clock skew allowed when checking exp and iat")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Second, "timeout of each discovery and JWKS request, above 0 and at most 5m")

	pos, err := parseInterleaved(fs, args, verifyUsage, helpOut)
	if err != nil {
		return nil, err
	}

	switch {
	case len(pos) == 0:
		return nil, usagef("iamgate verify: missing TOKEN: pass the token, - for stdin, or @FILE")
	case len(pos) > 1:
		return nil, usagef("iamgate verify: %d tokens given; verify one at a time", len(pos))
	case cfg.issuer == "":
		return nil, usagef("iamgate verify: missing --issuer: pass the issuer URL the token must come from")
	case cfg.audience == "":
		return nil, usagef("iamgate verify: missing --audience: pass the audience this relying party accepts")
	case cfg.leeway < 0 || cfg.leeway > 10*time.Minute:
		return nil, usagef("iamgate verify: invalid --leeway %s: use 0 to 10m", cfg.leeway)
	case cfg.timeout <= 0 || cfg.timeout > maxVerifyTimeout:
		return nil, usagef("iamgate verify: invalid --timeout %s: use a duration above 0 and at most %s, such as 10s",
			cfg.timeout, maxVerifyTimeout)
	}
	if err := checkIssuerURL(cfg.issuer); err != nil {
		return nil, err
	}
	cfg.token = pos[0]
	if cfg.algs, err = parseAlgorithms(*algs); err != nil {
		return nil, err
	}
	if cfg.condition != "" {
		if cfg.program, err = compileCondition(cfg.condition); err != nil {
			return nil, usagef("iamgate verify: invalid --condition: %v", err)
		}
	}
	return cfg, nil
}

// maxVerifyTimeout bounds --timeout, so that a typo such as 10h does not
// leave the command waiting on a silent server.
const maxVerifyTimeout = 5 * time.Minute

// checkIssuerURL rejects an --issuer that is not an absolute http or
// https URL, because discovery is fetched from it over HTTP.
func checkIssuerURL(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("iamgate verify: invalid --issuer %q: use an https:// URL (http:// for a local issuer)", issuer)
	}
	return nil
}

// parseAlgorithms accepts only the asymmetric algorithms a JWKS can
// verify; HS256 and "none" are never acceptable for a public issuer.
func parseAlgorithms(list string) ([]jose.SignatureAlgorithm, error) {
	allowed := map[string]jose.SignatureAlgorithm{
		"RS256": jose.RS256, "RS384": jose.RS384, "RS512": jose.RS512,
		"PS256": jose.PS256, "PS384": jose.PS384, "PS512": jose.PS512,
		"ES256": jose.ES256, "ES384": jose.ES384, "ES512": jose.ES512, "EdDSA": jose.EdDSA,
	}
	var out []jose.SignatureAlgorithm
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		alg, ok := allowed[name]
		if !ok {
			return nil, usagef("iamgate verify: invalid --alg %q: use asymmetric algorithms such as RS256 and ES384", name)
		}
		out = append(out, alg)
	}
	return out, nil
}

// readToken resolves TOKEN: the token itself, - for stdin or @FILE.
func readToken(arg string) (string, error) {
	var data []byte
	var err error
	switch {
	case arg == "-":
		data, err = io.ReadAll(io.LimitReader(os.Stdin, maxTokenBytes+1))
	case strings.HasPrefix(arg, "@"):
		data, err = readLimited(arg[1:], maxTokenBytes)
	default:
		data = []byte(arg)
	}
	if err != nil {
		return "", usagef("iamgate verify: reading the token: %v", err)
	}
	if len(data) > maxTokenBytes {
		return "", usagef("iamgate verify: token larger than %d bytes", maxTokenBytes)
	}
	tok := strings.TrimSpace(string(data))
	if tok == "" {
		return "", usagef("iamgate verify: the token is empty")
	}
	return tok, nil
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// runVerify runs `iamgate verify`.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseVerifyArgs(args, stdout)
	if err != nil {
		return err
	}
	token, err := readToken(cfg.token)
	if err != nil {
		return err
	}
	v := &verifier{
		issuer: cfg.issuer, audience: cfg.audience, algorithms: cfg.algs, leeway: cfg.leeway,
		client: &http.Client{Timeout: cfg.timeout}, now: time.Now,
	}
	v.condition = cfg.program
	claims, err := v.verify(ctx, token)
	var fetchErr *fetchError
	if errors.As(err, &fetchErr) {
		return fmt.Errorf("iamgate verify: token not checked: cannot reach the issuer: %w; "+
			"check --issuer and that the issuer is up", err)
	}
	if err != nil {
		return fmt.Errorf("iamgate verify: token rejected: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(claims)
}
