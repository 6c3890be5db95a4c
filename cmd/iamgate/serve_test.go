package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
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

// TestServeFlagErrorsExitTwo checks that every flag mistake is a usage
// error: exit status 2 and one line on stderr, as for the other commands.
func TestServeFlagErrorsExitTwo(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--port", "1"}, "flag provided but not defined: -port"},
		{"flag without value", []string{"--addr"}, "flag needs an argument: -addr"},
		{"bad duration", []string{"--rotate-every", "soon"}, "invalid value"},
		{"negative rotation interval", []string{"--rotate-every", "-1h"}, "--rotate-every"},
		{"issuer URL without scheme", []string{"--issuer-url", "tokens.example.com"}, "--issuer-url"},
		{"issuer URL with query", []string{"--issuer-url", "https://tokens.example.com/?a=b"}, "--issuer-url"},
		{"extra argument", []string{"world.yaml"}, `unexpected argument "world.yaml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A loopback port, a temporary directory and a cancelled
			// context keep a server that wrongly starts from lingering.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			args := append([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, tt.args...)
			var stderr strings.Builder
			err := runServe(ctx, args, io.Discard, &stderr)
			if err == nil {
				t.Fatalf("runServe(%q) = nil, want a usage error", args)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("runServe(%q) = %v, want an error containing %q", args, err, tt.want)
			}
			if status := exitStatus(err, &stderr); status != 2 {
				t.Errorf("exit status = %d, want 2", status)
			}
			if lines := strings.Count(stderr.String(), "\n"); lines != 1 {
				t.Errorf("stderr has %d lines, want 1:\n%s", lines, stderr.String())
			}
		})
	}
}

// TestServeHelp checks that --help prints the usage and the flag defaults
// and exits 0.
func TestServeHelp(t *testing.T) {
	var stderr strings.Builder
	err := runServe(context.Background(), []string{"--help"}, io.Discard, &stderr)
	if status := exitStatus(err, io.Discard); status != 0 {
		t.Errorf("exit status = %d, want 0 (error %v)", status, err)
	}
	for _, want := range []string{"usage: iamgate serve", "-rotate-every"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("help output does not contain %q:\n%s", want, stderr.String())
		}
	}
}

// TestServeHTTPServerTimeouts guards the slowloris defences: a zero
// timeout in net/http means no limit.
func TestServeHTTPServerTimeouts(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	limits := map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.ReadTimeout,
		"WriteTimeout":      srv.WriteTimeout,
		"IdleTimeout":       srv.IdleTimeout,
	}
	for name, d := range limits {
		if d <= 0 {
			t.Errorf("%s = %v, want a positive limit", name, d)
		}
	}
	if srv.ReadHeaderTimeout > srv.ReadTimeout {
		t.Errorf("ReadHeaderTimeout %v > ReadTimeout %v, want the header limit inside the request limit",
			srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 64<<10 {
		t.Errorf("MaxHeaderBytes = %d, want a bound of at most 64 KiB", srv.MaxHeaderBytes)
	}
}
