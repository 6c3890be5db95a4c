package conformance

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

// Status is the outcome of one case.
type Status string

// Case outcomes.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Result is the outcome of one case. Reason explains why a case failed
// ("expected X, got Y") or was skipped.
type Result struct {
	Case     *Case
	Status   Status
	Reason   string
	Duration time.Duration

	// Err is the error behind a failure, or nil when the case ran and
	// its outcome differed from the expected one.
	Err error
}

// Options configures a Runner.
type Options struct {
	// Endpoint is the URL of an STS-compatible endpoint. Empty means the
	// in-process target: token, discovery and JWKS cases run against an
	// issuer built in this process from each case's world.
	Endpoint string

	// Region is the region the HTTP target signs for; empty means
	// us-east-1.
	Region string

	// Run selects the cases whose ID ("file: name") it matches; nil runs
	// every case.
	Run *regexp.Regexp

	// Skip lists cases to skip, each with its reason; nil skips none.
	Skip *SkipList

	// DataDir is the directory for the keys and federation state of each
	// in-process world. Empty means a temporary directory that Close
	// removes.
	DataDir string
}

// Runner runs cases against one target. Evaluation cases always run
// against the in-process evaluator, because the STS API has no operation
// that evaluates an arbitrary policy set.
type Runner struct {
	opts   Options
	target issuerTarget
	cel    *celEnv
}

// NewRunner returns a Runner for opts. Call Close when done.
func NewRunner(opts Options) (*Runner, error) {
	env, err := newCELEnv()
	if err != nil {
		return nil, err
	}
	r := &Runner{opts: opts, cel: env}
	if opts.Endpoint != "" {
		r.target, err = newHTTPTarget(opts.Endpoint, opts.Region)
	} else {
		r.target, err = newLocalTarget(opts.DataDir)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Close releases what the target holds: temporary data directories.
func (r *Runner) Close() error { return r.target.Close() }

// TargetName returns "in-process" or the endpoint URL.
func (r *Runner) TargetName() string { return r.target.Name() }

// Run runs cases in order and returns the report.
func (r *Runner) Run(ctx context.Context, cases []*Case) *Report {
	rep := &Report{Target: r.target.Name()}
	probed := false
	for _, c := range cases {
		if r.opts.Run != nil && !r.opts.Run.MatchString(c.ID()) {
			continue
		}
		res := r.RunCase(ctx, c)
		if r.opts.Endpoint != "" && c.Kind != KindEvaluation && res.Status != Skipped && !probed {
			probed = true
			if IsConnectionError(res.Err) {
				rep.Unreachable = &UnreachableError{Endpoint: r.opts.Endpoint, Err: res.Err}
				return rep
			}
		}
		rep.add(res)
	}
	rep.Notes = r.notes(rep)
	return rep
}

// notes returns the report lines that name where the cases ran, when an
// endpoint split them between two targets.
func (r *Runner) notes(rep *Report) []string {
	if r.opts.Endpoint == "" {
		return nil
	}
	var evaluation, issuer bool
	for _, res := range rep.Results {
		if res.Status == Skipped {
			continue
		}
		evaluation = evaluation || res.Case.Kind == KindEvaluation
		issuer = issuer || res.Case.Kind != KindEvaluation
	}
	switch {
	case evaluation && issuer:
		return []string{"evaluation cases ran in-process; issuer cases ran against " + r.opts.Endpoint}
	case evaluation:
		return []string{"evaluation cases ran in-process"}
	case issuer:
		return []string{"issuer cases ran against " + r.opts.Endpoint}
	}
	return nil
}

// RunCase runs one case, honouring the skip list but not Options.Run.
func (r *Runner) RunCase(ctx context.Context, c *Case) Result {
	if reason, ok := r.opts.Skip.Lookup(c, r.target.Kind()); ok {
		return Result{Case: c, Status: Skipped, Reason: reason}
	}
	start := time.Now()
	var err error
	switch c.Kind {
	case KindEvaluation:
		err = runEvaluation(c)
	case KindToken:
		err = r.runToken(ctx, c)
	case KindDiscovery, KindJWKS:
		err = r.runDocument(ctx, c)
	default:
		err = fmt.Errorf("unknown case kind %q", c.Kind)
	}
	res := Result{Case: c, Status: Passed, Duration: time.Since(start)}
	if err != nil {
		res.Status, res.Reason, res.Err = Failed, err.Error(), err
	}
	return res
}

// Evaluate compiles the case's policies and decides its request with the
// in-process evaluator.
func Evaluate(c *Case, opts evaluator.Options) (evaluator.Decision, error) {
	set, err := c.Policies.Compile()
	if err != nil {
		return evaluator.Decision{}, err
	}
	req := evaluator.Request{
		Principal:       c.Request.Principal,
		Action:          c.Request.Action,
		Resource:        c.Request.Resource,
		ResourceAccount: c.Request.ResourceAccount,
		Context:         c.Request.Context,
	}
	return evaluator.Evaluate(set, &req, opts), nil
}

func runEvaluation(c *Case) error {
	if c.Expect.Decision == "" {
		return errors.New("no expected decision; add expect.decision")
	}
	d, err := Evaluate(c, evaluator.Options{})
	if err != nil {
		return err
	}
	got := d.Outcome.String()
	if got != c.Expect.Decision {
		return fmt.Errorf("expected %s, got %s%s", c.Expect.Decision, got, decidedBy(d))
	}
	if c.Expect.DecidedBy != "" && string(d.DecidedBy) != c.Expect.DecidedBy {
		return fmt.Errorf("expected %s decided by %s, got %s decided by %s",
			c.Expect.Decision, c.Expect.DecidedBy, got, d.DecidedBy)
	}
	return nil
}

func decidedBy(d evaluator.Decision) string {
	if d.DecidedBy == "" {
		return ""
	}
	return " (decided by " + string(d.DecidedBy) + ")"
}

// Compile compiles every policy into an evaluator.PolicySet.
func (p *Policies) Compile() (*evaluator.PolicySet, error) {
	set := &evaluator.PolicySet{ManagementAccount: p.ManagementAccount}
	var err error
	if set.SCP, err = compileLevels(p.SCP); err != nil {
		return nil, err
	}
	if set.RCP, err = compileLevels(p.RCP); err != nil {
		return nil, err
	}
	if set.Identity, err = compileList(p.Identity); err != nil {
		return nil, err
	}
	if set.Session, err = compileList(p.Session); err != nil {
		return nil, err
	}
	if set.VPCEndpoint, err = compileList(p.VPCEndpoint); err != nil {
		return nil, err
	}
	if p.Resource != nil {
		if set.Resource, err = compileOne(*p.Resource); err != nil {
			return nil, err
		}
	}
	if p.Boundary != nil {
		if set.Boundary, err = compileOne(*p.Boundary); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func compileLevels(levels [][]NamedPolicy) ([][]*evaluator.Policy, error) {
	if levels == nil {
		return nil, nil
	}
	out := make([][]*evaluator.Policy, len(levels))
	for i, level := range levels {
		list, err := compileList(level)
		if err != nil {
			return nil, err
		}
		if list == nil {
			list = []*evaluator.Policy{}
		}
		out[i] = list
	}
	return out, nil
}

func compileList(list []NamedPolicy) ([]*evaluator.Policy, error) {
	if list == nil {
		return nil, nil
	}
	out := make([]*evaluator.Policy, 0, len(list))
	for _, np := range list {
		p, err := compileOne(np)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func compileOne(np NamedPolicy) (*evaluator.Policy, error) {
	p, err := evaluator.Compile(np.Name, np.Document)
	if err != nil {
		return nil, fmt.Errorf("compiling policy %s failed: %w", np.Name, err)
	}
	return p, nil
}
