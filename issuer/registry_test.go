package issuer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func wantAPIError(t *testing.T, err error, code string, status int, msg string) {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want *APIError %s", err, code)
	}
	if apiErr.Code != code {
		t.Errorf("code = %q, want %q", apiErr.Code, code)
	}
	if apiErr.HTTPStatus != status {
		t.Errorf("HTTP status = %d, want %d", apiErr.HTTPStatus, status)
	}
	if msg != "" && apiErr.Message != msg {
		t.Errorf("message = %q, want %q", apiErr.Message, msg)
	}
}

// The error codes, statuses and messages are those of the IAM API
// reference for EnableOutboundWebIdentityFederation,
// DisableOutboundWebIdentityFederation and
// GetOutboundWebIdentityFederationInfo
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOutboundWebIdentityFederationInfo.html),
// with the message texts AWS returns.
func TestRegistryLifecycle(t *testing.T) {
	const account = "123456789012"
	dir := t.TempDir()
	reg, err := OpenRegistry(dir, "https://tokens.example.com/")
	if err != nil {
		t.Fatalf("OpenRegistry() = %v", err)
	}

	_, err = reg.Info(account)
	wantAPIError(t, err, CodeFeatureDisabled, 404, "Outbound identity federation is disabled for account 123456789012")
	err = reg.Disable(account)
	wantAPIError(t, err, CodeFeatureDisabled, 404, "Outbound identity federation is already disabled for account 123456789012")

	enabled, err := reg.Enable(account)
	if err != nil {
		t.Fatalf("Enable() = %v", err)
	}
	if !strings.HasPrefix(enabled.IssuerURL, "https://tokens.example.com/") ||
		enabled.IssuerURL != "https://tokens.example.com/"+enabled.IssuerID {
		t.Errorf("issuer URL = %q, want https://tokens.example.com/<issuer id>", enabled.IssuerURL)
	}
	if len(enabled.IssuerID) != 36 {
		t.Errorf("issuer id = %q, want a UUID", enabled.IssuerID)
	}
	_, err = reg.Enable(account)
	wantAPIError(t, err, CodeFeatureEnabled, 409, "Outbound identity federation is already enabled for account 123456789012")

	info, err := reg.Info(account)
	if err != nil {
		t.Fatalf("Info() = %v", err)
	}
	if info != enabled {
		t.Errorf("Info() = %+v, want %+v", info, enabled)
	}

	if err := reg.Disable(account); err != nil {
		t.Fatalf("Disable() = %v", err)
	}
	if got := reg.Federation(account); got.Enabled || got.IssuerID != enabled.IssuerID {
		t.Errorf("Federation() after Disable = %+v, want disabled with issuer id %s", got, enabled.IssuerID)
	}

	// The issuer URL survives a restart and a disable-enable cycle.
	reopened, err := OpenRegistry(dir, "https://tokens.example.com")
	if err != nil {
		t.Fatalf("OpenRegistry() after restart = %v", err)
	}
	again, err := reopened.Enable(account)
	if err != nil {
		t.Fatalf("Enable() after restart = %v", err)
	}
	if again.IssuerURL != enabled.IssuerURL {
		t.Errorf("issuer URL after re-enable = %q, want %q", again.IssuerURL, enabled.IssuerURL)
	}
	if got, ok := reopened.ByIssuerID(enabled.IssuerID); !ok || got.Account != account {
		t.Errorf("ByIssuerID() = %+v, %v, want account %s", got, ok, account)
	}

	info2, err := os.Stat(filepath.Join(dir, registryFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := info2.Mode().Perm(); got != 0o600 {
		t.Errorf("registry file mode = %o, want 600", got)
	}
}

func TestRegistryPin(t *testing.T) {
	reg, err := OpenRegistry("", "http://127.0.0.1:8080/issuers")
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Pin("111122223333", "demo-issuer"); err != nil {
		t.Fatalf("Pin() = %v", err)
	}
	if got := reg.Federation("111122223333"); got.Enabled {
		t.Errorf("pinned account enabled = true, want false until Enable")
	}
	fed, err := reg.Enable("111122223333")
	if err != nil {
		t.Fatalf("Enable() = %v", err)
	}
	if want := "http://127.0.0.1:8080/issuers/demo-issuer"; fed.IssuerURL != want {
		t.Errorf("issuer URL = %q, want %q", fed.IssuerURL, want)
	}
	if err := reg.Pin("444455556666", "demo-issuer"); err == nil {
		t.Error("Pin() of another account's issuer id = nil error, want an error")
	}
	if err := reg.Pin("444455556666", "../x"); err == nil {
		t.Error("Pin() of an unsafe issuer id = nil error, want an error")
	}
}

func TestRegistryRejectsBadInput(t *testing.T) {
	for _, base := range []string{"", "tokens.example.com", "ftp://x", "https://x/?q=1", "https://u@x"} {
		if _, err := OpenRegistry("", base); err == nil {
			t.Errorf("OpenRegistry(%q) = nil error, want an invalid base URL error", base)
		}
	}
	reg, err := OpenRegistry("", "https://tokens.example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, account := range []string{"", "12345678901", "12345678901a", "1234567890123"} {
		if _, err := reg.Enable(account); err == nil {
			t.Errorf("Enable(%q) = nil error, want an invalid account id error", account)
		}
	}
}

// A crash while the registry is written leaves a temporary file; the next
// open removes it and keeps the last complete state. Other files in the
// data directory are not touched.
func TestRegistryCrashLeftover(t *testing.T) {
	dir := t.TempDir()
	reg, err := OpenRegistry(dir, "https://tokens.example.com")
	if err != nil {
		t.Fatal(err)
	}
	fed, err := reg.Enable("123456789012")
	if err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, "."+registryFile+tempInfix+"999")
	other := filepath.Join(dir, ".credentials"+tempInfix+"1")
	for _, path := range []string{leftover, other} {
		if err := os.WriteFile(path, []byte(`{"123456789012":{"issuer_id":"x"`), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	reopened, err := OpenRegistry(dir, "https://tokens.example.com")
	if err != nil {
		t.Fatalf("OpenRegistry() after crash = %v", err)
	}
	if got := reopened.Federation("123456789012"); got != fed {
		t.Errorf("Federation() after crash = %+v, want %+v", got, fed)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("registry temporary file still exists: %v", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another component's file was removed: %v", err)
	}
}
