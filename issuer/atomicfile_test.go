package issuer

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestMakePrivateDirLeavesPrivateDirAlone checks that a directory that is
// already 0700 is not chmodded, because a chmod fails on a read-only file
// system and would stop a complete key store from loading. A chmod, even
// to the same mode, updates the inode's change time, which the test reads.
func TestMakePrivateDirLeavesPrivateDirAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	before := changeTime(t, dir)
	time.Sleep(20 * time.Millisecond)
	if err := makePrivateDir(dir); err != nil {
		t.Fatalf("makePrivateDir(%s) = %v", dir, err)
	}
	if after := changeTime(t, dir); !after.Equal(before) {
		t.Errorf("change time moved from %v to %v, want no chmod of a 0700 directory", before, after)
	}
}

func TestMakePrivateDirTightensMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := makePrivateDir(dir); err != nil {
		t.Fatalf("makePrivateDir(%s) = %v", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("mode = %v, want 0700", info.Mode().Perm())
	}
}

func changeTime(t *testing.T, path string) time.Time {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode change time on this platform")
	}
	return time.Unix(st.Ctim.Sec, st.Ctim.Nsec)
}
