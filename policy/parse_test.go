package policy

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// stmt wraps statement members into a 2012-10-17 document with one
// statement in an array.
func stmt(members string) string {
	return `{"Version":"2012-10-17","Statement":[{` + members + `}]}`
}

func mustParse(t *testing.T, src string) *Document {
	t.Helper()
	doc, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse(%q) error: %v", src, err)
	}
	return doc
}

func texts(values []Value) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v.Text
	}
	return out
}

func TestParseDocumentElements(t *testing.T) {
	tests := []struct {
		name        string
		src         string
		wantVersion string
		wantID      string
		wantArray   bool
		wantCount   int
	}{
		{"version 2012", `{"Version":"2012-10-17","Statement":[]}`, Version2012, "", true, 0},
		{"version 2008", `{"Version":"2008-10-17","Statement":[]}`, Version2008, "", true, 0},
		{"version absent", `{"Statement":[]}`, "", "", true, 0},
		{"id", `{"Id":"Policy1","Statement":[]}`, "", "Policy1", true, 0},
		{"statement object",
			`{"Statement":{"Effect":"Allow","Action":"*"}}`, "", "", false, 1},
		{"statement array of two",
			`{"Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Deny","Action":"*"}]}`,
			"", "", true, 2},
		{"byte order mark", "\uFEFF" + `{"Statement":[]}`, "", "", true, 0},
		{"surrounding whitespace", " \r\n\t" + `{"Statement":[]}` + "\n\n", "", "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.src)
			if doc.Version != tt.wantVersion {
				t.Errorf("Version = %q, want %q", doc.Version, tt.wantVersion)
			}
			if doc.ID != tt.wantID {
				t.Errorf("ID = %q, want %q", doc.ID, tt.wantID)
			}
			if doc.StatementIsArray != tt.wantArray {
				t.Errorf("StatementIsArray = %v, want %v", doc.StatementIsArray, tt.wantArray)
			}
			if len(doc.Statements) != tt.wantCount {
				t.Fatalf("len(Statements) = %d, want %d", len(doc.Statements), tt.wantCount)
			}
			for i, st := range doc.Statements {
				if st.Index != i {
					t.Errorf("Statements[%d].Index = %d, want %d", i, st.Index, i)
				}
			}
		})
	}
}

func TestParseStatementElements(t *testing.T) {
	doc := mustParse(t, `{"Statement":[`+
		`{"Sid":"One","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},`+
		`{"Sid":"","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":[]},`+
		`{"Effect":"Allow","Action":[]}]}`)
	one, two, three := doc.Statements[0], doc.Statements[1], doc.Statements[2]

	if one.Sid != "One" || !one.HasSid {
		t.Errorf("Sid = %q, HasSid = %v, want \"One\", true", one.Sid, one.HasSid)
	}
	if two.Sid != "" || !two.HasSid {
		t.Errorf("empty Sid: Sid = %q, HasSid = %v, want \"\", true", two.Sid, two.HasSid)
	}
	if three.HasSid {
		t.Errorf("absent Sid: HasSid = true, want false")
	}
	if one.Effect != Allow || two.Effect != Deny {
		t.Errorf("Effects = %v, %v, want Allow, Deny", one.Effect, two.Effect)
	}
	if got := one.Action; got.Not || got.IsArray || !reflect.DeepEqual(texts(got.Values),
		[]string{"s3:GetObject"}) {
		t.Errorf("Action = %+v, want the single value s3:GetObject", got)
	}
	if got := two.Action; !got.Not || !got.IsArray || !reflect.DeepEqual(texts(got.Values),
		[]string{"iam:*", "sts:*"}) {
		t.Errorf("NotAction = %+v, want [iam:* sts:*]", got)
	}
	if got := two.Action.Element("Action"); got != "NotAction" {
		t.Errorf("Element(Action) = %q, want NotAction", got)
	}
	if got := two.Resource; !got.Not || !got.IsArray || len(got.Values) != 0 {
		t.Errorf("NotResource = %+v, want an empty array", got)
	}
	if got := three.Action; !got.IsArray || len(got.Values) != 0 {
		t.Errorf("empty Action = %+v, want an empty array", got)
	}
	// A trust policy has no Resource: the parser accepts that and leaves
	// the policy-type rules to the evaluator and the linter.
	if three.Resource != nil || three.Principal != nil {
		t.Errorf("absent Resource and Principal = %+v, %+v, want nil", three.Resource, three.Principal)
	}
}

func TestParsePrincipal(t *testing.T) {
	type entry struct {
		typ     PrincipalType
		values  []string
		isArray bool
	}
	tests := []struct {
		name         string
		element      string
		wantNot      bool
		wantWildcard bool
		wantEntries  []entry
	}{
		{"wildcard", `"Principal":"*"`, false, true, nil},
		{"aws wildcard", `"Principal":{"AWS":"*"}`, false, false,
			[]entry{{PrincipalAWS, []string{"*"}, false}}},
		{"account id", `"Principal":{"AWS":"111122223333"}`, false, false,
			[]entry{{PrincipalAWS, []string{"111122223333"}, false}}},
		{"arns and unique id", `"Principal":{"AWS":["arn:aws:iam::111122223333:root",` +
			`"arn:aws:sts::111122223333:assumed-role/app/session","AIDAEXAMPLEUSERID1234"]}`,
			false, false, []entry{{PrincipalAWS, []string{"arn:aws:iam::111122223333:root",
				"arn:aws:sts::111122223333:assumed-role/app/session", "AIDAEXAMPLEUSERID1234"}, true}}},
		{"service", `"Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]}`,
			false, false, []entry{{PrincipalService,
				[]string{"ec2.amazonaws.com", "lambda.amazonaws.com"}, true}}},
		{"federated", `"Principal":{"Federated":"cognito-identity.amazonaws.com"}`, false, false,
			[]entry{{PrincipalFederated, []string{"cognito-identity.amazonaws.com"}, false}}},
		{"canonical user", `"Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbaced"}`,
			false, false, []entry{{PrincipalCanonicalUser,
				[]string{"79a59df900b949e55d96a1e698fbaced"}, false}}},
		{"several types in source order",
			`"Principal":{"Service":"s3.amazonaws.com","AWS":"111122223333"}`, false, false,
			[]entry{{PrincipalService, []string{"s3.amazonaws.com"}, false},
				{PrincipalAWS, []string{"111122223333"}, false}}},
		{"empty object", `"Principal":{}`, false, false, nil},
		{"not principal", `"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/admin"}`,
			true, false, []entry{{PrincipalAWS,
				[]string{"arn:aws:iam::111122223333:user/admin"}, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, stmt(`"Effect":"Allow","Action":"*",`+tt.element))
			p := doc.Statements[0].Principal
			if p == nil {
				t.Fatal("Principal = nil")
			}
			if p.Not != tt.wantNot {
				t.Errorf("Not = %v, want %v", p.Not, tt.wantNot)
			}
			if p.Wildcard != tt.wantWildcard {
				t.Errorf("Wildcard = %v, want %v", p.Wildcard, tt.wantWildcard)
			}
			var got []entry
			for _, e := range p.Entries {
				got = append(got, entry{e.Type, texts(e.Values), e.IsArray})
			}
			if !reflect.DeepEqual(got, tt.wantEntries) {
				t.Errorf("Entries = %+v, want %+v", got, tt.wantEntries)
			}
		})
	}
}

func TestParseCondition(t *testing.T) {
	doc := mustParse(t, stmt(`"Effect":"Allow","Action":"*","Condition":{`+
		`"StringEquals":{"aws:username":"alice","aws:PrincipalTag/team":["a","b"]},`+
		`"NumericLessThanEquals":{"sts:DurationSeconds":300},`+
		`"Bool":{"aws:SecureTransport":true},`+
		`"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["env",1.5e3,false]},`+
		`"ForAnyValue:StringEquals":{"sts:IdentityTokenAudience":[]},`+
		`"Null":{"aws:TokenIssueTime":"false"},`+
		`"IpAddress":{}}`))
	type cond struct {
		op      string
		kind    OpKind
		qual    SetQualifier
		ifExist bool
		key     string
		values  []string
		isArray bool
	}
	want := []cond{
		{"StringEquals", StringEquals, QualifierNone, false, "aws:username", []string{"alice"}, false},
		{"StringEquals", StringEquals, QualifierNone, false, "aws:PrincipalTag/team",
			[]string{"a", "b"}, true},
		{"NumericLessThanEquals", NumericLessThanEquals, QualifierNone, false,
			"sts:DurationSeconds", []string{"300"}, false},
		{"Bool", Bool, QualifierNone, false, "aws:SecureTransport", []string{"true"}, false},
		{"ForAllValues:StringLikeIfExists", StringLike, ForAllValues, true, "aws:TagKeys",
			[]string{"env", "1.5e3", "false"}, true},
		{"ForAnyValue:StringEquals", StringEquals, ForAnyValue, false,
			"sts:IdentityTokenAudience", []string{}, true},
		{"Null", Null, QualifierNone, false, "aws:TokenIssueTime", []string{"false"}, false},
	}
	var got []cond
	for _, c := range doc.Statements[0].Conditions {
		got = append(got, cond{c.Operator.Name, c.Operator.Kind, c.Operator.Qualifier,
			c.Operator.IfExists, c.Key, texts(c.Values), c.IsArray})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Conditions =\n%+v\nwant\n%+v", got, want)
	}
	if got := doc.Statements[0].ConditionPath; got != "$.Statement[0].Condition" {
		t.Errorf("ConditionPath = %q, want $.Statement[0].Condition", got)
	}
}

// TestParseEveryOperator parses each operator name of the IAM condition
// operator reference with and without IfExists and set qualifiers:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func TestParseEveryOperator(t *testing.T) {
	for k := StringEquals; k < opCount; k++ {
		names := []string{k.String(), "ForAllValues:" + k.String(), "ForAnyValue:" + k.String()}
		if k != Null {
			names = append(names, k.String()+"IfExists", "ForAnyValue:"+k.String()+"IfExists")
		}
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				doc := mustParse(t, stmt(`"Effect":"Allow","Action":"*","Condition":{"`+
					name+`":{"aws:k":"v"}}`))
				op := doc.Statements[0].Conditions[0].Operator
				if op.Kind != k || op.Name != name {
					t.Errorf("Operator = %+v, want kind %v and name %q", op, k, name)
				}
			})
		}
	}
}

func TestParseTestdata(t *testing.T) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata documents: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(src)
			if err != nil {
				t.Fatalf("Parse error: %v", err)
			}
			if len(doc.Statements) == 0 {
				t.Errorf("no statements")
			}
		})
	}
}

func TestParseVariablesEnabled(t *testing.T) {
	tests := []struct {
		version string
		want    bool
	}{
		{`"Version":"2012-10-17",`, true},
		{`"Version":"2008-10-17",`, false},
		{``, false},
	}
	for _, tt := range tests {
		doc := mustParse(t, `{`+tt.version+`"Statement":[]}`)
		if got := doc.VariablesEnabled(); got != tt.want {
			t.Errorf("VariablesEnabled() with %q = %v, want %v", tt.version, got, tt.want)
		}
	}
}

func TestParseStringEscapes(t *testing.T) {
	doc := mustParse(t, stmt(`"Effect":"Allow","Action":"*",`+
		`"Resource":["a\"b\\c\/d","\n\t\r\b\f","\u00e9\u20ac","\ud83d\ude00","\ud800x","é€"]`))
	want := []string{`a"b\c/d`, "\n\t\r\b\f", "é€", "😀", "\uFFFDx", "é€"}
	if got := texts(doc.Statements[0].Resource.Values); !reflect.DeepEqual(got, want) {
		t.Errorf("Resource = %q, want %q", got, want)
	}
}

func TestParseNilDocumentOnError(t *testing.T) {
	doc, err := Parse([]byte(stmt(`"Effect":"allow","Action":"*"`)))
	if doc != nil {
		t.Errorf("Parse returned a Document together with error %v", err)
	}
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %T is not an ErrorList", err)
	}
	var one *Error
	if !errors.As(err, &one) || one.Element != "Effect" {
		t.Errorf("errors.As(*Error) = %+v, want the Effect error", one)
	}
	if !strings.HasPrefix(err.Error(), "policy: ") {
		t.Errorf("Error() = %q, want the policy: prefix", err.Error())
	}
}

func TestParseFlowYAML(t *testing.T) {
	src := []byte("{Version: 2012-10-17, Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}")
	doc, err := ParseYAML(src)
	if err != nil {
		t.Fatalf("ParseYAML(flow YAML) error: %v", err)
	}
	if got := doc.Statements[0].Action.Values[0].Text; got != "s3:*" {
		t.Errorf("ParseYAML(flow YAML) action = %q, want %q", got, "s3:*")
	}
	if _, err := ParseTreeYAML(src); err != nil {
		t.Errorf("ParseTreeYAML(flow YAML) error: %v", err)
	}
}

// TestParseJSONNoYAMLFallback pins that input starting with '{' is JSON
// only. As YAML, the '#' would comment out the Deny statement and the
// trailing comma would be accepted.
func TestParseJSONNoYAMLFallback(t *testing.T) {
	inputs := map[string]string{
		"trailing comma": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",}]}`,
		"hash comment":   "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}, #{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\"}\n]}",
		"flow YAML":      "{Version: 2012-10-17, Statement: []}",
	}
	for name, src := range inputs {
		if doc, err := Parse([]byte(src)); err == nil {
			t.Errorf("Parse(%s) = %d statements, want a JSON syntax error", name, len(doc.Statements))
		}
		if _, err := ParseTree([]byte(src)); err == nil {
			t.Errorf("ParseTree(%s) error = nil, want a JSON syntax error", name)
		}
	}
}
