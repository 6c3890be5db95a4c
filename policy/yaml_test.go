package policy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// outline lists every element, key and value of doc with its path and
// position, one entry a line, so that two parses can be compared.
func outline(doc *Document, withPos bool) []string {
	var out []string
	add := func(path string, pos Pos, text string) {
		if withPos {
			out = append(out, fmt.Sprintf("%s@%d:%d=%s", path, pos.Line, pos.Column, text))
		} else {
			out = append(out, fmt.Sprintf("%s=%s", path, text))
		}
	}
	add("$", doc.Pos, "")
	add("$.Version", doc.VersionPos, doc.Version)
	add("$.Id", doc.IDPos, doc.ID)
	add("$.Statement", doc.StatementPos, fmt.Sprint(doc.StatementIsArray))
	for _, st := range doc.Statements {
		add(st.Path, st.Pos, fmt.Sprint(st.Index))
		add(st.Path+".Sid", st.SidPos, fmt.Sprint(st.HasSid, st.Sid))
		add(st.Path+".Effect", st.EffectPos, st.Effect.String())
		if p := st.Principal; p != nil {
			add(p.Path, p.Pos, fmt.Sprint(p.Not, p.Wildcard))
			for _, e := range p.Entries {
				add(e.Path, e.Pos, fmt.Sprint(e.Type, e.IsArray))
				addValues(add, e.Values)
			}
		}
		for _, n := range []*Names{st.Action, st.Resource} {
			if n != nil {
				add(n.Path, n.Pos, fmt.Sprint(n.Not, n.IsArray))
				addValues(add, n.Values)
			}
		}
		add(st.ConditionPath, st.ConditionPos, "")
		for _, c := range st.Conditions {
			add(c.OperatorPath, c.OperatorPos, c.Operator.Name)
			add(c.Path, c.KeyPos, fmt.Sprint(c.Key, c.IsArray))
			addValues(add, c.Values)
		}
	}
	return out
}

func addValues(add func(string, Pos, string), values []Value) {
	for _, v := range values {
		add(v.Path, v.Pos, v.Text)
	}
}

func TestParseYAMLMatchesJSON(t *testing.T) {
	pairs := []struct{ json, yaml string }{
		{"identity-web-identity-token.json", "identity-web-identity-token.yaml"},
	}
	for _, pair := range pairs {
		t.Run(pair.yaml, func(t *testing.T) {
			j := mustParseFile(t, pair.json)
			y := mustParseFile(t, pair.yaml)
			if got, want := outline(y, false), outline(j, false); !reflect.DeepEqual(got, want) {
				t.Errorf("YAML model differs from JSON:\n%s\nwant\n%s",
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestParseYAMLOfJSON reads each JSON document with the YAML parser: JSON
// is YAML flow syntax, so both parsers must agree on every value, path and
// position.
func TestParseYAMLOfJSON(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			j, err := ParseJSON(src)
			if err != nil {
				t.Fatalf("ParseJSON: %v", err)
			}
			y, err := ParseYAML(src)
			if err != nil {
				t.Fatalf("ParseYAML: %v", err)
			}
			got, want := outline(y, true), outline(j, true)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParseYAML outline:\n%s\nParseJSON outline:\n%s",
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func mustParseFile(t *testing.T, name string) *Document {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}

func TestParseYAMLScalars(t *testing.T) {
	src := "Statement:\n- Effect: Allow\n  Action: '*'\n  Condition:\n    StringEquals:\n" +
		"      a:int: 300\n      a:float: 1.5\n      a:hex: 0x1F\n      a:bool: true\n" +
		"      a:yes: yes\n      a:quoted: \"300\"\n      a:date: 2026-01-01\n" +
		"      a:list: [1, false, x]\n"
	doc, err := ParseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"a:int": {"300"}, "a:float": {"1.5"}, "a:hex": {"0x1F"}, "a:bool": {"true"},
		"a:yes": {"yes"}, "a:quoted": {"300"}, "a:date": {"2026-01-01"},
		"a:list": {"1", "false", "x"},
	}
	conds := doc.Statements[0].Conditions
	if len(conds) != len(want) {
		t.Fatalf("got %d conditions, want %d", len(conds), len(want))
	}
	for _, c := range conds {
		if got := texts(c.Values); !reflect.DeepEqual(got, want[c.Key]) {
			t.Errorf("%s = %q, want %q", c.Key, got, want[c.Key])
		}
	}
}

func TestParseYAMLRejects(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		wantCode Code
		wantPos  Pos
		wantPath string
	}{
		{"duplicate key", "Statement: []\nId: a\nId: b\n",
			CodeDuplicateKey, Pos{3, 1}, "$.Id"},
		{"duplicate condition key",
			"Statement:\n  Effect: Allow\n  Action: '*'\n  Condition:\n    Bool:\n" +
				"      aws:SecureTransport: true\n      aws:SecureTransport: false\n",
			CodeDuplicateKey, Pos{7, 7}, `$.Statement.Condition.Bool["aws:SecureTransport"]`},
		{"null effect", "Statement:\n  - Effect:\n    Action: '*'\n",
			CodeWrongType, Pos{2, 12}, "$.Statement[0].Effect"},
		{"null condition value",
			"Statement:\n  Effect: Allow\n  Action: '*'\n  Condition:\n    Null:\n      a:b: ~\n",
			CodeWrongType, Pos{6, 12}, `$.Statement.Condition.Null["a:b"]`},
		{"application tag", "Statement:\n  Effect: Allow\n  Action: '*'\n  Resource: !Sub arn:${X}\n",
			CodeWrongType, Pos{4, 13}, "$.Statement.Resource"},
		{"merge key", "base: &b {Effect: Allow}\nStatement:\n  <<: *b\n  Action: '*'\n",
			CodeSyntax, Pos{3, 3}, "$.Statement"},
		{"second document", "Statement: []\n---\nStatement: []\n",
			CodeTrailingData, Pos{2, 1}, ""},
		{"syntax error", "Statement: [\n  - a\n",
			CodeSyntax, Pos{}, ""},
		{"mapping as key", "? {a: b}\n: c\nStatement: []\n",
			CodeWrongType, Pos{1, 3}, "$"},
		{"scalar document", "just text\n",
			CodeWrongType, Pos{1, 1}, "$"},
		{"invalid utf-8", "Statement: []\nId: \xfe\n",
			CodeInvalidUTF8, Pos{2, 5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseYAML([]byte(tt.src))
			if doc != nil {
				t.Fatalf("ParseYAML returned a Document with error %v", err)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *Error", err)
			}
			if e.Code != tt.wantCode {
				t.Errorf("Code = %q, want %q (%v)", e.Code, tt.wantCode, e)
			}
			if tt.wantPos != (Pos{}) && e.Pos != tt.wantPos {
				t.Errorf("Pos = %+v, want %+v (%v)", e.Pos, tt.wantPos, e)
			}
			if e.Path != tt.wantPath {
				t.Errorf("Path = %q, want %q (%v)", e.Path, tt.wantPath, e)
			}
		})
	}
}

func TestParseYAMLSyntaxErrorLine(t *testing.T) {
	_, err := ParseYAML([]byte("Statement: []\n\tId: x\n"))
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeSyntax {
		t.Fatalf("error = %v, want a syntax error", err)
	}
	if want := (Pos{2, 1}); e.Pos != want {
		t.Errorf("Pos = %+v, want %+v from the yaml.v3 message", e.Pos, want)
	}
	if !strings.HasPrefix(e.Message, "invalid YAML: ") || strings.Contains(e.Message, "yaml: line") {
		t.Errorf("Message = %q, want the yaml.v3 text without its line prefix", e.Message)
	}
}

func TestParseYAMLAliases(t *testing.T) {
	t.Run("small alias", func(t *testing.T) {
		doc, err := ParseYAML([]byte("Statement:\n  - Effect: Allow\n    Action: &a [s3:GetObject]\n" +
			"  - Effect: Deny\n    Action: *a\n"))
		if err != nil {
			t.Fatal(err)
		}
		second := doc.Statements[1].Action
		if got := texts(second.Values); !reflect.DeepEqual(got, []string{"s3:GetObject"}) {
			t.Errorf("aliased Action = %q, want [s3:GetObject]", got)
		}
		if want := (Pos{5, 13}); second.Pos != want {
			t.Errorf("aliased Action Pos = %+v, want the alias position %+v", second.Pos, want)
		}
	})
	t.Run("alias bomb", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i <= 6; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [", i, i)
			for j := 0; j < 10; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*a%d", i-1)
			}
			b.WriteString("]\n")
		}
		b.WriteString("Statement: []\n")
		_, err := ParseYAML([]byte(b.String()))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeTooLarge {
			t.Errorf("error = %v, want code %q", err, CodeTooLarge)
		}
	})
}

func TestParseYAMLTooDeep(t *testing.T) {
	src := "Statement: []\nId: " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + "\n"
	_, err := ParseYAML([]byte(src))
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeTooDeep {
		t.Errorf("error = %v, want code %q", err, CodeTooDeep)
	}
}

func TestParseDetectsSyntax(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"json", `{"Statement":{"Effect":"Allow","Action":"*"}}`},
		{"json after bom and space", "\uFEFF\n  " + `{"Statement":{"Effect":"Allow","Action":"*"}}`},
		{"yaml block", "Statement:\n  Effect: Allow\n  Action: '*'\n"},
		{"yaml document marker", "---\nStatement:\n  Effect: Allow\n  Action: '*'\n"},
		{"yaml after bom", "\uFEFFStatement:\n  Effect: Allow\n  Action: '*'\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.src)
			if len(doc.Statements) != 1 || doc.Statements[0].Effect != Allow {
				t.Errorf("Statements = %+v, want one Allow statement", doc.Statements)
			}
		})
	}
	// A YAML flow mapping starts with '{' and is read as JSON, where
	// unquoted keys are a syntax error.
	_, err := Parse([]byte("{Statement: []}"))
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeSyntax {
		t.Errorf("Parse(YAML flow mapping) error = %v, want a JSON syntax error", err)
	}
}
