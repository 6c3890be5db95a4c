package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestMarshalJSONCanonical(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"element order and forms",
			`{"Statement":[{"Condition":{"Bool":{"a:b":true},"StringLike":{"c:d":["x",1]}},` +
				`"Resource":"*","NotAction":["s3:*"],"Principal":{"AWS":"*","Service":["s.amazonaws.com"]},` +
				`"Effect":"Deny","Sid":""}],"Id":"p","Version":"2012-10-17"}`,
			`{"Version":"2012-10-17","Id":"p","Statement":[{"Sid":"","Effect":"Deny",` +
				`"Principal":{"AWS":"*","Service":["s.amazonaws.com"]},"NotAction":["s3:*"],` +
				`"Resource":"*","Condition":{"Bool":{"a:b":"true"},"StringLike":{"c:d":["x","1"]}}}]}`},
		{"statement object and wildcard principal",
			`{"Statement":{"Effect":"Allow","NotPrincipal":"*","Action":"*","NotResource":[]}}`,
			`{"Statement":{"Effect":"Allow","NotPrincipal":"*","Action":"*","NotResource":[]}}`},
		{"escaping",
			`{"Statement":[{"Effect":"Allow","Action":"*","Resource":["<a&b>","q\"\\","\u0001\n\t\r","\u2028é"]}]}`,
			`{"Statement":[{"Effect":"Allow","Action":"*","Resource":["<a&b>","q\"\\","\u0001\n\t\r","\u2028é"]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// MarshalJSON is called directly because json.Marshal escapes
			// <, > and & in a Marshaler's output.
			got, err := mustParse(t, tt.src).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("MarshalJSON =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestMarshalJSONRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, src)
		})
	}
}

// checkRoundTrip parses src, encodes it, parses the encoding and checks
// that the model and the encoding are unchanged apart from positions.
func checkRoundTrip(t *testing.T, src []byte) {
	t.Helper()
	first, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	encoded, err := first.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	second, err := Parse(encoded)
	if err != nil {
		t.Fatalf("Parse(MarshalJSON()) = %v for %s", err, encoded)
	}
	if got, want := outline(second, false), outline(first, false); !reflect.DeepEqual(got, want) {
		t.Errorf("model changed after encoding:\n%s\nwant\n%s\nencoding: %s",
			strings.Join(got, "\n"), strings.Join(want, "\n"), encoded)
	}
	again, err := second.MarshalJSON()
	if err != nil {
		t.Fatalf("second MarshalJSON: %v", err)
	}
	if string(again) != string(encoded) {
		t.Errorf("encoding not stable:\n%s\n%s", encoded, again)
	}
}

func TestMarshalJSONThroughEncoding(t *testing.T) {
	doc := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"<&>"}}`)
	got, err := json.Marshal(struct{ Policy *Document }{doc})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Policy":{"Statement":{"Effect":"Allow","Action":"*","Resource":"\u003c\u0026\u003e"}}}`
	if string(got) != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
}

func TestMarshalJSONInvalidEffect(t *testing.T) {
	doc := &Document{Statements: []*Statement{{Index: 2, Action: &Names{}}}}
	_, err := doc.MarshalJSON()
	if err == nil || !strings.Contains(err.Error(), "statement 2") {
		t.Errorf("MarshalJSON error = %v, want one naming statement 2", err)
	}
}

func TestMarshalJSONGroupsOperators(t *testing.T) {
	op, _ := ParseOperator("StringEquals")
	bo, _ := ParseOperator("Bool")
	doc := &Document{Version: Version2012, Statements: []*Statement{{
		Effect: Allow,
		Action: &Names{Values: []Value{{Text: "*"}}},
		Conditions: []*Condition{
			{Operator: op, Key: "a:x", Values: []Value{{Text: "1"}}},
			{Operator: bo, Key: "a:y", Values: []Value{{Text: "true"}}},
			{Operator: op, Key: "a:z", Values: []Value{{Text: "2"}}, IsArray: true},
		},
	}}}
	got, err := doc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*",` +
		`"Condition":{"StringEquals":{"a:x":"1","a:z":["2"]},"Bool":{"a:y":"true"}}}}`
	if string(got) != want {
		t.Errorf("MarshalJSON =\n%s\nwant\n%s", got, want)
	}
}
