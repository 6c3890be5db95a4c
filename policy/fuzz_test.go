package policy

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzParse checks that Parse never panics, never returns a Document
// together with an error, and that an accepted document survives a
// MarshalJSON round trip unchanged.
func FuzzParse(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse(src)
		if err != nil {
			checkFuzzError(t, doc, err)
			return
		}
		if _, err := ParseTree(src); err != nil {
			t.Fatalf("Parse accepted the document but ParseTree failed: %v", err)
		}
		encoded, err := doc.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		again, err := Parse(encoded)
		if err != nil {
			t.Fatalf("Parse(MarshalJSON()) = %v for %s", err, encoded)
		}
		if got, want := outline(again, false), outline(doc, false); !reflect.DeepEqual(got, want) {
			t.Fatalf("model changed after encoding:\n%s\nwant\n%s",
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		reencoded, err := again.MarshalJSON()
		if err != nil || string(reencoded) != string(encoded) {
			t.Fatalf("encoding not stable: %s then %s (%v)", encoded, reencoded, err)
		}
	})
}

func checkFuzzError(t *testing.T, doc *Document, err error) {
	if doc != nil {
		t.Fatalf("Parse returned a Document together with error %v", err)
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %v (%T) is not a non-empty ErrorList", err, err)
	}
	for _, e := range list {
		if e.Code == "" || e.Message == "" {
			t.Fatalf("error without code or message: %+v", e)
		}
	}
}

// fuzzSeeds returns the testdata documents and every `document:` entry of
// the conformance suite, when the suite exists.
func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob("testdata/*.*")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, src)
	}
	seeds = append(seeds, []byte(`{"Statement":{"Effect":"Deny","NotPrincipal":"*","NotAction":[],`+
		`"Condition":{"Bool":{}}}}`), []byte(""), []byte("{"), []byte("- a\n"))
	_ = filepath.WalkDir(filepath.Join("..", "conformance", "suite"),
		func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			seeds = append(seeds, suiteDocuments(src)...)
			return nil
		})
	return seeds
}

// suiteDocuments returns each `document:` value in a YAML case file: a
// string as it is, so that JSON text stays JSON, and a mapping encoded as
// YAML.
func suiteDocuments(src []byte) [][]byte {
	var out [][]byte
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 1 && n.Content[i-1].Value == "document" {
				out = append(out, encodeSuiteDocument(c))
				continue
			}
			walk(c)
		}
	}
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			// io.EOF ends the file; any other error leaves the seeds found
			// so far, because a broken case file is the suite's problem.
			return out
		}
		walk(&doc)
	}
}

func encodeSuiteDocument(n *yaml.Node) []byte {
	if n.Kind == yaml.ScalarNode {
		return []byte(n.Value)
	}
	blockStyle(n)
	b, err := yaml.Marshal(n)
	if err != nil {
		return nil
	}
	return b
}

// blockStyle switches flow mappings and sequences to block style, because
// Parse reads text starting with '{' as JSON.
func blockStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle
	for _, c := range n.Content {
		blockStyle(c)
	}
}

func TestSuiteDocuments(t *testing.T) {
	src := "name: a\npolicies:\n  identity:\n    - name: p\n      document:\n" +
		"        Statement: {Effect: Allow, Action: '*'}\n" +
		"  resource: {name: r, document: '{\"Statement\":[]}'}\n" +
		"---\nname: b\ndocument: {Statement: []}\n"
	docs := suiteDocuments([]byte(src))
	if len(docs) != 3 {
		t.Fatalf("got %d documents, want 3: %q", len(docs), docs)
	}
	for i, d := range docs {
		if _, err := Parse(d); err != nil {
			t.Errorf("document %d %q: %v", i, d, err)
		}
	}
}
