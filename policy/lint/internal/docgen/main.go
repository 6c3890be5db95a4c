// Command docgen rewrites the finding reference at the end of docs/lint.md
// from the linter's rules and the trigger documents in
// policy/lint/testdata/checks.yaml. Run it from the repository root:
//
//	go run ./policy/lint/internal/docgen
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/lint"
)

const (
	docPath    = "docs/lint.md"
	checksPath = "policy/lint/testdata/checks.yaml"
	marker     = "<!-- Generated below by go run ./policy/lint/internal/docgen; edit the rules instead. -->\n"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	doc, err := os.ReadFile(docPath)
	if err != nil {
		return fmt.Errorf("docgen: %w", err)
	}
	head, _, ok := bytes.Cut(doc, []byte(marker))
	if !ok {
		return fmt.Errorf("docgen: %s lacks the marker line %q", docPath, strings.TrimSpace(marker))
	}
	examples, err := loadExamples()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.Write(head)
	b.WriteString(marker)
	for _, r := range lint.Rules() {
		writeRule(&b, r, examples[r.Code])
	}
	return os.WriteFile(docPath, b.Bytes(), 0o644)
}

// example is the trigger document of one check.
type example struct {
	text string
	typ  string
}

func loadExamples() (map[string]example, error) {
	src, err := os.ReadFile(checksPath)
	if err != nil {
		return nil, fmt.Errorf("docgen: %w", err)
	}
	root, err := policy.ParseTree(src)
	if err != nil {
		return nil, fmt.Errorf("docgen: %s: %w", checksPath, err)
	}
	out := map[string]example{}
	for _, e := range root.Children {
		var ex example
		if t := e.Member("text"); t != nil {
			ex.text = t.Value
		} else if t := e.Member("trigger"); t != nil {
			ex.text = compact(t)
		}
		if t := e.Member("type"); t != nil {
			ex.typ = t.Value
		}
		out[e.Member("code").Value] = ex
	}
	return out, nil
}

func writeRule(b *bytes.Buffer, r lint.Rule, ex example) {
	fmt.Fprintf(b, "\n### %s\n\n**%s.** %s\n\n**Fix:** %s\n", r.Code, r.Severity, r.Summary, r.Help)
	if ex.text == "" {
		b.WriteString("\nTriggered by a document over its type's size quota; see the table of policy types.\n")
		return
	}
	with := ""
	if ex.typ != "" {
		with = fmt.Sprintf(" (linted with `--type %s`)", ex.typ)
	}
	fmt.Fprintf(b, "\nExample%s:\n\n```json\n%s\n```\n", with, ex.text)
	res := lint.LintFile("example.json", []byte(ex.text), lint.Options{Type: lint.PolicyType(ex.typ)})
	for _, f := range res.Findings {
		if f.Code == r.Code {
			fmt.Fprintf(b, "\nMessage: %s\n", f.Message)
			return
		}
	}
}

// compact writes a node tree as single-line JSON with a space after each
// separator.
func compact(n *policy.Node) string {
	switch n.Kind {
	case policy.NodeObject:
		parts := make([]string, 0, len(n.Children))
		for _, c := range n.Children {
			parts = append(parts, fmt.Sprintf("%q: %s", c.Key, compact(c)))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case policy.NodeArray:
		parts := make([]string, 0, len(n.Children))
		for _, c := range n.Children {
			parts = append(parts, compact(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case policy.NodeNumber, policy.NodeBool:
		return n.Value
	}
	return fmt.Sprintf("%q", n.Value)
}
