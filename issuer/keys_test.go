package issuer

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for rotation tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 9, 11, 18, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

const testIssuerID = "3f2c8a1e-0000-4000-8000-000000000001"

func newTestKeyManager(t *testing.T, dir string, clock *fakeClock) *KeyManager {
	t.Helper()
	store, err := NewFileKeystore(dir)
	if err != nil {
		t.Fatalf("NewFileKeystore(%s) = %v", dir, err)
	}
	km, err := NewKeyManager(KeyManagerConfig{Store: store, Now: clock.Now})
	if err != nil {
		t.Fatalf("NewKeyManager() = %v", err)
	}
	return km
}

func jwksKIDs(t *testing.T, km *KeyManager) []string {
	t.Helper()
	set, err := km.JWKS(testIssuerID)
	if err != nil {
		t.Fatalf("JWKS() = %v", err)
	}
	var kids []string
	for _, k := range set.Keys {
		kids = append(kids, k.KeyID)
	}
	return kids
}

func signingKID(t *testing.T, km *KeyManager, alg string) string {
	t.Helper()
	k, err := km.SigningKey(testIssuerID, alg)
	if err != nil {
		t.Fatalf("SigningKey(%s) = %v", alg, err)
	}
	return k.ID
}

func TestKeyManagerNewSet(t *testing.T) {
	km := newTestKeyManager(t, t.TempDir(), newFakeClock())

	rsaKey, err := km.SigningKey(testIssuerID, RS256)
	if err != nil {
		t.Fatalf("SigningKey(RS256) = %v", err)
	}
	if rsaKey.ID != "RSA_0" {
		t.Errorf("RS256 kid = %q, want RSA_0", rsaKey.ID)
	}
	pub, ok := rsaKey.Signer.Public().(*rsa.PublicKey)
	if !ok || pub.N.BitLen() != 2048 {
		t.Errorf("RS256 key = %T, want a 2048-bit RSA key", rsaKey.Signer.Public())
	}

	ecKey, err := km.SigningKey(testIssuerID, ES384)
	if err != nil {
		t.Fatalf("SigningKey(ES384) = %v", err)
	}
	if ecKey.ID != "EC384_0" {
		t.Errorf("ES384 kid = %q, want EC384_0", ecKey.ID)
	}
	ecPub, ok := ecKey.Signer.Public().(*ecdsa.PublicKey)
	if !ok || ecPub.Curve.Params().Name != "P-384" {
		t.Errorf("ES384 key = %T, want a P-384 key", ecKey.Signer.Public())
	}

	set, err := km.JWKS(testIssuerID)
	if err != nil {
		t.Fatalf("JWKS() = %v", err)
	}
	if len(set.Keys) != 2 {
		t.Fatalf("JWKS has %d keys, want 2", len(set.Keys))
	}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			t.Errorf("JWKS key %s is not public", k.KeyID)
		}
		if k.Use != "sig" {
			t.Errorf("JWKS key %s use = %q, want sig", k.KeyID, k.Use)
		}
	}
}

func TestKeyManagerRotation(t *testing.T) {
	clock := newFakeClock()
	km := newTestKeyManager(t, t.TempDir(), clock)
	signingKID(t, km, RS256) // creates the set

	if err := km.Rotate(testIssuerID); err != nil {
		t.Fatalf("Rotate() = %v", err)
	}
	// The new keys are published at once but do not sign yet.
	if got, want := jwksKIDs(t, km), []string{"RSA_0", "RSA_1", "EC384_0", "EC384_1"}; !slices.Equal(got, want) {
		t.Errorf("JWKS kids after Rotate = %v, want %v", got, want)
	}
	if got := signingKID(t, km, RS256); got != "RSA_0" {
		t.Errorf("RS256 signing kid during publish delay = %q, want RSA_0", got)
	}
	wantStates(t, km, "RSA_0 active", "RSA_1 pending", "EC384_0 active", "EC384_1 pending")

	clock.Advance(DefaultPublishDelay)
	if got := signingKID(t, km, RS256); got != "RSA_1" {
		t.Errorf("RS256 signing kid after publish delay = %q, want RSA_1", got)
	}
	if got := signingKID(t, km, ES384); got != "EC384_1" {
		t.Errorf("ES384 signing kid after publish delay = %q, want EC384_1", got)
	}
	wantStates(t, km, "RSA_0 retired", "RSA_1 active", "EC384_0 retired", "EC384_1 active")
	// The retired keys stay published while tokens they signed may live.
	clock.Advance(MaxTokenLifetime + DefaultClockSkew)
	if got, want := jwksKIDs(t, km), []string{"RSA_0", "RSA_1", "EC384_0", "EC384_1"}; !slices.Equal(got, want) {
		t.Errorf("JWKS kids at end of retention = %v, want %v", got, want)
	}
	clock.Advance(time.Second)
	if got, want := jwksKIDs(t, km), []string{"RSA_1", "EC384_1"}; !slices.Equal(got, want) {
		t.Errorf("JWKS kids after retention = %v, want %v", got, want)
	}

	// The next rotation prunes the retired keys and never reuses a kid.
	if err := km.Rotate(testIssuerID); err != nil {
		t.Fatalf("second Rotate() = %v", err)
	}
	if got, want := jwksKIDs(t, km), []string{"RSA_1", "RSA_2", "EC384_1", "EC384_2"}; !slices.Equal(got, want) {
		t.Errorf("JWKS kids after second Rotate = %v, want %v", got, want)
	}
}

func TestKeyManagerRestartKeepsKeys(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	km := newTestKeyManager(t, dir, clock)
	if err := km.Rotate(testIssuerID); err != nil {
		t.Fatalf("Rotate() = %v", err)
	}
	before, err := km.JWKS(testIssuerID)
	if err != nil {
		t.Fatalf("JWKS() = %v", err)
	}

	restarted := newTestKeyManager(t, dir, clock)
	after, err := restarted.JWKS(testIssuerID)
	if err != nil {
		t.Fatalf("JWKS() after restart = %v", err)
	}
	if len(after.Keys) != len(before.Keys) {
		t.Fatalf("JWKS after restart has %d keys, want %d", len(after.Keys), len(before.Keys))
	}
	for i := range before.Keys {
		b, a := before.Keys[i], after.Keys[i]
		if a.KeyID != b.KeyID || !publicKeysEqual(a.Key, b.Key) {
			t.Errorf("key %d after restart = %s, want %s with the same public key", i, a.KeyID, b.KeyID)
		}
	}
	if got := signingKID(t, restarted, RS256); got != "RSA_0" {
		t.Errorf("RS256 signing kid after restart = %q, want RSA_0 (RSA_1 is still pending)", got)
	}
}

func publicKeysEqual(a, b any) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	ea, ok := a.(equaler)
	return ok && ea.Equal(b)
}

func TestFileKeystoreModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	km := newTestKeyManager(t, dir, newFakeClock())
	if err := km.Rotate(testIssuerID); err != nil {
		t.Fatalf("Rotate() = %v", err)
	}

	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("key directory mode = %o, want 700", got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != 0o600 {
			t.Errorf("%s mode = %o, want 600", e.Name(), got)
		}
	}
	want := []string{testIssuerID + ".json", testIssuerID + ".json.prev", testIssuerID + ".keys-created"}
	if !slices.Equal(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}
}

func TestFileKeystoreCrashRecovery(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	km := newTestKeyManager(t, dir, clock)
	if err := km.Rotate(testIssuerID); err != nil { // leaves a complete .prev
		t.Fatalf("Rotate() = %v", err)
	}
	want := jwksKIDs(t, km)
	current := filepath.Join(dir, testIssuerID+".json")
	good, err := os.ReadFile(current)
	if err != nil {
		t.Fatal(err)
	}

	// A crash in the middle of a write leaves a temporary file behind.
	leftover := filepath.Join(dir, "."+testIssuerID+".json"+tempInfix+"12345")
	if err := os.WriteFile(leftover, good[:len(good)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	restarted := newTestKeyManager(t, dir, clock)
	if got := jwksKIDs(t, restarted); !slices.Equal(got, want) {
		t.Errorf("JWKS kids after crash = %v, want %v", got, want)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover temporary file still exists: %v", err)
	}

	// A damaged current file falls back to the previous set and is repaired.
	if err := os.WriteFile(current, good[:len(good)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	repaired := newTestKeyManager(t, dir, clock)
	got := jwksKIDs(t, repaired)
	if len(got) != 2 || got[0] != "RSA_0" || got[1] != "EC384_0" {
		t.Errorf("JWKS kids from previous set = %v, want [RSA_0 EC384_0]", got)
	}
	if _, err := readKeySet(current); err != nil {
		t.Errorf("current file not repaired: %v", err)
	}
}

func TestFileKeystoreDamagedWithoutBackup(t *testing.T) {
	dir := t.TempDir()
	km := newTestKeyManager(t, dir, newFakeClock())
	signingKID(t, km, RS256)
	current := filepath.Join(dir, testIssuerID+".json")
	if err := os.WriteFile(current, []byte(`{"version":1,"keys":[{"kid":`), 0o600); err != nil {
		t.Fatal(err)
	}

	// A damaged set must fail loudly rather than be replaced by new keys,
	// which would make every issued token unverifiable.
	restarted := newTestKeyManager(t, dir, newFakeClock())
	_, err := restarted.SigningKey(testIssuerID, RS256)
	if err == nil {
		t.Fatal("SigningKey() with a damaged key set = nil error, want an error")
	}
	if errors.Is(err, ErrKeySetNotFound) {
		t.Errorf("SigningKey() error = %v, want a decode error, not ErrKeySetNotFound", err)
	}
}

func TestFileKeystoreRejectsBadIssuerID(t *testing.T) {
	store, err := NewFileKeystore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "../x", "a/b", ".hidden", strings.Repeat("a", 65)} {
		if _, err := store.LoadKeySet(id); err == nil || errors.Is(err, ErrKeySetNotFound) {
			t.Errorf("LoadKeySet(%q) = %v, want an invalid issuer id error", id, err)
		}
	}
}

func TestKeyFormattingHidesPrivateKey(t *testing.T) {
	signer, err := GenerateKey(ES384)
	if err != nil {
		t.Fatal(err)
	}
	k := &Key{ID: "EC384_3", Algorithm: ES384, Signer: signer}
	raw, err := signer.(*ecdsa.PrivateKey).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{
		new(big.Int).SetBytes(raw).String(),
		hex.EncodeToString(raw),
		base64.StdEncoding.EncodeToString(raw),
		base64.RawURLEncoding.EncodeToString(raw),
	}

	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("key", "key", k)
	outputs := map[string]string{
		"%v":   fmt.Sprintf("%v", k),
		"%+v":  fmt.Sprintf("%+v", k),
		"%#v":  fmt.Sprintf("%#v", k),
		"slog": logged.String(),
	}
	for verb, out := range outputs {
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains the private key", verb)
			}
		}
		if !strings.Contains(out, "EC384_3") {
			t.Errorf("%s output = %q, want it to name the kid", verb, out)
		}
	}
}

func wantStates(t *testing.T, km *KeyManager, want ...string) {
	t.Helper()
	status, err := km.Status(testIssuerID)
	if err != nil {
		t.Fatalf("Status() = %v", err)
	}
	var got []string
	for _, st := range status {
		got = append(got, st.ID+" "+st.State)
		if st.State == KeyRetired && st.RetiredAt.IsZero() {
			t.Errorf("retired key %s has no RetiredAt", st.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Status() = %v, want %v", got, want)
	}
}

func TestFileKeystoreDeletedKeysFail(t *testing.T) {
	dir := t.TempDir()
	km := newTestKeyManager(t, dir, newFakeClock())
	signingKID(t, km, RS256)
	current := filepath.Join(dir, testIssuerID+".json")
	for _, p := range []string{current, current + ".prev"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}

	// Both key files are gone, but the issuer had keys: a new set would
	// silently orphan every token the old keys signed.
	restarted := newTestKeyManager(t, dir, newFakeClock())
	_, err := restarted.SigningKey(testIssuerID, RS256)
	if err == nil {
		t.Fatal("SigningKey() after the key files were deleted = nil error, want an error")
	}
	if errors.Is(err, ErrKeySetNotFound) {
		t.Errorf("SigningKey() error = %v, want an error naming the lost key set", err)
	}
	if !strings.Contains(err.Error(), "keys-created") {
		t.Errorf("SigningKey() error = %q, want it to name the marker file to delete", err)
	}

	// Deleting the marker is the documented way to start over.
	if err := os.Remove(filepath.Join(dir, testIssuerID+".keys-created")); err != nil {
		t.Fatal(err)
	}
	fresh := newTestKeyManager(t, dir, newFakeClock())
	if _, err := fresh.SigningKey(testIssuerID, RS256); err != nil {
		t.Errorf("SigningKey() after removing the marker = %v, want a new key set", err)
	}
}
