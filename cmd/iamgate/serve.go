package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/world"
)

// Limits of the HTTP server run by serve. A client that trickles its
// headers (slowloris) holds a connection for at most
// serveReadHeaderTimeout. A request body is bounded by the API's own size
// limit and by serveReadTimeout.
const (
	serveMaxHeaderBytes    = 16 << 10
	serveReadHeaderTimeout = 10 * time.Second
	serveReadTimeout       = 30 * time.Second
	serveWriteTimeout      = 30 * time.Second
	serveIdleTimeout       = 60 * time.Second
	serveShutdownTimeout   = 10 * time.Second
)

// serveConfig holds the flags of `iamgate serve`.
type serveConfig struct {
	config       string
	addr         string
	dataDir      string
	issuerURL    string
	rotateEvery  time.Duration
	publishDelay time.Duration
}

func parseServeFlags(args []string, stderr io.Writer) (*serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &serveConfig{}
	fs.StringVar(&cfg.config, "config", "", "world file (YAML); empty starts the embedded demo world")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on; port 0 picks a free port")
	fs.StringVar(&cfg.dataDir, "data-dir", "./iamgate-data", "directory for keys, federation state and demo credentials")
	fs.StringVar(&cfg.issuerURL, "issuer-url", "", "base URL of the issuers, reachable by relying parties (default http://ADDR)")
	fs.DurationVar(&cfg.rotateEvery, "rotate-every", 0, "rotate every issuer's keys at this interval, e.g. 24h; 0 disables")
	fs.DurationVar(&cfg.publishDelay, "publish-delay", 0,
		"how long a rotated key is published before it signs; 0 means the issuer default, negative signs at once")
	// The flag package would print the error and the whole usage on a
	// mistake; main prints the one-line usage error instead.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "usage: iamgate serve [--config world.yaml] [--addr 127.0.0.1:8080] [--data-dir DIR] [--issuer-url URL]")
			fs.SetOutput(stderr)
			fs.PrintDefaults()
			return nil, err
		}
		return nil, usagef("iamgate serve: %v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("iamgate serve: unexpected argument %q; use --config to pass a world file", fs.Arg(0))
	}
	if cfg.rotateEvery < 0 {
		return nil, usagef("iamgate serve: invalid --rotate-every %s; use a positive interval such as 24h, or 0 to disable rotation",
			cfg.rotateEvery)
	}
	if cfg.issuerURL != "" {
		// An in-memory registry applies the same URL rules as the server.
		if _, err := issuer.OpenRegistry("", cfg.issuerURL); err != nil {
			return nil, usagef("iamgate serve: invalid --issuer-url: %v", err)
		}
	}
	return cfg, nil
}

// runServe runs `iamgate serve` until ctx is done or SIGINT or SIGTERM
// arrives, then shuts the HTTP server down gracefully.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	w, demo, err := loadWorld(cfg.config)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("iamgate serve: listen on %s: %w", cfg.addr, err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	if cfg.issuerURL == "" {
		cfg.issuerURL = "http://" + addr
	}

	srv, err := world.NewServer(w, world.Options{
		DataDir: cfg.dataDir, IssuerURL: cfg.issuerURL, Logger: logger, PublishDelay: cfg.publishDelay,
	})
	if err != nil {
		return err
	}
	if demo {
		if err := writeDemoCredentials(w, cfg.dataDir, addr, stdout); err != nil {
			return err
		}
	}
	return serveUntilDone(ctx, ln, srv, cfg, logger)
}

// loadWorld reads the world file, or the embedded demo world when path is
// empty, and reports which.
func loadWorld(path string) (*world.World, bool, error) {
	if path == "" {
		w, err := world.Demo()
		return w, true, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("iamgate serve: read world file: %w", err)
	}
	w, err := world.Parse(data)
	if err != nil {
		return nil, false, fmt.Errorf("iamgate serve: %s:\n%w", path, err)
	}
	return w, false, nil
}

func serveUntilDone(ctx context.Context, ln net.Listener, srv *world.Server, cfg *serveConfig, logger *slog.Logger) error {
	httpServer := newHTTPServer(srv, logger)
	if cfg.rotateEvery > 0 {
		go rotateKeys(ctx, srv, cfg.rotateEvery, logger)
	}

	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	logger.Info("iamgate serve started", "addr", ln.Addr().String(), "issuer_base", cfg.issuerURL,
		"data_dir", cfg.dataDir, "world", worldName(cfg.config))

	select {
	case err := <-errc:
		return fmt.Errorf("iamgate serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("iamgate serve stopping", "timeout", serveShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), serveShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("iamgate serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("iamgate serve: %w", err)
	}
	logger.Info("iamgate serve stopped")
	return nil
}

// newHTTPServer returns the server for h with every timeout set, so that
// no client can hold a connection open without sending or reading.
func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		MaxHeaderBytes:    serveMaxHeaderBytes,
		ReadHeaderTimeout: serveReadHeaderTimeout,
		ReadTimeout:       serveReadTimeout,
		WriteTimeout:      serveWriteTimeout,
		IdleTimeout:       serveIdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// rotateKeys rotates every issuer's keys each interval until ctx is done.
func rotateKeys(ctx context.Context, srv *world.Server, every time.Duration, logger *slog.Logger) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := srv.RotateKeys(); err != nil {
				logger.Error("key rotation failed", "error", err)
				continue
			}
			logger.Info("keys rotated")
		}
	}
}

func worldName(path string) string {
	if path == "" {
		return "embedded demo"
	}
	return path
}

// writeDemoCredentials writes the demo credentials to DATA_DIR/credentials
// with mode 0600 and prints how to point the AWS CLI and SDKs at the
// server. It prints no secret.
func writeDemoCredentials(w *world.World, dataDir, addr string, stdout io.Writer) error {
	path, err := filepath.Abs(filepath.Join(dataDir, "credentials"))
	if err != nil {
		return fmt.Errorf("iamgate serve: %w", err)
	}
	if err := writePrivateFile(path, w.CredentialsFile(world.DemoProfiles)); err != nil {
		return fmt.Errorf("iamgate serve: write demo credentials: %w", err)
	}
	endpoint := "http://" + addr
	fmt.Fprintf(stdout, `iamgate demo world on %s
Demo credentials (profiles default, admin, intern, sandbox): %s

Point the AWS CLI or an AWS SDK at this server:

  export AWS_SHARED_CREDENTIALS_FILE=%s
  export AWS_ENDPOINT_URL_STS=%s
  export AWS_ENDPOINT_URL_IAM=%s
  export AWS_REGION=%s
  export AWS_EC2_METADATA_DISABLED=true

  aws sts get-web-identity-token --audience https://api.example.com --signing-algorithm ES384
  aws iam get-outbound-web-identity-federation-info --profile admin

`, endpoint, path, path, endpoint, endpoint, w.Region)
	return nil
}

// writePrivateFile writes data to path with mode 0600 through a temporary
// file and a rename, so a reader never sees a partial file.
func writePrivateFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credentials-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
