package conformance

import (
	"context"
	"strings"
	"testing"
)

// TestRunnerVerdicts checks that the runner fails wrong expectations and
// cases without one, not only that correct cases pass.
func TestRunnerVerdicts(t *testing.T) {
	const head = "name: c\nrequest: {principal: \"arn:aws:iam::111122223333:user/alice\", action: s3:GetObject, resource: \"*\"}\n" +
		"policies: {identity: [{name: p, document: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}}]}\n"
	tests := []struct {
		name   string
		expect string
		status Status
		reason string
	}{
		{"right decision", "expect: {decision: Allow}\n", Passed, ""},
		{"wrong decision", "expect: {decision: ExplicitDeny}\n", Failed, "expected ExplicitDeny, got Allow (decided by identity)"},
		{"wrong decided_by", "expect: {decision: Allow, decided_by: resource}\n", Failed,
			"expected Allow decided by resource, got Allow decided by identity"},
		{"no expectation", "", Failed, "no expected decision; add expect.decision"},
	}
	r, err := NewRunner(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseOne(t, head+tt.expect)
			res := r.RunCase(context.Background(), c)
			if res.Status != tt.status || res.Reason != tt.reason {
				t.Errorf("RunCase = %s %q, want %s %q", res.Status, res.Reason, tt.status, tt.reason)
			}
		})
	}
}

// TestInlineWorld runs issuer cases whose world is written in the case
// file, and checks that an invalid CEL assertion fails with its position.
func TestInlineWorld(t *testing.T) {
	cases, err := LoadFile("testdata/inline-world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRunner(Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := []struct {
		status Status
		reason string
	}{
		{Passed, ""},
		{Passed, ""},
		{Failed, `testdata/inline-world.yaml:41:11: invalid CEL expression "claims.exp +"`},
	}
	if len(cases) != len(want) {
		t.Fatalf("loaded %d cases, want %d", len(cases), len(want))
	}
	for i, c := range cases {
		res := r.RunCase(context.Background(), c)
		if res.Status != want[i].status || !strings.HasPrefix(res.Reason, want[i].reason) {
			t.Errorf("%s: RunCase = %s %q, want %s %q", c.Name, res.Status, res.Reason, want[i].status, want[i].reason)
		}
	}
}
