//go:build load

package stsapi_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/coreos/go-oidc/v3/oidc"
)

// loadSettings reads IAMGATE_LOAD_DURATION (a Go duration, default 30s)
// and IAMGATE_LOAD_CLIENTS (default 50).
func loadSettings(t *testing.T) (time.Duration, int) {
	duration, clients := 30*time.Second, 50
	if v := os.Getenv("IAMGATE_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("IAMGATE_LOAD_DURATION=%q: %v", v, err)
		}
		duration = d
	}
	if v := os.Getenv("IAMGATE_LOAD_CLIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("IAMGATE_LOAD_CLIENTS=%q is not a positive integer", v)
		}
		clients = n
	}
	return duration, clients
}

// TestLoad runs concurrent SDK clients against a server on 127.0.0.1,
// alternating algorithms, and verifies every token with go-oidc. It fails
// on any API error or any token that does not verify.
func TestLoad(t *testing.T) {
	duration, clients := loadSettings(t)
	env := newTestEnv(t, nil)
	transport := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}
	defer transport.CloseIdleConnections()
	httpClient := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	ctx := context.Background()
	issuerURL := env.issuerURL("111122223333")
	provider, err := oidc.NewProvider(ctx, issuerURL)
	if err != nil {
		t.Fatal(err)
	}
	audiences := []string{"https://api.example.com", "https://partner.example.org"}
	verifiers := map[string]*oidc.IDTokenVerifier{}
	for _, aud := range audiences {
		verifiers[aud] = provider.Verifier(&oidc.Config{ClientID: aud, SupportedSigningAlgs: []string{oidc.RS256, oidc.ES384}})
	}

	var requests, failures, malformed atomic.Int64
	var mu sync.Mutex
	var latencies []time.Duration
	var firstErr atomic.Value
	keys := []string{"ASIASESSIONOK0000001", "AKIATOKENS0000000001"}
	deadline := time.Now().Add(duration)

	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := sts.New(sts.Options{
				Region: "us-east-1", BaseEndpoint: aws.String(env.http.URL),
				Credentials: env.credentials(t, keys[i%len(keys)]), Retryer: aws.NopRetryer{}, HTTPClient: httpClient,
			})
			var local []time.Duration
			for n := 0; time.Now().Before(deadline); n++ {
				alg := [2]string{"ES384", "RS256"}[(i+n)%2]
				aud := audiences[n%len(audiences)]
				start := time.Now()
				out, err := client.GetWebIdentityToken(ctx, tokenInput(alg, aud))
				local = append(local, time.Since(start))
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				if _, err := verifiers[aud].Verify(ctx, aws.ToString(out.WebIdentityToken)); err != nil {
					malformed.Add(1)
					firstErr.CompareAndSwap(nil, "verify: "+err.Error())
				}
			}
			mu.Lock()
			latencies = append(latencies, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()

	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	n := requests.Load()
	summary := fmt.Sprintf("clients=%d duration=%s requests=%d rate=%.0f/s p50=%s p99=%s failures=%d malformed=%d",
		clients, duration, n, float64(n)/duration.Seconds(),
		percentile(latencies, 50), percentile(latencies, 99), failures.Load(), malformed.Load())
	t.Log(summary)
	if n == 0 {
		t.Fatal("no request completed")
	}
	if failures.Load() > 0 || malformed.Load() > 0 {
		t.Fatalf("%s; first error: %v", summary, firstErr.Load())
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := len(sorted) * p / 100
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i].Round(10 * time.Microsecond)
}
