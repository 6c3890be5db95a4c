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
