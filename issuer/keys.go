package issuer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// MaxTokenLifetime is the longest DurationSeconds a token may have.
const MaxTokenLifetime = 3600 * time.Second

// DefaultPublishDelay is the time a new key stays published in the JWKS
// before it signs, when KeyManagerConfig.PublishDelay is zero. It is well
// above the JWKS max-age, so relying parties that cache the JWKS see the
// key before the first token signed with it.
const DefaultPublishDelay = time.Hour

// DefaultClockSkew is the extra time a retired key stays published after
// the last token it signed has expired, when KeyManagerConfig.ClockSkew is
// zero.
const DefaultClockSkew = 5 * time.Minute

// Key is one signing key of an issuer.
type Key struct {
	// ID is the kid: "RSA_<n>" for RS256 keys and "EC384_<n>" for ES384
	// keys, n counting from 0 per issuer and algorithm.
	ID string

	// Algorithm is RS256 or ES384.
	Algorithm string

	// Created is when the key was generated and first published.
	Created time.Time

	// ActiveFrom is when the key starts to sign. Until then it is pending:
	// published in the JWKS, unused for signing.
	ActiveFrom time.Time

	// Signer holds the private key. The file keystore stores
	// *rsa.PrivateKey and *ecdsa.PrivateKey values; other Keystore
	// implementations may return a KMS- or HSM-backed signer.
	Signer crypto.Signer

	// jose caches the go-jose signer built from Signer on first use.
	jose struct {
		once   sync.Once
		signer jose.Signer
		err    error
	}
}

// KeySet is every key of one issuer, the unit a Keystore stores.
type KeySet struct {
	// Keys holds the keys in creation order.
	Keys []*Key

	// NextSerial is the n of the next kid per algorithm, so that a kid is
	// never reused after its key was pruned.
	NextSerial map[string]int
}

// active returns the key of algorithm alg that signs at now: the one with
// the latest ActiveFrom not after now.
func (s *KeySet) active(alg string, now time.Time) *Key {
	var best *Key
	for _, k := range s.Keys {
		if k.Algorithm != alg || k.ActiveFrom.After(now) {
			continue
		}
		if best == nil || k.ActiveFrom.After(best.ActiveFrom) {
			best = k
		}
	}
	return best
}

// retiredAt returns when k stopped signing: the ActiveFrom of the next key
// of its algorithm that is active at now. It returns false while k signs
// or is pending.
func (s *KeySet) retiredAt(k *Key, now time.Time) (time.Time, bool) {
	var at time.Time
	found := false
	for _, o := range s.Keys {
		if o == k || o.Algorithm != k.Algorithm || !o.ActiveFrom.After(k.ActiveFrom) {
			continue
		}
		if o.ActiveFrom.After(now) {
			continue
		}
		if !found || o.ActiveFrom.Before(at) {
			at, found = o.ActiveFrom, true
		}
	}
	return at, found
}

// published returns the keys a JWKS lists at now: pending and active keys,
// and retired keys until every token they signed has expired plus
// retention's clock skew.
func (s *KeySet) published(now time.Time, skew time.Duration) []*Key {
	var keys []*Key
	for _, k := range s.Keys {
		if at, ok := s.retiredAt(k, now); ok && now.After(at.Add(MaxTokenLifetime+skew)) {
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

// addKey generates a key of algorithm alg that signs from activeFrom.
func (s *KeySet) addKey(alg string, gen KeyGenerator, created, activeFrom time.Time) error {
	signer, err := gen(alg)
	if err != nil {
		return fmt.Errorf("issuer: generate %s key: %w", alg, err)
	}
	if s.NextSerial == nil {
		s.NextSerial = map[string]int{}
	}
	n := s.NextSerial[alg]
	for _, k := range s.Keys {
		// A set without a correct NextSerial must still never reuse a kid.
		if used, err := strconv.Atoi(strings.TrimPrefix(k.ID, kidPrefix(alg))); err == nil && used >= n {
			n = used + 1
		}
	}
	s.NextSerial[alg] = n + 1
	s.Keys = append(s.Keys, &Key{
		ID:         kidPrefix(alg) + strconv.Itoa(n),
		Algorithm:  alg,
		Created:    created,
		ActiveFrom: activeFrom,
		Signer:     signer,
	})
	return nil
}

// clone returns a copy of s whose Keys slice and NextSerial map can be
// changed without touching s. The keys themselves are shared.
func (s *KeySet) clone() *KeySet {
	c := &KeySet{Keys: slices.Clone(s.Keys), NextSerial: map[string]int{}}
	for alg, n := range s.NextSerial {
		c.NextSerial[alg] = n
	}
	return c
}

func kidPrefix(alg string) string {
	if alg == ES384 {
		return "EC384_"
	}
	return "RSA_"
}

// Algorithms lists the signing algorithms every issuer has a key for.
var Algorithms = []string{RS256, ES384}

// KeyGenerator returns a new private key for algorithm alg: RSA 2048 for
// RS256, P-384 for ES384.
type KeyGenerator func(alg string) (crypto.Signer, error)

// GenerateKey is the default KeyGenerator: it generates the key in
// process memory with crypto/rand.
func GenerateKey(alg string) (crypto.Signer, error) {
	switch alg {
	case RS256:
		return rsa.GenerateKey(rand.Reader, 2048)
	case ES384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	}
	return nil, fmt.Errorf("issuer: unsupported signing algorithm %q; use RS256 or ES384", alg)
}

// ErrKeySetNotFound is returned by Keystore.LoadKeySet when the issuer has
// no stored key set yet.
var ErrKeySetNotFound = errors.New("issuer: key set not found")

// Keystore stores the key set of each issuer. FileKeystore keeps them in a
// directory; a KMS- or database-backed store can replace it for several
// replicas.
type Keystore interface {
	// LoadKeySet returns the stored set of issuerID, or an error wrapping
	// ErrKeySetNotFound when there is none.
	LoadKeySet(issuerID string) (*KeySet, error)

	// StoreKeySet replaces the stored set of issuerID. After a crash the
	// store must return either the old or the new set.
	StoreKeySet(issuerID string, set *KeySet) error
}

// String returns the kid and algorithm, never key material, so that a Key
// printed with %v or %+v does not leak its private key.
func (k *Key) String() string { return k.ID + " (" + k.Algorithm + ")" }

// GoString returns the same text as String, for %#v.
func (k *Key) GoString() string { return "issuer.Key{" + k.String() + "}" }

// LogValue returns the kid and algorithm, so that log/slog never encodes
// the private key.
func (k *Key) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kid", k.ID), slog.String("alg", k.Algorithm))
}
