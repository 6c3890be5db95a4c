package issuer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrDataDirLocked is returned by LockDataDir when another process holds
// the lock on the data directory.
var ErrDataDirLocked = errors.New("issuer: data directory is locked by another process")

// DataDirLock is an exclusive lock on a data directory, held until Close
// or the end of the process. Two processes that share a data directory
// would overwrite each other's key rotations and federation state, so a
// server takes the lock before it opens the Registry and the Keystore.
type DataDirLock struct {
	dir  *os.File
	path string
}

// LockDataDir creates dir with mode 0700 when it does not exist, checks
// that it is not writable by group or others, and takes an exclusive
// lock on the directory itself (flock(2) on Unix). Locking the directory
// instead of a file in it keeps a read-only data directory usable. It
// returns an error wrapping ErrDataDirLocked when another process, or
// another DataDirLock in this process, holds the lock.
func LockDataDir(dir string) (*DataDirLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("issuer: create data directory %s: %w", dir, err)
	}
	if err := checkDirMode(dir); err != nil {
		return nil, err
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("issuer: open data directory %s: %w", dir, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, ErrDataDirLocked) {
			return nil, fmt.Errorf("%w: %s", ErrDataDirLocked, dir)
		}
		return nil, fmt.Errorf("issuer: lock data directory %s: %w", dir, err)
	}
	return &DataDirLock{dir: f, path: dir}, nil
}

// Close releases the lock.
func (l *DataDirLock) Close() error {
	if err := l.dir.Close(); err != nil {
		return fmt.Errorf("issuer: unlock data directory %s: %w", l.path, err)
	}
	return nil
}

// checkDirMode rejects a directory that group or others may write to,
// because they could then replace the key files or the federation state,
// as OpenSSH rejects such a directory for its keys. Read and search bits
// are allowed: the files inside are checked on their own.
func checkDirMode(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("issuer: data directory: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("issuer: data directory %s is not a directory; pass a directory", dir)
	}
	if mode := info.Mode().Perm(); mode&0o022 != 0 {
		return fmt.Errorf("issuer: directory %s has mode %04o, writable by group or others; "+
			"run chmod 700 %s", dir, mode, dir)
	}
	return nil
}

// checkFileMode rejects a file that group or others may access through
// one of the permission bits in mask: 0o077 for a file holding private
// keys or secrets, 0o022 for a file only the owner may change.
func checkFileMode(path string, mask fs.FileMode) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	mode := info.Mode().Perm()
	if mode&mask == 0 {
		return nil
	}
	access := "writable"
	if mask&0o044 != 0 {
		access = "accessible"
	}
	return fmt.Errorf("issuer: file %s has mode %04o, %s by group or others; run chmod 600 %s",
		path, mode, access, path)
}
