package evaluator

import (
	"net/netip"
	"strings"
	"time"

	"github.com/iamgate/iamgate/policy"
	"github.com/iamgate/iamgate/policy/conditionvalue"
)

// outcome3 is the result of a condition: true, false, or an evaluation
// error. A statement whose condition has an error applies when it denies
// and does not apply when it allows, as AWS was observed to do when an
// ArnLike pattern is not an ARN.
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
	family   family

	// unparsable reports a Numeric, Date or IP policy value that does not
	// parse as the operator's type.
	unparsable bool

	key    string // lower-cased
	values []condValue
}

// family is an operator family, fixed at compile time so that evaluation
// does not compare family names.
type family uint8

const (
	familyString family = iota
	familyNumeric
	familyDate
	familyBool
	familyBinary
	familyIP
	familyARN
	familyNull
)

func familyOf(k policy.OpKind) family {
	switch k.Family() {
	case "Numeric":
		return familyNumeric
	case "Date":
		return familyDate
	case "Bool":
		return familyBool
	case "Binary":
		return familyBinary
	case "IP":
		return familyIP
	case "ARN":
		return familyARN
	case "Null":
		return familyNull
	}
	return familyString
}

// condValue is one policy value, parsed for its operator.
type condValue struct {
	text    template
	pattern []piece // prepared pattern for text without variables
	wild    bool    // text has * or ? (Like and Arn operators)
	kind    patternKind
	head    string // text before the star, for patternPrefix and patternInfix
	tail    string // text after the star, for patternInfix
	num     conditionvalue.Decimal
	date    time.Time
	boolean bool
	prefix  netip.Prefix

	// bad reports a value that does not parse as the operator's type.
	// Under Arn and Binary operators it is an evaluation error. A bad
	// Numeric, Date or IP value matches no request value in a session
	// policy and makes the condition an evaluation error elsewhere (see
	// condition.evalIn).
	bad bool
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
		family:   familyOf(c.Operator.Kind),
		values:   make([]condValue, len(c.Values)),
	}
	// Numeric, Date and IP operators take no policy variables, so a value
	// that does not parse now never will.
	checked := cc.family == familyNumeric || cc.family == familyDate || cc.family == familyIP
	for i, v := range c.Values {
		cc.values[i] = compileValue(cc.kind, v.Text, variables && variablesAllowed(cc.kind))
		cc.unparsable = cc.unparsable || checked && cc.values[i].bad
	}
	return cc
}

// compileValue parses one policy value for the operator kind k.
func compileValue(k policy.OpKind, text string, variables bool) condValue {
	var v condValue
	ok := true
	switch familyOf(k) {
	case familyString, familyARN:
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
		if k == policy.ArnLike && v.text.parts == nil {
			_, ok = splitARN(text)
		}
	case familyNumeric:
		v.num, ok = conditionvalue.ParseDecimal(text)
	case familyDate:
		v.date, ok = conditionvalue.ParseDate(text)
	case familyBool, familyNull:
		v.boolean = conditionvalue.ParseBool(text)
	case familyIP:
		v.prefix, ok = conditionvalue.ParseIPPrefix(text)
	case familyBinary:
		v.text = template{plain: text}
		ok = conditionvalue.IsStrictBase64(text)
	}
	v.bad = !ok
	return v
}

// evalIn evaluates the condition in a policy of type typ. A Numeric, Date
// or IP policy value that does not parse makes the condition an
// evaluation error whatever the request, except in a session policy. AWS
// was observed to reject such a value when it stores an identity-based
// policy, and to accept it in a session policy, where it matches no
// request value (so NumericNotEquals holds). Where AWS was not observed,
// the evaluator fails closed.
func (c *condition) evalIn(st *evalState, typ PolicyType) outcome3 {
	if c.unparsable && typ != TypeSession {
		return condError
	}
	return c.eval(st)
}

// eval evaluates the condition against the request, reading a policy
// value that does not parse as a session policy does.
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
	absent := v.len() == 0
	for i := range c.values {
		if c.values[i].boolean == absent {
			return condTrue
		}
	}
	return condFalse
}

// requestValue is one request value parsed for the operator family.
type requestValue struct {
	text    string
	num     conditionvalue.Decimal
	date    time.Time
	boolean bool
	addr    netip.Addr
	ok      bool // the value parses as the family's type
}

// evalOne matches one request value against the policy values, in order:
// any of them for a positive operator, none of them for a negated one. A
// request value that does not parse matches no policy value. For Arn and
// IP operators the condition is then false even when negated, because AWS
// was observed to evaluate ArnNotLike and NotIpAddress that way.
func (c *condition) evalOne(st *evalState, value string) outcome3 {
	req := requestValue{text: value, ok: true}
	switch c.family {
	case familyARN:
		_, req.ok = splitARN(value)
		if !req.ok {
			return condFalse
		}
	case familyIP:
		req.addr, req.ok = conditionvalue.ParseIPAddr(value)
		if !req.ok {
			return condFalse
		}
	case familyNumeric:
		req.num, req.ok = conditionvalue.ParseDecimal(value)
	case familyDate:
		req.date, req.ok = conditionvalue.ParseDate(value)
	case familyBool:
		req.boolean = conditionvalue.ParseBool(value)
	}

	matched := false
	for i := range c.values {
		m, err := c.matchValue(st, &c.values[i], &req)
		if err {
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

// matchValue compares one parsed request value with one policy value. err
// reports an evaluation error: an Arn pattern or a Binary policy value
// that is not of the operator's type.
func (c *condition) matchValue(st *evalState, pv *condValue, req *requestValue) (match, err bool) {
	switch c.family {
	case familyString:
		return c.matchString(st, pv, req.text), false
	case familyARN:
		if pv.bad {
			return false, true
		}
		return c.matchARN(st, pv, req.text)
	case familyBinary:
		// Strict base64 has one encoding per byte string, so equal
		// strings mean equal bytes.
		return !pv.bad && pv.text.plain == req.text, pv.bad
	}
	if pv.bad || !req.ok {
		return false, false
	}
	switch c.family {
	case familyNumeric:
		return compareMatches(c.kind, conditionvalue.CompareDecimal(req.num, pv.num)), false
	case familyDate:
		return compareMatches(c.kind, req.date.Compare(pv.date)), false
	case familyBool:
		return req.boolean == pv.boolean, false
	case familyIP:
		return pv.prefix.Contains(req.addr), false
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
			return equalIgnoreCase(pv.text.plain, value)
		}
		return pv.text.plain == value
	}

	var buf [maxStackPieces]piece
	pieces, ok := pv.text.resolve(st, buf[:0])
	if !ok {
		return false
	}
	if fold {
		// Rare: an IgnoreCase value with variables. Joining allocates.
		var b strings.Builder
		for _, p := range pieces {
			b.WriteString(p.text)
		}
		return equalIgnoreCase(b.String(), value)
	}
	if c.kind != policy.StringLike {
		for i := range pieces {
			pieces[i].literal = true
		}
	}
	g := globber{pieces: pieces, mode: globFree}
	return g.match(value)
}

// matchARN compares a request ARN with an Arn operator's pattern field by
// field. A pattern whose policy variables resolve to text that is not an
// ARN is an evaluation error, as a literal one is.
func (c *condition) matchARN(st *evalState, pv *condValue, value string) (match, err bool) {
	if pv.text.parts == nil {
		g := globber{pieces: pv.pattern, mode: globARN}
		return g.match(value), false
	}
	var buf [maxStackPieces]piece
	pieces, ok := pv.text.resolve(st, buf[:0])
	if !ok {
		return false, false
	}
	if !piecesFormARN(pieces) {
		return false, true
	}
	g := globber{pieces: pieces, mode: globARN}
	return g.match(value), false
}

// piecesFormARN reports whether the text of pieces starts with "arn:" and
// has at least five colons, without joining them.
func piecesFormARN(pieces []piece) bool {
	const prefix = "arn:"
	n, colons := 0, 0
	for _, p := range pieces {
		for i := 0; i < len(p.text); i++ {
			if n < len(prefix) && p.text[i] != prefix[n] {
				return false
			}
			if p.text[i] == ':' {
				colons++
			}
			n++
		}
	}
	return n >= len(prefix) && colons >= 5
}
