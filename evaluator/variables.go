package evaluator

import "strings"

// template is a policy string that may contain policy variables such as
// ${aws:username}, ${aws:PrincipalTag/team, 'default'}, ${*}, ${?} and
// ${$}. A template without variables keeps its text in plain.
type template struct {
	plain string
	parts []templatePart // nil when the string has no variables
}

// templatePart is literal or pattern text, or a variable to resolve.
type templatePart struct {
	text       string
	literal    bool   // text is not a pattern: ${*}, ${?}, ${$}
	key        string // lower-cased variable key; "" for text
	def        string
	hasDefault bool
}

// maxStackPieces is how many pieces a resolved template may have before
// resolution allocates.
const maxStackPieces = 16

// parseTemplate splits s into text and variables. A "${" without a closing
// brace, or with an empty key, stays literal text.
func parseTemplate(s string) template {
	if !strings.Contains(s, "${") {
		return template{plain: s}
	}
	var parts []templatePart
	rest := s
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			break
		}
		body := rest[i+2 : i+end]
		part, ok := parseVariable(body)
		if !ok {
			parts = appendText(parts, rest[:i+end+1])
			rest = rest[i+end+1:]
			continue
		}
		parts = appendText(parts, rest[:i])
		parts = append(parts, part)
		rest = rest[i+end+1:]
	}
	parts = appendText(parts, rest)
	return template{plain: s, parts: parts}
}

func appendText(parts []templatePart, text string) []templatePart {
	if text == "" {
		return parts
	}
	return append(parts, templatePart{text: text})
}

// parseVariable parses the text between "${" and "}".
func parseVariable(body string) (templatePart, bool) {
	switch body {
	case "*", "?", "$":
		return templatePart{text: body, literal: true}, true
	}
	key, def, hasDefault := strings.Cut(body, ",")
	key = strings.TrimSpace(key)
	if key == "" {
		return templatePart{}, false
	}
	part := templatePart{key: strings.ToLower(key)}
	if hasDefault {
		def = strings.TrimSpace(def)
		if len(def) < 2 || def[0] != '\'' || def[len(def)-1] != '\'' {
			return templatePart{}, false
		}
		part.def, part.hasDefault = def[1:len(def)-1], true
	}
	return part, true
}

// resolve fills dst with the template's pieces for this request. A
// variable becomes literal text, so wildcards in its value do not act as
// wildcards. ok is false when a variable has no single value and no
// default, or is a multi-valued key: AWS then treats the policy value as
// not matching.
func (t *template) resolve(st *evalState, dst []piece) (pieces []piece, ok bool) {
	if t.parts == nil {
		return append(dst, piece{text: t.plain}), true
	}
	for i := range t.parts {
		p := &t.parts[i]
		if p.key == "" {
			dst = append(dst, piece{text: p.text, literal: p.literal})
			continue
		}
		v := st.lookup(p.key)
		switch {
		case v.present && !v.multi:
			dst = append(dst, piece{text: v.one, literal: true})
		case v.multi && v.len() > 0:
			// A multi-valued key cannot be a variable. AWS was observed
			// to match nothing then, even with a default value.
			return dst, false
		case p.hasDefault:
			dst = append(dst, piece{text: p.def, literal: true})
		default:
			return dst, false
		}
	}
	return dst, true
}

// resolveString returns the template as a string for traces.
func (t *template) resolveString(st *evalState) (string, bool) {
	var buf [maxStackPieces]piece
	pieces, ok := t.resolve(st, buf[:0])
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, p := range pieces {
		b.WriteString(p.text)
	}
	return b.String(), true
}
