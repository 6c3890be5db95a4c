package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/iamgate/iamgate/conformance"
)

const conformanceUsage = `usage: iamgate conformance [DIR|FILE...] [--endpoint URL] [--output text|json|junit] [--run REGEX]

Runs conformance cases and prints one line per failing case, then
"N passed, N failed" (", N skipped" when any). Without DIR or FILE it runs
the suite built into this binary with its skip list; a DIR or FILE is read
from disk, with the skip.yaml beside the enclosing suite directory when
there is one. Without --endpoint every case runs in-process; with it,
token, discovery and JWKS cases call that STS-compatible endpoint through
the AWS SDK, signing with the credentials the cases' world file lists,
and evaluation cases still run in-process. The exit status is 1 when a
case fails or the endpoint cannot be reached.

Flags:
`

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
	fs.StringVar(&cfg.skip, "skip", "", "skip list `FILE` (default: the built-in list, or skip.yaml beside the suite directory of DIR)")
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

	cases, err := loadConformanceCases(cfg.paths)
	if err != nil {
		return err
	}
	if cfg.run != nil && !anyCaseMatches(cases, cfg.run) {
		return usagef("iamgate conformance: --run %q matches none of the %d cases; "+
			"it is matched against \"file: name\"", cfg.run, len(cases))
	}
	skip, err := loadConformanceSkipList(cfg)
	if err != nil {
		return err
	}
	r, err := conformance.NewRunner(conformance.Options{
		Endpoint: cfg.endpoint, Region: cfg.region, Run: cfg.run, Skip: skip, DataDir: cfg.dataDir,
	})
	if err != nil {
		return fmt.Errorf("iamgate conformance: %w", err)
	}
	defer r.Close()

	rep := r.Run(ctx, cases)
	if rep.Unreachable != nil {
		return fmt.Errorf("iamgate conformance: %w", rep.Unreachable)
	}
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

// loadConformanceCases loads the cases under paths, or the built-in
// suite when there are none. A problem in a case file is a usage error.
func loadConformanceCases(paths []string) ([]*conformance.Case, error) {
	var cases []*conformance.Case
	var err error
	if len(paths) == 0 {
		cases, err = conformance.LoadFS(conformance.Suite, ".")
	} else {
		cases, err = conformance.LoadDirs(paths...)
	}
	if err == nil {
		return cases, nil
	}
	var le *conformance.LoadError
	if errors.As(err, &le) {
		return nil, &usageError{msg: le.Error()}
	}
	return nil, usagef("iamgate %v", err)
}

// loadConformanceSkipList returns the skip list for the run: --skip when
// given, the built-in list for the built-in suite, and otherwise the
// skip.yaml of the suite each path belongs to, if any.
func loadConformanceSkipList(cfg *conformanceConfig) (*conformance.SkipList, error) {
	var files []string
	switch {
	case cfg.skip != "":
		files = []string{cfg.skip}
	case len(cfg.paths) == 0:
		skip, err := conformance.EmbeddedSkipList()
		if err != nil {
			return nil, fmt.Errorf("iamgate %w", err)
		}
		return skip, nil
	default:
		for _, p := range cfg.paths {
			f, err := conformance.FindSkipList(p)
			if err != nil {
				return nil, fmt.Errorf("iamgate %w", err)
			}
			if f != "" && !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
	}
	var lists []*conformance.SkipList
	for _, f := range files {
		l, err := conformance.LoadSkipList(f)
		var se *conformance.SkipListError
		switch {
		case errors.As(err, &se):
			return nil, &usageError{msg: se.Error()}
		case err != nil:
			return nil, usagef("iamgate %v", err)
		}
		lists = append(lists, l)
	}
	return conformance.MergeSkipLists(lists...), nil
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
