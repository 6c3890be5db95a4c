package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/conformance"
	"github.com/iamgate/iamgate/evaluator"
)

const evalUsage = `usage: iamgate eval CASE.yaml|- [--output text|json] [--trace] [--case NAME]

Decides the request of an evaluation case (the conformance case format,
YAML or JSON; - reads stdin) and explains the decision. The exit status
is 0 whatever the decision, 2 for invalid input.

Flags:
`

// maxCaseBytes bounds the case file eval reads.
const maxCaseBytes = 8 << 20

type evalConfig struct {
	path   string
	output string
	trace  bool
	name   string
}

func parseEvalArgs(args []string, helpOut io.Writer) (*evalConfig, error) {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	cfg := &evalConfig{}
	fs.StringVar(&cfg.output, "output", "text", "output `format`: text or json")
	fs.BoolVar(&cfg.trace, "trace", false, "also show every statement: action, resource, principal and each condition")
	fs.StringVar(&cfg.name, "case", "", "`NAME` of the case to evaluate when the file contains a list of cases")
	pos, err := parseInterleaved(fs, args, evalUsage, helpOut)
	if err != nil {
		return nil, err
	}
	switch {
	case len(pos) == 0:
		return nil, usagef("iamgate eval: missing CASE: name a case file, or - for stdin")
	case len(pos) > 1:
		return nil, usagef("iamgate eval: %d case files given; evaluate one at a time", len(pos))
	}
	cfg.path = pos[0]
	if strings.HasSuffix(cfg.path, conformance.WorldSuffix) {
		return nil, usagef("iamgate eval: %s is a world file, and eval takes a case file; "+
			"run a world with iamgate serve --config %s", cfg.path, cfg.path)
	}
	if cfg.output != "text" && cfg.output != "json" {
		return nil, usagef("iamgate eval: invalid --output %q: use text or json", cfg.output)
	}
	return cfg, nil
}

// runEval runs `iamgate eval`.
func runEval(_ context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseEvalArgs(args, stdout)
	if err != nil {
		return err
	}
	c, err := loadEvalCase(cfg)
	if err != nil {
		return err
	}
	d, err := conformance.Evaluate(c, evaluator.Options{Trace: cfg.trace})
	if err != nil {
		return usagef("iamgate eval: %s: case %s: %v", c.File, printable(c.Name), err)
	}
	if cfg.output == "json" {
		return writeEvalJSON(stdout, c, d, cfg.trace)
	}
	return writeEvalText(stdout, c, d, cfg.trace)
}

// loadEvalCase reads the file and returns its one evaluation case. Every
// problem with the input is a *usageError, so it exits with status 2.
func loadEvalCase(cfg *evalConfig) (*conformance.Case, error) {
	name, dir := cfg.path, filepath.Dir(cfg.path)
	var data []byte
	var err error
	if cfg.path == "-" {
		name, dir = "<stdin>", "."
		data, err = io.ReadAll(io.LimitReader(os.Stdin, maxCaseBytes+1))
	} else {
		data, err = readLimited(cfg.path, maxCaseBytes)
	}
	if err != nil {
		return nil, &usageError{msg: "iamgate eval: " + err.Error()}
	}
	if len(data) > maxCaseBytes {
		return nil, usagef("iamgate eval: %s: case file larger than %d bytes", name, maxCaseBytes)
	}
	cases, err := conformance.Parse(name, dir, data)
	if err != nil {
		var le *conformance.LoadError
		if errors.As(err, &le) {
			return nil, &usageError{msg: le.Error()}
		}
		return nil, usagef("iamgate eval: %s: %v", name, err)
	}
	return pickEvalCase(name, cases, cfg.name)
}

func pickEvalCase(file string, cases []*conformance.Case, name string) (*conformance.Case, error) {
	var c *conformance.Case
	switch {
	case name != "":
		for _, x := range cases {
			if x.Name == name {
				c = x
			}
		}
		if c == nil {
			return nil, usagef("iamgate eval: %s: no case named %q", file, name)
		}
	case len(cases) == 1:
		c = cases[0]
	default:
		return nil, usagef("iamgate eval: %s: the file contains %d cases; choose one with --case NAME", file, len(cases))
	}
	if c.Kind != conformance.KindEvaluation {
		return nil, &usageError{msg: fmt.Sprintf("%s:%d:%d: case %s is a %s case; run it with iamgate conformance",
			file, c.Pos.Line, c.Pos.Column, c.Name, c.Kind)}
	}
	return c, nil
}

// accessDeniedMessage returns the AccessDenied message AWS sends for a
// denied request.
func accessDeniedMessage(c *conformance.Case, d evaluator.Decision) string {
	return fmt.Sprintf("User: %s is not authorized to perform: %s on resource: %s %s",
		c.Request.Principal.ARN, c.Request.Action, c.Request.Resource, d.DenyReason(c.Request.Action))
}

func writeEvalText(w io.Writer, c *conformance.Case, d evaluator.Decision, trace bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Case:       %s\n", printable(c.Name))
	fmt.Fprintf(&b, "Request:    %s %s on %s\n",
		printable(c.Request.Principal.ARN), printable(c.Request.Action), printable(c.Request.Resource))

	fmt.Fprintf(&b, "Decision:   %s\n", d.Outcome)
	if d.DecidedBy != "" {
		fmt.Fprintf(&b, "Decided by: %s (%s)\n", d.DecidedBy, typeWords[d.DecidedBy])
	}
	if len(d.NotAllowedBy) > 0 {
		fmt.Fprintf(&b, "Not allowed by: %s\n", joinTypes(d.NotAllowedBy))
	}
	if d.Outcome != evaluator.Allow {
		fmt.Fprintf(&b, "AWS message: %s\n", printable(accessDeniedMessage(c, d)))
	}

	if len(d.Statements) > 0 {
		b.WriteString("Deciding statements:\n")
		for _, s := range d.Statements {
			fmt.Fprintf(&b, "  %s\n", statementLabel(s))
		}
	}

	if c.Expect.Decision != "" {
		verdict := "matches"
		if c.Expect.Decision != d.Outcome.String() {
			verdict = "does not match"
		}
		fmt.Fprintf(&b, "Expected:   %s (%s; source: %s)\n", c.Expect.Decision, verdict, printable(c.Source))
	}
	if trace {
		writeTrace(&b, d.Trace)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// typeWords are the policy type names AWS uses in messages.
var typeWords = map[evaluator.PolicyType]string{
	evaluator.TypeSCP:         "service control policy",
	evaluator.TypeRCP:         "resource control policy",
	evaluator.TypeIdentity:    "identity-based policy",
	evaluator.TypeResource:    "resource-based policy",
	evaluator.TypeBoundary:    "permissions boundary",
	evaluator.TypeSession:     "session policy",
	evaluator.TypeVPCEndpoint: "VPC endpoint policy",
}

func joinTypes(types []evaluator.PolicyType) string {
	s := make([]string, len(types))
	for i, t := range types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

func statementLabel(s evaluator.StatementRef) string {
	label := fmt.Sprintf("%s policy %q, statement %d (%s", s.Type, s.Policy, s.Index, s.Effect)
	if s.Sid != "" {
		label += ", Sid " + printable(s.Sid)
	}
	return label + ")"
}

func writeTrace(b *strings.Builder, trace []evaluator.StatementTrace) {
	b.WriteString("Trace:\n")
	for _, t := range trace {
		verdict := "does not apply"
		if t.Applies {
			verdict = "applies"
		}
		fmt.Fprintf(b, "  %s: %s\n", statementLabel(t.Statement), verdict)
		fmt.Fprintf(b, "    action %s, resource %s, principal %s\n",
			matched(t.ActionMatched), matched(t.ResourceMatched), matched(t.PrincipalMatched))
		for _, c := range t.Conditions {
			fmt.Fprintf(b, "    %s %s: request %s, policy %s -> %t%s\n",
				printable(c.Operator), printable(c.Key), requestValues(c), valueList(policyValues(c)),
				c.Result, typeNote(c))
		}
	}
}

// printable returns s unchanged when every rune in it is printable, and
// otherwise s quoted as strconv.Quote does, so that escape sequences in a
// case name, Sid or principal cannot drive the terminal.
func printable(s string) string {
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func matched(ok bool) string {
	if ok {
		return "matched"
	}
	return "not matched"
}

func requestValues(c evaluator.ConditionTrace) string {
	if !c.Present && len(c.RequestValues) == 0 {
		if c.Multi {
			return "(empty set)"
		}
		return "(absent)"
	}
	return valueList(c.RequestValues)
}

func policyValues(c evaluator.ConditionTrace) []string {
	if len(c.ResolvedValues) > 0 {
		return c.ResolvedValues
	}
	return c.PolicyValues
}

func valueList(v []string) string {
	quoted := make([]string, len(v))
	for i, s := range v {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// typeNote explains an evaluation error: an Allow with the condition does
// not apply and a Deny with it does.
func typeNote(c evaluator.ConditionTrace) string {
	if !c.TypeError {
		return ""
	}
	if c.Error != "" {
		return " (evaluation error: " + c.Error + ")"
	}
	return " (evaluation error: a policy value did not parse as the operator's type)"
}

// evalJSON is the --output json object.
type evalJSON struct {
	Case         string                     `json:"case"`
	Decision     string                     `json:"decision"`
	DecidedBy    evaluator.PolicyType       `json:"decided_by,omitempty"`
	NotAllowedBy []evaluator.PolicyType     `json:"not_allowed_by,omitempty"`
	Message      string                     `json:"message,omitempty"`
	Statements   []evaluator.StatementRef   `json:"statements"`
	Expected     string                     `json:"expected,omitempty"`
	Matches      *bool                      `json:"matches_expected,omitempty"`
	Source       string                     `json:"source,omitempty"`
	Trace        []evaluator.StatementTrace `json:"trace,omitempty"`
}

func writeEvalJSON(w io.Writer, c *conformance.Case, d evaluator.Decision, trace bool) error {
	out := evalJSON{
		Case: c.Name, Decision: d.Outcome.String(), DecidedBy: d.DecidedBy,
		NotAllowedBy: d.NotAllowedBy, Statements: d.Statements, Source: c.Source,
	}
	if out.Statements == nil {
		out.Statements = []evaluator.StatementRef{}
	}
	if d.Outcome != evaluator.Allow {
		out.Message = accessDeniedMessage(c, d)
	}
	if c.Expect.Decision != "" {
		m := c.Expect.Decision == out.Decision
		out.Expected, out.Matches = c.Expect.Decision, &m
	}
	if trace {
		out.Trace = d.Trace
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
