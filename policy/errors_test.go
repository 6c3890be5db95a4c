package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// wantErr is an expected parse error. Its position is given by the
// substring at: the column where at first occurs in a single-line
// source, or where it last occurs when last is set. An empty at means the
// error has no position.
type wantErr struct {
	code Code
	at   string
	last bool
	path string
}

func (w wantErr) pos(src string) Pos {
	if w.at == "" {
		return Pos{}
	}
	i := strings.Index(src, w.at)
	if w.last {
		i = strings.LastIndex(src, w.at)
	}
	if i < 0 {
		panic(fmt.Sprintf("test marker %q not in %q", w.at, src))
	}
	return Pos{Line: 1, Column: len([]rune(src[:i])) + 1}
}

func checkErrors(t *testing.T, src string, err error, want []wantErr) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error = %v (%T), want an ErrorList", err, err)
	}
	if len(list) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(list), len(want), joinErrors(list))
	}
	for i, w := range want {
		got := list[i]
		if got.Code != w.code {
			t.Errorf("error %d: Code = %q, want %q (%v)", i, got.Code, w.code, got)
		}
		if wantPos := w.pos(src); got.Pos != wantPos {
			t.Errorf("error %d: Pos = %+v, want %+v (%v)", i, got.Pos, wantPos, got)
		}
		if got.Path != w.path {
			t.Errorf("error %d: Path = %q, want %q (%v)", i, got.Path, w.path, got)
		}
		if got.Message == "" {
			t.Errorf("error %d: empty Message", i)
		}
	}
}

func joinErrors(list ErrorList) string {
	var b strings.Builder
	for _, e := range list {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestParseRejects(t *testing.T) {
	const st0 = "$.Statement[0]"
	tests := []struct {
		name string
		src  string
		want []wantErr
	}{
		{"duplicate top-level key",
			`{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}`,
			[]wantErr{{CodeDuplicateKey, `"Version"`, true, "$.Version"}}},
		{"duplicate statement key",
			stmt(`"Effect":"Allow","Action":"*","Effect":"Deny"`),
			[]wantErr{{CodeDuplicateKey, `"Effect"`, true, st0 + ".Effect"}}},
		{"duplicate operator",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"Bool":{"a:b":"true"},"Bool":{}}`),
			[]wantErr{{CodeDuplicateKey, `"Bool"`, true, st0 + ".Condition.Bool"}}},
		{"duplicate condition key",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"Bool":{"a:b":"true","a:b":"false"}}`),
			[]wantErr{{CodeDuplicateKey, `"a:b"`, true, st0 + `.Condition.Bool["a:b"]`}}},
		{"duplicate principal type",
			stmt(`"Effect":"Allow","Action":"*","Principal":{"AWS":"*","AWS":"*"}`),
			[]wantErr{{CodeDuplicateKey, `"AWS"`, true, st0 + ".Principal.AWS"}}},
		{"keys differing in case are not duplicates",
			`{"Statement":[],"Id":"a","ID":"b"}`,
			[]wantErr{{CodeUnknownElement, `"ID"`, false, "$.ID"}}},
		{"action and not action",
			stmt(`"Effect":"Allow","Action":"*","NotAction":"s3:*"`),
			[]wantErr{{CodeConflict, `"NotAction"`, false, st0 + ".NotAction"}}},
		{"not resource before resource",
			stmt(`"Effect":"Allow","Action":"*","NotResource":"*","Resource":"*"`),
			[]wantErr{{CodeConflict, `"Resource"`, true, st0 + ".Resource"}}},
		{"principal and not principal",
			stmt(`"Effect":"Deny","Action":"*","Principal":"*","NotPrincipal":{"AWS":"*"}`),
			[]wantErr{{CodeConflict, `"NotPrincipal"`, false, st0 + ".NotPrincipal"}}},
		{"missing effect", stmt(`"Action":"*"`),
			[]wantErr{{CodeMissingElement, `{"Action"`, false, st0}}},
		{"missing action", stmt(`"Effect":"Allow","Resource":"*"`),
			[]wantErr{{CodeMissingElement, `{"Effect"`, false, st0}}},
		{"missing statement", `{"Version":"2012-10-17"}`,
			[]wantErr{{CodeMissingElement, `{`, false, "$"}}},
		{"unknown top-level element", `{"Statement":[],"Comment":"x"}`,
			[]wantErr{{CodeUnknownElement, `"Comment"`, false, "$.Comment"}}},
		{"element name case", `{"statement":[]}`,
			[]wantErr{{CodeMissingElement, `{`, false, "$"},
				{CodeUnknownElement, `"statement"`, false, "$.statement"}}},
		{"unknown statement element", stmt(`"Effect":"Allow","Action":"*","Actions":"*"`),
			[]wantErr{{CodeUnknownElement, `"Actions"`, false, st0 + ".Actions"}}},
		{"invalid version", `{"Version":"2012-10-18","Statement":[]}`,
			[]wantErr{{CodeInvalidValue, `"2012-10-18"`, false, "$.Version"}}},
		{"version as date number", `{"Version":20121017,"Statement":[]}`,
			[]wantErr{{CodeWrongType, `2012`, false, "$.Version"}}},
		{"effect lower case", stmt(`"Effect":"allow","Action":"*"`),
			[]wantErr{{CodeInvalidValue, `"allow"`, false, st0 + ".Effect"}}},
		{"effect array", stmt(`"Effect":["Allow"],"Action":"*"`),
			[]wantErr{{CodeWrongType, `["Allow"]`, false, st0 + ".Effect"}}},
		{"unknown operator", stmt(`"Effect":"Allow","Action":"*","Condition":{"StringEqual":{}}`),
			[]wantErr{{CodeInvalidOperator, `"StringEqual"`, false, st0 + ".Condition.StringEqual"}}},
		{"operator case", stmt(`"Effect":"Allow","Action":"*","Condition":{"stringEquals":{}}`),
			[]wantErr{{CodeInvalidOperator, `"stringEquals"`, false, st0 + ".Condition.stringEquals"}}},
		{"null if exists", stmt(`"Effect":"Allow","Action":"*","Condition":{"NullIfExists":{}}`),
			[]wantErr{{CodeInvalidOperator, `"NullIfExists"`, false, st0 + ".Condition.NullIfExists"}}},
		{"unknown qualifier",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"ForSomeValues:StringLike":{}}`),
			[]wantErr{{CodeInvalidOperator, `"ForSome`, false,
				st0 + `.Condition["ForSomeValues:StringLike"]`}}},
		{"action number", stmt(`"Effect":"Allow","Action":3`),
			[]wantErr{{CodeWrongType, `3`, false, st0 + ".Action"}}},
		{"action boolean in array", stmt(`"Effect":"Allow","Action":["s3:*",true]`),
			[]wantErr{{CodeWrongType, `true`, false, st0 + ".Action[1]"}}},
		{"action nested array", stmt(`"Effect":"Allow","Action":[["s3:*"]]`),
			[]wantErr{{CodeWrongType, `["s3:*"]`, false, st0 + ".Action[0]"}}},
		{"resource null", stmt(`"Effect":"Allow","Action":"*","Resource":null`),
			[]wantErr{{CodeWrongType, `null`, false, st0 + ".Resource"}}},
		{"resource object", stmt(`"Effect":"Allow","Action":"*","Resource":{"a":"b"}`),
			[]wantErr{{CodeWrongType, `{"a"`, false, st0 + ".Resource"}}},
		{"statement string", `{"Statement":"Allow"}`,
			[]wantErr{{CodeWrongType, `"Allow"`, false, "$.Statement"}}},
		{"statement array of string", `{"Statement":["x"]}`,
			[]wantErr{{CodeWrongType, `"x"`, false, "$.Statement[0]"}}},
		{"sid number", stmt(`"Sid":1,"Effect":"Allow","Action":"*"`),
			[]wantErr{{CodeWrongType, `1,"Effect"`, false, st0 + ".Sid"}}},
		{"id object", `{"Id":{},"Statement":[]}`,
			[]wantErr{{CodeWrongType, `{}`, false, "$.Id"}}},
		{"condition array", stmt(`"Effect":"Allow","Action":"*","Condition":[]`),
			[]wantErr{{CodeWrongType, `[]`, true, st0 + ".Condition"}}},
		{"condition operator string",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"Bool":"true"}`),
			[]wantErr{{CodeWrongType, `"true"`, false, st0 + ".Condition.Bool"}}},
		{"condition value null",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"Null":{"a:b":null}}`),
			[]wantErr{{CodeWrongType, `null`, false, st0 + `.Condition.Null["a:b"]`}}},
		{"condition value object",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"StringLike":{"a:b":{"c":"d"}}}`),
			[]wantErr{{CodeWrongType, `{"c"`, false, st0 + `.Condition.StringLike["a:b"]`}}},
		{"condition nested array",
			stmt(`"Effect":"Allow","Action":"*","Condition":{"StringLike":{"a:b":["x",["y"]]}}`),
			[]wantErr{{CodeWrongType, `["y"]`, false, st0 + `.Condition.StringLike["a:b"][1]`}}},
		{"principal string", stmt(`"Effect":"Allow","Action":"*","Principal":"111122223333"`),
			[]wantErr{{CodeInvalidPrincipal, `"111122223333"`, false, st0 + ".Principal"}}},
		{"principal array", stmt(`"Effect":"Allow","Action":"*","Principal":["*"]`),
			[]wantErr{{CodeWrongType, `["*"]`, false, st0 + ".Principal"}}},
		{"principal type case", stmt(`"Effect":"Allow","Action":"*","Principal":{"Aws":"*"}`),
			[]wantErr{{CodeInvalidPrincipal, `"Aws"`, false, st0 + ".Principal.Aws"}}},
		{"principal type unknown",
			stmt(`"Effect":"Allow","Action":"*","NotPrincipal":{"User":"bob"}`),
			[]wantErr{{CodeInvalidPrincipal, `"User"`, false, st0 + ".NotPrincipal.User"}}},
		{"aws principal name",
			stmt(`"Effect":"Allow","Action":"*","Principal":{"AWS":["111122223333","bob"]}`),
			[]wantErr{{CodeInvalidPrincipal, `"bob"`, false, st0 + ".Principal.AWS[1]"}}},
		{"aws principal short account",
			stmt(`"Effect":"Allow","Action":"*","Principal":{"AWS":"11112222333"}`),
			[]wantErr{{CodeInvalidPrincipal, `"11112222333"`, false, st0 + ".Principal.AWS"}}},
		{"partial wildcard principal", stmt(`"Effect":"Allow","Action":"*",` +
			`"Principal":{"AWS":"arn:aws:iam::111122223333:role/*"}`),
			[]wantErr{{CodeInvalidPrincipal, `"arn:`, false, st0 + ".Principal.AWS"}}},
		{"empty service principal",
			stmt(`"Effect":"Allow","Action":"*","Principal":{"Service":""}`),
			[]wantErr{{CodeInvalidPrincipal, `""`, false, st0 + ".Principal.Service"}}},
		{"principal value number",
			stmt(`"Effect":"Allow","Action":"*","Principal":{"AWS":111122223333}`),
			[]wantErr{{CodeWrongType, `111122223333`, false, st0 + ".Principal.AWS"}}},
		{"root array", `[{"Statement":[]}]`,
			[]wantErr{{CodeWrongType, `[`, false, "$"}}},
		{"several problems in one pass",
			`{"Version":"1","Statement":[{"Effect":"allow","Action":1},{"Effect":"Deny"}],"X":0}`,
			[]wantErr{
				{CodeInvalidValue, `"1"`, false, "$.Version"},
				{CodeInvalidValue, `"allow"`, false, st0 + ".Effect"},
				{CodeWrongType, `1}`, false, st0 + ".Action"},
				{CodeMissingElement, `{"Effect":"Deny"`, false, "$.Statement[1]"},
				{CodeUnknownElement, `"X"`, false, "$.X"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseJSON([]byte(tt.src))
			if doc != nil {
				t.Fatalf("ParseJSON returned a Document with error %v", err)
			}
			checkErrors(t, tt.src, err, tt.want)
		})
	}
}

func TestParseRejectsSyntax(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want wantErr
	}{
		{"empty", ``, wantErr{CodeEmptyDocument, "", false, ""}},
		{"whitespace only", " \n\t", wantErr{CodeEmptyDocument, "", false, ""}},
		{"trailing object", `{"Statement":[]} {}`, wantErr{CodeTrailingData, `{}`, true, ""}},
		{"trailing comma text", `{"Statement":[]},`, wantErr{CodeTrailingData, `,`, true, ""}},
		{"missing comma", `{"Statement":[] "Id":"x"}`, wantErr{CodeSyntax, `"Id"`, false, "$"}},
		{"trailing comma", `{"Statement":[],}`, wantErr{CodeSyntax, `}`, true, "$"}},
		{"unterminated string", `{"Statement`, wantErr{CodeSyntax, "", false, "$"}},
		{"unquoted key", `{Statement:[]}`, wantErr{CodeSyntax, `S`, false, "$"}},
		{"leading zero", `{"Id":01}`, wantErr{CodeSyntax, `01`, false, "$.Id"}},
		{"bare minus", `{"Id":-}`, wantErr{CodeSyntax, `-`, false, "$.Id"}},
		{"missing fraction", `{"Id":1.}`, wantErr{CodeSyntax, `1.`, false, "$.Id"}},
		{"missing exponent", `{"Id":1e+}`, wantErr{CodeSyntax, `1e`, false, "$.Id"}},
		{"bad escape", `{"Id":"\x"}`, wantErr{CodeSyntax, `\x`, false, "$.Id"}},
		{"short unicode escape", `{"Id":"\u12"}`, wantErr{CodeSyntax, `\u12`, false, "$.Id"}},
		{"raw control character", "{\"Id\":\"a\tb\"}", wantErr{CodeSyntax, "\t", false, "$.Id"}},
		{"bad literal", `{"Id":tru}`, wantErr{CodeSyntax, `tru`, false, "$.Id"}},
		{"single quotes", `{'Id':1}`, wantErr{CodeSyntax, `'`, false, "$"}},
		{"invalid utf-8", "{\"Id\":\"ab\xffc\"}", wantErr{CodeInvalidUTF8, "\xff", false, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseJSON([]byte(tt.src))
			if doc != nil {
				t.Fatalf("ParseJSON returned a Document with error %v", err)
			}
			want := tt.want
			if want.code == CodeEmptyDocument {
				want.at = tt.src[:0]
			}
			checkSingle(t, tt.src, err, want)
		})
	}
}

func checkSingle(t *testing.T, src string, err error, want wantErr) {
	t.Helper()
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("error = %v, want one error", err)
	}
	got := list[0]
	if got.Code != want.code {
		t.Errorf("Code = %q, want %q (%v)", got.Code, want.code, got)
	}
	if got.Path != want.path {
		t.Errorf("Path = %q, want %q (%v)", got.Path, want.path, got)
	}
	if want.at != "" {
		if wantPos := want.pos(src); got.Pos != wantPos {
			t.Errorf("Pos = %+v, want %+v (%v)", got.Pos, wantPos, got)
		}
	}
}

func TestParseEmptyDocumentPosition(t *testing.T) {
	for _, src := range []string{"", "   ", "# only a comment\n"} {
		_, err := Parse([]byte(src))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeEmptyDocument {
			t.Errorf("Parse(%q) error = %v, want code %q", src, err, CodeEmptyDocument)
		}
	}
}

func TestParseUnterminatedStringPosition(t *testing.T) {
	_, err := ParseJSON([]byte("{\n  \"Statement"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *Error", err)
	}
	if want := (Pos{Line: 2, Column: 13}); e.Pos != want {
		t.Errorf("Pos = %+v, want %+v (end of input)", e.Pos, want)
	}
}

func TestParseBounds(t *testing.T) {
	t.Run("too large", func(t *testing.T) {
		src := `{"Statement":[],"Id":"` + strings.Repeat("a", MaxDocumentSize) + `"}`
		_, err := Parse([]byte(src))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeTooLarge {
			t.Fatalf("error = %v, want code %q", err, CodeTooLarge)
		}
		if e.Pos != (Pos{}) {
			t.Errorf("Pos = %+v, want none", e.Pos)
		}
	})
	t.Run("largest accepted", func(t *testing.T) {
		prefix, suffix := `{"Statement":[],"Id":"`, `"}`
		pad := MaxDocumentSize - len(prefix) - len(suffix)
		src := prefix + strings.Repeat("a", pad) + suffix
		if _, err := Parse([]byte(src)); err != nil {
			t.Errorf("Parse of %d bytes: %v", len(src), err)
		}
	})
	deep := func(depth int) string {
		return `{"Statement":[],"Id":` + strings.Repeat("[", depth-1) +
			strings.Repeat("]", depth-1) + `}`
	}
	t.Run("max depth", func(t *testing.T) {
		_, err := Parse([]byte(deep(MaxDepth)))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeWrongType {
			t.Errorf("error = %v, want only the wrong type of Id", err)
		}
	})
	t.Run("too deep", func(t *testing.T) {
		src := deep(MaxDepth + 1)
		_, err := Parse([]byte(src))
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeTooDeep {
			t.Fatalf("error = %v, want code %q", err, CodeTooDeep)
		}
		// The root object is level 1, so the rejected array is the
		// 64th '[' under Id, at index 0 of 63 enclosing arrays.
		if want := "$.Id" + strings.Repeat("[0]", MaxDepth-1); e.Path != want {
			t.Errorf("Path = %q, want %q", e.Path, want)
		}
	})
}

func TestErrorFormat(t *testing.T) {
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n      \"Effect\": \"allow\"," +
		"\n      \"Action\": \"*\"\n  }]\n}"
	_, err := Parse([]byte(src))
	want := `policy: line 4, column 17 ($.Statement[0].Effect): invalid Effect "allow": ` +
		`Effect is case-sensitive; use "Allow" or "Deny"`
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %v\nwant       %s", err, want)
	}

	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Message: "document is empty"}, "policy: document is empty"},
		{&Error{Path: "$.Id", Message: "m", Fix: "f"}, "policy: $.Id: m: f"},
		{&Error{Pos: Pos{2, 3}, Message: "m"}, "policy: line 2, column 3: m"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}

	list := ErrorList{{Message: "a"}, {Message: "b"}, {Message: "c"}}
	if got, want := list.Error(), "policy: a (and 2 more errors)"; got != want {
		t.Errorf("ErrorList.Error() = %q, want %q", got, want)
	}
}
