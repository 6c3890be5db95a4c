package world

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newDemoServer(t *testing.T, dataDir string) (*Server, error) {
	t.Helper()
	w, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	return NewServer(w, Options{DataDir: dataDir, IssuerURL: "http://127.0.0.1:8080"})
}

// TestDataDirPermissions walks the data directory after start, rotation
// and restart: every file must be 0600 and every directory 0700, because
// the key files hold private keys, and no temporary file may remain.
func TestDataDirPermissions(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	srv, err := newDemoServer(t, dataDir)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	if err := srv.RotateKeys(); err != nil {
		t.Fatalf("RotateKeys: %v", err)
	}
	if _, err := newDemoServer(t, dataDir); err != nil {
		t.Fatalf("NewServer after restart: %v", err)
	}

	files := 0
	err = filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		} else {
			files++
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), want)
		}
		if strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary file %s was left behind", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatal("data directory holds no files, want the registry and key sets")
	}
}

// TestDataDirDamaged starts a server on a data directory whose files were
// damaged. Each case must fail with an error that names the file, and
// must not replace keys that tokens may still depend on.
func TestDataDirDamaged(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dataDir string)
		want   string
	}{
		{"registry not JSON", func(t *testing.T, dataDir string) {
			writeFile(t, filepath.Join(dataDir, "federation.json"), "{not json")
		}, "federation.json"},
		{"registry with a bad issuer id", func(t *testing.T, dataDir string) {
			writeFile(t, filepath.Join(dataDir, "federation.json"),
				`{"111111111111":{"issuer_id":"../../etc","enabled":true}}`)
		}, "../../etc"},
		{"registry with one issuer id for two accounts", func(t *testing.T, dataDir string) {
			writeFile(t, filepath.Join(dataDir, "federation.json"),
				`{"111111111111":{"issuer_id":"same","enabled":true},"222222222222":{"issuer_id":"same"}}`)
		}, "belongs to both account"},
		{"key set and its backup damaged", func(t *testing.T, dataDir string) {
			for _, path := range keyFiles(t, dataDir) {
				writeFile(t, path, "{damaged")
			}
		}, ".json"},
		{"key set damaged and backup missing", func(t *testing.T, dataDir string) {
			for _, path := range keyFiles(t, dataDir) {
				if strings.HasSuffix(path, ".prev") {
					os.Remove(path)
				} else {
					writeFile(t, path, "{damaged")
				}
			}
		}, ".json"},
		{"data directory is a file", func(t *testing.T, dataDir string) {
			if err := os.RemoveAll(dataDir); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dataDir, "")
		}, "data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := filepath.Join(t.TempDir(), "data")
			srv, err := newDemoServer(t, dataDir)
			if err != nil {
				t.Fatalf("NewServer: %v", err)
			}
			// Rotation makes the .prev backups exist.
			if err := srv.RotateKeys(); err != nil {
				t.Fatalf("RotateKeys: %v", err)
			}
			tt.damage(t, dataDir)
			damaged := snapshot(t, dataDir)

			_, err = newDemoServer(t, dataDir)
			if err == nil {
				t.Fatal("NewServer on a damaged data directory = nil error, want an error")
			}
			t.Logf("NewServer error: %v", err)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewServer error = %v, want it to name %q", err, tt.want)
			}
			after := snapshot(t, dataDir)
			for path, content := range damaged {
				if after[path] != content {
					t.Errorf("%s changed after a failed start, want it left as it was for repair", path)
				}
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// keyFiles returns the key set files and their backups in dataDir.
func keyFiles(t *testing.T, dataDir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dataDir, "keys", "*.json*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no key files in %s (%v)", dataDir, err)
	}
	return paths
}

// snapshot returns the content of every regular file below dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil {
			out[path] = string(data)
		}
		return nil
	})
	return out
}
