package evaluator

import (
	"fmt"
	"testing"
)

// Policy values of Numeric, Date and IP operators that do not parse.
//
// Session policies follow live AWS observations in
// github.com/radkawar/stackd, testdata/aws/iam/condition_values.json
// (captured 2026-09-12). There, NumericNotEquals "NaN", DateNotEquals
// "not-a-date" and NotIpAddress "not-an-ip" were true for a valid request
// value in an Allow and in a Deny statement of a session policy.
// DateEquals "not-a-date" and IpAddress "not-an-ip" were true in neither.
// The same file shows IAM rejecting these values with
// MalformedPolicyDocument when it stores an identity-based policy, so AWS
// never evaluates them there.
//
// decision (docs/semantics.md, "Conditions"): in every other policy type
// such a value is an evaluation error, whatever the request. An Allow
// with it does not apply and a Deny with it applies. Operator page:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

// badValueFamily is an operator family with a policy value that does not
// parse and a request value that does.
type badValueFamily struct {
	name     string
	positive string // operator
	negated  string // the negated operator
	key      string
	bad      string // policy value
	good     string // a second policy value that parses
	request  string // request value
}

var badValueFamilies = []badValueFamily{
	{"Numeric", "NumericLessThan", "NumericNotEquals", "sts:DurationSeconds", "abc", "900", "3600"},
	{"Date", "DateEquals", "DateNotEquals", "aws:CurrentTime", "not-a-date", "2020-01-01T00:00:00Z",
		"2030-01-01T00:00:00Z"},
	{"IP", "IpAddress", "NotIpAddress", "aws:SourceIp", "not-an-ip", "198.51.100.0/24", "192.0.2.1"},
}

// badValueForm is one way of writing the condition. session is whether the
// condition is true in a session policy, as AWS evaluates it.
type badValueForm struct {
	name    string
	op      func(f badValueFamily) string
	ctx     func(f badValueFamily) ctxValues
	session bool
}

func oneRequestValue(f badValueFamily) ctxValues { return ctxValues{f.key: f.request} }

func twoRequestValues(f badValueFamily) ctxValues {
	return ctxValues{f.key: []string{f.request, f.request}}
}

var badValueForms = []badValueForm{
	{"plain", func(f badValueFamily) string { return f.positive }, oneRequestValue, false},
	{"negated", func(f badValueFamily) string { return f.negated }, oneRequestValue, true},
	{"IfExists present", func(f badValueFamily) string { return f.negated + "IfExists" }, oneRequestValue, true},
	{"IfExists absent", func(f badValueFamily) string { return f.negated + "IfExists" },
		func(badValueFamily) ctxValues { return ctxValues{} }, true},
	{"ForAllValues", func(f badValueFamily) string { return "ForAllValues:" + f.negated }, twoRequestValues, true},
	{"ForAnyValue", func(f badValueFamily) string { return "ForAnyValue:" + f.positive }, twoRequestValues, false},
	{"ForAnyValue negated", func(f badValueFamily) string { return "ForAnyValue:" + f.negated }, twoRequestValues, true},
}

// sessionRequest is a role session calling s3:GetObject with ctx.
func sessionRequest(ctx ctxValues) *Request {
	return &Request{Principal: PrincipalFromARN(sessionARN), Action: "s3:GetObject", Resource: bucketARN,
		Context: ctx.context()}
}

// decideWithCondition evaluates one statement with condition, of effect,
// in a policy of type typ: an identity-based or a session policy. A Deny
// statement shares its policy with a statement that allows everything.
func decideWithCondition(t *testing.T, typ PolicyType, effect, condition string, req *Request) Outcome {
	t.Helper()
	doc := `{"Effect":"` + effect + `","Action":"s3:GetObject","Resource":"*","Condition":` + condition + `}`
	if effect == "Deny" {
		doc = `{"Effect":"Allow","Action":"*","Resource":"*"},` + doc
	}
	p := compileJSON(t, "under-test", stmt(doc))
	set := &PolicySet{Identity: []*Policy{p}}
	if typ == TypeSession {
		set = &PolicySet{Identity: []*Policy{compileJSON(t, "all", allowAll)}, Session: []*Policy{p}}
	}
	return Evaluate(set, req, Options{}).Outcome
}

func TestUnparsablePolicyValues(t *testing.T) {
	for _, f := range badValueFamilies {
		for _, form := range badValueForms {
			// The bad value comes second, so a valid first value that
			// does not match cannot hide it.
			cond := fmt.Sprintf(`{%q:{%q:[%q,%q]}}`, form.op(f), f.key, f.good, f.bad)
			tests := []struct {
				typ    PolicyType
				effect string
				want   Outcome
			}{
				{TypeIdentity, "Allow", ImplicitDeny},
				{TypeIdentity, "Deny", ExplicitDeny},
				{TypeSession, "Allow", ifOutcome(form.session, Allow, ImplicitDeny)},
				{TypeSession, "Deny", ifOutcome(form.session, ExplicitDeny, Allow)},
			}
			for _, tt := range tests {
				name := fmt.Sprintf("%s %s %s %s", f.name, form.name, tt.typ, tt.effect)
				t.Run(name, func(t *testing.T) {
					got := decideWithCondition(t, tt.typ, tt.effect, cond, sessionRequest(form.ctx(f)))
					if got != tt.want {
						t.Errorf("%s statement with %s in a %s policy: Outcome = %v, want %v",
							tt.effect, cond, tt.typ, got, tt.want)
					}
				})
			}
		}
	}
}

func ifOutcome(cond bool, yes, no Outcome) Outcome {
	if cond {
		return yes
	}
	return no
}

// TestObservedPolicyValues reproduces the session policy observations
// with malformed policy values in condition_values.json, row by row:
// whether the condition was true in an Allow and in a Deny statement.
func TestObservedPolicyValues(t *testing.T) {
	tests := []struct {
		op, key, policy, request string
		wantTrue                 bool
	}{
		{"NumericEquals", "aws:RequestTag/value", "NaN", "1", false},
		{"NumericEquals", "aws:RequestTag/value", "NaN", "no-number", false},
		{"NumericNotEquals", "aws:RequestTag/value", "NaN", "1", true},
		{"NumericNotEquals", "aws:RequestTag/value", "NaN", "no-number", true},
		{"DateEquals", "aws:RequestTag/value", "not-a-date", "2030-01-01T00:00:00Z", false},
		{"DateEquals", "aws:RequestTag/value", "not-a-date", "not-a-date", false},
		{"DateNotEquals", "aws:RequestTag/value", "not-a-date", "2030-01-01T00:00:00Z", true},
		{"DateNotEquals", "aws:RequestTag/value", "not-a-date", "not-a-date", true},
		{"IpAddress", "aws:RequestTag/value", "not-an-ip", "192.0.2.1", false},
		{"IpAddress", "aws:RequestTag/value", "not-an-ip", "not-an-ip", false},
		{"NotIpAddress", "aws:RequestTag/value", "not-an-ip", "192.0.2.1", true},
		// A request value that is not an address makes NotIpAddress false
		// before the policy value is read.
		{"NotIpAddress", "aws:RequestTag/value", "not-an-ip", "not-an-ip", false},
	}
	for _, tt := range tests {
		cond := fmt.Sprintf(`{%q:{%q:%q}}`, tt.op, tt.key, tt.policy)
		t.Run(tt.op+" "+tt.request, func(t *testing.T) {
			req := sessionRequest(ctxValues{tt.key: tt.request})
			allow := decideWithCondition(t, TypeSession, "Allow", cond, req)
			if want := ifOutcome(tt.wantTrue, Allow, ImplicitDeny); allow != want {
				t.Errorf("session Allow with %s, request %q: Outcome = %v, want %v", cond, tt.request, allow, want)
			}
			deny := decideWithCondition(t, TypeSession, "Deny", cond, req)
			if want := ifOutcome(tt.wantTrue, ExplicitDeny, Allow); deny != want {
				t.Errorf("session Deny with %s, request %q: Outcome = %v, want %v", cond, tt.request, deny, want)
			}
		})
	}
}

// TestUnparsablePolicyValueEachType checks that every policy type except
// session policies treats a malformed policy value as an error: a Deny
// with NumericLessThan "abc" applies in each of them.
func TestUnparsablePolicyValueEachType(t *testing.T) {
	const deny = `{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*",` +
		`"Condition":{"NumericLessThan":{"s3:max-keys":"abc"}}}`
	const allowStmt = `{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`
	const allowNoPrincipal = `{"Effect":"Allow","Action":"*","Resource":"*"}`
	const denyNoPrincipal = `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*",` +
		`"Condition":{"NumericLessThan":{"s3:max-keys":"abc"}}}`

	tests := []struct {
		typ  PolicyType
		want Outcome
	}{
		{TypeSCP, ExplicitDeny},
		{TypeRCP, ExplicitDeny},
		{TypeIdentity, ExplicitDeny},
		{TypeResource, ExplicitDeny},
		{TypeBoundary, ExplicitDeny},
		{TypeVPCEndpoint, ExplicitDeny},
		{TypeSession, Allow},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			withPrincipal := compileJSON(t, "p", stmt(allowStmt+","+deny))
			withoutPrincipal := compileJSON(t, "p", stmt(allowNoPrincipal+","+denyNoPrincipal))
			all := compileJSON(t, "all", allowAll)
			set := &PolicySet{Identity: []*Policy{all}}
			switch tt.typ {
			case TypeSCP:
				set.SCP = [][]*Policy{{withoutPrincipal}}
			case TypeRCP:
				set.RCP = [][]*Policy{{withPrincipal}}
			case TypeIdentity:
				set.Identity = []*Policy{withoutPrincipal}
			case TypeResource:
				set.Resource = withPrincipal
			case TypeBoundary:
				set.Boundary = withoutPrincipal
			case TypeVPCEndpoint:
				set.VPCEndpoint = []*Policy{withPrincipal}
			case TypeSession:
				set.Session = []*Policy{withoutPrincipal}
			}
			req := sessionRequest(ctxValues{"s3:max-keys": "5"})
			d := Evaluate(set, req, Options{})
			if d.Outcome != tt.want {
				t.Errorf("Deny with NumericLessThan \"abc\" in a %s policy: Outcome = %v, want %v",
					tt.typ, d.Outcome, tt.want)
			}
			if tt.want == ExplicitDeny && d.DecidedBy != tt.typ {
				t.Errorf("DecidedBy = %v, want %v", d.DecidedBy, tt.typ)
			}
		})
	}
}

// TestUnparsablePolicyValueToken is the reported case: an identity-based
// policy that allows sts:GetWebIdentityToken unless sts:DurationSeconds
// equals "abc" must not allow every request.
func TestUnparsablePolicyValueToken(t *testing.T) {
	p := compileJSON(t, "app", stmt(`{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
		"Condition":{"NumericNotEquals":{"sts:DurationSeconds":"abc"}}}`))
	req := tokenRequest(WebIdentityParams{Audiences: []string{"https://api.example.com"},
		SigningAlgorithm: "ES384", DurationSeconds: 900})
	d := Evaluate(&PolicySet{Identity: []*Policy{p}}, req, Options{Trace: true})
	if d.Outcome != ImplicitDeny {
		t.Errorf("Outcome = %v, want ImplicitDeny", d.Outcome)
	}
	if len(d.Trace) != 1 || len(d.Trace[0].Conditions) != 1 {
		t.Fatalf("Trace = %+v, want one statement with one condition", d.Trace)
	}
	c := d.Trace[0].Conditions[0]
	if !c.TypeError {
		t.Errorf("condition TypeError = false, want true")
	}
	if want := `policy value "abc" is not a number`; c.Error != want {
		t.Errorf("condition Error = %q, want %q", c.Error, want)
	}
}

func TestConditionErrorReason(t *testing.T) {
	tests := []struct {
		name string
		typ  PolicyType
		cond string
		ctx  ctxValues
		want string // "" for no error
	}{
		{"number", TypeIdentity, `{"NumericNotEquals":{"s3:max-keys":["1","abc"]}}`,
			ctxValues{"s3:max-keys": "5"}, `policy value "abc" is not a number`},
		{"date", TypeIdentity, `{"DateLessThan":{"aws:CurrentTime":"2020-02-30"}}`,
			ctxValues{}, `policy value "2020-02-30" is not a date`},
		{"CIDR block", TypeIdentity, `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/33"}}`,
			ctxValues{"aws:SourceIp": "192.0.2.1"}, `policy value "203.0.113.0/33" is not an IP address or CIDR block`},
		{"ARN", TypeIdentity, `{"ArnLike":{"aws:SourceArn":"not-an-arn"}}`,
			ctxValues{"aws:SourceArn": bucketARN}, `policy value "not-an-arn" is not an ARN`},
		{"ARN variable", TypeIdentity, `{"ArnLike":{"aws:SourceArn":"${aws:PrincipalTag/arn}"}}`,
			ctxValues{"aws:SourceArn": bucketARN, "aws:PrincipalTag/arn": "bucket"},
			`policy value "${aws:PrincipalTag/arn}" resolves to "bucket", which is not an ARN`},
		{"base64", TypeIdentity, `{"BinaryEquals":{"k:bin":"no-binary"}}`,
			ctxValues{"k:bin": "YQ=="}, `policy value "no-binary" is not base64`},
		{"session number", TypeSession, `{"NumericNotEquals":{"s3:max-keys":"abc"}}`,
			ctxValues{"s3:max-keys": "5"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := compileJSON(t, "p", stmt(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",`+
				`"Condition":`+tt.cond+`}`))
			set := &PolicySet{Identity: []*Policy{p}}
			if tt.typ == TypeSession {
				set = &PolicySet{Identity: []*Policy{compileJSON(t, "all", allowAll)}, Session: []*Policy{p}}
			}
			d := Evaluate(set, sessionRequest(tt.ctx), Options{Trace: true})
			c := conditionTraceOf(t, d, "p")
			if c.TypeError != (tt.want != "") {
				t.Errorf("TypeError = %v, want %v", c.TypeError, tt.want != "")
			}
			if c.Error != tt.want {
				t.Errorf("Error = %q, want %q", c.Error, tt.want)
			}
		})
	}
}

// conditionTraceOf returns the only condition traced for policy name.
func conditionTraceOf(t *testing.T, d Decision, name string) ConditionTrace {
	t.Helper()
	for _, s := range d.Trace {
		if s.Statement.Policy == name && len(s.Conditions) == 1 {
			return s.Conditions[0]
		}
	}
	t.Fatalf("no statement of policy %q with one condition in trace %+v", name, d.Trace)
	return ConditionTrace{}
}

// TestUnparsablePolicyValueAllocs checks that an unparsable value costs no
// allocation on the request path: Compile recorded it.
func TestUnparsablePolicyValueAllocs(t *testing.T) {
	p := compileJSON(t, "p", stmt(`{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"*",
		 "Condition":{"NumericLessThan":{"s3:max-keys":"abc"}}}`))
	set := &PolicySet{Identity: []*Policy{p}}
	req := userRequest("s3:GetObject", bucketARN)
	req.Context.Set("s3:max-keys", "5")
	if got := Evaluate(set, req, Options{}).Outcome; got != ExplicitDeny {
		t.Fatalf("Outcome = %v, want ExplicitDeny", got)
	}
	if n := testing.AllocsPerRun(100, func() { Evaluate(set, req, Options{}) }); n != 0 {
		t.Errorf("Evaluate allocates %v times per run, want 0", n)
	}
}
