package conformance

import (
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// SkipList is the set of cases not to run, each with the reason.
type SkipList struct {
	entries []SkipEntry
}

// SkipEntry skips the case whose ID ends with Case ("file: name", where
// file may be shortened to its last path elements). Target limits the
// entry to "in-process" or "http"; empty means both.
type SkipEntry struct {
	Case   string `yaml:"case"`
	Target string `yaml:"target"`
	Reason string `yaml:"reason"`
}

// LoadSkipList reads a skip list file:
//
//	skip:
//	  - case: "eval/operators.yaml: bool/true/allow"
//	    target: http      # optional
//	    reason: why the case cannot pass yet
func LoadSkipList(path string) (*SkipList, error) {
	data, err := readFile(path, maxCaseFileBytes)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	return ParseSkipList(path, data)
}

// SkipListError is a problem in a skip list, at a line. Line is 0 when
// the problem has no line, such as a file that is not valid YAML
// without one.
type SkipListError struct {
	File    string
	Line    int
	Message string
}

// Error formats the problem as "file:line: message".
func (e *SkipListError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Message
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
}

// ParseSkipList parses the text of a skip list; file names it in errors.
// Every problem is a *SkipListError.
func ParseSkipList(file string, data []byte) (*SkipList, error) {
	fail := func(n *yaml.Node, format string, args ...any) error {
		e := &SkipListError{File: file, Message: fmt.Sprintf(format, args...)}
		if n != nil {
			e.Line = n.Line
		}
		return e
	}

	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		var le *LoadError
		if errors.As(yamlError(file, err), &le) {
			return nil, &SkipListError{File: file, Line: le.Pos.Line, Message: le.Message}
		}
		return nil, &SkipListError{File: file, Message: "invalid YAML: " + err.Error()}
	}
	if len(root.Content) == 0 {
		return &SkipList{}, nil
	}

	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fail(top, "a skip list must be a mapping with a \"skip\" list")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k := top.Content[i]; k.Value != "skip" {
			return nil, fail(k, "unknown key %q; a skip list has only \"skip\"", k.Value)
		}
		list = top.Content[i+1]
	}
	if list == nil || list.Tag == "!!null" {
		return &SkipList{}, nil
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fail(list, "\"skip\" must be a list of {case, target, reason} entries")
	}

	entries := make([]SkipEntry, 0, len(list.Content))
	for _, n := range list.Content {
		e, err := skipEntry(n, fail)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return &SkipList{entries: entries}, nil
}

func skipEntry(n *yaml.Node, fail func(*yaml.Node, string, ...any) error) (SkipEntry, error) {
	var e SkipEntry
	if n.Kind != yaml.MappingNode {
		return e, fail(n, "a skip entry must be a mapping with case, reason and an optional target")
	}
	fields := map[string]*string{"case": &e.Case, "target": &e.Target, "reason": &e.Reason}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		dst, ok := fields[k.Value]
		if !ok {
			return e, fail(k, "unknown key %q in a skip entry; use case, target and reason", k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return e, fail(v, "%s must be a string", k.Value)
		}
		*dst = v.Value
	}
	switch {
	case e.Case == "":
		return e, fail(n, "skip entry has no case; write case: \"FILE: NAME\"")
	case strings.TrimSpace(e.Reason) == "":
		return e, fail(n, "skip entry %q has no reason; every skip needs one", e.Case)
	case e.Target != "" && e.Target != TargetInProcess && e.Target != TargetHTTP:
		return e, fail(n, "skip entry %q: invalid target %q; use in-process or http", e.Case, e.Target)
	}
	return e, nil
}

// Entries returns the entries in file order.
func (l *SkipList) Entries() []SkipEntry {
	if l == nil {
		return nil
	}
	return l.entries
}

// Lookup returns the reason to skip c on the given target kind. A nil
// list skips nothing.
func (l *SkipList) Lookup(c *Case, target string) (string, bool) {
	if l == nil {
		return "", false
	}
	id := c.ID()
	for _, e := range l.entries {
		if e.Target != "" && e.Target != target {
			continue
		}
		if id == e.Case || strings.HasSuffix(id, "/"+e.Case) {
			return e.Reason, true
		}
	}
	return "", false
}

// MergeSkipLists returns one list with the entries of lists in order. Nil
// lists add nothing; with no entries at all the result is nil.
func MergeSkipLists(lists ...*SkipList) *SkipList {
	var entries []SkipEntry
	for _, l := range lists {
		entries = append(entries, l.Entries()...)
	}
	if entries == nil {
		return nil
	}
	return &SkipList{entries: entries}
}
