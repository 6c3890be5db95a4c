package issuer

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/google/uuid"
)

// registryFile is the name of the registry's state file in its data
// directory.
const registryFile = "federation.json"

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// Registry stores, per account, whether outbound identity federation is
// enabled and the account's issuer id. An account gets a random issuer id
// (a UUID) the first time it enables federation, unless a world file pins
// one. The id then stays the same across disable and enable, as AWS's
// issuer URL does. The issuer URL is <base URL>/<issuer id>. It is safe
// for concurrent use.
type Registry struct {
	base string
	path string // "" keeps the state in memory only

	mu       sync.RWMutex
	accounts map[string]registryEntry
	byIssuer map[string]string // issuer id -> account
}

type registryEntry struct {
	IssuerID string `json:"issuer_id"`
	Enabled  bool   `json:"enabled"`
}

var _ FederationDirectory = (*Registry)(nil)

// OpenRegistry loads the registry kept in dataDir, creating the directory
// with mode 0700 when it does not exist. It rejects a dataDir writable by
// group or others and a registry file they can write to. An empty dataDir keeps the state
// in memory only. baseURL is the absolute http or https URL below which
// every issuer URL lies, for example "https://tokens.example.com".
func OpenRegistry(dataDir, baseURL string) (*Registry, error) {
	base, err := normalizeBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	r := &Registry{base: base, accounts: map[string]registryEntry{}, byIssuer: map[string]string{}}
	if dataDir == "" {
		return r, nil
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("issuer: create data directory %s: %w", dataDir, err)
	}
	if err := checkDirMode(dataDir); err != nil {
		return nil, err
	}
	if err := removeTempFiles(dataDir, registryFile); err != nil {
		return nil, err
	}
	r.path = filepath.Join(dataDir, registryFile)
	data, err := os.ReadFile(r.path)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("issuer: read registry: %w", err)
	}
	// Issuer ids are public, but a user who can change them can move
	// every issuer URL.
	if err := checkFileMode(r.path, 0o022); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &r.accounts); err != nil {
		return nil, fmt.Errorf("issuer: decode registry %s: %w; repair the file, "+
			"or remove it to start over with new issuer URLs", r.path, err)
	}
	for account, e := range r.accounts {
		if err := r.index(account, e); err != nil {
			return nil, fmt.Errorf("issuer: registry %s: %w; repair the file, "+
				"or remove it to start over with new issuer URLs", r.path, err)
		}
	}
	return r, nil
}

// index adds a loaded entry to byIssuer after checking it as Enable and
// Pin would have, because an edited file could otherwise point the key
// store at another path or give two accounts one issuer.
func (r *Registry) index(account string, e registryEntry) error {
	if !accountIDPattern.MatchString(account) {
		return fmt.Errorf("invalid account id %q", account)
	}
	if !issuerIDPattern.MatchString(e.IssuerID) {
		return fmt.Errorf("invalid issuer id %q for account %s", e.IssuerID, account)
	}
	if owner, ok := r.byIssuer[e.IssuerID]; ok {
		return fmt.Errorf("issuer id %s belongs to both account %s and account %s", e.IssuerID, owner, account)
	}
	r.byIssuer[e.IssuerID] = account
	return nil
}

func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("issuer: invalid issuer base URL %q; use an absolute http or https URL "+
			"without query, fragment or user info", raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// BaseURL returns the URL below which every issuer URL lies, without a
// trailing slash.
func (r *Registry) BaseURL() string { return r.base }

// Federation returns the federation state of account. It implements
// FederationDirectory.
func (r *Registry) Federation(account string) Federation {
	r.mu.RLock()
	e, ok := r.accounts[account]
	r.mu.RUnlock()
	if !ok {
		return Federation{Account: account}
	}
	return r.federation(account, e)
}

func (r *Registry) federation(account string, e registryEntry) Federation {
	return Federation{Account: account, IssuerID: e.IssuerID, IssuerURL: r.base + "/" + e.IssuerID, Enabled: e.Enabled}
}

// Enable turns on outbound federation for account and returns its state.
// It returns an *APIError with code FeatureEnabled (HTTP 409) when
// federation is already enabled.
func (r *Registry) Enable(account string) (Federation, error) {
	if err := checkAccountID(account); err != nil {
		return Federation{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.accounts[account]
	if ok && e.Enabled {
		return Federation{}, errFeatureEnabled(account)
	}
	if !ok {
		e.IssuerID = uuid.NewString()
	}
	e.Enabled = true
	if err := r.put(account, e); err != nil {
		return Federation{}, err
	}
	return r.federation(account, e), nil
}

// Disable turns off outbound federation for account. Tokens already issued
// stay valid, and discovery and JWKS are still served. It returns an
// *APIError with code FeatureDisabled (HTTP 404) when federation is not
// enabled.
func (r *Registry) Disable(account string) error {
	if err := checkAccountID(account); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.accounts[account]
	if !ok || !e.Enabled {
		return errFeatureAlreadyDisabled(account)
	}
	e.Enabled = false
	return r.put(account, e)
}

// Info returns the federation state of account. As AWS does, it returns
// an *APIError with code FeatureDisabled (HTTP 404) instead of a disabled
// state when federation is not enabled.
func (r *Registry) Info(account string) (Federation, error) {
	if err := checkAccountID(account); err != nil {
		return Federation{}, err
	}
	f := r.Federation(account)
	if !f.Enabled {
		return Federation{}, errFeatureDisabled(account)
	}
	return f, nil
}

// Pin sets account's issuer id, for a world file that fixes issuer URLs.
// It keeps the account's enabled state, or leaves a new account disabled.
// An issuer id may not belong to another account.
func (r *Registry) Pin(account, issuerID string) error {
	if err := checkAccountID(account); err != nil {
		return err
	}
	if !issuerIDPattern.MatchString(issuerID) {
		return fmt.Errorf("issuer: invalid issuer id %q for account %s; "+
			"use 1 to 64 letters, digits, '-' or '_'", issuerID, account)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if owner, ok := r.byIssuer[issuerID]; ok && owner != account {
		return fmt.Errorf("issuer: issuer id %s already belongs to account %s; pin a different id for %s",
			issuerID, owner, account)
	}
	e := r.accounts[account]
	if e.IssuerID == issuerID {
		return nil
	}
	e.IssuerID = issuerID
	return r.put(account, e)
}

// ByIssuerID returns the federation state of the account that owns
// issuerID, and false when no account does.
func (r *Registry) ByIssuerID(issuerID string) (Federation, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	account, ok := r.byIssuer[issuerID]
	if !ok {
		return Federation{}, false
	}
	return r.federation(account, r.accounts[account]), true
}

// Accounts returns the state of every account that has an issuer id,
// ordered by account id.
func (r *Registry) Accounts() []Federation {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Federation, 0, len(r.accounts))
	for account, e := range r.accounts {
		out = append(out, r.federation(account, e))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out
}

// put stores e for account, persisting the whole registry first so that
// memory never runs ahead of the file. The caller holds r.mu.
func (r *Registry) put(account string, e registryEntry) error {
	next := make(map[string]registryEntry, len(r.accounts)+1)
	for a, old := range r.accounts {
		next[a] = old
	}
	next[account] = e
	if r.path != "" {
		data, err := json.MarshalIndent(next, "", "  ")
		if err != nil {
			return fmt.Errorf("issuer: encode registry: %w", err)
		}
		if err := writeFileAtomic(r.path, data); err != nil {
			return err
		}
	}
	if old, ok := r.accounts[account]; ok {
		delete(r.byIssuer, old.IssuerID)
	}
	r.accounts = next
	r.byIssuer[e.IssuerID] = account
	return nil
}

func checkAccountID(account string) error {
	if !accountIDPattern.MatchString(account) {
		return fmt.Errorf("issuer: invalid account id %q; use 12 digits", account)
	}
	return nil
}
