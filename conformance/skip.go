package conformance

import (
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
	var file struct {
		Skip []SkipEntry `yaml:"skip"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil && err.Error() != "EOF" {
		return nil, fmt.Errorf("conformance: skip list %s: %w", path, err)
	}
	for i, e := range file.Skip {
		switch {
		case e.Case == "":
			return nil, fmt.Errorf("conformance: skip list %s: entry %d has no case", path, i+1)
		case strings.TrimSpace(e.Reason) == "":
			return nil, fmt.Errorf("conformance: skip list %s: entry %q has no reason; every skip needs one", path, e.Case)
		case e.Target != "" && e.Target != TargetInProcess && e.Target != TargetHTTP:
			return nil, fmt.Errorf("conformance: skip list %s: entry %q: invalid target %q; use in-process or http", path, e.Case, e.Target)
		}
	}
	return &SkipList{entries: file.Skip}, nil
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
