package evaluator

import (
	"net/netip"
	"strings"
	"time"

	"github.com/iamgate/iamgate/policy"
)

// outcome3 is the result of a condition: true, false, or a type error
// (a value that does not parse as the operator's type). A statement whose
// condition has a type error applies when it denies and does not apply
// when it allows, so an error never widens access.
type outcome3 uint8

const (
	condFalse outcome3 = iota
	condTrue
	condError
)

// condition is one compiled operator and key pair.
type condition struct {
	src      *policy.Condition
	kind     policy.OpKind // the positive form of the operator
	qual     policy.SetQualifier
	ifExists bool
	negated  bool
	key      string // lower-cased
	values   []condValue
	badValue bool // a policy value does not parse as the operator's type
}

// condValue is one policy value, parsed for its operator.
type condValue struct {
	text    template
	pattern []piece // prepared pattern for text without variables
	wild    bool    // text has * or ? (Like and Arn operators)
	kind    patternKind
	head    string // text before the star, for patternPrefix and patternInfix
	tail    string // text after the star, for patternInfix
	num     decimal
	date    time.Time
	boolean bool
	prefix  netip.Prefix
	binary  string // canonical base64
}

// positiveKind maps a negated operator to the operator it negates.
func positiveKind(k policy.OpKind) policy.OpKind {
	switch k {
	case policy.StringNotEquals:
		return policy.StringEquals
	case policy.StringNotEqualsIgnoreCase:
		return policy.StringEqualsIgnoreCase
	case policy.StringNotLike:
		return policy.StringLike
	case policy.NumericNotEquals:
		return policy.NumericEquals
	case policy.DateNotEquals:
		return policy.DateEquals
	case policy.NotIPAddress:
		return policy.IPAddress
	case policy.ArnEquals, policy.ArnNotEquals, policy.ArnNotLike:
		// ArnEquals honours wildcards just as ArnLike does.
		return policy.ArnLike
	}
	return k
}

// variablesAllowed reports whether policy variables are interpreted in the
// values of the operator family: String and Arn operators only.
func variablesAllowed(k policy.OpKind) bool {
	fam := k.Family()
	return fam == "String" || fam == "ARN"
}

func compileCondition(c *policy.Condition, variables bool) condition {
	cc := condition{
		src:      c,
		kind:     positiveKind(c.Operator.Kind),
		qual:     c.Operator.Qualifier,
		ifExists: c.Operator.IfExists,
		negated:  c.Operator.Kind.Negated(),
		key:      strings.ToLower(c.Key),
		values:   make([]condValue, len(c.Values)),
	}
	for i, v := range c.Values {
		ok := true
		cc.values[i], ok = compileValue(cc.kind, v.Text, variables && variablesAllowed(cc.kind))
		if !ok {
			cc.badValue = true
		}
	}
	return cc
}

// compileValue parses one policy value for the operator kind k and reports
// whether it has the operator's type.
func compileValue(k policy.OpKind, text string, variables bool) (condValue, bool) {
	var v condValue
	switch k.Family() {
	case "String", "ARN":
		if variables {
			v.text = parseTemplate(text)
		} else {
			v.text = template{plain: text}
		}
		like := k == policy.StringLike || k == policy.ArnLike
		v.wild = like && hasWildcard(text)
		v.pattern = []piece{{text: text, literal: !like}}
		if k == policy.StringLike {
			v.kind, v.head = classifyPattern(text)
			if v.kind == patternInfix {
				v.tail = suffixAfterStar(text)
			}
		}
		if k == policy.ArnLike {
			_, isARN := splitARN(text)
			return v, isARN
		}
		return v, true
	case "Numeric":
		d, ok := parseDecimal(text)
		v.num = d
		return v, ok
	case "Date":
		t, ok := parseDate(text)
		v.date = t
		return v, ok
	case "Bool", "Null":
		b, ok := parseBool(text)
		v.boolean = b
		return v, ok
	case "IP":
		p, ok := parseIPPrefix(text)
		v.prefix = p
		return v, ok
	case "Binary":
		b, ok := canonicalBase64(text)
		v.binary = b
		return v, ok
	}
	return v, false
}

// eval evaluates the condition against the request.
func (c *condition) eval(st *evalState) outcome3 {
	v := st.lookup(c.key)
	if c.kind == policy.Null {
		return c.evalNull(v)
	}
	n := v.len()
	if n == 0 {
		// An absent key, or a multi-valued key with no values.
		switch {
		case c.ifExists, c.qual == policy.ForAllValues:
			return condTrue
		case c.qual == policy.ForAnyValue:
			return condFalse
		case c.negated:
			return condTrue
		}
		return condFalse
	}
	if c.badValue {
		return condError
	}
	switch c.qual {
	case policy.ForAllValues:
		for i := 0; i < n; i++ {
			if r := c.evalOne(st, v.at(i)); r != condTrue {
				return r
			}
		}
		return condTrue
	case policy.ForAnyValue:
		result := condFalse
		for i := 0; i < n; i++ {
			switch c.evalOne(st, v.at(i)) {
			case condTrue:
				return condTrue
			case condError:
				result = condError
			}
		}
		return result
	}
	if v.multi {
		// A single-valued operator never matches a multi-valued key that
		// is present, whether negated or with IfExists.
		return condFalse
	}
	return c.evalOne(st, v.one)
}

// evalNull checks existence. The policy value "true" matches an absent
// key and "false" a present one. An empty multi-valued key is absent.
func (c *condition) evalNull(v valueSet) outcome3 {
	if c.badValue {
		return condError
	}
	absent := v.len() == 0
	for i := range c.values {
		if c.values[i].boolean == absent {
			return condTrue
		}
	}
	return condFalse
}

// evalOne matches one request value against the policy values: any of
// them for a positive operator, none of them for a negated one.
func (c *condition) evalOne(st *evalState, value string) outcome3 {
	matched := false
	for i := range c.values {
		m, ok := c.matchValue(st, &c.values[i], value)
		if !ok {
			return condError
		}
		if m {
			matched = true
			break
		}
	}
	if matched != c.negated {
		return condTrue
	}
	return condFalse
}

// matchValue compares one request value with one policy value. ok is false
// when the request value does not parse as the operator's type.
func (c *condition) matchValue(st *evalState, pv *condValue, value string) (match, ok bool) {
	switch c.kind {
	case policy.StringEquals, policy.StringEqualsIgnoreCase, policy.StringLike:
		return c.matchString(st, pv, value), true
	case policy.ArnLike:
		if _, isARN := splitARN(value); !isARN {
			return false, false
		}
		return c.matchString(st, pv, value), true
	case policy.NumericEquals, policy.NumericLessThan, policy.NumericLessThanEquals,
		policy.NumericGreaterThan, policy.NumericGreaterThanEquals:
		d, ok := parseDecimal(value)
		if !ok {
			return false, false
		}
		return compareMatches(c.kind, compareDecimal(d, pv.num)), true
	case policy.DateEquals, policy.DateLessThan, policy.DateLessThanEquals,
		policy.DateGreaterThan, policy.DateGreaterThanEquals:
		t, ok := parseDate(value)
		if !ok {
			return false, false
		}
		return compareMatches(c.kind, t.Compare(pv.date)), true
	case policy.Bool:
		b, ok := parseBool(value)
		return ok && b == pv.boolean, ok
	case policy.IPAddress:
		a, ok := parseIPAddr(value)
		return ok && pv.prefix.Contains(a), ok
	case policy.BinaryEquals:
		if value == pv.binary {
			return true, true
		}
		b, ok := canonicalBase64(value)
		return ok && b == pv.binary, ok
	}
	return false, false
}

// compareMatches reports whether the comparison result cmp (request value
// against policy value) satisfies the operator.
func compareMatches(k policy.OpKind, cmp int) bool {
	switch k {
	case policy.NumericEquals, policy.DateEquals:
		return cmp == 0
	case policy.NumericLessThan, policy.DateLessThan:
		return cmp < 0
	case policy.NumericLessThanEquals, policy.DateLessThanEquals:
		return cmp <= 0
	case policy.NumericGreaterThan, policy.DateGreaterThan:
		return cmp > 0
	case policy.NumericGreaterThanEquals, policy.DateGreaterThanEquals:
		return cmp >= 0
	}
	return false
}

// matchString compares a request value with a String or Arn policy value,
// resolving policy variables first.
func (c *condition) matchString(st *evalState, pv *condValue, value string) bool {
	fold := c.kind == policy.StringEqualsIgnoreCase
	if pv.text.parts == nil {
		switch {
		case c.kind == policy.ArnLike:
			g := globber{pieces: pv.pattern, mode: globARN}
			return g.match(value)
		case pv.wild:
			switch pv.kind {
			case patternAny:
				return true
			case patternPrefix:
				return strings.HasPrefix(value, pv.head)
			case patternInfix:
				return matchInfix(value, pv.head, pv.tail)
			}
			g := globber{pieces: pv.pattern, mode: globFree}
			return g.match(value)
		case fold:
			return strings.EqualFold(pv.text.plain, value)
		}
		return pv.text.plain == value
	}

	var buf [maxStackPieces]piece
	pieces, ok := pv.text.resolve(st, buf[:0])
	if !ok {
		return false
	}
	if c.kind != policy.StringLike && c.kind != policy.ArnLike {
		for i := range pieces {
			pieces[i].literal = true
		}
	}
	mode := globFree
	if c.kind == policy.ArnLike {
		mode = globARN
	}
	g := globber{pieces: pieces, mode: mode, fold: fold}
	return g.match(value)
}
