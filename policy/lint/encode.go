package lint

import (
	"unicode/utf8"

	"github.com/iamgate/iamgate/policy"
)

// encodeNode writes a node tree as compact JSON. Strings are written as
// UTF-8 with only the escapes JSON requires, so the length in characters
// is the length AWS counts for a document without whitespace. A YAML
// number that is not a JSON number is written as a string.
func encodeNode(n *policy.Node) []byte {
	b := make([]byte, 0, 512)
	return appendNode(b, n)
}

func appendNode(b []byte, n *policy.Node) []byte {
	switch n.Kind {
	case policy.NodeObject:
		b = append(b, '{')
		for i, c := range n.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, c.Key)
			b = append(b, ':')
			b = appendNode(b, c)
		}
		return append(b, '}')
	case policy.NodeArray:
		b = append(b, '[')
		for i, c := range n.Children {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendNode(b, c)
		}
		return append(b, ']')
	case policy.NodeNumber:
		if isJSONNumber(n.Value) {
			return append(b, n.Value...)
		}
		return appendString(b, n.Value)
	case policy.NodeBool:
		if n.Value == "true" || n.Value == "false" {
			return append(b, n.Value...)
		}
		return appendString(b, n.Value)
	case policy.NodeNull:
		return append(b, "null"...)
	}
	return appendString(b, n.Value)
}

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		case c < utf8.RuneSelf:
			b = append(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
			continue
		}
		i++
	}
	return append(b, '"')
}

// isJSONNumber reports whether s is a number in JSON syntax.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
