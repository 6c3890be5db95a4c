package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/world"
)

// Target kinds, as skip-list entries name them.
const (
	TargetInProcess = "in-process"
	TargetHTTP      = "http"
)

// issuerTarget runs the issuer half of the suite: it issues tokens, names
// the caller's issuer and fetches documents below it.
type issuerTarget interface {
	Name() string
	Kind() string

	// Issue calls GetWebIdentityToken as the case's caller. An API error
	// is returned as apiErr; err is a failure to run the case at all.
	Issue(ctx context.Context, c *Case) (token string, apiErr *ExpectedError, err error)

	// IssuerURL returns the issuer of the case caller's account.
	IssuerURL(ctx context.Context, c *Case) (string, error)

	// Fetch returns the JSON document at url, which lies below an issuer.
	Fetch(ctx context.Context, c *Case, url string) ([]byte, error)

	Close() error
}

// localTarget builds one world.Server per distinct world and calls its
// Gate and handlers directly, without HTTP or SigV4.
type localTarget struct {
	dir     string
	tempDir bool

	mu      sync.Mutex
	servers map[string]*world.Server
}

// localIssuerURL is the base of every in-process issuer. Nothing is ever
// sent to it: documents are fetched by calling the handler.
const localIssuerURL = "https://issuer.iamgate.invalid"

func newLocalTarget(dir string) (*localTarget, error) {
	t := &localTarget{dir: dir, servers: map[string]*world.Server{}}
	if dir == "" {
		d, err := os.MkdirTemp("", "iamgate-conformance-")
		if err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		t.dir, t.tempDir = d, true
	}
	return t, nil
}

func (t *localTarget) Name() string { return TargetInProcess }
func (t *localTarget) Kind() string { return TargetInProcess }

func (t *localTarget) Close() error {
	if t.tempDir {
		return os.RemoveAll(t.dir)
	}
	return nil
}

// server returns the server for the case's world, building it on first
// use. Cases that share a world share its keys and issuer.
func (t *localTarget) server(c *Case) (*world.Server, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := string(c.World.Text)
	if s, ok := t.servers[key]; ok {
		return s, nil
	}
	w, err := ParseWorld(c.World)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(t.dir, "world-"+strconv.Itoa(len(t.servers)))
	s, err := world.NewServer(w, world.Options{DataDir: dir, IssuerURL: localIssuerURL})
	if err != nil {
		return nil, fmt.Errorf("conformance: start world of %s: %w", c.World.Path, err)
	}
	t.servers[key] = s
	return s, nil
}

// ParseWorld parses the world a case names.
func ParseWorld(ref *WorldRef) (*world.World, error) {
	w, err := world.Parse(ref.Text)
	if err != nil {
		return nil, fmt.Errorf("conformance: world %s: %w", ref.Path, err)
	}
	return w, nil
}

func (t *localTarget) caller(s *world.Server, c *Case) (*issuer.Caller, error) {
	if c.Caller.AccessKeyID != "" {
		caller, _, err := s.World.CallerForAccessKey(c.Caller.AccessKeyID)
		return caller, err
	}
	return s.World.CallerForPrincipal(c.Caller.Principal)
}

func (t *localTarget) Issue(ctx context.Context, c *Case) (string, *ExpectedError, error) {
	s, err := t.server(c)
	if err != nil {
		return "", nil, err
	}
	caller, err := t.caller(s, c)
	if err != nil {
		return "", nil, err
	}
	tok, err := s.Gate.Issue(ctx, caller, issuerRequest(c.Token))
	var apiErr *issuer.APIError
	if errors.As(err, &apiErr) {
		return "", &ExpectedError{Code: apiErr.Code, Message: apiErr.Message}, nil
	}
	if err != nil {
		return "", nil, err
	}
	return tok.JWT, nil, nil
}

func issuerRequest(r *TokenRequest) *issuer.TokenRequest {
	out := &issuer.TokenRequest{
		Audiences:        r.Audiences,
		DurationSeconds:  r.DurationSeconds,
		SigningAlgorithm: r.SigningAlgorithm,
		// An empty algorithm written in the case is sent, as AWS's
		// "Value ''" error needs.
		SigningAlgorithmPresent: r.SigningAlgorithmPresent,
		Scope:                   r.Scope,
		SubjectMode:             r.SubjectMode,
	}
	for _, tag := range r.Tags {
		out.Tags = append(out.Tags, issuer.Tag{Key: tag.Key, Value: tag.Value})
	}
	return out
}

func (t *localTarget) IssuerURL(ctx context.Context, c *Case) (string, error) {
	s, err := t.server(c)
	if err != nil {
		return "", err
	}
	caller, err := t.caller(s, c)
	if err != nil {
		return "", err
	}
	fed := s.Registry.Federation(accountOf(caller.Principal))
	if fed.IssuerURL == "" {
		return "", fmt.Errorf("conformance: account %s has no issuer; enable federation for it in the world", accountOf(caller.Principal))
	}
	return fed.IssuerURL, nil
}

// accountOf returns the principal's account: its Account field or the
// fifth field of its ARN.
func accountOf(p evaluator.Principal) string {
	if p.Account != "" {
		return p.Account
	}
	return arnAccount(p.ARN)
}

func (t *localTarget) Fetch(ctx context.Context, c *Case, url string) ([]byte, error) {
	s, err := t.server(c)
	if err != nil {
		return nil, err
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d", url, rec.Code)
	}
	body := rec.Body.Bytes()
	if !json.Valid(body) {
		return nil, fmt.Errorf("GET %s: body is not JSON", url)
	}
	return body, nil
}
