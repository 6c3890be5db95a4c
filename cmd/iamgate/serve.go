package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
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
	lock, err := lockDataDir(cfg.dataDir)
	if err != nil {
		return err
	}
	defer lock.Close()
	ln, err := listen(cfg.addr, demo)
	if err != nil {
		return err
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if cfg.issuerURL == "" {
		cfg.issuerURL = defaultIssuerURL(addr)
		if addr.IP.IsUnspecified() {
			logger.Warn("the issuer URL defaults to a loopback address that relying parties on other hosts "+
				"cannot reach; pass --issuer-url", "issuer_base", cfg.issuerURL)
		}
	}

	srv, err := world.NewServer(w, world.Options{
		DataDir: cfg.dataDir, IssuerURL: cfg.issuerURL, Logger: logger, PublishDelay: cfg.publishDelay,
	})
	if err != nil {
		return fmt.Errorf("iamgate serve: %w", err)
	}
	if demo {
		if err := writeDemoCredentials(w, cfg.dataDir, addr.String(), stdout); err != nil {
			return err
		}
	}
	return serveUntilDone(ctx, ln, srv, cfg, logger)
}

func serveUntilDone(ctx context.Context, ln net.Listener, srv *world.Server, cfg *serveConfig, logger *slog.Logger) error {
	httpServer := newHTTPServer(srv, logger)
	if cfg.rotateEvery > 0 {
		go rotateKeys(ctx, srv, cfg.rotateEvery, logger)
	}

	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	addr := ln.Addr().(*net.TCPAddr)
	logger.Info("iamgate serve started", "addr", displayAddr(addr), "issuer_base", cfg.issuerURL,
		"data_dir", cfg.dataDir, "world", worldName(cfg.config))
	if !addr.IP.IsLoopback() {
		logger.Warn("iamgate serve is listening on a non-loopback address, so other hosts can call its API",
			"addr", displayAddr(addr))
	}

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

// lockDataDir creates the data directory when it does not exist and
// locks it, so that a second server cannot replace this one's keys and
// demo credentials.
func lockDataDir(dir string) (*issuer.DataDirLock, error) {
	lock, err := issuer.LockDataDir(dir)
	if errors.Is(err, issuer.ErrDataDirLocked) {
		return nil, fmt.Errorf("iamgate serve: data directory %s is in use by another iamgate serve; "+
			"stop that server or pass a different --data-dir", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("iamgate serve: %w", err)
	}
	return lock, nil
}

// listen listens on addr. For the demo world it checks the bound address
// again, in case "localhost" resolved to an address that is not loopback.
func listen(addr string, demo bool) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("iamgate serve: listen on %s: %w", addr, err)
	}
	bound := ln.Addr().(*net.TCPAddr)
	if demo && !bound.IP.IsLoopback() {
		ln.Close()
		return nil, usagef("iamgate serve: --addr %q bound %s, which is not a loopback address; "+
			"listen on 127.0.0.1 with the demo world", addr, bound)
	}
	return ln, nil
}

// defaultIssuerURL returns http://ADDR for the bound address. An address
// on every interface (0.0.0.0 or ::) is no URL, so it uses 127.0.0.1,
// which Go's dual-stack listener on :: also serves.
func defaultIssuerURL(addr *net.TCPAddr) string {
	if addr.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(addr.Port))
	}
	return "http://" + addr.String()
}

// displayAddr formats a bound address for the log: ":PORT" for every
// interface, as Go's own listen addresses write it, else HOST:PORT.
func displayAddr(addr *net.TCPAddr) string {
	if addr.IP.IsUnspecified() {
		return ":" + strconv.Itoa(addr.Port)
	}
	return addr.String()
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
	if err := checkCredentialsMode(path); err != nil {
		return err
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

// checkCredentialsMode rejects an existing credentials file that group or
// others may access, as OpenSSH rejects such a private key: the mode shows
// that someone changed it, and the secrets it held may have been read.
func checkCredentialsMode(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("iamgate serve: credentials file: %w", err)
	}
	if mode := info.Mode().Perm(); mode&0o077 != 0 {
		return fmt.Errorf("iamgate serve: credentials file %s has mode %04o, accessible by group or others; "+
			"run chmod 600 %s", path, mode, path)
	}
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
