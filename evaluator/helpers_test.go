package evaluator

import (
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// compileJSON parses and compiles a policy written as JSON text.
func compileJSON(t testing.TB, name, src string) *Policy {
	t.Helper()
	doc, err := policy.Parse([]byte(src))
	if err != nil {
		t.Fatalf("policy.Parse(%s): %v", name, err)
	}
	p, err := Compile(name, doc)
	if err != nil {
		t.Fatalf("Compile(%s): %v", name, err)
	}
	return p
}

// allowAll is an identity policy allowing every action on every resource.
const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// stmt wraps one statement in a 2012-10-17 policy document.
func stmt(s string) string {
	return `{"Version":"2012-10-17","Statement":[` + s + `]}`
}

const (
	testAccount = "111122223333"
	otherAcct   = "444455556666"
	userARN     = "arn:aws:iam::111122223333:user/alice"
	roleARN     = "arn:aws:iam::111122223333:role/app"
	sessionARN  = "arn:aws:sts::111122223333:assumed-role/app/s1"
	fedARN      = "arn:aws:sts::111122223333:federated-user/bob"
	rootARN     = "arn:aws:iam::111122223333:root"
	selfARN     = "arn:aws:sts::111122223333:self"
	bucketARN   = "arn:aws:s3:::bucket/key"
)

func userRequest(action, resource string) *Request {
	return &Request{Principal: PrincipalFromARN(userARN), Action: action, Resource: resource,
		Context: NewContext()}
}

// ctxValues describes a request context in tests: a string is a
// single-valued key and a []string a multi-valued one.
type ctxValues map[string]any

func (v ctxValues) context() *Context {
	c := NewContext()
	for k, val := range v {
		switch x := val.(type) {
		case string:
			c.Set(k, x)
		case []string:
			c.SetMulti(k, x)
		default:
			panic("ctxValues: value must be string or []string")
		}
	}
	return c
}

// condWant is the expected result of a condition block.
type condWant uint8

const (
	isFalse condWant = iota
	isTrue
	// isTypeError: a value does not parse, so an Allow does not apply and
	// a Deny does.
	isTypeError
)

func (w condWant) String() string {
	return [...]string{"false", "true", "type error"}[w]
}

// checkCondition evaluates a Condition block twice, in an Allow statement
// and in a Deny statement, and checks both against want.
func checkCondition(t *testing.T, condition string, ctx ctxValues, want condWant) {
	t.Helper()
	req := userRequest("s3:GetObject", bucketARN)
	req.Context = ctx.context()

	allow := compileJSON(t, "allow", stmt(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",`+
		`"Condition":`+condition+`}`))
	gotAllow := Evaluate(&PolicySet{Identity: []*Policy{allow}}, req, Options{}).Outcome == Allow
	if wantAllow := want == isTrue; gotAllow != wantAllow {
		t.Errorf("Allow statement with %s applies = %v, want %v (condition %s)",
			condition, gotAllow, wantAllow, want)
	}

	deny := compileJSON(t, "deny", stmt(`{"Effect":"Deny","Action":"s3:GetObject","Resource":"*",`+
		`"Condition":`+condition+`}`))
	all := compileJSON(t, "all", allowAll)
	d := Evaluate(&PolicySet{Identity: []*Policy{all, deny}}, req, Options{})
	gotDeny := d.Outcome == ExplicitDeny
	if wantDeny := want != isFalse; gotDeny != wantDeny {
		t.Errorf("Deny statement with %s applies = %v, want %v (condition %s)",
			condition, gotDeny, wantDeny, want)
	}
}
