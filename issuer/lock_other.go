//go:build !unix

package issuer

import "os"

// lockFile does nothing on systems without flock(2).
//
// TODO: lock with LockFileEx on Windows; until then two servers can share
// a data directory there and overwrite each other's keys.
func lockFile(f *os.File) error { return nil }
