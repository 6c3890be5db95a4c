package issuer

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha512"
	"encoding/asn1"
	"io"
	"math/big"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// remoteSigner simulates a KMS or HSM key. It exposes only crypto.Signer
// and counts its calls.
type remoteSigner struct {
	inner crypto.Signer
	raw   bool // return ECDSA signatures as R||S instead of ASN.1 DER
	calls atomic.Int64
}

func (s *remoteSigner) Public() crypto.PublicKey { return s.inner.Public() }

func (s *remoteSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.calls.Add(1)
	if !s.raw {
		return s.inner.Sign(r, digest, opts)
	}
	rr, ss, err := ecdsa.Sign(r, s.inner.(*ecdsa.PrivateKey), digest)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 96)
	rr.FillBytes(out[:48])
	ss.FillBytes(out[48:])
	return out, nil
}

func TestSignCompactWithRemoteSigner(t *testing.T) {
	payload := []byte(`{"sub":"x"}`)
	for _, tt := range []struct {
		name string
		alg  string
		raw  bool
	}{
		{"RS256", RS256, false},
		{"ES384 DER", ES384, false},
		{"ES384 raw", ES384, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inner, err := GenerateKey(tt.alg)
			if err != nil {
				t.Fatal(err)
			}
			signer := &remoteSigner{inner: inner, raw: tt.raw}
			key := &Key{ID: "K_7", Algorithm: tt.alg, Signer: signer}
			jwt, err := signCompact(key, payload)
			if err != nil {
				t.Fatalf("signCompact() = %v", err)
			}
			if signer.calls.Load() != 1 {
				t.Errorf("signer called %d times, want 1", signer.calls.Load())
			}

			jws, err := jose.ParseSignedCompact(jwt, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(tt.alg)})
			if err != nil {
				t.Fatalf("ParseSigned() = %v", err)
			}
			got, err := jws.Verify(inner.Public())
			if err != nil {
				t.Fatalf("Verify() = %v", err)
			}
			if !bytes.Equal(got, payload) {
				t.Errorf("payload = %s, want %s", got, payload)
			}
			h := jws.Signatures[0].Protected
			if h.KeyID != "K_7" || h.Algorithm != tt.alg || h.ExtraHeaders["typ"] != "JWT" {
				t.Errorf("header kid, alg, typ = %s, %s, %v, want K_7, %s, JWT", h.KeyID, h.Algorithm, h.ExtraHeaders["typ"], tt.alg)
			}
			if h.JSONWebKey != nil {
				t.Error("header embeds a jwk, want only kid")
			}
		})
	}
}

// A DER signature whose R or S is short must be left-padded to 48 bytes.
// Copying the bytes without padding would produce an invalid signature.
func TestECDSAJOSEPadsShortHalves(t *testing.T) {
	priv, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	digest := sha512.Sum384([]byte("payload"))
	found := false
	for i := 0; i < 2000 && !found; i++ {
		der, err := priv.Sign(rand.Reader, digest[:], crypto.SHA384)
		if err != nil {
			t.Fatal(err)
		}
		out, err := ecdsaJOSE(der, es384Size)
		if err != nil {
			t.Fatalf("ecdsaJOSE() = %v", err)
		}
		r := new(big.Int).SetBytes(out[:48])
		s := new(big.Int).SetBytes(out[48:])
		if !ecdsa.Verify(&priv.PublicKey, digest[:], r, s) {
			t.Fatalf("converted signature does not verify")
		}
		found = r.BitLen() <= 376 || s.BitLen() <= 376
	}
	if !found {
		t.Skip("no signature with a short half in 2000 tries")
	}
}

func TestECDSAJOSERejectsGarbage(t *testing.T) {
	for _, sig := range [][]byte{nil, []byte("not a signature"), bytes.Repeat([]byte{0x30}, 20)} {
		if _, err := ecdsaJOSE(sig, es384Size); err == nil {
			t.Errorf("ecdsaJOSE(%x) = nil error, want an error", sig)
		}
	}
}

func TestSignCompactRejectsWrongKeyType(t *testing.T) {
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := GenerateKey(RS256)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []*Key{
		{ID: "EC384_0", Algorithm: ES384, Signer: p256},
		{ID: "RSA_0", Algorithm: ES384, Signer: rsaKey},
		{ID: "EC384_0", Algorithm: RS256, Signer: p256},
	} {
		if _, err := signCompact(k, []byte("{}")); err == nil || !strings.Contains(err.Error(), "cannot sign") {
			t.Errorf("signCompact(%s %T) = %v, want a key type error", k.Algorithm, k.Signer, err)
		}
	}
}

// A KeyGenerator can return KMS- or HSM-backed signers; the KeyManager and
// Gate use them without touching private key material. The file keystore
// cannot persist such a key and returns an error.
func TestKeyManagerWithRemoteSigners(t *testing.T) {
	var signers []*remoteSigner
	gen := func(alg string) (crypto.Signer, error) {
		inner, err := GenerateKey(alg)
		if err != nil {
			return nil, err
		}
		s := &remoteSigner{inner: inner}
		signers = append(signers, s)
		return s, nil
	}
	store, err := NewFileKeystore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	km, err := NewKeyManager(KeyManagerConfig{Store: store, Generate: gen, Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = km.SigningKey(testIssuerID, ES384)
	if err == nil || !strings.Contains(err.Error(), "file keystore cannot store") {
		t.Errorf("SigningKey() with a file keystore and remote signers = %v, want a cannot-store error", err)
	}

	mem := &memoryKeystore{sets: map[string]*KeySet{}}
	km, err = NewKeyManager(KeyManagerConfig{Store: mem, Generate: gen})
	if err != nil {
		t.Fatal(err)
	}
	key, err := km.SigningKey(testIssuerID, ES384)
	if err != nil {
		t.Fatalf("SigningKey() = %v", err)
	}
	if _, err := signCompact(key, []byte(`{}`)); err != nil {
		t.Fatalf("signCompact() = %v", err)
	}
	if n := signers[len(signers)-1].calls.Load(); n != 1 {
		t.Errorf("remote ES384 signer called %d times, want 1", n)
	}
}

// memoryKeystore is a Keystore kept in memory, as a KMS-backed store
// would keep key references.
type memoryKeystore struct {
	sets map[string]*KeySet
}

func (m *memoryKeystore) LoadKeySet(id string) (*KeySet, error) {
	if s, ok := m.sets[id]; ok {
		return s, nil
	}
	return nil, ErrKeySetNotFound
}

func (m *memoryKeystore) StoreKeySet(id string, s *KeySet) error {
	m.sets[id] = s
	return nil
}

// A DER signature whose R and S are 45 bytes each is 96 bytes long, the
// length of R||S; it must still be read as DER.
func TestECDSAJOSEReadsDERof96Bytes(t *testing.T) {
	r := new(big.Int).SetBytes(bytes.Repeat([]byte{0x11}, 45))
	s := new(big.Int).SetBytes(bytes.Repeat([]byte{0x22}, 45))
	der, err := asn1.Marshal(struct{ R, S *big.Int }{r, s})
	if err != nil {
		t.Fatal(err)
	}
	if len(der) != 96 {
		t.Fatalf("DER length = %d, want 96", len(der))
	}
	out, err := ecdsaJOSE(der, es384Size)
	if err != nil {
		t.Fatalf("ecdsaJOSE() = %v", err)
	}
	want := append(append(make([]byte, 3), r.Bytes()...), append(make([]byte, 3), s.Bytes()...)...)
	if !bytes.Equal(out, want) {
		t.Errorf("ecdsaJOSE() = %x, want %x", out, want)
	}
}
