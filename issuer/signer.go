package issuer

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"github.com/go-jose/go-jose/v4"
)

// es384Size is the length of one ES384 signature half: R and S are each
// left-padded to 48 bytes and concatenated (RFC 7518, section 3.4).
const es384Size = 48

// opaqueSigner adapts a crypto.Signer to go-jose's OpaqueSigner, so that
// a KMS- or HSM-held key signs through the same path as an in-memory one.
type opaqueSigner struct {
	key *Key
	jwk *jose.JSONWebKey
}

var _ jose.OpaqueSigner = (*opaqueSigner)(nil)

func newOpaqueSigner(k *Key) *opaqueSigner {
	return &opaqueSigner{
		key: k,
		jwk: &jose.JSONWebKey{Key: k.Signer.Public(), KeyID: k.ID, Algorithm: k.Algorithm, Use: "sig"},
	}
}

// Public returns the public key with its kid, which go-jose copies into
// the kid header.
func (s *opaqueSigner) Public() *jose.JSONWebKey { return s.jwk }

// Algs returns the key's one algorithm.
func (s *opaqueSigner) Algs() []jose.SignatureAlgorithm {
	return []jose.SignatureAlgorithm{jose.SignatureAlgorithm(s.key.Algorithm)}
}

// SignPayload hashes payload and signs the digest with the key's
// crypto.Signer. An ECDSA signature comes back as ASN.1 DER from the
// standard library and most KMS APIs; it is converted to the fixed-size
// R||S form that JWS requires.
func (s *opaqueSigner) SignPayload(payload []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if string(alg) != s.key.Algorithm {
		return nil, fmt.Errorf("issuer: key %s signs %s, not %s", s.key.ID, s.key.Algorithm, alg)
	}
	switch alg {
	case jose.RS256:
		digest := crypto.SHA256.New()
		digest.Write(payload)
		return s.key.Signer.Sign(rand.Reader, digest.Sum(nil), crypto.SHA256)
	case jose.ES384:
		digest := crypto.SHA384.New()
		digest.Write(payload)
		sig, err := s.key.Signer.Sign(rand.Reader, digest.Sum(nil), crypto.SHA384)
		if err != nil {
			return nil, err
		}
		return ecdsaJOSE(sig, es384Size)
	}
	return nil, jose.ErrUnsupportedAlgorithm
}

// ecdsaJOSE returns sig as R||S with each half size bytes long. sig may be
// ASN.1 DER, as crypto/ecdsa and most KMS APIs return it, or already R||S,
// as some HSM interfaces return it. DER is tried first because a DER
// signature with short R and S can be exactly 2*size bytes long.
func ecdsaJOSE(sig []byte, size int) ([]byte, error) {
	var parsed struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(sig, &parsed)
	if err != nil || len(rest) != 0 || parsed.R == nil || parsed.S == nil {
		if len(sig) == 2*size {
			return sig, nil
		}
		return nil, errors.New("issuer: ECDSA signer returned neither ASN.1 DER nor R||S")
	}
	if parsed.R.Sign() <= 0 || parsed.S.Sign() <= 0 ||
		parsed.R.BitLen() > 8*size || parsed.S.BitLen() > 8*size {
		return nil, errors.New("issuer: ECDSA signer returned R or S out of range")
	}
	out := make([]byte, 2*size)
	parsed.R.FillBytes(out[:size])
	parsed.S.FillBytes(out[size:])
	return out, nil
}

// signCompact signs payload with k and returns the JWS compact
// serialization with the alg, kid and typ JWT headers.
func signCompact(k *Key, payload []byte) (string, error) {
	k.jose.once.Do(func() { k.jose.signer, k.jose.err = newJoseSigner(k) })
	signer, err := k.jose.signer, k.jose.err
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("issuer: sign with key %s: %w", k.ID, err)
	}
	return jws.CompactSerialize()
}

func newJoseSigner(k *Key) (jose.Signer, error) {
	if err := checkKeyType(k); err != nil {
		return nil, err
	}
	opts := (&jose.SignerOptions{}).WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{
		Algorithm: jose.SignatureAlgorithm(k.Algorithm),
		Key:       newOpaqueSigner(k),
	}, opts)
	if err != nil {
		return nil, fmt.Errorf("issuer: signer for key %s: %w", k.ID, err)
	}
	return signer, nil
}

// checkKeyType rejects a signer whose public key does not fit its
// algorithm, such as a P-256 key labelled ES384.
func checkKeyType(k *Key) error {
	switch pub := k.Signer.Public().(type) {
	case *rsa.PublicKey:
		if k.Algorithm == RS256 && pub.N.BitLen() >= 2048 {
			return nil
		}
	case *ecdsa.PublicKey:
		if k.Algorithm == ES384 && pub.Curve.Params().BitSize == 384 {
			return nil
		}
	}
	return fmt.Errorf("issuer: key %s has a %T public key that cannot sign %s; "+
		"use RSA 2048 or larger for RS256 and P-384 for ES384", k.ID, k.Signer.Public(), k.Algorithm)
}
