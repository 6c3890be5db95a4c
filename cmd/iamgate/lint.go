package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamgate/iamgate/policy/lint"
)

// lintUsageError is a command-line mistake in `iamgate lint`; it exits
// with status 2.
type lintUsageError struct{ msg string }

func (e *lintUsageError) Error() string { return "iamgate lint: " + e.msg }

// ExitCode returns 2, the exit status of a usage error.
func (e *lintUsageError) ExitCode() int { return 2 }

// lintFailError reports findings at or above the --fail-on severity; it
// exits with status 1 after the report is printed.
type lintFailError struct {
	count    int
	severity lint.Severity
}

func (e *lintFailError) Error() string {
	return fmt.Sprintf("iamgate lint: %d %s at or above %s", e.count, pluralFindings(e.count), e.severity)
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

const lintUsage = `usage: iamgate lint [FILE|DIR|-]... [--format text|json|sarif] [--fail-on SEVERITY]
                   [--ignore CODE[,CODE]...] [--type TYPE]

Lints IAM policy documents, CloudFormation templates and Terraform plans
(terraform show -json). A directory is searched for .json, .yaml, .yml and
.template files; - reads standard input.

  --format   output format: text (default), json or sarif (SARIF 2.1.0)
  --fail-on  exit with status 1 when a finding of this severity or higher
             exists: ERROR (default), SECURITY_WARNING, WARNING or SUGGESTION
  --ignore   finding code to drop; repeat it or give a comma-separated list
  --type     policy type of documents whose file does not fix one: identity,
             resource, scp, rcp, boundary, session, endpoint or trust
             (default: guessed from each document)
`

// lintConfig holds the parsed command line of `iamgate lint`.
type lintConfig struct {
	paths  []string
	format string
	failOn lint.Severity
	opts   lint.Options
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
	cfg := &lintConfig{paths: paths, format: *format, opts: lint.Options{Ignore: ignore}}
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
// (exit 1) when findings reach --fail-on, and another error (exit 1) when
// a file cannot be read.
func runLint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseLintArgs(args, stderr)
	if err != nil {
		return err
	}
	files, err := expandPaths(cfg.paths)
	if err != nil {
		return err
	}
	results := make([]lint.FileResult, 0, len(files))
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := readLintInput(name)
		if err != nil {
			return err
		}
		results = append(results, lint.LintFile(name, src, cfg.opts))
	}
	if err := writeLintReport(stdout, cfg.format, results); err != nil {
		return fmt.Errorf("iamgate lint: writing the report: %w", err)
	}
	return failure(results, cfg.failOn)
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
	count := 0
	for _, r := range results {
		for _, f := range r.Findings {
			if f.Severity >= failOn {
				count++
			}
		}
	}
	if count == 0 {
		return nil
	}
	return &lintFailError{count: count, severity: failOn}
}

// lintExtensions are the file name extensions a directory walk lints.
var lintExtensions = map[string]bool{".json": true, ".yaml": true, ".yml": true, ".template": true}

// expandPaths replaces each directory by the policy files below it, in
// lexical order; files named directly are kept whatever their extension.
func expandPaths(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			// A path that does not exist is a mistake on the command line.
			return nil, &lintUsageError{msg: err.Error()}
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && lintExtensions[strings.ToLower(filepath.Ext(path))] {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("iamgate lint: walking %s: %w", p, err)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// maxLintInput bounds one input, read whole into memory.
const maxLintInput = 32 << 20

func readLintInput(name string) ([]byte, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("iamgate lint: %w", err)
		}
		defer f.Close()
		r = f
	}
	src, err := io.ReadAll(io.LimitReader(r, maxLintInput+1))
	if err != nil {
		return nil, fmt.Errorf("iamgate lint: reading %s: %w", name, err)
	}
	if len(src) > maxLintInput {
		return nil, fmt.Errorf("iamgate lint: %s is larger than %d bytes: split it", name, maxLintInput)
	}
	return src, nil
}
