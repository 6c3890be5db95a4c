//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// allowAnyAudience is a policy with one SECURITY_WARNING and no error.
const allowAnyAudience = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
 "Action": "sts:GetWebIdentityToken", "Resource": "*"}]}`

// writeFiles creates each file under dir with its content.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runLintWithin runs runLint and fails the test when it has not returned
// after a few seconds, the symptom of a read that blocks.
func runLintWithin(t *testing.T, ctx context.Context, args ...string) (string, error) {
	t.Helper()
	type outcome struct {
		out string
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		err := runLint(ctx, args, &stdout, &stderr)
		done <- outcome{stdout.String(), err}
	}()
	select {
	case o := <-done:
		return o.out, o.err
	case <-time.After(5 * time.Second):
		t.Fatalf("iamgate lint %s has not returned after 5s", strings.Join(args, " "))
		return "", nil
	}
}

// TestLintDirectoryGoesOn checks that a dangling symbolic link is reported
// for its own file while the other files are still linted, and that a
// FIFO in the walk is skipped instead of blocking the run.
func TestLintDirectoryGoesOn(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.json": allowAnyAudience, "real.json": allowAnyAudience})
	if err := os.Symlink(filepath.Join(dir, "missing.json"), filepath.Join(dir, "x.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "real.json"), filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}

	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out, err := runLintWithin(t, context.Background(), "--format", format, dir)
			if code := exitCode(err); code != 1 {
				t.Errorf("exit status %d (%v), want 1", code, err)
			}
			for _, want := range []string{"a.json", "link.json", "WEB_IDENTITY_TOKEN_WITHOUT_AUDIENCE_RESTRICTION", "x.json", "does not exist"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if format != "text" && !json.Valid([]byte(out)) {
				t.Errorf("%s output is not JSON:\n%s", format, out)
			}
		})
	}

	out, _ := runLintWithin(t, context.Background(), dir)
	for _, want := range []string{
		"x.json: ERROR: ",
		"fifo.json (skipped): not a regular file",
		"total: 5 files, 1 unreadable, 1 skipped, 3 policies, 0 errors, 3 security warnings",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// TestLintNamedSpecialFile checks that a FIFO or device named on the
// command line is rejected at once with a message naming its kind.
func TestLintNamedSpecialFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{"a.json": allowAnyAudience})
	tests := []struct {
		name string
		path string
		want string
	}{
		{"fifo", fifo, "is a named pipe"},
		{"device", os.DevNull, "is a device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runLintWithin(t, context.Background(), tt.path, filepath.Join(dir, "a.json"))
			if code := exitCode(err); code != 1 {
				t.Errorf("exit status %d (%v), want 1", code, err)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if !strings.Contains(out, "WEB_IDENTITY_TOKEN_WITHOUT_AUDIENCE_RESTRICTION") {
				t.Errorf("output lacks the findings of a.json:\n%s", out)
			}
		})
	}
}

// TestLintStdinCanceled checks that canceling the context stops a read
// of standard input that would otherwise wait for ever.
func TestLintStdinCanceled(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer r.Close()
	old := lintStdin
	lintStdin = r
	defer func() { lintStdin = old }()

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = runLintWithin(t, ctx, "-")
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("runLint = %v, want an interrupted error", err)
	}
}

// TestLintSkipsNonPolicies checks that a directory walk skips JSON and
// YAML files that are not policies, templates or plans, that --exclude
// drops paths, and that a file named directly is always linted.
func TestLintSkipsNonPolicies(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"package.json":           `{"name": "app", "version": "1.0.0"}`,
		"tsconfig.json":          `{"compilerOptions": {"strict": true}}`,
		".ci/build.yml":          "on: push\n",
		"ci.yml":                 "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
		"list.json":              `[1, 2]`,
		"policies/app.json":      allowAnyAudience,
		"policies/lower.json":    `{"version": "2012-10-17", "statement": []}`,
		"legacy/old.json":        `{"Version": "2012-10-17", "Statement": {"Effect": "Allow"}}`,
		"policies/template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n",
	})

	out, err := runLintArgs(t, dir)
	if code := exitCode(err); code != 1 {
		t.Errorf("exit status %d (%v), want 1 for legacy/old.json and lower.json", code, err)
	}
	for _, want := range []string{
		"package.json (skipped): not a policy",
		"ci.yml (skipped)",
		"list.json (skipped)",
		"lower.json:1:1: ERROR MISSING_STATEMENT",
		"old.json:",
		"total: 8 files, 4 skipped,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "package.json:") || strings.Contains(out, "build.yml") {
		t.Errorf("output reports a skipped file:\n%s", out)
	}

	out, err = runLintArgs(t, dir, "--exclude", "legacy/*", "--exclude", "*.yml", "--exclude", "lower.json")
	if code := exitCode(err); code != 0 {
		t.Errorf("with --exclude: exit status %d (%v), want 0", code, err)
	}
	for _, gone := range []string{"old.json", "ci.yml", "lower.json"} {
		if strings.Contains(out, gone) {
			t.Errorf("with --exclude: output names %s:\n%s", gone, out)
		}
	}

	out, err = runLintArgs(t, filepath.Join(dir, "package.json"))
	if code := exitCode(err); code != 1 {
		t.Errorf("package.json named directly: exit status %d (%v), want 1", code, err)
	}
	if !strings.Contains(out, "MISSING_STATEMENT") {
		t.Errorf("package.json named directly was not linted:\n%s", out)
	}
}

// TestLintSignalStopsProcess runs iamgate lint on a standard input that
// never ends and checks that SIGTERM ends the process.
func TestLintSignalStopsProcess(t *testing.T) {
	if os.Getenv("IAMGATE_LINT_SIGNAL_CHILD") == "1" {
		os.Args = []string{"iamgate", "lint", "-"}
		main()
		return
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestLintSignalStopsProcess$")
	cmd.Env = append(os.Environ(), "IAMGATE_LINT_SIGNAL_CHILD=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}

	// Give the child time to install its signal handler and block.
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if cmd.ProcessState.ExitCode() != 1 {
			t.Errorf("exit status %d (%v), want 1; stderr:\n%s", cmd.ProcessState.ExitCode(), err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("stderr lacks \"interrupted\":\n%s", stderr.String())
		}
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("iamgate lint - still runs 5s after SIGTERM")
	}
}
