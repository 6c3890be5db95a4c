package policy

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Input bounds. A policy far larger than any AWS quota, or nested deeper
// than any valid policy needs, is rejected before it is built.
const (
	// MaxDocumentSize is the largest document accepted, in bytes. The
	// largest AWS policy quota is 20,480 characters (VPC endpoint
	// policies), so 1 MiB leaves room for templates that embed policies.
	MaxDocumentSize = 1 << 20

	// MaxDepth is the deepest nesting of objects and arrays accepted. A
	// valid policy nests at most six levels: document, Statement array,
	// statement, Condition, operator map and value array.
	MaxDepth = 64
)

// jsonParser is a recursive-descent JSON parser that records the line,
// column and JSON path of every value. Columns count Unicode code points,
// as yaml.v3 does, so both syntaxes report the same positions.
type jsonParser struct {
	src  []byte
	off  int
	line int
	col  int
	errs ErrorList
}

// parseJSONTree parses src into a node tree. It returns a nil tree when
// the input is not well-formed JSON. Duplicate keys are reported in the
// returned list but still yield a tree, so that the builder can report
// problems in the rest of the document in the same pass.
func parseJSONTree(src []byte) (*Node, ErrorList) {
	if err := checkInput(src); err != nil {
		return nil, ErrorList{err}
	}
	p := &jsonParser{src: src, line: 1, col: 1}
	if strings.HasPrefix(string(src[:min(len(src), 3)]), "\uFEFF") {
		p.off = 3
	}
	p.skipSpace()
	if p.off == len(p.src) {
		return nil, ErrorList{emptyDocumentError()}
	}
	root, err := p.value("$", 0)
	if err != nil {
		return nil, ErrorList{err}
	}
	p.skipSpace()
	if p.off < len(p.src) {
		return nil, ErrorList{{Code: CodeTrailingData, Pos: p.pos(),
			Message: fmt.Sprintf("unexpected %s after the end of the document", p.describe()),
			Fix:     "a policy is a single JSON object; remove the extra text"}}
	}
	return root, p.errs
}

// checkInput applies the checks that both syntaxes share: size and UTF-8.
func checkInput(src []byte) *Error {
	if len(src) > MaxDocumentSize {
		return &Error{Code: CodeTooLarge,
			Message: fmt.Sprintf("document is %d bytes, larger than the maximum of %d",
				len(src), MaxDocumentSize),
			Fix: "split the policy into smaller documents"}
	}
	if !utf8.Valid(src) {
		pos := Pos{Line: 1, Column: 1}
		for i := 0; i < len(src); {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			pos = advancePos(pos, src[i:i+size])
			i += size
		}
		return &Error{Code: CodeInvalidUTF8, Pos: pos,
			Message: "document is not valid UTF-8",
			Fix:     "save the policy as UTF-8 text"}
	}
	return nil
}

func emptyDocumentError() *Error {
	return &Error{Code: CodeEmptyDocument, Pos: Pos{Line: 1, Column: 1},
		Message: "document is empty",
		Fix:     `a policy is an object such as {"Version": "2012-10-17", "Statement": [...]}`}
}

// advancePos returns pos moved past the bytes b.
func advancePos(pos Pos, b []byte) Pos {
	for _, c := range b {
		switch {
		case c == '\n':
			pos.Line++
			pos.Column = 1
		case c&0xC0 != 0x80:
			pos.Column++
		}
	}
	return pos
}

func (p *jsonParser) pos() Pos { return Pos{Line: p.line, Column: p.col} }

// advance moves past n bytes, keeping the line and column current.
func (p *jsonParser) advance(n int) {
	end := p.off + n
	for ; p.off < end; p.off++ {
		c := p.src[p.off]
		switch {
		case c == '\n':
			p.line++
			p.col = 1
		case c&0xC0 != 0x80:
			p.col++
		}
	}
}

func (p *jsonParser) skipSpace() {
	for p.off < len(p.src) {
		switch p.src[p.off] {
		case ' ', '\t', '\r', '\n':
			p.advance(1)
		default:
			return
		}
	}
}

// describe names the input at the current offset for a syntax error.
func (p *jsonParser) describe() string {
	if p.off >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.off:])
	return fmt.Sprintf("character %q", r)
}

func (p *jsonParser) syntaxError(path, expected string) *Error {
	return &Error{Code: CodeSyntax, Pos: p.pos(), Path: path,
		Message: fmt.Sprintf("invalid JSON: unexpected %s, expected %s", p.describe(), expected),
		Fix:     "correct the JSON syntax at this position"}
}

func (p *jsonParser) value(path string, depth int) (*Node, *Error) {
	if p.off >= len(p.src) {
		return nil, p.syntaxError(path, "a value")
	}
	switch c := p.src[p.off]; {
	case c == '{' || c == '[':
		if depth >= MaxDepth {
			return nil, &Error{Code: CodeTooDeep, Pos: p.pos(), Path: path,
				Message: fmt.Sprintf("document nests deeper than %d levels", MaxDepth),
				Fix:     "a policy needs at most a few levels of nesting; flatten the document"}
		}
		if c == '{' {
			return p.object(path, depth+1)
		}
		return p.array(path, depth+1)
	case c == '"':
		pos := p.pos()
		s, err := p.str(path)
		if err != nil {
			return nil, err
		}
		return &Node{Kind: NodeString, Value: s, Pos: pos, Path: path}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(path)
	case c == 't':
		return p.literal(path, "true", NodeBool)
	case c == 'f':
		return p.literal(path, "false", NodeBool)
	case c == 'n':
		return p.literal(path, "null", NodeNull)
	}
	return nil, p.syntaxError(path, "a value")
}

func (p *jsonParser) object(path string, depth int) (*Node, *Error) {
	n := &Node{Kind: NodeObject, Pos: p.pos(), Path: path}
	p.advance(1)
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == '}' {
		p.advance(1)
		return n, nil
	}
	seen := make(map[string]bool)
	for {
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != '"' {
			return nil, p.syntaxError(path, "a quoted member name")
		}
		keyPos := p.pos()
		key, err := p.str(path)
		if err != nil {
			return nil, err
		}
		childPath := memberPath(path, key)
		if seen[key] {
			p.errs = append(p.errs, duplicateKeyError(key, keyPos, childPath))
		}
		seen[key] = true
		p.skipSpace()
		if p.off >= len(p.src) || p.src[p.off] != ':' {
			return nil, p.syntaxError(childPath, "':' after the member name")
		}
		p.advance(1)
		p.skipSpace()
		child, err := p.value(childPath, depth)
		if err != nil {
			return nil, err
		}
		child.Key, child.KeyPos = key, keyPos
		n.Children = append(n.Children, child)
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.advance(1)
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == '}' {
			p.advance(1)
			return n, nil
		}
		return nil, p.syntaxError(path, "',' or '}'")
	}
}

// duplicateKeyError reports a member name that repeats exactly within one
// object. AWS Access Analyzer also flags keys that differ only in case
// ("Duplicate keys with different case"). The linter reports those, so the
// parser compares keys exactly, as JSON does.
func duplicateKeyError(key string, pos Pos, path string) *Error {
	return &Error{Code: CodeDuplicateKey, Pos: pos, Path: path, Element: key,
		Message: fmt.Sprintf("duplicate key %q", key),
		Fix:     "each key may appear once per object; merge or remove the repeated entry"}
}

func (p *jsonParser) array(path string, depth int) (*Node, *Error) {
	n := &Node{Kind: NodeArray, Pos: p.pos(), Path: path}
	p.advance(1)
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.advance(1)
		return n, nil
	}
	for {
		p.skipSpace()
		child, err := p.value(indexPath(path, len(n.Children)), depth)
		if err != nil {
			return nil, err
		}
		n.Children = append(n.Children, child)
		p.skipSpace()
		if p.off < len(p.src) && p.src[p.off] == ',' {
			p.advance(1)
			continue
		}
		if p.off < len(p.src) && p.src[p.off] == ']' {
			p.advance(1)
			return n, nil
		}
		return nil, p.syntaxError(path, "',' or ']'")
	}
}

func (p *jsonParser) literal(path, word string, kind NodeKind) (*Node, *Error) {
	if !strings.HasPrefix(string(p.src[p.off:min(len(p.src), p.off+len(word))]), word) {
		return nil, p.syntaxError(path, "a value")
	}
	n := &Node{Kind: kind, Value: word, Pos: p.pos(), Path: path}
	p.advance(len(word))
	return n, nil
}

// number scans a JSON number and keeps its text as written. A malformed
// number is reported at its first character.
func (p *jsonParser) number(path string) (*Node, *Error) {
	start := p.off
	end, ok := scanNumber(p.src, start)
	if !ok {
		return nil, p.syntaxError(path,
			"a number such as 300 or 1.5e3 (no leading zeros, digits after '.' and 'e')")
	}
	n := &Node{Kind: NodeNumber, Value: string(p.src[start:end]), Pos: p.pos(), Path: path}
	p.advance(end - start)
	return n, nil
}

// scanNumber returns the end of the JSON number starting at src[i] and
// whether it is well-formed.
func scanNumber(src []byte, i int) (int, bool) {
	digits := func() int {
		n := 0
		for i < len(src) && src[i] >= '0' && src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if src[i] == '-' {
		i++
	}
	intStart := i
	if n := digits(); n == 0 || (n > 1 && src[intStart] == '0') {
		return i, false
	}
	if i < len(src) && src[i] == '.' {
		i++
		if digits() == 0 {
			return i, false
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, false
		}
	}
	return i, true
}

// str scans a quoted string at the current offset and returns its decoded
// value. Unpaired UTF-16 surrogates in \u escapes decode to U+FFFD, as in
// encoding/json.
func (p *jsonParser) str(path string) (string, *Error) {
	p.advance(1)
	start := p.off
	for i := start; i < len(p.src); i++ {
		c := p.src[i]
		if c == '"' {
			s := string(p.src[start:i])
			p.advance(i + 1 - p.off)
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for p.off < len(p.src) {
		c := p.src[p.off]
		switch {
		case c == '"':
			p.advance(1)
			return b.String(), nil
		case c < 0x20:
			return "", p.syntaxError(path, `an escaped control character such as \n`)
		case c == '\\':
			if err := p.escape(path, &b); err != nil {
				return "", err
			}
		default:
			_, size := utf8.DecodeRune(p.src[p.off:])
			b.Write(p.src[p.off : p.off+size])
			p.advance(size)
		}
	}
	return "", p.syntaxError(path, `'"' to close the string`)
}

var simpleEscapes = map[byte]byte{
	'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t',
}

func (p *jsonParser) escape(path string, b *strings.Builder) *Error {
	if p.off+1 >= len(p.src) {
		return p.syntaxError(path, "an escape character")
	}
	if r, ok := simpleEscapes[p.src[p.off+1]]; ok {
		b.WriteByte(r)
		p.advance(2)
		return nil
	}
	if p.src[p.off+1] != 'u' {
		return p.syntaxError(path, `a valid escape (\" \\ \/ \b \f \n \r \t \uXXXX)`)
	}
	r, ok := p.hex4(p.off + 2)
	if !ok {
		return p.syntaxError(path, "four hexadecimal digits after \\u")
	}
	p.advance(6)
	if utf16.IsSurrogate(r) {
		r2, ok := rune(-1), false
		if p.off+1 < len(p.src) && p.src[p.off] == '\\' && p.src[p.off+1] == 'u' {
			r2, ok = p.hex4(p.off + 2)
		}
		if dec := utf16.DecodeRune(r, r2); ok && dec != utf8.RuneError {
			p.advance(6)
			r = dec
		} else {
			r = utf8.RuneError
		}
	}
	b.WriteRune(r)
	return nil
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range p.src[at : at+4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}
