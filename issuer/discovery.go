package issuer

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// Paths of the discovery and JWKS documents below an issuer URL.
const (
	DiscoveryPath = "/.well-known/openid-configuration"
	JWKSPath      = "/.well-known/jwks.json"
)

// CacheControl is the Cache-Control header of both documents. Five minutes
// is well below DefaultPublishDelay, so a relying party's cached JWKS
// lists a rotated key before the key signs.
const CacheControl = "public, max-age=300"

// discoveryDocument has exactly the fields AWS STS publishes, in AWS's
// order.
type discoveryDocument struct {
	ClaimsSupported []string `json:"claims_supported"`
	AlgsSupported   []string `json:"id_token_signing_alg_values_supported"`
	Issuer          string   `json:"issuer"`
	JWKSURI         string   `json:"jwks_uri"`
	ResponseTypes   []string `json:"response_types_supported"`
	SubjectTypes    []string `json:"subject_types_supported"`
}

// DiscoveryDocument returns the OpenID Connect discovery document of the
// issuer at issuerURL.
func DiscoveryDocument(issuerURL string) ([]byte, error) {
	return json.Marshal(&discoveryDocument{
		ClaimsSupported: []string{"sub", "iss", "aud", "exp", "iat", "jti", NamespaceClaim},
		AlgsSupported:   []string{RS256, ES384},
		Issuer:          issuerURL,
		JWKSURI:         issuerURL + JWKSPath,
		ResponseTypes:   []string{"id_token"},
		SubjectTypes:    []string{"public"},
	})
}

// DiscoveryHandler serves {issuer}/.well-known/openid-configuration and
// {issuer}/.well-known/jwks.json for every issuer in a Registry, whether
// or not its account has federation enabled, so that tokens issued before
// a disable stay verifiable. Mount it at the root of the host in the
// registry's base URL; it matches the base URL's path itself.
type DiscoveryHandler struct {
	registry *Registry
	keys     *KeyManager
	prefix   string // base URL path plus "/"
	logger   *slog.Logger
}

// NewDiscoveryHandler returns a DiscoveryHandler for the issuers of reg,
// with keys from keys. A nil logger means no logging.
func NewDiscoveryHandler(reg *Registry, keys *KeyManager, logger *slog.Logger) *DiscoveryHandler {
	prefix := "/"
	if u, err := url.Parse(reg.BaseURL()); err == nil {
		prefix = strings.TrimRight(u.Path, "/") + "/"
	}
	return &DiscoveryHandler{registry: reg, keys: keys, prefix: prefix, logger: logger}
}

// ServeHTTP answers GET and HEAD requests for the two documents, 404 for
// unknown issuers and paths, and 405 for other methods.
func (h *DiscoveryHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, h.prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	issuerID, doc, ok := strings.Cut(rest, "/")
	if !ok || (doc != DiscoveryPath[1:] && doc != JWKSPath[1:]) {
		http.NotFound(w, r)
		return
	}
	fed, ok := h.registry.ByIssuerID(issuerID)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}

	var body []byte
	var err error
	if doc == DiscoveryPath[1:] {
		body, err = DiscoveryDocument(fed.IssuerURL)
	} else {
		body, err = h.jwks(fed.IssuerID)
	}
	if err != nil {
		if h.logger != nil {
			h.logger.Error("issuer: serve discovery document", "issuer", fed.IssuerURL, "path", r.URL.Path, "error", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", CacheControl)
	w.Write(body)
}

func (h *DiscoveryHandler) jwks(issuerID string) ([]byte, error) {
	set, err := h.keys.JWKS(issuerID)
	if err != nil {
		return nil, err
	}
	return json.Marshal(&set)
}
