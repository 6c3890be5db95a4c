//go:build load

package stsapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestCrashDuringRotation starts `iamgate serve` with the demo world and
// continuous key rotation, and kills it with SIGKILL at random moments.
// After every restart the JWKS must contain keys of both algorithms, new
// tokens of both algorithms must verify, and so must every earlier token.
func TestCrashDuringRotation(t *testing.T) {
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	rounds := 15
	if v := os.Getenv("IAMGATE_CRASH_ROUNDS"); v != "" {
		fmt.Sscan(v, &rounds)
	}
	// IAMGATE_BIN names a prebuilt binary; by default the test builds one.
	bin := os.Getenv("IAMGATE_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "iamgate")
		build := exec.Command("go", "build", "-o", bin, "../../cmd/iamgate")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build ./cmd/iamgate: %v\n%s", err, out)
		}
	}
	dataDir := t.TempDir()
	addr := freeLoopbackAddr(t) // fixed, so that the issuer URL stays the same

	type issued struct{ issuer, audience, jwt string }
	var tokens []issued
	var kills, published int
	for round := range rounds {
		proc, endpoint := startServe(t, bin, addr, dataDir)
		fileCreds := readCredentialsFile(t, filepath.Join(dataDir, "credentials"))

		issuerURL := federationIssuer(t, endpoint, fileCreds["admin"])
		published = checkJWKS(t, issuerURL)
		client := stsClient(endpoint, fileCreds["default"])
		for _, alg := range []string{"ES384", "RS256"} {
			out, err := client.GetWebIdentityToken(context.Background(), tokenInput(alg, "https://api.example.com"))
			if err != nil {
				t.Fatalf("round %d: GetWebIdentityToken %s after restart: %v", round, alg, err)
			}
			tokens = append(tokens, issued{issuerURL, "https://api.example.com", aws.ToString(out.WebIdentityToken)})
		}
		for _, tok := range tokens {
			if tok.issuer != issuerURL {
				t.Fatalf("round %d: issuer changed from %s to %s", round, tok.issuer, issuerURL)
			}
			verifyToken(t, issuerURL, tok.audience, tok.jwt)
		}

		// Rotation runs continuously, so a kill at any moment is likely to
		// land while a key set is being generated or written.
		time.Sleep(time.Duration(50+rand.IntN(400)) * time.Millisecond)
		if err := proc.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		proc.Wait()
		kills++
	}
	t.Logf("kills=%d keys published at the last restart=%d tokens verified then=%d", kills, published, len(tokens))
	if published <= 2 {
		t.Errorf("only %d keys published after %d rounds; rotation did not run", published, rounds)
	}
}

// freeLoopbackAddr returns a loopback address whose port was free a moment
// ago.
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts the binary on addr and returns the process and its
// endpoint, read from the first line of its output.
func startServe(t *testing.T, bin, addr, dataDir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data-dir", dataDir,
		"--rotate-every", "5ms", "--publish-delay", "20ms", "--allow-fast-rotation")
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("read serve output: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "iamgate demo world on ")
	if !ok {
		t.Fatalf("serve printed %q, want the demo banner", line)
	}
	return cmd, endpoint
}

// readCredentialsFile parses the shared-credentials file serve writes.
func readCredentialsFile(t *testing.T, path string) map[string]aws.Credentials {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("credentials file mode = %v, want 0600", info.Mode().Perm())
	}
	profiles := map[string]aws.Credentials{}
	var current string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			current = strings.Trim(line, "[]")
			continue
		}
		name, value, ok := strings.Cut(line, " = ")
		if !ok || current == "" {
			continue
		}
		c := profiles[current]
		switch name {
		case "aws_access_key_id":
			c.AccessKeyID = value
		case "aws_secret_access_key":
			c.SecretAccessKey = value
		case "aws_session_token":
			c.SessionToken = value
		}
		profiles[current] = c
	}
	return profiles
}

func stsClient(endpoint string, c aws.Credentials) *sts.Client {
	return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)})
}

func federationIssuer(t *testing.T, endpoint string, c aws.Credentials) string {
	t.Helper()
	client := iam.New(iam.Options{Region: "us-east-1", BaseEndpoint: aws.String(endpoint), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)})
	out, err := client.GetOutboundWebIdentityFederationInfo(context.Background(), &iam.GetOutboundWebIdentityFederationInfoInput{})
	if err != nil {
		t.Fatalf("GetOutboundWebIdentityFederationInfo: %v", err)
	}
	return aws.ToString(out.IssuerIdentifier)
}

// checkJWKS requires at least one key per algorithm and unique kids, and
// returns the number of keys.
func checkJWKS(t *testing.T, issuerURL string) int {
	t.Helper()
	resp, err := http.Get(issuerURL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid, Alg string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
		t.Fatalf("decode JWKS: %v", err)
	}
	seen := map[string]bool{}
	count := map[string]int{}
	for _, k := range set.Keys {
		if seen[k.Kid] {
			t.Errorf("JWKS has kid %s twice", k.Kid)
		}
		seen[k.Kid] = true
		count[k.Alg]++
	}
	if count["ES384"] == 0 || count["RS256"] == 0 {
		t.Errorf("JWKS keys per algorithm = %v, want at least one ES384 and one RS256", count)
	}
	return len(set.Keys)
}
