package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
		{"missing world file", []string{"--config", "/nonexistent/world.yaml", "--addr", "127.0.0.1:0"}, "read --config file"},
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

// TestServeFlagErrorsExitTwo checks that every usage mistake (a flag, the
// world file, the address, the rotation interval) exits with status 2
// and prints one line on stderr, as the other commands do.
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
		{"missing world file", []string{"--config", "/nonexistent/world.yaml"}, "read --config file"},
		{"world file is a directory", []string{"--config", "testdata"}, "read --config file"},
		{"world file not YAML", []string{"--config", writeTemp(t, "accounts: [\n")}, ".yaml:1: did not find expected node content"},
		{"world file with unknown field", []string{"--config", writeTemp(t, "accounts:\n  - id: \"111122223333\"\n    bogus: 1\n")},
			`.yaml:3: unknown field "bogus"`},
		{"world file with two problems", []string{"--config", writeTemp(t, "accounts:\n  - id: \"12\"\ncredentials: []\n")},
			`.yaml:2:5: accounts[0].id: "12" is not a 12-digit account id`},
		{"address without port", []string{"--addr", "localhost"}, `invalid --addr "localhost"`},
		{"address with a port out of range", []string{"--addr", "127.0.0.1:65536"}, "number from 0 to 65535"},
		{"address with a named port", []string{"--addr", "127.0.0.1:http"}, "number from 0 to 65535"},
		{"demo world on every interface", []string{"--addr", ":0"}, "not a loopback address"},
		{"demo world on 0.0.0.0", []string{"--addr", "0.0.0.0:0"}, "not a loopback address"},
		{"demo world on [::]", []string{"--addr", "[::]:0"}, "not a loopback address"},
		{"demo world on a LAN address", []string{"--addr", "192.0.2.1:0"}, "not a loopback address"},
		{"rotation below the minimum", []string{"--rotate-every", "59s"}, "the minimum is 1m0s"},
		{"rotation below the default publish delay", []string{"--rotate-every", "30m"},
			"shorter than the publish delay 1h0m0s"},
		{"rotation below the publish delay", []string{"--rotate-every", "10m", "--publish-delay", "20m"},
			"shorter than the publish delay 20m0s"},
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

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "world.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeRotationFlagsAccepted(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"off", nil},
		{"one day", []string{"--rotate-every", "24h"}},
		{"equal to the default publish delay", []string{"--rotate-every", "1h"}},
		{"above a short publish delay", []string{"--rotate-every", "1m", "--publish-delay", "30s"}},
		{"publish delay negative", []string{"--rotate-every", "1m", "--publish-delay", "-1s"}},
		{"fast rotation for crash tests", []string{"--rotate-every", "5ms", "--publish-delay", "20ms", "--allow-fast-rotation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseServeFlags(tt.args, io.Discard); err != nil {
				t.Errorf("parseServeFlags(%q) = %v, want no error", tt.args, err)
			}
		})
	}
}

// startServe runs serve in the background with args and returns its
// banner, its stderr and a function that stops it and returns the error
// of runServe. Calling stop again returns the same error.
func startServe(t *testing.T, args []string) (banner string, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdoutReader, stdoutWriter := io.Pipe()
	stderr = &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, args, stdoutWriter, stderr)
		stdoutWriter.Close()
	}()
	var once sync.Once
	var stopErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("runServe did not return within 15 s of cancel")
			}
		})
		return stopErr
	}
	// Only the demo world prints a banner; stdout closes when serve ends.
	if slices.Contains(args, "--config") {
		go io.Copy(io.Discard, stdoutReader)
		return "", stderr, stop
	}
	banner, err := bufio.NewReader(stdoutReader).ReadString('\n')
	go io.Copy(io.Discard, stdoutReader)
	if err != nil {
		t.Fatalf("read banner: %v (serve: %v, stderr %s)", err, stop(), stderr)
	}
	return banner, stderr, stop
}

// lockedBuffer is a strings.Builder that serve's logger and the test may
// use at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeSecondServerRejected starts a second serve on the data
// directory of a running one. It must fail without rewriting the demo
// credentials, which the first server's callers still use.
func TestServeSecondServerRejected(t *testing.T) {
	dataDir := t.TempDir()
	_, _, stop := startServe(t, []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir})
	defer stop()
	credentials := filepath.Join(dataDir, "credentials")
	before, err := os.ReadFile(credentials)
	if err != nil {
		t.Fatal(err)
	}

	var stderr strings.Builder
	err = runServe(context.Background(), []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir}, io.Discard, &stderr)
	if err == nil {
		t.Fatal("second runServe on a locked data directory = nil, want an error")
	}
	want := "data directory " + dataDir + " is in use by another iamgate serve"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("second runServe = %v, want an error containing %q", err, want)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("second runServe error has several lines, want one: %q", err)
	}
	after, err := os.ReadFile(credentials)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("the second serve rewrote the credentials file, want it untouched")
	}
	if err := stop(); err != nil {
		t.Errorf("first runServe after cancel = %v, want nil", err)
	}

	// The lock goes with the first server.
	_, _, stop = startServe(t, []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir})
	if err := stop(); err != nil {
		t.Errorf("runServe after the first server stopped = %v, want nil", err)
	}
}

func TestServeRejectsOpenDataDir(t *testing.T) {
	tests := []struct {
		name   string
		loosen func(t *testing.T, dataDir string) string
		want   string
	}{
		{"data directory 0777", func(t *testing.T, dataDir string) string {
			chmod(t, dataDir, 0o777)
			return "chmod 700 " + dataDir
		}, "mode 0777"},
		{"keys directory 0770", func(t *testing.T, dataDir string) string {
			keys := filepath.Join(dataDir, "keys")
			chmod(t, keys, 0o770)
			return "chmod 700 " + keys
		}, "mode 0770"},
		{"credentials 0644", func(t *testing.T, dataDir string) string {
			path, err := filepath.Abs(filepath.Join(dataDir, "credentials"))
			if err != nil {
				t.Fatal(err)
			}
			chmod(t, path, 0o644)
			return "chmod 600 " + path
		}, "mode 0644"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := filepath.Join(t.TempDir(), "data")
			args := []string{"--addr", "127.0.0.1:0", "--data-dir", dataDir}
			_, _, stop := startServe(t, args)
			if err := stop(); err != nil {
				t.Fatalf("first runServe = %v", err)
			}
			fix := tt.loosen(t, dataDir)

			err := runServe(context.Background(), args, io.Discard, io.Discard)
			if err == nil {
				t.Fatal("runServe on an open data directory = nil, want an error")
			}
			for _, want := range []string{tt.want, fix} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("runServe = %v, want an error containing %q", err, want)
				}
			}
		})
	}
}

func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// TestServeConfigOnEveryInterface listens on every interface with a world
// file: serve must start, log the address as :PORT, warn, and default the
// issuer URL to 127.0.0.1 instead of the unusable http://[::]:PORT.
func TestServeConfigOnEveryInterface(t *testing.T) {
	args := []string{"--config", "testdata/verify/world.yaml", "--addr", ":0", "--data-dir", t.TempDir()}
	_, stderr, stop := startServe(t, args)
	var log string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if log = stderr.String(); strings.Contains(log, "iamgate serve started") {
			break
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("runServe = %v, want nil", err)
	}
	for _, want := range []string{
		`level=WARN msg="iamgate serve is listening on a non-loopback address`,
		"issuer_base=http://127.0.0.1:",
		"addr=:",
		"pass --issuer-url",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not contain %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "[::]") {
		t.Errorf("log shows the unspecified address [::], want :PORT and a usable issuer URL:\n%s", log)
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
