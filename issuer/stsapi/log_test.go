package stsapi_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/iamgate/iamgate/issuer/stsapi"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestLogOmitsSecrets checks that the per-request log names the
// action, principal and status, and contains neither the token, nor the
// signature, nor the secret or session token.
func TestRequestLogOmitsSecrets(t *testing.T) {
	env := newTestEnv(t, nil)
	var logs syncBuffer
	api, err := stsapi.New(stsapi.Options{
		Gate: env.server.Gate, Credentials: env.world, Federation: env.server.Registry,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	env.http.Config.Handler = api

	const key = "ASIASESSIONOK0000001"
	out, err := env.sts(t, key).GetWebIdentityToken(context.Background(), tokenInput("ES384", "a"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.sts(t, "AKIANOBODY0000000001").GetWebIdentityToken(context.Background(), tokenInput("ES384", "a"))
	if err == nil {
		t.Fatal("GetWebIdentityToken as nobody succeeded, want AccessDenied")
	}
	_, _ = env.sts(t, key).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})

	// Failed authentication must not log what the client sent either.
	const wrongSecret, wrongSession = "wrong-secret-4f1c", "wrong-session-9a7e"
	for _, provider := range []aws.CredentialsProvider{
		credentials.NewStaticCredentialsProvider(key, wrongSecret, "t-ok"),
		credentials.NewStaticCredentialsProvider(key, "s-ok", wrongSession),
	} {
		client := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(env.http.URL),
			Credentials: provider, Retryer: aws.NopRetryer{}, HTTPClient: env.http.Client()})
		if _, err := client.GetWebIdentityToken(context.Background(), tokenInput("ES384", "a")); err == nil {
			t.Fatal("GetWebIdentityToken with wrong credentials succeeded, want an error")
		}
	}

	text := logs.String()
	cred, _, _ := env.world.LookupAccessKey(key)
	jwt := aws.ToString(out.WebIdentityToken)
	for name, secret := range map[string]string{
		"token": jwt, "token signature": jwt[strings.LastIndex(jwt, ".")+1:],
		"secret": cred.SecretAccessKey, "session token": cred.SessionToken,
		"wrong secret": wrongSecret, "wrong session token": wrongSession,
	} {
		if strings.Contains(text, secret) {
			t.Errorf("log contains the %s", name)
		}
	}
	if strings.Contains(text, "Signature=") {
		t.Error("log contains a SigV4 signature")
	}
	for _, want := range []string{
		"action=GetWebIdentityToken", "principal=arn:aws:sts::111122223333:assumed-role/app/ok",
		"status=200", "status=403", "code=AccessDenied", "token_id=", "action=GetCallerIdentity",
		"code=SignatureDoesNotMatch", "code=InvalidClientTokenId",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %q:\n%s", want, text)
		}
	}
}
