package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

const lintTestdata = "../../policy/lint/testdata/"

func runLintArgs(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runLint(context.Background(), args, &stdout, &stderr)
	return stdout.String(), err
}

// exitCode returns the exit status main would use for err.
func exitCode(err error) int {
	return exitStatus(err, io.Discard)
}

func TestLintUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no paths", nil},
		{"bad format", []string{"--format", "xml", lintTestdata + "aws"}},
		{"bad fail-on", []string{"--fail-on", "FATAL", lintTestdata + "aws"}},
		{"bad type", []string{"--type", "group", lintTestdata + "aws"}},
		{"unknown code", []string{"--ignore", "NO_SUCH_CHECK", lintTestdata + "aws"}},
		{"unknown flag", []string{"--colour", lintTestdata + "aws"}},
		{"bad exclude glob", []string{"--exclude", "[", lintTestdata + "aws"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runLintArgs(t, tt.args...)
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d (%v), want 2", code, err)
			}
		})
	}
}

// TestLintThroughRun checks the exit status main computes for lint.
func TestLintThroughRun(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"lint", "--help"}, 0},
		{"usage", []string{"lint", "--format", "xml", lintTestdata + "aws"}, 2},
		{"findings", []string{"lint", lintTestdata + "cfn/template.yaml"}, 1},
		{"clean", []string{"lint", lintTestdata + "aws/AWSIPAMOutboundServiceRolePolicy.json"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if got := exitStatus(err, &stderr); got != tt.want {
				t.Errorf("exit status %d (%v), want %d", got, err, tt.want)
			}
		})
	}
}

func TestLintExitStatus(t *testing.T) {
	anyValue := lintTestdata + "aws/foranyvalue-audience.json"
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean file", []string{lintTestdata + "aws/AWSIPAMOutboundServiceRolePolicy.json"}, 0},
		{"security warning below default", []string{anyValue}, 0},
		{"security warning at fail-on", []string{anyValue, "--fail-on", "SECURITY_WARNING"}, 1},
		{"ignored code", []string{"--fail-on", "suggestion", "--ignore", "WEB_IDENTITY_TOKEN_FORANYVALUE_AUDIENCE", anyValue}, 0},
		{"errors in template", []string{lintTestdata + "cfn/template.yaml"}, 1},
		{"missing file", []string{lintTestdata + "no-such-file.json"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runLintArgs(t, tt.args...)
			if code := exitCode(err); code != tt.want {
				t.Errorf("exit status %d (%v), want %d", code, err, tt.want)
			}
		})
	}
}

func TestLintDirectoryText(t *testing.T) {
	out, err := runLintArgs(t, lintTestdata+"aws", "--fail-on", "SECURITY_WARNING", "--type", "endpoint",
		"--ignore", "ALLOW_PUBLIC_PRINCIPAL_WITHOUT_CONDITION,MISSING_RESOURCE")
	if code := exitCode(err); code != 1 {
		t.Errorf("exit status %d (%v), want 1", code, err)
	}
	for _, want := range []string{
		"aws/sts-endpoint-deny-non-org.json (policy): 1 policy, 0 errors",
		"foranyvalue-audience.json:10:17: SECURITY_WARNING WEB_IDENTITY_TOKEN_FORANYVALUE_AUDIENCE",
		"total: 5 files, 5 policies",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestLintFormats(t *testing.T) {
	for _, format := range []string{"json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out, err := runLintArgs(t, "--format", format, lintTestdata+"terraform/plan.json")
			if code := exitCode(err); code != 1 {
				t.Errorf("exit status %d (%v), want 1", code, err)
			}
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if format == "sarif" && v["version"] != "2.1.0" {
				t.Errorf("version %v, want 2.1.0", v["version"])
			}
		})
	}
}
