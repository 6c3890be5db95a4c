// Command iamgate evaluates AWS IAM policies, issues AWS-compatible web
// identity tokens, and checks implementations against the conformance
// suite. Run `iamgate help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

const usage = `usage: iamgate COMMAND [ARGS]

Commands:
  eval CASE|-          decide a request against policies and explain the decision
  conformance [DIR...] run the conformance suite in-process or against an endpoint
  verify TOKEN         verify a web identity token as a relying party would
  serve                run the STS/IAM API, OIDC discovery and JWKS
  token                get a web identity token from an STS-compatible endpoint
  lint FILE|DIR|-      report problems in policy documents
  version              print the version
  help [COMMAND]       print this text or a command's flags

Run "iamgate COMMAND --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitStatus(err, os.Stderr))
}

// exitCoder is an error that chooses the exit status.
type exitCoder interface{ ExitCode() int }

// usageError is a command-line mistake; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// ExitCode returns 2.
func (e *usageError) ExitCode() int { return 2 }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitStatus prints err as one line and returns the exit status: 0 for
// nil or --help, the error's own status when it has one, else 1.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errReported) {
		return 1
	}
	fmt.Fprintln(stderr, err)
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

// errReported ends a command that has already printed why it failed,
// such as a conformance run with failing cases; it exits with status 1.
var errReported = errors.New("failure already reported")

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("iamgate: missing command; run \"iamgate help\" for the list")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "eval":
		return runEval(ctx, rest, stdout, stderr)
	case "conformance":
		return runConformance(ctx, rest, stdout, stderr)
	case "verify":
		return runVerify(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "token":
		return runToken(ctx, rest, stdout, stderr)
	case "lint":
		return runLint(ctx, rest, stdout, stderr)
	case "version", "--version":
		if len(rest) > 0 {
			return usagef("iamgate version: unexpected argument %q; version takes none", rest[0])
		}
		fmt.Fprintln(stdout, "iamgate", buildVersion())
		return nil
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			// The help was requested, so it goes to stdout for every
			// command, including those that print flag help on stderr.
			return run(ctx, []string{rest[0], "--help"}, stdout, stdout)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usagef("iamgate: unknown command %q; run \"iamgate help\" for the list", cmd)
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// parseInterleaved parses args with fs, allowing flags after positional
// arguments as in `iamgate eval case.yaml --output json`, and returns the
// positional arguments. A lone "-" is a positional argument (stdin). A
// flag error is one line in the returned *usageError; --help prints usage
// and the flag defaults to w and returns flag.ErrHelp.
func parseInterleaved(fs *flag.FlagSet, args []string, usage string, w io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(w, usage)
				fs.SetOutput(w)
				fs.PrintDefaults()
				return nil, err
			}
			return nil, usagef("iamgate %s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
