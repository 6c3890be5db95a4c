package evaluator

import (
	"encoding/base64"
	"net/netip"
	"strings"
	"time"
)

// decimal is an exact decimal number split into parts, compared without
// floating-point rounding. intPart has no leading zeros and frac no
// trailing zeros, so zero is {"" ""} and has no sign.
type decimal struct {
	neg     bool
	intPart string
	frac    string
}

// parseDecimal parses an integer or decimal such as "300", "-1.50" or
// ".5". It does not allocate.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	if s == "" {
		return d, false
	}
	switch s[0] {
	case '-':
		d.neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" && intPart == "" {
		return d, false
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return d, false
	}
	d.intPart = strings.TrimLeft(intPart, "0")
	d.frac = strings.TrimRight(frac, "0")
	if d.intPart == "" && d.frac == "" {
		d.neg = false
	}
	return d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compareDecimal returns -1, 0 or +1 as a is less than, equal to or
// greater than b.
func compareDecimal(a, b decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := compareMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func compareMagnitude(a, b decimal) int {
	if len(a.intPart) != len(b.intPart) {
		return sign(len(a.intPart) - len(b.intPart))
	}
	if c := strings.Compare(a.intPart, b.intPart); c != 0 {
		return c
	}
	// Fractions compare digit by digit; a missing digit is zero, and
	// neither has trailing zeros, so the shorter prefix is smaller.
	return strings.Compare(a.frac, b.frac)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// parseDate parses the date forms of the Date condition operators: the
// W3C profiles of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD,
// YYYY-MM-DDThh:mm:ssTZD, YYYY-MM-DDThh:mm:ss.sTZD, where TZD is Z or
// +hh:mm or -hh:mm) and epoch seconds (an integer, possibly negative).
// A time of day without TZD is read as UTC.
func parseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := parseEpoch(s); ok {
		return t, true
	}
	return parseW3CDate(s)
}

func parseEpoch(s string) (time.Time, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 15 || !allDigits(digits) {
		return time.Time{}, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		n = n*10 + int64(digits[i]-'0')
	}
	if len(digits) != len(s) {
		n = -n
	}
	return time.Unix(n, 0).UTC(), true
}

// dateReader consumes fixed-width digit fields.
type dateReader struct {
	s   string
	bad bool
}

func (r *dateReader) digits(n int) int {
	if r.bad || len(r.s) < n || !allDigits(r.s[:n]) {
		r.bad = true
		return 0
	}
	v := 0
	for i := 0; i < n; i++ {
		v = v*10 + int(r.s[i]-'0')
	}
	r.s = r.s[n:]
	return v
}

// sep consumes c when it comes next and reports whether it did.
func (r *dateReader) sep(c byte) bool {
	if r.bad || r.s == "" || r.s[0] != c {
		return false
	}
	r.s = r.s[1:]
	return true
}

func parseW3CDate(s string) (time.Time, bool) {
	r := dateReader{s: s}
	year := r.digits(4)
	month, day := 1, 1
	var hour, minute, second, nanos int
	loc := time.UTC
	if r.sep('-') {
		month = r.digits(2)
		if r.sep('-') {
			day = r.digits(2)
			if r.sep('T') {
				hour, minute, second, nanos = r.clock()
				loc = r.zone()
			}
		}
	}
	if r.bad || r.s != "" || month < 1 || month > 12 || day < 1 || day > 31 ||
		hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, nanos, loc)
	if t.Day() != day {
		return time.Time{}, false // 31 February and the like
	}
	return t, true
}

// clock reads hh:mm with optional :ss and fraction.
func (r *dateReader) clock() (hour, minute, second, nanos int) {
	hour = r.digits(2)
	if !r.sep(':') {
		r.bad = true
	}
	minute = r.digits(2)
	if !r.sep(':') {
		return
	}
	second = r.digits(2)
	if !r.sep('.') {
		return
	}
	n := 0
	for n < len(r.s) && r.s[n] >= '0' && r.s[n] <= '9' {
		n++
	}
	if n == 0 {
		r.bad = true
		return
	}
	scale := 100_000_000
	for i := 0; i < n && i < 9; i++ {
		nanos += int(r.s[i]-'0') * scale
		scale /= 10
	}
	r.s = r.s[n:]
	return
}

// zone reads Z, +hh:mm or -hh:mm, or nothing (UTC). It returns a fixed
// zone only when the offset is not zero, to avoid allocating.
func (r *dateReader) zone() *time.Location {
	if r.bad || r.s == "" || r.sep('Z') {
		return time.UTC
	}
	signChar := r.s[0]
	if signChar != '+' && signChar != '-' {
		r.bad = true
		return time.UTC
	}
	r.s = r.s[1:]
	h := r.digits(2)
	if !r.sep(':') {
		r.bad = true
	}
	m := r.digits(2)
	offset := h*3600 + m*60
	if r.bad || offset == 0 {
		return time.UTC
	}
	if signChar == '-' {
		offset = -offset
	}
	return time.FixedZone("", offset)
}

// parseBool parses "true" or "false" in any letter case.
func parseBool(s string) (value bool, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// parseIPPrefix parses a CIDR block or a single address, which stands for
// /32 (IPv4) or /128 (IPv6). IPv4-mapped IPv6 addresses are unmapped.
func parseIPPrefix(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') < 0 {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	if p.Addr().Is4In6() {
		bits := p.Bits() - 96
		if bits < 0 {
			return netip.Prefix{}, false
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), bits)
	}
	return p.Masked(), true
}

// parseIPAddr parses a request address. A value written as a CIDR block
// is read as the block's address.
func parseIPAddr(s string) (netip.Addr, bool) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s = s[:i]
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// canonicalBase64 decodes standard base64 and returns the canonical
// encoding of the bytes, so that equal bytes compare as equal strings.
func canonicalBase64(s string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", false
	}
	return base64.StdEncoding.EncodeToString(b), true
}
