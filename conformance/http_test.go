package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/iamgate/iamgate/issuer/world"
)

// TestSuiteOverHTTP serves the suite world with world.NewServer on
// 127.0.0.1 and runs every issuer case through the AWS SDK clients, as
// `iamgate conformance --endpoint` does against `iamgate serve`.
func TestSuiteOverHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an HTTP server")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	cases, skip := loadSuite(t)
	worldPath := filepath.Join("suite", "issuer", "suite.world.yaml")
	data, err := os.ReadFile(worldPath)
	if err != nil {
		t.Fatal(err)
	}
	w, err := world.Parse(data)
	if err != nil {
		t.Fatal(err)
	}

	// The issuer URL must name the server's address, so listen first.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	srv, err := world.NewServer(w, world.Options{DataDir: t.TempDir(), IssuerURL: base})
	if err != nil {
		l.Close()
		t.Fatal(err)
	}
	ts := &httptest.Server{Listener: l, Config: &http.Server{Handler: srv}}
	ts.Start()
	defer ts.Close()

	r, err := NewRunner(Options{Endpoint: ts.URL, Skip: skip})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ran := 0
	for _, c := range cases {
		if c.Kind == KindEvaluation {
			continue
		}
		if c.World.Path != worldPath {
			t.Errorf("%s: world %s; over HTTP every issuer case must use %s", c.ID(), c.World.Path, worldPath)
			continue
		}
		ran++
		rel, _ := filepath.Rel("suite", c.File)
		t.Run(rel+"/"+c.Name, func(t *testing.T) {
			res := r.RunCase(context.Background(), c)
			switch res.Status {
			case Skipped:
				t.Skip(res.Reason)
			case Failed:
				t.Errorf("%s (source: %s)", res.Reason, c.Source)
			}
		})
	}
	if ran == 0 {
		t.Error("no issuer cases ran")
	}
}

// TestRetryClosedConnection checks that the HTTP target retries only a
// connection the Go client closed, and nothing an endpoint sends back.
func TestRetryClosedConnection(t *testing.T) {
	r := retryClosedConnection()
	if got := r.MaxAttempts(); got != 2 {
		t.Errorf("MaxAttempts() = %d, want 2", got)
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"closed connection", &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}, true},
		{"wrapped closed connection", fmt.Errorf("deserialization failed: %w", net.ErrClosed), true},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}, false},
		{"API error", &smithy.GenericAPIError{Code: "InternalFailure", Message: "retry me"}, false},
		{"throttling", &smithy.GenericAPIError{Code: "Throttling", Message: "Rate exceeded"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.IsErrorRetryable(tt.err); got != tt.want {
				t.Errorf("IsErrorRetryable(%v) = %t, want %t", tt.err, got, tt.want)
			}
		})
	}
}
