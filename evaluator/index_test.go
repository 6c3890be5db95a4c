package evaluator

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestActionIndexMatchesScan compares decisions of an indexed policy with
// the same policy scanned statement by statement.
func TestActionIndexMatchesScan(t *testing.T) {
	var stmts []string
	for i := 0; i < 40; i++ {
		var action string
		switch i % 5 {
		case 0:
			action = fmt.Sprintf(`"Action":"svc%d:Get*"`, i%7)
		case 1:
			action = fmt.Sprintf(`"NotAction":"svc%d:*"`, i%7)
		case 2:
			action = `"Action":"*:List*"`
		case 3:
			action = fmt.Sprintf(`"Action":["svc%d:Put*","SVC%d:Delete*"]`, i%7, (i+1)%7)
		default:
			action = fmt.Sprintf(`"Action":"svc%d:Describe%d"`, i%7, i)
		}
		effect := "Allow"
		if i%9 == 0 {
			effect = "Deny"
		}
		stmts = append(stmts, fmt.Sprintf(`{"Effect":"%s",%s,"Resource":"arn:aws:s3:::r%d/*"}`, effect, action, i%3))
	}
	indexed := compileJSON(t, "indexed", `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	if indexed.index == nil {
		t.Fatal("policy of 40 statements has no action index")
	}
	scanned := compileJSON(t, "scanned", `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	scanned.index = nil

	actions := []string{"svc0:GetX", "SVC3:getx", "svc1:ListThings", "other:ListAll", "svc2:PutA",
		"svc4:DeleteB", "svc5:Describe14", "svc6:Other", "unknown:Thing", "noservice",
		strings.Repeat("x", 70) + ":GetLong"}
	for _, action := range actions {
		for _, resource := range []string{"arn:aws:s3:::r0/a", "arn:aws:s3:::r1/a", "arn:aws:s3:::r2/a"} {
			req := userRequest(action, resource)
			got := Evaluate(&PolicySet{Identity: []*Policy{indexed}}, req, Options{})
			want := Evaluate(&PolicySet{Identity: []*Policy{scanned}}, req, Options{})
			if got.Outcome != want.Outcome || got.DecidedBy != want.DecidedBy {
				t.Errorf("%s on %s: indexed %v by %s, scanned %v by %s",
					action, resource, got.Outcome, got.DecidedBy, want.Outcome, want.DecidedBy)
			}
		}
	}
}

// TestEvaluateConcurrent runs decisions on shared policies from several
// goroutines; run it with -race to check that Policy is safe to share.
func TestEvaluateConcurrent(t *testing.T) {
	set := realisticSet(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := realisticRequest()
			for i := 0; i < 200; i++ {
				if d := Evaluate(set, req, Options{Trace: i%2 == 0}); d.Outcome != Allow {
					t.Errorf("Evaluate = %v, want Allow", d.Outcome)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEvaluateNilRequest(t *testing.T) {
	if d := Evaluate(nil, nil, Options{}); d.Outcome != ImplicitDeny {
		t.Errorf("Evaluate(nil, nil) = %v, want ImplicitDeny", d.Outcome)
	}
}
