package catalog

import "strings"

// KeyType is the type of a condition key as the service authorization
// reference names it.
type KeyType string

// Condition key types. The ArrayOf types are multivalued: a request may
// carry several values for the key, and policies test them with the
// ForAllValues and ForAnyValue set operators.
const (
	String           KeyType = "String"
	Numeric          KeyType = "Numeric"
	Date             KeyType = "Date"
	Bool             KeyType = "Bool"
	ARN              KeyType = "ARN"
	IPAddress        KeyType = "IPAddress"
	Binary           KeyType = "Binary"
	ArrayOfString    KeyType = "ArrayOfString"
	ArrayOfNumeric   KeyType = "ArrayOfNumeric"
	ArrayOfDate      KeyType = "ArrayOfDate"
	ArrayOfBool      KeyType = "ArrayOfBool"
	ArrayOfARN       KeyType = "ArrayOfARN"
	ArrayOfIPAddress KeyType = "ArrayOfIPAddress"
	ArrayOfBinary    KeyType = "ArrayOfBinary"
)

// MultiValued reports whether the type is an ArrayOf type.
func (t KeyType) MultiValued() bool { return strings.HasPrefix(string(t), "ArrayOf") }

// Element returns the type of one value: String for ArrayOfString, and t
// itself for a single-valued type.
func (t KeyType) Element() KeyType {
	return KeyType(strings.TrimPrefix(string(t), "ArrayOf"))
}

// KeyInfo is a condition key with its type. A Name containing a
// variable, such as "aws:RequestTag/${TagKey}", is a pattern that matches
// any text in place of the variable.
type KeyInfo struct {
	Name string
	Type KeyType

	// Global reports whether the key is a global condition key, available
	// in requests to every service where its value exists.
	Global bool

	// pattern is the lower-cased name with each variable written as
	// ${...}; the reference also writes some as <key>.
	pattern string
}

func newKey(name string, typ KeyType, global bool) *KeyInfo {
	return &KeyInfo{Name: name, Type: typ, Global: global, pattern: keyPattern(name)}
}

// keyPattern lower-cases a key name and rewrites <name> variables, as in
// s3:ExistingObjectTag/<key>, to ${name}.
func keyPattern(name string) string {
	lower := strings.ToLower(name)
	for {
		start := strings.IndexByte(lower, '<')
		if start < 0 {
			return lower
		}
		end := strings.IndexByte(lower[start:], '>')
		if end < 0 {
			return lower
		}
		lower = lower[:start] + "${" + lower[start+1:start+end] + "}" + lower[start+end+1:]
	}
}

// Matches reports whether name is this key or, for a pattern, an instance
// of it. Names compare case-insensitively.
func (k *KeyInfo) Matches(name string) bool {
	if strings.EqualFold(k.Name, name) {
		return true
	}
	if !strings.Contains(k.pattern, "${") {
		return false
	}
	return matchTemplate(k.pattern, strings.ToLower(name))
}

// matchTemplate matches name against a lower-cased key template in which
// each ${...} stands for one or more characters.
func matchTemplate(template, name string) bool {
	for {
		start := strings.Index(template, "${")
		if start < 0 {
			return template == name
		}
		end := strings.IndexByte(template[start:], '}')
		if end < 0 {
			return template == name
		}
		if !strings.HasPrefix(name, template[:start]) {
			return false
		}
		name = name[start:]
		rest := template[start+end+1:]
		next := strings.Index(rest, "${")
		literal := rest
		if next >= 0 {
			literal = rest[:next]
		}
		if next < 0 {
			// Last variable: the rest of name must end with the literal
			// tail and leave at least one character for the variable.
			return len(name) > len(literal) && strings.HasSuffix(name, literal)
		}
		i := strings.Index(name[1:], literal)
		if i < 0 {
			return false
		}
		name = name[1+i:]
		template = rest
	}
}

// keyIndex finds condition keys by exact name and by template.
type keyIndex struct {
	exact map[string]*KeyInfo

	// templates holds keys with variables, grouped by the lower-cased text
	// before the first '/' or "${", so a lookup tries only a few.
	templates map[string][]*KeyInfo
}

func newKeyIndex() keyIndex {
	return keyIndex{
		exact:     map[string]*KeyInfo{},
		templates: map[string][]*KeyInfo{},
	}
}

func (x keyIndex) add(k *KeyInfo) {
	lower := k.pattern
	if strings.Contains(lower, "${") {
		stem := templateStem(lower)
		x.templates[stem] = append(x.templates[stem], k)
		return
	}
	if _, ok := x.exact[lower]; !ok {
		x.exact[lower] = k
	}
}

// templateStem returns the text before the first '/' or "${" of a
// lower-cased key or template.
func templateStem(lower string) string {
	if i := strings.IndexAny(lower, "/$"); i >= 0 {
		return lower[:i]
	}
	return lower
}

func (x keyIndex) lookupExact(name string) *KeyInfo {
	return x.exact[strings.ToLower(name)]
}

func (x keyIndex) lookup(name string) *KeyInfo {
	lower := strings.ToLower(name)
	if k, ok := x.exact[lower]; ok {
		return k
	}
	for _, k := range x.templates[templateStem(lower)] {
		if matchTemplate(k.pattern, lower) {
			return k
		}
	}
	// Templates whose variable comes before the first '/' (such as
	// "agent.${Domain}.buildkite.dev:build_branch") have a stem ending
	// in the text before "${", so try each stem that is a prefix of name.
	for stem, keys := range x.templates {
		if !strings.HasPrefix(lower, stem) || stem == templateStem(lower) {
			continue
		}
		for _, k := range keys {
			if matchTemplate(k.pattern, lower) {
				return k
			}
		}
	}
	return nil
}

// ConditionKey returns the condition key named name: a global key, a
// service key, or a key pattern that name instantiates, such as
// aws:RequestTag/${TagKey} for "aws:RequestTag/team".
func ConditionKey(name string) (*KeyInfo, bool) {
	c := get()
	if k := c.global.lookup(name); k != nil {
		return k, true
	}
	if k := c.keys.lookup(name); k != nil {
		return k, true
	}
	return nil, false
}

// GlobalKey returns the global condition key named name, such as
// "aws:SourceIp" or "aws:PrincipalTag/team".
func GlobalKey(name string) (*KeyInfo, bool) {
	k := get().global.lookup(name)
	return k, k != nil
}
