package policy

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MarshalJSON encodes the document as compact canonical JSON. Elements
// come in grammar order: Version, Id and Statement, and in a statement
// Sid, Effect, Principal, Action, Resource and Condition. Each scalar or
// array keeps the form it was parsed from, and condition values become
// strings.
// Parsing the output yields the same model apart from positions. A
// Condition element without any key, such as {} or {"Bool": {}}, is
// written as "Condition": {}.
//
// MarshalJSON leaves <, > and & unescaped; json.Marshal escapes them in
// its output unless it writes through an Encoder with SetEscapeHTML(false).
// Conditions sharing an operator are grouped under it in order of first
// appearance. It fails on a statement whose Effect is neither Allow nor
// Deny, which only a Document built in Go can have.
func (d *Document) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	sep := false
	if d.Version != "" {
		writeMember(&b, &sep, "Version")
		writeJSONString(&b, d.Version)
	}
	if d.ID != "" {
		writeMember(&b, &sep, "Id")
		writeJSONString(&b, d.ID)
	}
	writeMember(&b, &sep, "Statement")
	if d.StatementIsArray || len(d.Statements) != 1 {
		b.WriteByte('[')
		for i, st := range d.Statements {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeStatement(&b, st); err != nil {
				return nil, err
			}
		}
		b.WriteByte(']')
	} else if err := writeStatement(&b, d.Statements[0]); err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeStatement(b *bytes.Buffer, st *Statement) error {
	if st.Effect != Allow && st.Effect != Deny {
		return fmt.Errorf("policy: cannot encode statement %d: invalid Effect %d, "+
			"set Effect to Allow or Deny", st.Index, st.Effect)
	}

	b.WriteByte('{')
	sep := false
	if st.HasSid || st.Sid != "" {
		writeMember(b, &sep, "Sid")
		writeJSONString(b, st.Sid)
	}

	writeMember(b, &sep, "Effect")
	writeJSONString(b, st.Effect.String())
	if p := st.Principal; p != nil {
		writeMember(b, &sep, elementName("Principal", p.Not))
		writePrincipal(b, p)
	}
	if st.Action != nil {
		writeMember(b, &sep, st.Action.Element("Action"))
		writeValues(b, st.Action.Values, st.Action.IsArray)
	}
	if st.Resource != nil {
		writeMember(b, &sep, st.Resource.Element("Resource"))
		writeValues(b, st.Resource.Values, st.Resource.IsArray)
	}
	if len(st.Conditions) > 0 || st.ConditionPath != "" {
		writeMember(b, &sep, "Condition")
		writeConditions(b, st.Conditions)
	}
	b.WriteByte('}')
	return nil
}

func elementName(kind string, not bool) string {
	if not {
		return "Not" + kind
	}
	return kind
}

func writePrincipal(b *bytes.Buffer, p *Principal) {
	if p.Wildcard {
		writeJSONString(b, "*")
		return
	}
	b.WriteByte('{')
	sep := false
	for _, e := range p.Entries {
		writeMember(b, &sep, string(e.Type))
		writeValues(b, e.Values, e.IsArray)
	}
	b.WriteByte('}')
}

// NOTE: two conditions with the same operator and key, which only a
// Document built in Go can have, are written as a duplicate key that Parse
// rejects.
func writeConditions(b *bytes.Buffer, conds []*Condition) {
	var order []string
	byOperator := make(map[string][]*Condition)
	for _, c := range conds {
		name := c.Operator.Name
		if _, ok := byOperator[name]; !ok {
			order = append(order, name)
		}
		byOperator[name] = append(byOperator[name], c)
	}
	b.WriteByte('{')
	sep := false
	for _, name := range order {
		writeMember(b, &sep, name)
		b.WriteByte('{')
		keySep := false
		for _, c := range byOperator[name] {
			writeMember(b, &keySep, c.Key)
			writeValues(b, c.Values, c.IsArray)
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

// writeValues writes a single value as a string and anything else, or
// any value parsed from an array, as an array.
func writeValues(b *bytes.Buffer, values []Value, isArray bool) {
	if len(values) == 1 && !isArray {
		writeJSONString(b, values[0].Text)
		return
	}
	b.WriteByte('[')
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, v.Text)
	}
	b.WriteByte(']')
}

func writeMember(b *bytes.Buffer, sep *bool, key string) {
	if *sep {
		b.WriteByte(',')
	}
	*sep = true
	writeJSONString(b, key)
	b.WriteByte(':')
}

// writeJSONString writes s as a JSON string. Unlike encoding/json it
// leaves <, > and & unescaped, so ARNs and conditions stay readable.
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteString(strconv.FormatUint(uint64(c)>>4, 16))
				b.WriteString(strconv.FormatUint(uint64(c)&0xF, 16))
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
