package conformance

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadError is a problem in a case file, at a position.
type LoadError struct {
	File    string
	Pos     Pos
	Message string
}

// Error formats the problem as "file:line:col: message".
func (e *LoadError) Error() string {
	if e.Pos.Line == 0 {
		return e.File + ": " + e.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Column, e.Message)
}

// source is one case file being decoded: its name, raw lines and the
// start position of every YAML node in document order. The positions let
// the loader cut the exact text of a subtree, such as a policy document,
// out of the file with its line and column numbers intact.
type source struct {
	file      string
	dir       string
	fsys      fs.FS // nil for a file on disk
	lines     []string
	positions []Pos
}

func newSource(file, dir string, text []byte, root *yaml.Node) *source {
	s := &source{file: file, dir: dir, lines: strings.Split(string(text), "\n")}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind != yaml.DocumentNode {
			s.positions = append(s.positions, Pos{n.Line, n.Column})
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	sort.Slice(s.positions, func(i, j int) bool { return before(s.positions[i], s.positions[j]) })
	return s
}

func before(a, b Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
}

func posOf(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

func (s *source) errorf(n *yaml.Node, format string, args ...any) error {
	e := &LoadError{File: s.file, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Pos = posOf(n)
	}
	return e
}

// subtreeText returns the text of node n as it appears in the file,
// preceded by blank lines and spaces so that line and column numbers in
// the returned text equal those in the file. A flow collection ({...},
// [...], which includes JSON) ends at its closing bracket; a block
// collection ends before the next node that is not part of it. It
// returns false when no valid cut exists, such as a block subtree that
// shares its last line with a following node.
func (s *source) subtreeText(n *yaml.Node) ([]byte, bool) {
	if n.Style&yaml.FlowStyle != 0 {
		end, ok := s.flowEnd(posOf(n))
		if !ok {
			return nil, false
		}
		return s.cut(posOf(n), end), true
	}
	last := posOf(n)
	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		if p := posOf(m); before(last, p) {
			last = p
		}
		for _, c := range m.Content {
			walk(c)
		}
	}
	walk(n)

	endLine := len(s.lines)
	for _, p := range s.positions {
		if before(last, p) {
			if p.Line == last.Line {
				return nil, false
			}
			endLine = p.Line - 1
			break
		}
	}
	endCol := 0
	if endLine >= 1 && endLine <= len(s.lines) {
		endCol = len(s.lines[endLine-1])
	}
	return s.cut(posOf(n), Pos{endLine, endCol}), true
}

// cut returns the file text from start through end (inclusive, 1-based
// byte columns), padded so that positions keep their line and column.
func (s *source) cut(start, end Pos) []byte {
	var b strings.Builder
	for i := 1; i < start.Line; i++ {
		b.WriteByte('\n')
	}
	for i := start.Line; i <= end.Line && i <= len(s.lines); i++ {
		line := s.lines[i-1]
		if i == end.Line {
			line = line[:min(end.Column, len(line))]
		}
		if i == start.Line {
			c := min(start.Column-1, len(line))
			line = strings.Repeat(" ", c) + line[c:]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// flowEnd returns the position of the bracket that closes the flow
// collection opening at start, skipping brackets inside double- and
// single-quoted scalars. yaml.v3 reports no end positions, hence the scan.
func (s *source) flowEnd(start Pos) (Pos, bool) {
	depth := 0
	var quote byte
	for li := start.Line; li <= len(s.lines); li++ {
		line := s.lines[li-1]
		from := 0
		if li == start.Line {
			from = start.Column - 1
		}
		for i := from; i < len(line); i++ {
			c := line[i]
			switch {
			case quote == '"' && c == '\\':
				i++
			case quote != 0 && c == quote:
				if quote == '\'' && i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				quote = 0
			case quote != 0:
			case c == '"' || c == '\'':
				quote = c
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					return Pos{li, i + 1}, true
				}
			case c == '#' && (i == 0 || line[i-1] == ' '):
				i = len(line)
			}
		}
	}
	return Pos{}, false
}

// mapping is a YAML mapping whose keys are checked against the set the
// caller reads: an unknown key is an error, so typos do not pass silently.
type mapping struct {
	src    *source
	node   *yaml.Node
	values map[string]*yaml.Node
	keys   map[string]*yaml.Node
}

func (s *source) mapping(n *yaml.Node, what string, allowed ...string) (*mapping, error) {
	if n.Kind != yaml.MappingNode {
		return nil, s.errorf(n, "%s must be a mapping, got %s", what, kindName(n))
	}
	m := &mapping{src: s, node: n, values: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, s.errorf(k, "%s: keys must be strings", what)
		}
		if _, dup := m.values[k.Value]; dup {
			return nil, s.errorf(k, "%s: duplicate key %q", what, k.Value)
		}
		if !contains(allowed, k.Value) {
			return nil, s.errorf(k, "%s: unknown key %q; use one of %s",
				what, k.Value, strings.Join(allowed, ", "))
		}
		m.values[k.Value] = v
		m.keys[k.Value] = k
	}
	return m, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (m *mapping) get(key string) *yaml.Node { return m.values[key] }

func (m *mapping) has(key string) bool { _, ok := m.values[key]; return ok }

// str reads an optional scalar as its text. YAML numbers and booleans are
// read as written ("300", "true").
func (m *mapping) str(key string) (string, error) {
	n := m.values[key]
	if n == nil {
		return "", nil
	}
	return m.src.scalar(n, key)
}

func (m *mapping) required(key, what string) (string, error) {
	if !m.has(key) {
		return "", m.src.errorf(m.node, "%s: missing %q", what, key)
	}
	v, err := m.str(key)
	if err == nil && v == "" {
		err = m.src.errorf(m.values[key], "%s: %q must not be empty", what, key)
	}
	return v, err
}

func (s *source) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", s.errorf(n, "%s must be a string, got %s", what, kindName(n))
	}
	return n.Value, nil
}

func (s *source) strings(n *yaml.Node, what string) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, s.errorf(n, "%s must be a list, got %s", what, kindName(n))
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		v, err := s.scalar(c, what+" entry")
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *source) integer(n *yaml.Node, what string) (int64, error) {
	v, err := s.scalar(n, what)
	if err != nil {
		return 0, err
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, s.errorf(n, "%s must be an integer, got %q", what, v)
	}
	return i, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return "a scalar"
}
