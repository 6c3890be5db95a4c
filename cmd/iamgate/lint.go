package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/iamgate/iamgate/policy/lint"
)

// lintUsageError is a command-line mistake in `iamgate lint`; it exits
// with status 2.
type lintUsageError struct{ msg string }

func (e *lintUsageError) Error() string { return "iamgate lint: " + e.msg }

// ExitCode returns 2, the exit status of a usage error.
func (e *lintUsageError) ExitCode() int { return 2 }

// lintFailError reports findings at or above the --fail-on severity and
// files that could not be read. It exits with status 1 after the report
// is printed.
type lintFailError struct {
	count      int
	severity   lint.Severity
	unreadable int
}

func (e *lintFailError) Error() string {
	var parts []string
	if e.unreadable > 0 {
		verb := "files"
		if e.unreadable == 1 {
			verb = "file"
		}
		parts = append(parts, fmt.Sprintf("%d %s could not be read", e.unreadable, verb))
	}
	if e.count > 0 {
		parts = append(parts, fmt.Sprintf("%d %s at or above %s", e.count, pluralFindings(e.count), e.severity))
	}
	return "iamgate lint: " + strings.Join(parts, ", and ")
}

// ExitCode returns 1.
func (e *lintFailError) ExitCode() int { return 1 }

func pluralFindings(n int) string {
	if n == 1 {
		return "finding"
	}
	return "findings"
}

// stringList is a flag that may repeat and takes comma-separated lists.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// globList is a flag that may repeat; each value is one glob.
type globList []string

func (l *globList) String() string { return strings.Join(*l, " ") }

func (l *globList) Set(v string) error {
	if _, err := filepath.Match(v, ""); err != nil {
		return fmt.Errorf("invalid glob %q: %w", v, err)
	}
	*l = append(*l, v)
	return nil
}

const lintUsage = `usage: iamgate lint [FILE|DIR|-]... [--format text|json|sarif] [--fail-on SEVERITY]
                   [--ignore CODE[,CODE]...] [--type TYPE] [--exclude GLOB]...

Lints IAM policy documents, CloudFormation templates and Terraform plans
(terraform show -json). A directory is searched for .json, .yaml, .yml and
.template files, skipping those that are not regular files or whose top
level is clearly not a policy, template or plan (such as package.json);
files named directly are always linted. - reads standard input.

  --format   output format: text (default), json or sarif (SARIF 2.1.0)
  --fail-on  exit with status 1 when a finding of this severity or higher
             exists: ERROR (default), SECURITY_WARNING, WARNING or SUGGESTION
  --ignore   finding code to drop; repeat it or give a comma-separated list
  --type     policy type of documents whose file does not fix one: identity,
             resource, scp, rcp, boundary, session, endpoint or trust
             (default: guessed from each document)
  --exclude  leave out of directory walks each file or directory whose path,
             path below the directory, or name matches GLOB (* does not
             cross /); repeat it for more globs
`

// lintConfig holds the parsed command line of `iamgate lint`.
type lintConfig struct {
	paths   []string
	exclude []string
	format  string
	failOn  lint.Severity
	opts    lint.Options
}

// parseLintArgs parses flags and paths, which may be interleaved.
func parseLintArgs(args []string, stderr io.Writer) (*lintConfig, error) {
	fset := flag.NewFlagSet("lint", flag.ContinueOnError)
	fset.SetOutput(io.Discard)
	format := fset.String("format", "text", "")
	failOn := fset.String("fail-on", "ERROR", "")
	typ := fset.String("type", "", "")
	var ignore stringList
	fset.Var(&ignore, "ignore", "")
	var exclude globList
	fset.Var(&exclude, "exclude", "")

	var paths []string
	for {
		if err := fset.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stderr, lintUsage)
				return nil, err
			}
			return nil, &lintUsageError{msg: err.Error()}
		}
		args = fset.Args()
		if len(args) == 0 {
			break
		}
		paths = append(paths, args[0])
		args = args[1:]
	}
	cfg := &lintConfig{paths: paths, exclude: exclude, format: *format, opts: lint.Options{Ignore: ignore}}
	if len(paths) == 0 {
		return nil, &lintUsageError{msg: "missing FILE, DIR or -: name what to lint"}
	}
	switch cfg.format {
	case "text", "json", "sarif":
	default:
		return nil, &lintUsageError{msg: fmt.Sprintf("invalid --format %q: use text, json or sarif", cfg.format)}
	}
	sev, err := lint.ParseSeverity(*failOn)
	if err != nil {
		return nil, &lintUsageError{msg: fmt.Sprintf("invalid --fail-on %q: use ERROR, SECURITY_WARNING, WARNING or SUGGESTION", *failOn)}
	}
	cfg.failOn = sev
	if *typ != "" {
		t, err := lint.ParsePolicyType(*typ)
		if err != nil {
			return nil, &lintUsageError{msg: fmt.Sprintf("invalid --type %q: use identity, resource, scp, rcp, "+
				"boundary, session, endpoint or trust", *typ)}
		}
		cfg.opts.Type = t
	}
	for _, code := range ignore {
		if _, ok := lint.RuleFor(strings.ToUpper(code)); !ok {
			return nil, &lintUsageError{msg: fmt.Sprintf("invalid --ignore %q: no check has that code; "+
				"docs/lint.md lists them", code)}
		}
	}
	return cfg, nil
}

// runLint runs `iamgate lint`. It returns flag.ErrHelp for --help, a
// *lintUsageError (exit 2) for a command-line mistake, a *lintFailError
// (exit 1) when findings reach --fail-on or a file could not be read, and
// another error (exit 1) when ctx is canceled by a signal. Every file is
// linted and reported even when another cannot be read.
func runLint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseLintArgs(args, stderr)
	if err != nil {
		return err
	}
	inputs, err := expandPaths(ctx, cfg.paths, cfg.exclude)
	if err != nil {
		return err
	}
	results := make([]lint.FileResult, 0, len(inputs))
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w before %s: %w", errLintInterrupted, inputName(in.name), err)
		}
		results = append(results, lintOne(ctx, in, cfg.opts))
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w while reading %s: %w", errLintInterrupted, inputName(in.name), err)
		}
	}
	if err := writeLintReport(stdout, cfg.format, results); err != nil {
		return fmt.Errorf("iamgate lint: writing the report: %w", err)
	}
	return failure(results, cfg.failOn)
}

// inputName returns name as messages show it.
func inputName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// lintOne reads and lints one input. A file found by a directory walk is
// skipped when it is clearly not a policy, template or plan.
func lintOne(ctx context.Context, in lintInput, opts lint.Options) lint.FileResult {
	switch {
	case in.err != nil:
		return lint.Unreadable(in.name, in.err)
	case in.skipped != "":
		return lint.SkippedFile(in.name, in.skipped)
	}
	src, err := readLintInput(ctx, in.name)
	if err != nil {
		return lint.Unreadable(in.name, err)
	}
	opts.SkipUnrecognized = in.walked
	return lint.LintFile(in.name, src, opts)
}

func writeLintReport(w io.Writer, format string, results []lint.FileResult) error {
	switch format {
	case "json":
		return lint.WriteJSON(w, results)
	case "sarif":
		return lint.WriteSARIF(w, results)
	}
	return lint.WriteText(w, results)
}

func failure(results []lint.FileResult, failOn lint.Severity) error {
	count, unreadable := 0, 0
	for _, r := range results {
		if r.ReadError != nil {
			unreadable++
		}
		for _, f := range r.Findings {
			if f.Severity >= failOn {
				count++
			}
		}
	}
	if count == 0 && unreadable == 0 {
		return nil
	}
	return &lintFailError{count: count, severity: failOn, unreadable: unreadable}
}
