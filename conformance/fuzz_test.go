package conformance

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/iamgate/iamgate/evaluator"
)

// FuzzParse feeds case files to the loader, seeded with the issuer suite
// files and the examples. The generated evaluation files, at 20 to 175 KB,
// are too large to mutate usefully. The loader must not panic, every error
// must be a *LoadError, and every loaded case must have a name and a kind.
// Run it with a short -fuzzminimizetime: with the default of 60 s, the
// minimizing of one large input can stall the run for up to a minute.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"suite/issuer/*.yaml", "../examples/cases/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := Parse("fuzz.yaml", "testdata/fuzz-no-such-dir", data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse error %T %v, want a *LoadError", err, err)
			}
			return
		}
		for _, c := range cases {
			if c.Name == "" || c.Kind == "" {
				t.Fatalf("Parse accepted a case without name or kind: %+v", c)
			}
		}
	})
}

// FuzzEvaluateSuite runs the suite's evaluation cases with a fuzzed
// action, resource and one extra context key. Evaluation must not panic,
// a trace must not change the outcome, and an Allow must name the Allow
// statement that granted it.
func FuzzEvaluateSuite(f *testing.F) {
	all, err := LoadDirs("suite/eval")
	if err != nil {
		f.Fatal(err)
	}
	type compiledCase struct {
		c   *Case
		set *evaluator.PolicySet
	}
	var cases []compiledCase
	for _, c := range all {
		set, err := c.Policies.Compile()
		if err != nil {
			f.Fatalf("%s: %v", c.ID(), err)
		}
		cases = append(cases, compiledCase{c, set})
	}
	for i, cc := range cases {
		f.Add(uint16(i), cc.c.Request.Action, cc.c.Request.Resource, "aws:PrincipalTag/team", "finance")
	}
	f.Fuzz(func(t *testing.T, index uint16, action, resource, key, value string) {
		cc := cases[int(index)%len(cases)]
		ctx := cc.c.Request.Context.Clone()
		ctx.Set(key, value)
		req := &evaluator.Request{Principal: cc.c.Request.Principal, Action: action, Resource: resource,
			ResourceAccount: cc.c.Request.ResourceAccount, Context: ctx}
		d := evaluator.Evaluate(cc.set, req, evaluator.Options{})
		traced := evaluator.Evaluate(cc.set, req, evaluator.Options{Trace: true})
		if d.Outcome != traced.Outcome || d.DecidedBy != traced.DecidedBy {
			t.Fatalf("%s: %v by %s without trace, %v by %s with trace",
				cc.c.ID(), d.Outcome, d.DecidedBy, traced.Outcome, traced.DecidedBy)
		}
		for _, s := range d.Statements {
			if d.Outcome == evaluator.Allow && s.Effect != "Allow" {
				t.Fatalf("%s: Allow decided by statement %+v", cc.c.ID(), s)
			}
		}
	})
}
