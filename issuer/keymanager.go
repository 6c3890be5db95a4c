package issuer

import (
	"crypto"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// KeyManagerConfig configures a KeyManager. Store is required.
type KeyManagerConfig struct {
	// Store persists the key sets.
	Store Keystore

	// PublishDelay is how long a key made by Rotate is published before it
	// signs. Zero means DefaultPublishDelay; a negative value means the key
	// signs at once, which relying parties holding a cached JWKS reject
	// until their cache expires.
	PublishDelay time.Duration

	// ClockSkew is how long a retired key stays published after the last
	// token it signed has expired. Zero means DefaultClockSkew.
	ClockSkew time.Duration

	// Generate makes new keys. Nil means GenerateKey.
	Generate KeyGenerator

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// KeyManager creates, rotates and serves the keys of every issuer. It
// reads each key set from its Keystore once and keeps it in memory, so
// one KeyManager must own a store: two processes sharing a data directory
// would overwrite each other's rotations. It is safe for concurrent use.
type KeyManager struct {
	store    Keystore
	delay    time.Duration
	skew     time.Duration
	generate KeyGenerator
	now      func() time.Time

	mu   sync.RWMutex
	sets map[string]*KeySet // issuer id -> set; a set is never modified once here
}

// NewKeyManager returns a KeyManager for cfg.
func NewKeyManager(cfg KeyManagerConfig) (*KeyManager, error) {
	if cfg.Store == nil {
		return nil, errors.New("issuer: KeyManagerConfig.Store is nil; pass a *FileKeystore")
	}
	m := &KeyManager{
		store:    cfg.Store,
		delay:    cfg.PublishDelay,
		skew:     cfg.ClockSkew,
		generate: cfg.Generate,
		now:      cfg.Now,
		sets:     map[string]*KeySet{},
	}
	if m.delay == 0 {
		m.delay = DefaultPublishDelay
	} else if m.delay < 0 {
		m.delay = 0
	}
	if m.skew == 0 {
		m.skew = DefaultClockSkew
	}
	if m.generate == nil {
		m.generate = GenerateKey
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m, nil
}

// SigningKey returns the key of algorithm alg that signs now for issuerID,
// loading or creating the issuer's key set on first use. A new set's keys
// sign at once, because no relying party can hold an older JWKS.
func (m *KeyManager) SigningKey(issuerID, alg string) (*Key, error) {
	set, err := m.keySet(issuerID)
	if err != nil {
		return nil, err
	}
	key := set.active(alg, m.now())
	if key == nil {
		return nil, fmt.Errorf("issuer: issuer %s has no active %s key", issuerID, alg)
	}
	return key, nil
}

// JWKS returns the public keys of issuerID that verifiers need now: pending,
// active and recently retired keys, RS256 keys first.
func (m *KeyManager) JWKS(issuerID string) (jose.JSONWebKeySet, error) {
	set, err := m.keySet(issuerID)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	keys := set.published(m.now(), m.skew)
	jwks := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(keys))}
	for _, alg := range Algorithms {
		for _, k := range keys {
			if k.Algorithm != alg {
				continue
			}
			jwks.Keys = append(jwks.Keys, jose.JSONWebKey{
				Key:       k.Signer.Public(),
				KeyID:     k.ID,
				Algorithm: k.Algorithm,
				Use:       "sig",
			})
		}
	}
	return jwks, nil
}

// Rotate adds a new key per algorithm to issuerID's set. The new keys are
// published at once and sign after the publish delay. The keys they
// replace stay published until every token they signed has expired.
// Rotate also drops keys that no longer need to be published. The new set
// is stored before it is used, so a crash leaves the old or the new set.
func (m *KeyManager) Rotate(issuerID string) error {
	if _, err := m.keySet(issuerID); err != nil {
		return err
	}
	// Generate outside the lock: an RSA key takes long enough to stall
	// every signer of every issuer.
	signers := make(map[string]crypto.Signer, len(Algorithms))
	for _, alg := range Algorithms {
		signer, err := m.generate(alg)
		if err != nil {
			return fmt.Errorf("issuer: generate %s key: %w", alg, err)
		}
		signers[alg] = signer
	}
	pregenerated := func(alg string) (crypto.Signer, error) { return signers[alg], nil }

	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	next := m.sets[issuerID].clone()
	next.Keys = next.published(now, m.skew)
	for _, alg := range Algorithms {
		if err := next.addKey(alg, pregenerated, now, now.Add(m.delay)); err != nil {
			return err
		}
	}
	if err := m.store.StoreKeySet(issuerID, next); err != nil {
		return err
	}
	m.sets[issuerID] = next
	return nil
}

// keySet returns issuerID's set from memory, the store, or a new one.
func (m *KeyManager) keySet(issuerID string) (*KeySet, error) {
	m.mu.RLock()
	set := m.sets[issuerID]
	m.mu.RUnlock()
	if set != nil {
		return set, nil
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if set := m.sets[issuerID]; set != nil {
		return set, nil
	}
	set, err := m.store.LoadKeySet(issuerID)
	switch {
	case errors.Is(err, ErrKeySetNotFound):
		set, err = m.newKeySet(issuerID)
	case err == nil:
		err = m.completeKeySet(issuerID, set)
	}
	if err != nil {
		return nil, err
	}
	m.sets[issuerID] = set
	return set, nil
}

// newKeySet creates and stores a set with one active key per algorithm.
func (m *KeyManager) newKeySet(issuerID string) (*KeySet, error) {
	now := m.now()
	set := &KeySet{}
	for _, alg := range Algorithms {
		if err := set.addKey(alg, m.generate, now, now); err != nil {
			return nil, err
		}
	}
	if err := m.store.StoreKeySet(issuerID, set); err != nil {
		return nil, err
	}
	return set, nil
}

// completeKeySet adds an active key for any algorithm that a loaded set
// lacks, so that a set stored by an older version or edited by hand
// still signs with both algorithms.
func (m *KeyManager) completeKeySet(issuerID string, set *KeySet) error {
	now := m.now()
	changed := false
	for _, alg := range Algorithms {
		if set.active(alg, now) != nil {
			continue
		}
		if err := set.addKey(alg, m.generate, now, now); err != nil {
			return err
		}
		changed = true
	}
	if !changed {
		return nil
	}
	return m.store.StoreKeySet(issuerID, set)
}

// Key states reported by KeyManager.Status.
const (
	KeyPending = "pending" // published, signs from ActiveFrom
	KeyActive  = "active"  // signs new tokens
	KeyRetired = "retired" // published until its tokens have expired
)

// KeyStatus describes one published key of an issuer.
type KeyStatus struct {
	ID         string
	Algorithm  string
	State      string // KeyPending, KeyActive or KeyRetired
	Created    time.Time
	ActiveFrom time.Time
	RetiredAt  time.Time // when a newer key took over; zero unless retired
}

// Status returns the state of every key that issuerID's JWKS publishes
// now, in the JWKS order.
func (m *KeyManager) Status(issuerID string) ([]KeyStatus, error) {
	set, err := m.keySet(issuerID)
	if err != nil {
		return nil, err
	}
	now := m.now()
	keys := set.published(now, m.skew)
	out := make([]KeyStatus, 0, len(keys))
	for _, alg := range Algorithms {
		active := set.active(alg, now)
		for _, k := range keys {
			if k.Algorithm != alg {
				continue
			}
			st := KeyStatus{ID: k.ID, Algorithm: k.Algorithm, Created: k.Created, ActiveFrom: k.ActiveFrom}
			switch {
			case k == active:
				st.State = KeyActive
			case k.ActiveFrom.After(now):
				st.State = KeyPending
			default:
				st.State = KeyRetired
				st.RetiredAt, _ = set.retiredAt(k, now)
			}
			out = append(out, st)
		}
	}
	return out, nil
}
