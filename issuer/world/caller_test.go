package world

import (
	"os"
	"testing"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

func loadTestWorld(t *testing.T) *World {
	t.Helper()
	data, err := os.ReadFile("../stsapi/testdata/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := parseAt(data, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestCallerForPrincipalSession(t *testing.T) {
	w := loadTestWorld(t)
	c, err := w.CallerForPrincipal("arn:aws:sts::111122223333:assumed-role/app/ok")
	if err != nil {
		t.Fatal(err)
	}
	if c.Principal.Kind != evaluator.PrincipalRoleSession {
		t.Errorf("Kind = %v, want PrincipalRoleSession", c.Principal.Kind)
	}
	if c.Principal.RoleARN != "arn:aws:iam::111122223333:role/workloads/app" {
		t.Errorf("RoleARN = %q, want the role ARN with its path", c.Principal.RoleARN)
	}
	if want := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC); !c.SessionExpiry.Equal(want) {
		t.Errorf("SessionExpiry = %v, want %v (expires_in 2h)", c.SessionExpiry, want)
	}
	if c.OrgID != "o-test123456" {
		t.Errorf("OrgID = %q, want o-test123456", c.OrgID)
	}
	if len(c.OUPath) != 1 || c.OUPath[0] != "o-test123456/r-test/ou-test-workload/" {
		t.Errorf("OUPath = %q, want [o-test123456/r-test/ou-test-workload/]", c.OUPath)
	}
	// Levels: root, the OU, the account.
	if got := len(c.Policies.SCP); got != 3 {
		t.Errorf("len(SCP) = %d, want 3 levels", got)
	}
	if got := len(c.Policies.SCP[1]); got != 2 {
		t.Errorf("len(SCP[1]) = %d, want 2 (FullAWSAccess, CapLifetime)", got)
	}
	if c.Policies.ManagementAccount != "999988887777" {
		t.Errorf("ManagementAccount = %q, want 999988887777", c.Policies.ManagementAccount)
	}
	if c.SessionTags["Team"] != "session" || c.SourceIdentity != "alice" {
		t.Errorf("SessionTags = %v, SourceIdentity = %q; want Team=session and alice", c.SessionTags, c.SourceIdentity)
	}
	if c.Compute.LambdaSourceFunctionARN == "" {
		t.Error("Compute.LambdaSourceFunctionARN is empty, want the session's function ARN")
	}
}

func TestCallerForAccessKeyVPCEndpoint(t *testing.T) {
	w := loadTestWorld(t)
	c, secret, err := w.CallerForAccessKey("AKIAVPCE000000000001")
	if err != nil {
		t.Fatal(err)
	}
	if secret != "s-vpce" {
		t.Errorf("secret = %q, want s-vpce", secret)
	}
	if got := c.Context["aws:SourceVpce"]; len(got) != 1 || got[0] != "vpce-0123456789abcdef0" {
		t.Errorf("aws:SourceVpce = %q, want [vpce-0123456789abcdef0]", got)
	}
	if len(c.Policies.VPCEndpoint) != 1 {
		t.Errorf("len(VPCEndpoint) = %d, want 1", len(c.Policies.VPCEndpoint))
	}

	// The same user without the endpoint has no endpoint policy.
	direct, _, err := w.CallerForAccessKey("AKIATOKENS0000000001")
	if err != nil {
		t.Fatal(err)
	}
	if len(direct.Policies.VPCEndpoint) != 0 || direct.Context["aws:SourceVpce"] != nil {
		t.Errorf("direct caller has endpoint policies %d and aws:SourceVpce %q, want none",
			len(direct.Policies.VPCEndpoint), direct.Context["aws:SourceVpce"])
	}
}

func TestCallerForPrincipalErrors(t *testing.T) {
	w := loadTestWorld(t)
	tests := []struct{ name, arn string }{
		{"unknown user", "arn:aws:iam::111122223333:user/ghost"},
		{"role without session", "arn:aws:iam::111122223333:role/none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := w.CallerForPrincipal(tt.arn); err == nil {
				t.Errorf("CallerForPrincipal(%q) = nil error, want one", tt.arn)
			}
		})
	}
	if _, _, err := w.CallerForAccessKey("AKIANOSUCHKEY0000001"); err == nil {
		t.Error("CallerForAccessKey(unknown) = nil error, want one")
	}
}

func TestCallerForPrincipalRoleUsesFirstSession(t *testing.T) {
	w := loadTestWorld(t)
	c, err := w.CallerForPrincipal("arn:aws:iam::111122223333:role/workloads/app")
	if err != nil {
		t.Fatal(err)
	}
	if c.Principal.ARN != "arn:aws:sts::111122223333:assumed-role/app/ok" {
		t.Errorf("ARN = %q, want the first session, ok", c.Principal.ARN)
	}
}
