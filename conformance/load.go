package conformance

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// WorldSuffix ends the name of a world file. LoadDirs skips such files,
// because they hold a world for cases to name, not cases.
const WorldSuffix = ".world.yaml"

// LoadDirs loads every case file (*.yaml, *.yml, *.json) under each path,
// which may be a directory or a file, in lexical order. The first invalid
// file stops the load.
func LoadDirs(paths ...string) ([]*Case, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isCaseFile(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("conformance: %w", err)
		}
	}
	sort.Strings(files)

	var cases []*Case
	for _, f := range files {
		cs, err := LoadFile(f)
		if err != nil {
			return nil, err
		}
		cases = append(cases, cs...)
	}
	return cases, nil
}

func isCaseFile(path string) bool {
	if strings.HasSuffix(path, WorldSuffix) {
		return false
	}
	switch filepath.Ext(path) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// LoadFile loads the cases in one file.
func LoadFile(path string) ([]*Case, error) {
	data, err := readFile(path, maxCaseFileBytes)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	return Parse(path, filepath.Dir(path), data)
}

// Size limits of the files a case file names or is. They keep a path such
// as /dev/zero from exhausting memory.
const (
	maxCaseFileBytes = 8 << 20
	maxWorldBytes    = 8 << 20
	maxPolicyBytes   = 1 << 20
)

// readFile reads at most limit bytes of path and fails when it is larger.
func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, path, limit)
}

// readFSFile is readFile for a file in fsys.
func readFSFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, name, limit)
}

func readLimited(f io.Reader, path string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, limit)
	}
	return data, nil
}

// Parse loads the cases in data, a YAML or JSON case file. file names the
// input in errors and reports; dir resolves relative paths the cases name
// (policy files, world files). A file holds one case, or a mapping with a
// list under "cases" and optional "world" and "caller" defaults for them.
func Parse(file, dir string, data []byte) ([]*Case, error) {
	return parse(file, dir, nil, data)
}

// parse is Parse for a file in fsys, or on disk when fsys is nil.
func parse(file, dir string, fsys fs.FS, data []byte) ([]*Case, error) {
	// JSON allows tabs between tokens where YAML does not. A tab outside a
	// string is whitespace in JSON and one character wide, so replacing it
	// with a space keeps every column.
	if isJSON(data) {
		data = bytes.ReplaceAll(data, []byte("\t"), []byte(" "))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil, &LoadError{File: file, Message: "empty case file; write one case or a \"cases\" list"}
	}
	s := newSource(file, dir, data, &root)
	s.fsys = fsys
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, s.errorf(top, "a case file must be a mapping, got %s", kindName(top))
	}
	for i := 0; i < len(top.Content); i += 2 {
		switch top.Content[i].Value {
		case "cases":
			return s.caseList(top)
		case "accounts", "credentials":
			return nil, s.errorf(top.Content[i], "%s", worldFileAdvice(file))
		}
	}
	c, err := s.decodeCase(top, fileDefaults{})
	if err != nil {
		return nil, err
	}
	return []*Case{c}, nil
}

// worldFileAdvice explains what to do with a world file given where a
// case file was expected.
func worldFileAdvice(file string) string {
	if strings.HasSuffix(file, WorldSuffix) {
		return "this is a world file, not a case file; cases name it under \"world\", " +
			"and iamgate serve --config runs it"
	}
	return "this is a world file, not a case file; run it with iamgate serve --config, " +
		"and name it with the suffix " + WorldSuffix + " so that case loading skips it"
}

func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// yamlError turns a yaml.v3 syntax error ("yaml: line 3: ...") into
// "file:3:1: ...". yaml.v3 reports lines but not columns.
func yamlError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ": ")
		return &LoadError{File: file, Pos: Pos{line, 1}, Message: "invalid YAML: " + rest}
	}
	return &LoadError{File: file, Message: "invalid YAML: " + msg}
}

// fileDefaults holds the values a "cases" file gives all its cases.
type fileDefaults struct {
	world  *WorldRef
	caller *Caller
}

func (s *source) caseList(top *yaml.Node) ([]*Case, error) {
	m, err := s.mapping(top, "case file", "cases", "description", "world", "caller")
	if err != nil {
		return nil, err
	}
	var defaults fileDefaults
	if n := m.get("world"); n != nil {
		if defaults.world, err = s.world(n); err != nil {
			return nil, err
		}
	}
	if n := m.get("caller"); n != nil {
		c, err := s.caller(n)
		if err != nil {
			return nil, err
		}
		defaults.caller = &c
	}

	list := m.get("cases")
	if list.Kind != yaml.SequenceNode {
		return nil, s.errorf(list, "\"cases\" must be a list, got %s", kindName(list))
	}
	cases := make([]*Case, 0, len(list.Content))
	names := map[string]bool{}
	for _, n := range list.Content {
		c, err := s.decodeCase(n, defaults)
		if err != nil {
			return nil, err
		}
		if names[c.Name] {
			return nil, s.errorf(n, "duplicate case name %q; names must be unique in a file", c.Name)
		}
		names[c.Name] = true
		cases = append(cases, c)
	}
	return cases, nil
}

var caseKeys = []string{
	"name", "source", "description", "request", "policies", "organization",
	"world", "caller", "token_request", "expect",
}

func (s *source) decodeCase(n *yaml.Node, defaults fileDefaults) (*Case, error) {
	m, err := s.mapping(n, "case", caseKeys...)
	if err != nil {
		return nil, err
	}
	c := &Case{File: s.file, Pos: posOf(n)}
	if c.Name, err = m.required("name", "case"); err != nil {
		return nil, err
	}
	if c.Source, err = m.str("source"); err != nil {
		return nil, err
	}
	if c.Description, err = m.str("description"); err != nil {
		return nil, err
	}
	switch {
	case m.has("expect"):
		if err := s.expect(m.get("expect"), c); err != nil {
			return nil, err
		}
	case m.has("request"):
		// An evaluation case may leave out its expectation, so that
		// iamgate eval can explain any request; the runner fails it.
		c.Kind = KindEvaluation
	case m.has("world") || m.has("caller") || m.has("token_request"):
		return nil, s.errorf(n, "case %s: missing \"expect\"", c.Name)
	default:
		return nil, s.errorf(n, "case %s: missing \"request\"; an evaluation case needs request and expect, "+
			"an issuer case world, caller and expect", c.Name)
	}
	if c.Kind == KindEvaluation {
		return c, s.evaluationCase(m, c)
	}
	return c, s.issuerCase(m, c, defaults)
}

func (s *source) evaluationCase(m *mapping, c *Case) error {
	for _, k := range []string{"world", "caller", "token_request"} {
		if m.has(k) {
			return s.errorf(m.keys[k], "case %s: %q belongs to issuer cases; an evaluation case has request and policies", c.Name, k)
		}
	}
	if !m.has("request") {
		return s.errorf(m.node, "case %s: missing \"request\"", c.Name)
	}
	var err error
	if c.Request, err = s.request(m.get("request")); err != nil {
		return err
	}
	c.Policies = &Policies{}
	if n := m.get("policies"); n != nil {
		if c.Policies, err = s.policies(n); err != nil {
			return err
		}
	}
	if n := m.get("organization"); n != nil {
		om, err := s.mapping(n, "organization", "management_account")
		if err != nil {
			return err
		}
		if c.Policies.ManagementAccount, err = om.str("management_account"); err != nil {
			return err
		}
	}
	return nil
}

func (s *source) issuerCase(m *mapping, c *Case, defaults fileDefaults) error {
	for _, k := range []string{"request", "policies", "organization"} {
		if m.has(k) {
			return s.errorf(m.keys[k], "case %s: %q belongs to evaluation cases; an issuer case has world, caller and token_request", c.Name, k)
		}
	}
	var err error
	c.World = defaults.world
	if n := m.get("world"); n != nil {
		if c.World, err = s.world(n); err != nil {
			return err
		}
	}
	if c.World == nil {
		return s.errorf(m.node, "case %s: missing \"world\": name a world file or write one inline", c.Name)
	}
	if defaults.caller != nil {
		c.Caller = *defaults.caller
	}
	if n := m.get("caller"); n != nil {
		if c.Caller, err = s.caller(n); err != nil {
			return err
		}
	}
	if c.Caller == (Caller{}) {
		return s.errorf(m.node, "case %s: missing \"caller\"", c.Name)
	}
	switch c.Kind {
	case KindToken:
		n := m.get("token_request")
		if n == nil {
			return s.errorf(m.node, "case %s: missing \"token_request\"", c.Name)
		}
		c.Token, err = s.tokenRequest(n)
		return err
	default:
		if m.has("token_request") {
			return s.errorf(m.keys["token_request"], "case %s: a %s case takes no token_request", c.Name, c.Kind)
		}
	}
	return nil
}

func (s *source) world(n *yaml.Node) (*WorldRef, error) {
	if n.Kind == yaml.ScalarNode {
		path, text, err := s.readRelative(n.Value, maxWorldBytes)
		if err != nil {
			return nil, s.errorf(n, "world file: %v", err)
		}
		return &WorldRef{Path: path, Text: text}, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, s.errorf(n, "world must be a file name or a mapping, got %s", kindName(n))
	}
	text, ok := s.subtreeText(n)
	if !ok {
		out, err := yaml.Marshal(n)
		if err != nil {
			return nil, s.errorf(n, "world: %v", err)
		}
		text = out
	}
	return &WorldRef{Path: s.file, Text: text}, nil
}

func (s *source) caller(n *yaml.Node) (Caller, error) {
	m, err := s.mapping(n, "caller", "access_key_id", "principal")
	if err != nil {
		return Caller{}, err
	}
	var c Caller
	if c.AccessKeyID, err = m.str("access_key_id"); err != nil {
		return c, err
	}
	if c.Principal, err = m.str("principal"); err != nil {
		return c, err
	}
	if (c.AccessKeyID == "") == (c.Principal == "") {
		return c, s.errorf(n, "caller: give exactly one of access_key_id and principal")
	}
	return c, nil
}

// readRelative reads a file a case names, relative to the case file's
// directory, and returns its path with its contents. In an fs.FS the path
// must stay inside the file system.
func (s *source) readRelative(name string, limit int64) (string, []byte, error) {
	if s.fsys == nil {
		if !filepath.IsAbs(name) {
			name = filepath.Join(s.dir, name)
		}
		data, err := readFile(name, limit)
		return name, data, err
	}
	p := path.Join(s.dir, name)
	if path.IsAbs(name) || !fs.ValidPath(p) {
		return p, nil, fmt.Errorf("%s is outside the embedded suite; name a file relative to the case file", name)
	}
	data, err := readFSFile(s.fsys, p, limit)
	return p, data, err
}
