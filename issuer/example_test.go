package issuer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/policy"
)

// tokenRequest is the JSON body of the platform's own token endpoint.
type tokenRequest struct {
	Audience  string `json:"audience"`
	Algorithm string `json:"algorithm"`
}

// Example embeds the Gate in a plain net/http service of a platform that
// hands GetWebIdentityToken-style tokens to its workloads. The platform
// looks callers up by their own bearer keys, keeps one policy per
// workload, and serves discovery and JWKS next to its token endpoint. A
// relying party then verifies the token with go-oidc through discovery.
func Example() {
	dataDir, err := os.MkdirTemp("", "issuer-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dataDir)

	mux := http.NewServeMux()
	server := httptest.NewServer(mux) // listens on 127.0.0.1
	defer server.Close()

	// One issuer for the platform's account, with keys in the data
	// directory.
	registry, err := issuer.OpenRegistry(dataDir, server.URL+"/issuers")
	if err != nil {
		log.Fatal(err)
	}
	fed, err := registry.Enable("111122223333")
	if err != nil {
		log.Fatal(err)
	}
	store, err := issuer.NewFileKeystore(filepath.Join(dataDir, "keys"))
	if err != nil {
		log.Fatal(err)
	}
	keys, err := issuer.NewKeyManager(issuer.KeyManagerConfig{Store: store})
	if err != nil {
		log.Fatal(err)
	}
	gate, err := issuer.NewGate(issuer.GateConfig{Directory: registry, Keys: keys})
	if err != nil {
		log.Fatal(err)
	}

	// The platform's principal lookup: bearer key -> caller.
	buildPolicy := mustCompile(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":"sts:GetWebIdentityToken","Resource":"*",
		"Condition":{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":["https://deploy.example.com"]}}}]}`)
	callers := map[string]*issuer.Caller{
		"key-build": {
			Principal: evaluator.Principal{
				ARN:  "arn:aws:iam::111122223333:user/ci/build",
				Kind: evaluator.PrincipalUser,
			},
			Region:   "us-east-1",
			Policies: &evaluator.PolicySet{Identity: []*evaluator.Policy{buildPolicy}},
		},
		"key-intern": {
			Principal: evaluator.Principal{ARN: "arn:aws:iam::111122223333:user/intern", Kind: evaluator.PrincipalUser},
			Region:    "us-east-1",
			Policies:  &evaluator.PolicySet{},
		},
	}

	mux.Handle("/issuers/", issuer.NewDiscoveryHandler(registry, keys, nil))
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		caller := callers[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		if caller == nil {
			http.Error(w, "unknown bearer key", http.StatusUnauthorized)
			return
		}
		var body tokenRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&body); err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
		tok, err := gate.Issue(r.Context(), caller, &issuer.TokenRequest{
			Audiences:        []string{body.Audience},
			SigningAlgorithm: body.Algorithm,
		})
		var apiErr *issuer.APIError
		switch {
		case errors.As(err, &apiErr):
			w.WriteHeader(apiErr.HTTPStatus)
			json.NewEncoder(w).Encode(map[string]string{"code": apiErr.Code, "message": apiErr.Message})
		case err != nil:
			http.Error(w, "internal error", http.StatusInternalServerError)
		default:
			json.NewEncoder(w).Encode(map[string]string{"token": tok.JWT})
		}
	})

	// A relying party that trusts the platform's issuer.
	ctx := context.Background()
	provider, err := oidc.NewProvider(ctx, fed.IssuerURL)
	if err != nil {
		log.Fatal(err)
	}
	verifier := provider.Verifier(&oidc.Config{ClientID: "https://deploy.example.com"})

	for _, bearer := range []string{"key-build", "key-intern", "key-unknown"} {
		status, body := requestToken(server.URL, bearer, `{"audience":"https://deploy.example.com","algorithm":"ES384"}`)
		switch {
		case status != http.StatusOK:
			fmt.Printf("%s: %d %s\n", bearer, status, body["code"])
		default:
			idToken, err := verifier.Verify(ctx, body["token"])
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("%s: %d sub=%s verified\n", bearer, status, idToken.Subject)
		}
	}
	// Output:
	// key-build: 200 sub=arn:aws:iam::111122223333:user/ci/build verified
	// key-intern: 403 AccessDenied
	// key-unknown: 401
}

func requestToken(baseURL, bearer, body string) (int, map[string]string) {
	req, err := http.NewRequest(http.MethodPost, baseURL+"/token", strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]string{}
	json.NewDecoder(resp.Body).Decode(&out) // a plain-text error leaves out empty
	return resp.StatusCode, out
}

func mustCompile(text string) *evaluator.Policy {
	doc, err := policy.ParseJSON([]byte(text))
	if err != nil {
		log.Fatal(err)
	}
	p, err := evaluator.Compile("platform-policy", doc)
	if err != nil {
		log.Fatal(err)
	}
	return p
}
