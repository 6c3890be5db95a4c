package world

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/stsapi"
)

// Options configures NewServer.
type Options struct {
	// DataDir holds the federation registry and the key sets. Required.
	DataDir string

	// IssuerURL is the base URL of every issuer: account issuers are
	// IssuerURL/<issuer id>. It must reach this server, for example
	// http://127.0.0.1:8080. Required.
	IssuerURL string

	// Logger receives the records of the API handler, the Gate and the
	// discovery handler. Nil means no logging.
	Logger *slog.Logger

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time

	// PublishDelay is how long a rotated key is published before it signs;
	// zero means issuer.DefaultPublishDelay.
	PublishDelay time.Duration
}

// Server is an iamgate endpoint built from a World: the STS and IAM Query
// API on POST / (and GET / for GetCallerIdentity), and OIDC discovery and
// JWKS below each issuer URL.
type Server struct {
	World    *World
	Registry *issuer.Registry
	Keys     *issuer.KeyManager
	Gate     *issuer.Gate
	API      *stsapi.Handler

	discovery *issuer.DiscoveryHandler
}

var _ http.Handler = (*Server)(nil)

// NewServer opens the registry and key store in opts.DataDir, applies the
// world's federation settings (the world file wins over the stored state
// on every start), makes sure every enabled issuer has keys, and returns
// the Server.
func NewServer(w *World, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("world: Options.DataDir is empty; pass the directory for keys and federation state")
	}
	reg, err := issuer.OpenRegistry(opts.DataDir, opts.IssuerURL)
	if err != nil {
		return nil, err
	}
	store, err := issuer.NewFileKeystore(filepath.Join(opts.DataDir, "keys"))
	if err != nil {
		return nil, err
	}
	keys, err := issuer.NewKeyManager(issuer.KeyManagerConfig{Store: store, Now: opts.Now, PublishDelay: opts.PublishDelay})
	if err != nil {
		return nil, err
	}
	if err := applyFederation(w, reg, keys); err != nil {
		return nil, err
	}
	gate, err := issuer.NewGate(issuer.GateConfig{Directory: reg, Keys: keys, Now: opts.Now, Logger: opts.Logger})
	if err != nil {
		return nil, err
	}
	api, err := stsapi.New(stsapi.Options{
		Gate: gate, Credentials: w, Federation: reg, Region: w.Region, Now: opts.Now, Logger: opts.Logger,
	})
	if err != nil {
		return nil, err
	}
	return &Server{
		World: w, Registry: reg, Keys: keys, Gate: gate, API: api,
		discovery: issuer.NewDiscoveryHandler(reg, keys, opts.Logger),
	}, nil
}

// applyFederation pins issuer ids, sets each account's federation state to
// the world file's, and loads or creates the keys of every known issuer.
func applyFederation(w *World, reg *issuer.Registry, keys *issuer.KeyManager) error {
	for _, a := range w.Accounts() {
		if a.IssuerID != "" {
			if err := reg.Pin(a.ID, a.IssuerID); err != nil {
				return fmt.Errorf("world: pin issuer of account %s: %w", a.ID, err)
			}
		}
		fed := reg.Federation(a.ID)
		switch {
		case a.FederationEnabled && !fed.Enabled:
			if _, err := reg.Enable(a.ID); err != nil {
				return fmt.Errorf("world: enable federation for account %s: %w", a.ID, err)
			}
		case !a.FederationEnabled && fed.Enabled:
			if err := reg.Disable(a.ID); err != nil {
				return fmt.Errorf("world: disable federation for account %s: %w", a.ID, err)
			}
		}
	}
	for _, fed := range reg.Accounts() {
		if fed.IssuerID == "" {
			continue
		}
		if _, err := keys.JWKS(fed.IssuerID); err != nil {
			return fmt.Errorf("world: load keys of issuer %s: %w", fed.IssuerURL, err)
		}
	}
	return nil
}

// ServeHTTP sends discovery and JWKS requests (GET or HEAD below
// /.well-known/) to the discovery handler and everything else to the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path != "/" {
		s.discovery.ServeHTTP(w, r)
		return
	}
	s.API.ServeHTTP(w, r)
}

// RotateKeys rotates the keys of every issuer in the registry, enabled or
// not.
func (s *Server) RotateKeys() error {
	var errs []error
	for _, fed := range s.Registry.Accounts() {
		if fed.IssuerID == "" {
			continue
		}
		if err := s.Keys.Rotate(fed.IssuerID); err != nil {
			errs = append(errs, fmt.Errorf("world: rotate keys of issuer %s: %w", fed.IssuerURL, err))
		}
	}
	return errors.Join(errs...)
}
