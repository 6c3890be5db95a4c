package policy

import (
	"errors"
	"testing"
)

func TestParsePositionsJSON(t *testing.T) {
	doc := mustParseFile(t, "identity-web-identity-token.json")
	st := doc.Statements[0]
	conds := st.Conditions
	tests := []struct {
		name     string
		got      Pos
		want     Pos
		gotPath  string
		wantPath string
	}{
		{"document", doc.Pos, Pos{1, 1}, "", ""},
		{"version", doc.VersionPos, Pos{2, 16}, "", ""},
		{"statement array", doc.StatementPos, Pos{3, 18}, "", ""},
		{"statement", st.Pos, Pos{4, 9}, st.Path, "$.Statement[0]"},
		{"sid", st.SidPos, Pos{5, 20}, "", ""},
		{"effect", st.EffectPos, Pos{6, 23}, "", ""},
		{"action", st.Action.Pos, Pos{7, 23}, st.Action.Path, "$.Statement[0].Action"},
		{"resource value", st.Resource.Values[0].Pos, Pos{8, 25},
			st.Resource.Values[0].Path, "$.Statement[0].Resource"},
		{"condition", st.ConditionPos, Pos{9, 26}, st.ConditionPath, "$.Statement[0].Condition"},
		{"operator", conds[0].OperatorPos, Pos{10, 17}, conds[0].OperatorPath,
			`$.Statement[0].Condition["ForAnyValue:StringEquals"]`},
		{"condition key", conds[0].KeyPos, Pos{11, 21}, conds[0].Path,
			`$.Statement[0].Condition["ForAnyValue:StringEquals"]["sts:IdentityTokenAudience"]`},
		{"second audience", conds[0].Values[1].Pos, Pos{13, 25}, conds[0].Values[1].Path,
			`$.Statement[0].Condition["ForAnyValue:StringEquals"]["sts:IdentityTokenAudience"][1]`},
		{"number value", conds[1].Values[0].Pos, Pos{17, 44}, conds[1].Values[0].Path,
			`$.Statement[0].Condition.NumericLessThanEquals["sts:DurationSeconds"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("Pos = %+v, want %+v", tt.got, tt.want)
			}
			if tt.gotPath != tt.wantPath {
				t.Errorf("Path = %q, want %q", tt.gotPath, tt.wantPath)
			}
		})
	}
}

func TestParsePositionsYAML(t *testing.T) {
	doc := mustParseFile(t, "identity-web-identity-token.yaml")
	st := doc.Statements[0]
	conds := st.Conditions
	tests := []struct {
		name string
		got  Pos
		want Pos
	}{
		{"version", doc.VersionPos, Pos{3, 10}},
		{"statement", st.Pos, Pos{5, 5}},
		{"sid", st.SidPos, Pos{5, 10}},
		{"effect", st.EffectPos, Pos{6, 13}},
		{"operator", conds[0].OperatorPos, Pos{10, 7}},
		{"condition key", conds[0].KeyPos, Pos{11, 9}},
		{"second audience", conds[0].Values[1].Pos, Pos{13, 13}},
		{"number value", conds[1].Values[0].Pos, Pos{15, 30}},
		{"quoted value", st.Resource.Values[0].Pos, Pos{8, 15}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("Pos = %+v, want %+v", tt.got, tt.want)
			}
		})
	}
}

// TestParseColumnsCountCodePoints checks that a column counts characters,
// not bytes, in both syntaxes: "é" is two bytes in UTF-8.
func TestParseColumnsCountCodePoints(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"json", `{"Id":"é€","Statement":{"Effect":"allow","Action":"*"}}`},
		{"yaml", `{"Id":"é€","Statement":{"Effect":"allow","Action":"*"}}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := ParseJSON
			if tt.name == "yaml" {
				parse = ParseYAML
			}
			_, err := parse([]byte(tt.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error = %v, want *Error", err)
			}
			// Counting bytes would give column 37.
			if want := (Pos{1, 34}); e.Pos != want {
				t.Errorf("Pos = %+v, want %+v", e.Pos, want)
			}
		})
	}
}

func TestParseErrorPositionsMultiline(t *testing.T) {
	src := "{\n" +
		"  \"Version\": \"2012-10-17\",\n" +
		"  \"Statement\": [\n" +
		"    {\n" +
		"      \"Effect\": \"Allow\",\n" +
		"      \"Action\": \"s3:GetObject\",\n" +
		"      \"NotAction\": \"s3:PutObject\",\n" +
		"      \"Condition\": {\"DateLessThen\": {\"aws:CurrentTime\": \"2026-01-01\"}}\n" +
		"    }\n" +
		"  ]\n" +
		"}\n"
	_, err := Parse([]byte(src))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("error = %v, want two errors", err)
	}
	want := []struct {
		code Code
		pos  Pos
		path string
	}{
		{CodeConflict, Pos{7, 7}, "$.Statement[0].NotAction"},
		{CodeInvalidOperator, Pos{8, 21}, "$.Statement[0].Condition.DateLessThen"},
	}
	for i, w := range want {
		if list[i].Code != w.code || list[i].Pos != w.pos || list[i].Path != w.path {
			t.Errorf("error %d = %s %+v %s, want %s %+v %s", i,
				list[i].Code, list[i].Pos, list[i].Path, w.code, w.pos, w.path)
		}
	}
}
