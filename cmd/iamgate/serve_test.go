package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeDemoStartsAndStops runs serve with the demo world on a free
// loopback port, checks the banner and the credentials file, then cancels
// the context and expects a clean shutdown.
func TestServeDemoStartsAndStops(t *testing.T) {
	dataDir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdoutReader, stdoutWriter := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir}, stdoutWriter, io.Discard)
		stdoutWriter.Close()
	}()

	banner, err := bufio.NewReader(stdoutReader).ReadString('\n')
	if err != nil {
		t.Fatalf("read banner: %v", err)
	}
	go io.Copy(io.Discard, stdoutReader)
	if !strings.HasPrefix(banner, "iamgate demo world on http://127.0.0.1:") {
		t.Errorf("banner = %q, want the demo world address", banner)
	}

	info, err := os.Stat(filepath.Join(dataDir, "credentials"))
	if err != nil {
		t.Fatalf("credentials file: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("credentials file mode = %v, want 0600", info.Mode().Perm())
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("runServe after cancel = %v, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("runServe did not return within 15 s of cancel")
	}
}

func TestServeRejectsBadArguments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"extra argument", []string{"world.yaml"}, `unexpected argument "world.yaml"`},
		{"unknown flag", []string{"--port", "1"}, "flag provided but not defined"},
		{"missing world file", []string{"--config", "/nonexistent/world.yaml", "--addr", "127.0.0.1:0"}, "read world file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := runServe(context.Background(), tt.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("runServe(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}
