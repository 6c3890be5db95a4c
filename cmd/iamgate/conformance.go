package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/iamgate/iamgate/conformance"
)

const conformanceUsage = `usage: iamgate conformance [DIR|FILE...] [--endpoint URL] [--output text|json|junit] [--run REGEX]

Runs conformance cases (default: conformance/suite) and prints one line per
failing case, then "N passed, N failed" (", N skipped" when any). Without
--endpoint every case runs in-process; with it, token, discovery and JWKS
cases call that STS-compatible endpoint through the AWS SDK, signing with
the credentials the cases' world file lists, and evaluation cases still
run in-process. The exit status is 1 when a case fails.

Flags:
`

// defaultSuiteDir is the suite conformance runs without DIR arguments,
// relative to the repository root.
const defaultSuiteDir = "conformance/suite"

type conformanceConfig struct {
	paths    []string
	endpoint string
	region   string
	output   string
	run      *regexp.Regexp
	skip     string
	dataDir  string
}

func parseConformanceArgs(args []string, helpOut io.Writer) (*conformanceConfig, error) {
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	cfg := &conformanceConfig{}
	fs.StringVar(&cfg.endpoint, "endpoint", "", "`URL` of an STS-compatible endpoint, e.g. http://127.0.0.1:8080; empty runs in-process")
	fs.StringVar(&cfg.region, "region", "us-east-1", "`region` to sign requests for with --endpoint")
	fs.StringVar(&cfg.output, "output", "text", "report `format`: text, json or junit")
	run := fs.String("run", "", "run only cases whose \"file: name\" matches this regular expression (`REGEX`)")
	fs.StringVar(&cfg.skip, "skip", "", "skip list `FILE` (default conformance/skip.yaml when it exists)")
	fs.StringVar(&cfg.dataDir, "data-dir", "", "`directory` where in-process issuers keep keys (default: a temporary directory)")

	pos, err := parseInterleaved(fs, args, conformanceUsage, helpOut)
	if err != nil {
		return nil, err
	}

	cfg.paths = pos
	if cfg.endpoint != "" && !strings.HasPrefix(cfg.endpoint, "http://") && !strings.HasPrefix(cfg.endpoint, "https://") {
		return nil, usagef("iamgate conformance: invalid --endpoint %q: use an http:// or https:// URL", cfg.endpoint)
	}
	switch cfg.output {
	case "text", "json", "junit":
	default:
		return nil, usagef("iamgate conformance: invalid --output %q: use text, json or junit", cfg.output)
	}
	if *run != "" {
		if cfg.run, err = regexp.Compile(*run); err != nil {
			return nil, usagef("iamgate conformance: invalid --run %q: %v", *run, err)
		}
	}
	if len(cfg.paths) == 0 {
		if _, err := os.Stat(defaultSuiteDir); err != nil {
			return nil, usagef("iamgate conformance: no DIR given and %s not found; "+
				"run from the repository root or name the suite directory", defaultSuiteDir)
		}
		cfg.paths = []string{defaultSuiteDir}
	}
	if cfg.skip == "" {
		if _, err := os.Stat("conformance/skip.yaml"); err == nil {
			cfg.skip = "conformance/skip.yaml"
		}
	}
	return cfg, nil
}

// runConformance runs `iamgate conformance`.
func runConformance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseConformanceArgs(args, stdout)
	if err != nil {
		return err
	}
	// The runner builds SDK clients from static credentials; the SDK must
	// still never reach for the instance metadata service.
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")

	cases, err := conformance.LoadDirs(cfg.paths...)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	if cfg.run != nil && !anyCaseMatches(cases, cfg.run) {
		return usagef("iamgate conformance: --run %q matches none of the %d cases; "+
			"it is matched against \"file: name\"", cfg.run, len(cases))
	}
	var skip *conformance.SkipList
	if cfg.skip != "" {
		if skip, err = conformance.LoadSkipList(cfg.skip); err != nil {
			return &usageError{msg: err.Error()}
		}
	}
	r, err := conformance.NewRunner(conformance.Options{
		Endpoint: cfg.endpoint, Region: cfg.region, Run: cfg.run, Skip: skip, DataDir: cfg.dataDir,
	})
	if err != nil {
		return err
	}
	defer r.Close()

	rep := r.Run(ctx, cases)
	switch cfg.output {
	case "json":
		err = rep.WriteJSON(stdout)
	case "junit":
		err = rep.WriteJUnit(stdout)
	default:
		err = rep.WriteText(stdout)
	}
	if err != nil {
		return fmt.Errorf("iamgate conformance: writing the report: %w", err)
	}
	if rep.Failed > 0 {
		return errReported
	}
	return nil
}

// anyCaseMatches reports whether re selects at least one case, so that a
// mistyped --run fails instead of passing with nothing run.
func anyCaseMatches(cases []*conformance.Case, re *regexp.Regexp) bool {
	for _, c := range cases {
		if re.MatchString(c.ID()) {
			return true
		}
	}
	return false
}
