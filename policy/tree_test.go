package policy

import (
	"errors"
	"testing"
)

func TestParseTree(t *testing.T) {
	src := `{"Statement":[{"Effect":"Allow","Action":["s3:*"],` +
		`"Condition":{"NumericLessThan":{"sts:DurationSeconds":3e2},"Bool":{"a:b":false},` +
		`"Null":{"c:d":null}}}],"Custom":{"key with space":1}}`
	root, err := ParseTree([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if root.Kind != NodeObject || root.Path != "$" || root.Pos != (Pos{1, 1}) {
		t.Errorf("root = %v %q %+v, want an object at $ 1:1", root.Kind, root.Path, root.Pos)
	}
	cond := root.Member("Statement").Children[0].Member("Condition")
	tests := []struct {
		name      string
		node      *Node
		wantKind  NodeKind
		wantValue string
		wantPath  string
	}{
		{"number", cond.Member("NumericLessThan").Member("sts:DurationSeconds"), NodeNumber, "3e2",
			`$.Statement[0].Condition.NumericLessThan["sts:DurationSeconds"]`},
		{"boolean", cond.Member("Bool").Member("a:b"), NodeBool, "false",
			`$.Statement[0].Condition.Bool["a:b"]`},
		{"null", cond.Member("Null").Member("c:d"), NodeNull, "null",
			`$.Statement[0].Condition.Null["c:d"]`},
		{"array element", root.Member("Statement").Children[0].Member("Action").Children[0],
			NodeString, "s3:*", "$.Statement[0].Action[0]"},
		{"unknown element kept", root.Member("Custom").Member("key with space"), NodeNumber, "1",
			`$.Custom["key with space"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.node == nil {
				t.Fatal("node not found")
			}
			if tt.node.Kind != tt.wantKind || tt.node.Value != tt.wantValue {
				t.Errorf("node = %v %q, want %v %q", tt.node.Kind, tt.node.Value,
					tt.wantKind, tt.wantValue)
			}
			if tt.node.Path != tt.wantPath {
				t.Errorf("Path = %q, want %q", tt.node.Path, tt.wantPath)
			}
		})
	}
	if got := root.Member("Statement").Member("Effect"); got != nil {
		t.Errorf("Member on an array = %+v, want nil", got)
	}
	if bool := cond.Member("Bool"); bool.Key != "Bool" || bool.KeyPos == (Pos{}) {
		t.Errorf("member Key = %q at %+v, want Bool with a position", bool.Key, bool.KeyPos)
	}
}

func TestParseTreeKeepsYAMLTags(t *testing.T) {
	root, err := ParseTree([]byte("Statement:\n  Effect: Allow\n  Action: '*'\n" +
		"  Resource: !Sub 'arn:aws:s3:::${Bucket}/*'\n"))
	if err != nil {
		t.Fatal(err)
	}
	res := root.Member("Statement").Member("Resource")
	if res.Tag != "!Sub" || res.Kind != NodeString || res.Value != "arn:aws:s3:::${Bucket}/*" {
		t.Errorf("Resource = %q %v %q, want !Sub string", res.Tag, res.Kind, res.Value)
	}
}

func TestParseTreeRejectsDuplicateKeys(t *testing.T) {
	root, err := ParseTree([]byte(`{"a":1,"b":{"c":1,"c":2},"a":3}`))
	if root != nil {
		t.Errorf("ParseTree returned a tree with error %v", err)
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("error = %v, want two duplicate keys", err)
	}
	if list[0].Path != "$.b.c" || list[1].Path != "$.a" {
		t.Errorf("paths = %q, %q, want $.b.c, $.a", list[0].Path, list[1].Path)
	}
}

func TestMemberPath(t *testing.T) {
	tests := []struct{ key, want string }{
		{"Statement", "$.Statement"},
		{"_x9", "$._x9"},
		{"9x", `$["9x"]`},
		{"aws:username", `$["aws:username"]`},
		{`a"b`, `$["a\"b"]`},
		{"", `$[""]`},
	}
	for _, tt := range tests {
		if got := memberPath("$", tt.key); got != tt.want {
			t.Errorf("memberPath($, %q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

func TestNodeKindString(t *testing.T) {
	kinds := map[NodeKind]string{NodeObject: "object", NodeArray: "array", NodeString: "string",
		NodeNumber: "number", NodeBool: "boolean", NodeNull: "null", NodeKind(99): "invalid"}
	for k, want := range kinds {
		if got := k.String(); got != want {
			t.Errorf("NodeKind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

func TestBuildSubtree(t *testing.T) {
	src := "Resources:\n  Role:\n    Properties:\n      PolicyDocument:\n" +
		"        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n" +
		"            Action: sts:GetWebIdentityToken\n            Resource: '*'\n"
	root, err := ParseTree([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	sub := root.Member("Resources").Member("Role").Member("Properties").Member("PolicyDocument")
	doc, err := Build(sub)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	st := doc.Statements[0]
	if want := "$.Resources.Role.Properties.PolicyDocument.Statement[0]"; st.Path != want {
		t.Errorf("Statement Path = %q, want %q", st.Path, want)
	}
	if want := (Pos{7, 13}); st.Pos != want {
		t.Errorf("Statement Pos = %+v, want %+v in the template", st.Pos, want)
	}
}

func TestBuildRejects(t *testing.T) {
	root, err := ParseTree([]byte("Statement:\n  Effect: !Ref Effect\n  Action: '*'\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		node     *Node
		wantCode Code
	}{
		{"tagged node", root, CodeWrongType},
		{"nil tree", nil, CodeEmptyDocument},
		{"scalar", root.Member("Statement").Member("Action"), CodeWrongType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Build(tt.node)
			if doc != nil {
				t.Fatalf("Build returned a Document with error %v", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.wantCode {
				t.Errorf("error = %v, want code %q", err, tt.wantCode)
			}
		})
	}
}
