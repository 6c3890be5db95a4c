package evaluator

import "strings"

// Context holds the condition keys of a request. Key names compare
// case-insensitively, including the tag-key part of keys such as
// aws:PrincipalTag/team. Each key is single-valued or multi-valued; a
// multi-valued key may hold an empty set. The zero Context is an empty
// context ready to use, and a nil *Context is read as an empty context.
type Context struct {
	entries map[string]*contextEntry
}

type contextEntry struct {
	key    string // as first set, for traces
	values []string
	multi  bool
}

// NewContext returns an empty request context.
func NewContext() *Context {
	return &Context{entries: make(map[string]*contextEntry)}
}

// Set stores a single-valued key, replacing any earlier value.
func (c *Context) Set(key string, value string) {
	c.init()
	c.entries[strings.ToLower(key)] = &contextEntry{key: key, values: []string{value}}
}

// SetMulti stores a multi-valued key, replacing any earlier value. An empty
// or nil slice stores the key with an empty set of values, which condition
// operators treat like an absent key.
func (c *Context) SetMulti(key string, values []string) {
	c.init()
	c.entries[strings.ToLower(key)] = &contextEntry{
		key: key, values: append([]string(nil), values...), multi: true,
	}
}

func (c *Context) init() {
	if c.entries == nil {
		c.entries = make(map[string]*contextEntry)
	}
}

// Delete removes a key.
func (c *Context) Delete(key string) {
	delete(c.entries, strings.ToLower(key))
}

// Get returns the values stored for key, whether the key is multi-valued,
// and whether it is present. The returned slice must not be modified. Keys
// derived from the principal are not included; see Request.
func (c *Context) Get(key string) (values []string, multi bool, ok bool) {
	e := c.lookup(strings.ToLower(key))
	if e == nil {
		return nil, false, false
	}
	return e.values, e.multi, true
}

// Keys returns the key names as first set, in no particular order.
func (c *Context) Keys() []string {
	if c == nil {
		return nil
	}
	keys := make([]string, 0, len(c.entries))
	for _, e := range c.entries {
		keys = append(keys, e.key)
	}
	return keys
}

// Clone returns a copy of the context that can be changed independently.
func (c *Context) Clone() *Context {
	out := NewContext()
	if c == nil {
		return out
	}
	for k, e := range c.entries {
		copied := *e
		out.entries[k] = &copied
	}
	return out
}

// lookup finds an already lower-cased key.
func (c *Context) lookup(lowerKey string) *contextEntry {
	if c == nil {
		return nil
	}
	return c.entries[lowerKey]
}

// valueSet is the value of one key as seen by a condition: absent,
// single-valued or multi-valued. It avoids building a slice for keys
// derived from the principal.
type valueSet struct {
	one     string
	many    []string
	present bool
	multi   bool
}

func singleValue(v string) valueSet { return valueSet{one: v, present: true} }

func (v valueSet) len() int {
	switch {
	case !v.present:
		return 0
	case v.multi:
		return len(v.many)
	}
	return 1
}

func (v valueSet) at(i int) string {
	if v.multi {
		return v.many[i]
	}
	return v.one
}

// strings returns the values as a new slice, for traces.
func (v valueSet) strings() []string {
	out := make([]string, v.len())
	for i := range out {
		out[i] = v.at(i)
	}
	return out
}
