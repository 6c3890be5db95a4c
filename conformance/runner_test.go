package conformance

import (
	"context"
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
