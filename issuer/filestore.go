package issuer

import (
	"crypto"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// keySetFileVersion is the format version of a key set file.
const keySetFileVersion = 1

// FileKeystore stores each issuer's key set as one JSON file,
// <dir>/<issuer id>.json, with mode 0600 in a directory with mode 0700.
// Private keys are PKCS #8 DER in base64. Each write goes through a
// temporary file and a rename, and the previous set is kept as
// <issuer id>.json.prev, so a crash or a damaged file still leaves a
// complete set to load. A marker file, <issuer id>.keys-created, records
// that an issuer has had keys, so that a load after both key files were
// deleted fails instead of starting a new set that would leave every
// token the lost keys signed unverifiable.
type FileKeystore struct {
	dir string
}

var _ Keystore = (*FileKeystore)(nil)

// NewFileKeystore returns a FileKeystore in dir, creating dir with mode
// 0700, rejecting a dir writable by group or others, and removing temporary files that an interrupted write left.
func NewFileKeystore(dir string) (*FileKeystore, error) {
	if err := makePrivateDir(dir); err != nil {
		return nil, err
	}
	if err := removeTempFiles(dir, ""); err != nil {
		return nil, err
	}
	return &FileKeystore{dir: dir}, nil
}

type keySetFile struct {
	Version    int            `json:"version"`
	NextSerial map[string]int `json:"next_serial"`
	Keys       []keyFile      `json:"keys"`
}

type keyFile struct {
	ID         string    `json:"kid"`
	Algorithm  string    `json:"alg"`
	Created    time.Time `json:"created"`
	ActiveFrom time.Time `json:"active_from"`
	PKCS8      []byte    `json:"pkcs8"`
}

// issuerIDPattern restricts issuer ids to names that are safe as file
// names and URL path segments.
var issuerIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

func (s *FileKeystore) path(issuerID string) (string, error) {
	if !issuerIDPattern.MatchString(issuerID) {
		return "", fmt.Errorf("issuer: invalid issuer id %q; use 1 to 64 letters, digits, '-' or '_'", issuerID)
	}
	return filepath.Join(s.dir, issuerID+".json"), nil
}

// LoadKeySet reads the set of issuerID. It rejects a key file that group
// or others may access, as OpenSSH rejects such a private key. When the current file is missing
// or cannot be decoded but the previous one can, it returns the previous
// set and writes it back as the current one.
func (s *FileKeystore) LoadKeySet(issuerID string) (*KeySet, error) {
	path, err := s.path(issuerID)
	if err != nil {
		return nil, err
	}
	// A mode error is final: loading the backup instead would write it
	// over the current file.
	for _, p := range []string{path, path + ".prev"} {
		if err := checkFileMode(p, 0o077); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	set, err := readKeySet(path)
	if err == nil {
		return set, nil
	}
	prev, prevErr := readKeySet(path + ".prev")
	if prevErr != nil {
		if errors.Is(err, os.ErrNotExist) && errors.Is(prevErr, os.ErrNotExist) {
			return nil, s.notFound(issuerID, path)
		}
		// Neither file loads, and new keys would orphan every token the
		// lost ones signed, so the caller gets both reasons instead.
		return nil, fmt.Errorf("%w; backup: %v; restore either file from a backup", err, prevErr)
	}
	if err := s.write(path, prev); err != nil {
		return nil, err
	}
	return prev, nil
}

// StoreKeySet copies the current file to <issuer id>.json.prev and then
// replaces the current file with set, each step atomically.
func (s *FileKeystore) StoreKeySet(issuerID string, set *KeySet) error {
	path, err := s.path(issuerID)
	if err != nil {
		return err
	}
	if current, err := os.ReadFile(path); err == nil {
		if _, err := decodeKeySet(current); err == nil {
			if err := writeFileAtomic(path+".prev", current); err != nil {
				return err
			}
		}
	}
	if err := s.write(path, set); err != nil {
		return err
	}
	return s.markCreated(path)
}

// createdMarker returns the marker path for the key file at path.
func createdMarker(path string) string {
	return strings.TrimSuffix(path, ".json") + ".keys-created"
}

// markCreated writes the marker of the key file at path once. It runs
// after the key file is written, so a crash between the two leaves keys
// without a marker, which the next store repairs.
func (s *FileKeystore) markCreated(path string) error {
	marker := createdMarker(path)
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	return writeFileAtomic(marker, nil)
}

// notFound returns ErrKeySetNotFound for an issuer that never had keys,
// and an error naming the fix for one whose key files were removed.
func (s *FileKeystore) notFound(issuerID, path string) error {
	marker := createdMarker(path)
	if _, err := os.Stat(marker); err == nil {
		return fmt.Errorf("issuer: key set of issuer %s is missing from %s, but %s shows keys were "+
			"created for it; restore %s from a backup, or delete %s to start a new key set "+
			"(tokens the lost keys signed will no longer verify)",
			issuerID, s.dir, marker, filepath.Base(path), filepath.Base(marker))
	}
	return fmt.Errorf("%w: issuer %s in %s", ErrKeySetNotFound, issuerID, s.dir)
}

func (s *FileKeystore) write(path string, set *KeySet) error {
	data, err := encodeKeySet(set)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data)
}

func readKeySet(path string) (*KeySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("issuer: read key set: %w", err)
	}
	set, err := decodeKeySet(data)
	if err != nil {
		return nil, fmt.Errorf("issuer: key set file %s: %w", path, err)
	}
	return set, nil
}

func encodeKeySet(set *KeySet) ([]byte, error) {
	f := keySetFile{Version: keySetFileVersion, NextSerial: set.NextSerial, Keys: make([]keyFile, len(set.Keys))}
	for i, k := range set.Keys {
		der, err := x509.MarshalPKCS8PrivateKey(k.Signer)
		if err != nil {
			return nil, fmt.Errorf("issuer: the file keystore cannot store key %s, a %T signer: %w; "+
				"use a Keystore that stores references to KMS or HSM keys", k.ID, k.Signer, err)
		}
		f.Keys[i] = keyFile{ID: k.ID, Algorithm: k.Algorithm, Created: k.Created, ActiveFrom: k.ActiveFrom, PKCS8: der}
	}
	return json.Marshal(&f)
}

func decodeKeySet(data []byte) (*KeySet, error) {
	var f keySetFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if f.Version != keySetFileVersion {
		return nil, fmt.Errorf("unsupported version %d, want %d", f.Version, keySetFileVersion)
	}
	if len(f.Keys) == 0 {
		return nil, errors.New("no keys")
	}
	set := &KeySet{NextSerial: f.NextSerial, Keys: make([]*Key, len(f.Keys))}
	for i, kf := range f.Keys {
		priv, err := x509.ParsePKCS8PrivateKey(kf.PKCS8)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", kf.ID, err)
		}
		signer, ok := priv.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("key %s: %T is not a crypto.Signer", kf.ID, priv)
		}
		k := &Key{ID: kf.ID, Algorithm: kf.Algorithm, Created: kf.Created, ActiveFrom: kf.ActiveFrom, Signer: signer}
		if err := checkKeyType(k); err != nil {
			return nil, err
		}
		set.Keys[i] = k
	}
	return set, nil
}
