package world

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestDiscoveryHostilePaths sends discovery and JWKS requests with
// traversal, unknown ids, other methods and query strings to a server on
// 127.0.0.1. Only the two documents of a known issuer may be served, and
// no request may get a 5xx status.
func TestDiscoveryHostilePaths(t *testing.T) {
	w, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Start()
	defer ts.Close()
	srv, err := NewServer(w, Options{DataDir: t.TempDir(), IssuerURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv
	var id string
	for _, fed := range srv.Registry.Accounts() {
		if fed.Enabled {
			id = fed.IssuerID
			break
		}
	}
	if id == "" {
		t.Fatal("demo world has no enabled issuer")
	}

	tests := []struct {
		name, method, path string
		status             int
	}{
		{"jwks", "GET", "/" + id + "/.well-known/jwks.json", 200},
		{"discovery", "GET", "/" + id + "/.well-known/openid-configuration", 200},
		{"query string", "GET", "/" + id + "/.well-known/jwks.json?kid=../../x", 200},
		{"head", "HEAD", "/" + id + "/.well-known/openid-configuration", 200},
		{"post to jwks", "POST", "/" + id + "/.well-known/jwks.json", 403},
		{"put to jwks", "PUT", "/" + id + "/.well-known/jwks.json", 405},
		{"traversal before id", "GET", "/x/../" + id + "/.well-known/jwks.json", 404},
		{"encoded traversal", "GET", "/%2e%2e/" + id + "/.well-known/jwks.json", 404},
		{"traversal to keys", "GET", "/" + id + "/../keys/" + id + ".json", 404},
		{"key file name as id", "GET", "/" + id + ".json/.well-known/jwks.json", 404},
		{"double slash", "GET", "//" + id + "/.well-known/jwks.json", 404},
		{"trailing slash", "GET", "/" + id + "/.well-known/jwks.json/", 404},
		{"unknown id", "GET", "/00000000-0000-0000-0000-000000000000/.well-known/jwks.json", 404},
		{"id with upper case", "GET", "/" + strings.ToUpper(id) + "/.well-known/jwks.json", 404},
		{"federation file", "GET", "/federation.json", 404},
		{"credentials file", "GET", "/credentials", 404},
		{"long id", "GET", "/" + strings.Repeat("a", 4000) + "/.well-known/jwks.json", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := rawRequest(t, ts.Listener.Addr().String(), tt.method, tt.path)
			if status != tt.status {
				t.Errorf("%s %s = %d, want %d (body %.200s)", tt.method, tt.path, status, tt.status, body)
			}
			if strings.Contains(body, "PRIVATE") || strings.Contains(body, `"d":`) {
				t.Errorf("%s %s returned private key material", tt.method, tt.path)
			}
		})
	}
}

// rawRequest sends the request line as written, so that the path reaches
// the server without the client cleaning or escaping it.
func rawRequest(t *testing.T, addr, method, path string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, method+" "+path+" HTTP/1.1\r\nHost: "+addr+
		"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}
