// Package conditionvalue reads condition values as AWS's condition
// operators read them: exact decimal numbers, W3C ISO 8601 dates and epoch
// seconds, IPv4 and IPv6 addresses and CIDR blocks, booleans and strict
// base64. The evaluator compares with these readings, and the linter uses
// them to report policy values that no request can match.
package conditionvalue

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Decimal is an exact decimal number: the digits of intPart followed by
// those of frac, times 10^exp, with the decimal point after intPart. It
// holds substrings of the parsed text, so parsing does not allocate.
// Numbers compare exactly, as AWS was observed to compare them
// (9007199254740993 is greater than 9007199254740992).
type Decimal struct {
	neg     bool
	intPart string
	frac    string
	exp     int
}

// maxDecimalExponent bounds the exponent of a parsed number, so that
// magnitudes stay far from int overflow.
const maxDecimalExponent = 1_000_000

// ParseDecimal parses the number forms that AWS's Numeric operators were
// observed to accept: an optional sign, digits with an optional decimal
// point ("1.", ".5"), and an optional exponent ("1e0"). NaN and Infinity
// are not numbers.
func ParseDecimal(s string) (Decimal, bool) {
	var d Decimal
	if s != "" && (s[0] == '-' || s[0] == '+') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	mantissa, exponent := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mantissa, exponent = s[:i], s[i+1:]
		e, ok := parseExponent(exponent)
		if !ok {
			return d, false
		}
		d.exp = e
	}
	intPart, frac, _ := strings.Cut(mantissa, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return d, false
	}
	d.intPart, d.frac = intPart, frac
	return d, true
}

func parseExponent(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || !allDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > maxDecimalExponent {
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitAt returns digit i of the concatenated intPart and frac.
func (d *Decimal) digitAt(i int) byte {
	if i < len(d.intPart) {
		return d.intPart[i]
	}
	return d.frac[i-len(d.intPart)]
}

// significant returns the indexes of the first and last non-zero digits,
// or ok false when the number is zero.
func (d *Decimal) significant() (first, last int, ok bool) {
	n := len(d.intPart) + len(d.frac)
	first = 0
	for first < n && d.digitAt(first) == '0' {
		first++
	}
	if first == n {
		return 0, 0, false
	}
	last = n - 1
	for d.digitAt(last) == '0' {
		last--
	}
	return first, last, true
}

// CompareDecimal returns -1, 0 or +1 as a is less than, equal to or
// greater than b.
func CompareDecimal(a, b Decimal) int {
	af, al, aNonZero := a.significant()
	bf, bl, bNonZero := b.significant()
	aSign, bSign := signOf(a.neg, aNonZero), signOf(b.neg, bNonZero)
	if aSign != bSign || aSign == 0 {
		return sign(aSign - bSign)
	}
	c := compareMagnitude(&a, af, al, &b, bf, bl)
	return c * aSign
}

func signOf(neg, nonZero bool) int {
	switch {
	case !nonZero:
		return 0
	case neg:
		return -1
	}
	return 1
}

// compareMagnitude compares two non-zero numbers by absolute value, given
// the positions of their first and last significant digits.
func compareMagnitude(a *Decimal, af, al int, b *Decimal, bf, bl int) int {
	// The power of ten of the first significant digit.
	aMag := len(a.intPart) + a.exp - af
	bMag := len(b.intPart) + b.exp - bf
	if aMag != bMag {
		return sign(aMag - bMag)
	}
	for i, j := af, bf; ; i, j = i+1, j+1 {
		switch {
		case i > al && j > bl:
			return 0
		case i > al:
			return -1
		case j > bl:
			return 1
		}
		if da, db := a.digitAt(i), b.digitAt(j); da != db {
			return sign(int(da) - int(db))
		}
	}
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

// ParseDate parses the date forms of the Date condition operators: the
// W3C profiles of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD,
// YYYY-MM-DDThh:mm:ssTZD, YYYY-MM-DDThh:mm:ss.sTZD, where TZD is Z or
// +hh:mm or -hh:mm) and epoch seconds (an integer with an optional sign).
// A time of day without TZD is read as UTC, and times are truncated to
// milliseconds: AWS was observed to treat 00:00:00.1231Z and 00:00:00.1239Z
// as equal, and 00:00:00 with and without Z.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	// NOTE: "2020" is both epoch seconds and the W3C year profile YYYY.
	// AWS documents neither reading for such a value; digits only are read
	// as epoch seconds here.
	if t, ok := parseEpoch(s); ok {
		return t, true
	}
	t, ok := parseW3CDate(s)
	return t.Truncate(time.Millisecond), ok
}

func parseEpoch(s string) (time.Time, bool) {
	digits := s
	if s != "" && (s[0] == '-' || s[0] == '+') {
		digits = s[1:]
	}
	if digits == "" || len(digits) > 15 || !allDigits(digits) {
		return time.Time{}, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		n = n*10 + int64(digits[i]-'0')
	}
	if s[0] == '-' {
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

// ParseBool reads a Bool or Null value: "true" in any letter case is true
// and every other text is false. AWS was observed to read "yes", "1", ""
// and " true " as false, on both the policy and the request side.
func ParseBool(s string) bool {
	return strings.EqualFold(s, "true")
}

// ParseIPPrefix parses a CIDR block or a single address, which stands for
// /32 (IPv4) or /128 (IPv6). IPv4-mapped IPv6 addresses are unmapped.
func ParseIPPrefix(s string) (netip.Prefix, bool) {
	addrText, bitsText, hasBits := strings.Cut(s, "/")
	a, ok := ParseIPAddr(addrText)
	if !ok {
		return netip.Prefix{}, false
	}
	if !hasBits {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	// AWS was observed to read /024 and /+24 as /24.
	digits := strings.TrimPrefix(bitsText, "+")
	bits, err := strconv.Atoi(digits)
	if err != nil || digits == "" || !allDigits(digits) {
		return netip.Prefix{}, false
	}
	if strings.Contains(addrText, ":") && a.Is4() {
		bits -= 96 // an IPv4-mapped IPv6 block
	}
	if bits < 0 || bits > a.BitLen() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, bits).Masked(), true
}

// ParseIPAddr parses a request address. An IPv4 address may have leading
// zeros, read as decimal: AWS was observed to match 192.000.2.1 against
// 192.0.2.0/24. A value with a prefix length is not an address.
func ParseIPAddr(s string) (netip.Addr, bool) {
	if strings.Contains(s, ":") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Addr{}, false
		}
		return a.Unmap(), true
	}
	var octets [4]byte
	for i := range octets {
		part := s
		if i < 3 {
			var found bool
			part, s, found = strings.Cut(s, ".")
			if !found {
				return netip.Addr{}, false
			}
		}
		if part == "" || len(part) > 3 || !allDigits(part) {
			return netip.Addr{}, false
		}
		n, _ := strconv.Atoi(part)
		if n > 255 {
			return netip.Addr{}, false
		}
		octets[i] = byte(n)
	}
	return netip.AddrFrom4(octets), true
}

// IsStrictBase64 reports whether s is padded standard base64 with zero
// padding bits. Such text is the only encoding of its bytes, so two valid
// values hold equal bytes exactly when they are equal strings. AWS was
// observed not to match YQ (unpadded) or YR== (non-zero padding bits)
// against YQ==.
func IsStrictBase64(s string) bool {
	_, err := base64.StdEncoding.Strict().DecodeString(s)
	return err == nil
}
