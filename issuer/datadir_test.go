package issuer

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLockDataDirExclusive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LockDataDir(dir)
	if err != nil {
		t.Fatalf("LockDataDir(%s) = %v", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("created data directory mode = %04o, want 0700", got)
	}

	// flock(2) locks belong to an open file description, so a second
	// open in the same process conflicts as a second process would.
	_, err = LockDataDir(dir)
	if !errors.Is(err, ErrDataDirLocked) {
		t.Fatalf("second LockDataDir(%s) = %v, want ErrDataDirLocked", dir, err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("second LockDataDir error = %q, want it to name %s", err, dir)
	}

	if err := first.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	again, err := LockDataDir(dir)
	if err != nil {
		t.Fatalf("LockDataDir after Close = %v, want the lock", err)
	}
	again.Close()
}

// TestLockDataDirReadOnly locks a 0500 directory: the lock needs no file
// in it, so a read-only data directory still starts.
func TestLockDataDirReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	lock, err := LockDataDir(dir)
	if err != nil {
		t.Fatalf("LockDataDir(0500 directory) = %v, want the lock", err)
	}
	lock.Close()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("directory holds %d entries after locking, want none", len(entries))
	}
}

func TestDataDirModes(t *testing.T) {
	tests := []struct {
		mode   fs.FileMode
		reject bool
	}{
		{0o700, false},
		{0o500, false},
		{0o750, false},
		{0o755, false},
		{0o770, true},
		{0o720, true},
		{0o702, true},
		{0o777, true},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			// Chmod, because Mkdir applies the umask.
			if err := os.Chmod(dir, tt.mode); err != nil {
				t.Fatal(err)
			}
			opens := map[string]func() error{
				"LockDataDir": func() error {
					l, err := LockDataDir(dir)
					if err == nil {
						l.Close()
					}
					return err
				},
				"OpenRegistry": func() error {
					_, err := OpenRegistry(dir, "https://tokens.example.com")
					return err
				},
				"NewFileKeystore": func() error {
					_, err := NewFileKeystore(dir)
					return err
				},
			}
			for name, open := range opens {
				err := open()
				if !tt.reject {
					if err != nil {
						t.Errorf("%s(%04o directory) = %v, want no error", name, tt.mode, err)
					}
					continue
				}
				if err == nil {
					t.Errorf("%s(%04o directory) = nil error, want a mode error", name, tt.mode)
					continue
				}
				for _, want := range []string{dir, "chmod 700 " + dir, "writable by group or others"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("%s error = %q, want it to contain %q", name, err, want)
					}
				}
			}
		})
	}
}

// TestFileKeystoreRejectsOpenKeyFile loosens the mode of a key file and
// of its backup in turn. The load must fail naming the file and the fix,
// and must not replace the file from the other one.
func TestFileKeystoreRejectsOpenKeyFile(t *testing.T) {
	for _, name := range []string{testIssuerID + ".json", testIssuerID + ".json.prev"} {
		for _, mode := range []fs.FileMode{0o640, 0o604, 0o660} {
			t.Run(name+"/"+mode.String(), func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "keys")
				km := newTestKeyManager(t, dir, newFakeClock())
				if err := km.Rotate(testIssuerID); err != nil {
					t.Fatalf("Rotate() = %v", err)
				}
				path := filepath.Join(dir, name)
				if err := os.Chmod(path, mode); err != nil {
					t.Fatal(err)
				}
				before, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}

				store, err := NewFileKeystore(dir)
				if err != nil {
					t.Fatalf("NewFileKeystore() = %v", err)
				}
				_, err = store.LoadKeySet(testIssuerID)
				if err == nil {
					t.Fatalf("LoadKeySet with a %04o key file = nil error, want a mode error", mode)
				}
				for _, want := range []string{path, "chmod 600 " + path} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("LoadKeySet error = %q, want it to contain %q", err, want)
					}
				}
				after, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if string(after) != string(before) {
					t.Errorf("%s changed after a rejected load, want it left for the user", name)
				}
			})
		}
	}
}

func TestOpenRegistryRejectsWritableFile(t *testing.T) {
	dir := t.TempDir()
	reg, err := OpenRegistry(dir, "https://tokens.example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Enable("111122223333"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, registryFile)
	if err := os.Chmod(path, 0o620); err != nil {
		t.Fatal(err)
	}
	_, err = OpenRegistry(dir, "https://tokens.example.com")
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("OpenRegistry with a 0620 registry file = %v, want an error naming chmod 600 %s", err, path)
	}
	// Read bits are fine: issuer ids are public.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenRegistry(dir, "https://tokens.example.com"); err != nil {
		t.Errorf("OpenRegistry with a 0644 registry file = %v, want no error", err)
	}
}
