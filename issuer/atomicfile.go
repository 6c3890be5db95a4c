package issuer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// tempInfix marks the temporary files of writeFileAtomic, which a load
// removes as leftovers of an interrupted write.
const tempInfix = ".tmp-"

// writeFileAtomic replaces path with data so that a crash at any point
// leaves either the old or the new content: it writes a temporary file in
// the same directory with mode 0600, syncs it, renames it over path and
// syncs the directory so that the rename itself is durable.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+tempInfix+"*")
	if err != nil {
		return fmt.Errorf("issuer: create temporary file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	if err = tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("issuer: chmod %s: %w", tmp.Name(), err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("issuer: write %s: %w", tmp.Name(), err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("issuer: sync %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("issuer: close %s: %w", tmp.Name(), err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("issuer: rename %s to %s: %w", tmp.Name(), path, err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("issuer: open directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("issuer: sync directory %s: %w", dir, err)
	}
	return nil
}

// removeTempFiles deletes the leftovers of interrupted writes of the file
// named target in dir, or of every file in dir when target is "".
func removeTempFiles(dir, target string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("issuer: read directory %s: %w", dir, err)
	}
	prefix := "." + target
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.Contains(name, tempInfix) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("issuer: remove leftover temporary file: %w", err)
		}
	}
	return nil
}

// makePrivateDir creates dir with mode 0700 if it does not exist. It
// rejects a directory writable by group or others and removes the read
// and search bits of group and others from one that has them. A directory
// without such bits, such as 0700 or 0500, is left alone, so that a
// complete key store on a read-only file system loads.
func makePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("issuer: create directory %s: %w", dir, err)
	}
	if err := checkDirMode(dir); err != nil {
		return err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("issuer: directory: %w", err)
	}
	mode := info.Mode().Perm()
	if mode&0o077 == 0 {
		return nil
	}
	if err := os.Chmod(dir, mode&^0o077); err != nil {
		return fmt.Errorf("issuer: chmod directory %s: %w", dir, err)
	}
	return nil
}
