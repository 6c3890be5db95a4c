package lint

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// The parsers below accept exactly the policy values that the evaluator
// (package evaluator, values.go) accepts, so that a finding that says a
// statement fails closed is true. The linter may not import the
// evaluator, and TestValueChecksMatchEvaluator keeps the two in step.

// maxDecimalExponent is the largest exponent a number may have.
const maxDecimalExponent = 1_000_000

// number reports whether s is a number as IAM writes it: an optional
// sign, digits with an optional decimal point (".5" and "5." included)
// and an optional exponent. NaN and Infinity are not numbers.
func number(s string) bool {
	mantissa := trimSign(s)
	if i := strings.IndexAny(mantissa, "eE"); i >= 0 {
		if !exponentDigits(mantissa[i+1:]) {
			return false
		}
		mantissa = mantissa[:i]
	}
	intPart, frac, _ := strings.Cut(mantissa, ".")
	return (intPart != "" || frac != "") && allDigits(intPart) && allDigits(frac)
}

// trimSign removes one leading + or -.
func trimSign(s string) string {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return s[1:]
	}
	return s
}

func exponentDigits(s string) bool {
	s = trimSign(s)
	if s == "" || !allDigits(s) {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > maxDecimalExponent {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// date reports whether s is epoch seconds (an optional sign and up to 15
// digits) or a W3C profile of ISO 8601: YYYY-MM, YYYY-MM-DD, and
// YYYY-MM-DDThh:mm with optional seconds, fraction and zone (Z or
// ±hh:mm; none means UTC).
// Source: https://www.w3.org/TR/NOTE-datetime
func date(s string) bool {
	if digits := trimSign(s); digits != "" && len(digits) <= 15 && allDigits(digits) {
		return true
	}
	return w3cDate(s)
}

// dateScanner consumes the fixed-width fields of a W3C date.
type dateScanner struct {
	s   string
	bad bool
}

func (r *dateScanner) digits(n int) int {
	if r.bad || len(r.s) < n || !allDigits(r.s[:n]) {
		r.bad = true
		return 0
	}
	v, _ := strconv.Atoi(r.s[:n])
	r.s = r.s[n:]
	return v
}

func (r *dateScanner) sep(c byte) bool {
	if r.bad || r.s == "" || r.s[0] != c {
		return false
	}
	r.s = r.s[1:]
	return true
}

func w3cDate(s string) bool {
	r := dateScanner{s: s}
	year := r.digits(4)
	month, day, hour, minute, second := 1, 1, 0, 0, 0
	offset := 0
	if r.sep('-') {
		month = r.digits(2)
		if r.sep('-') {
			day = r.digits(2)
			if r.sep('T') {
				hour, minute, second = r.clock()
				offset = r.zone()
			}
		}
	}
	if r.bad || r.s != "" || month < 1 || month > 12 || day < 1 || day > 31 ||
		hour > 23 || minute > 59 || second > 60 {
		return false
	}
	// 31 February and the like, and a leap second that ends a month,
	// roll over into the next month.
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.FixedZone("", offset))
	return t.Day() == day
}

// clock reads hh:mm with optional :ss and a fraction of any length.
func (r *dateScanner) clock() (hour, minute, second int) {
	hour = r.digits(2)
	if !r.sep(':') {
		r.bad = true
	}
	minute = r.digits(2)
	if !r.sep(':') {
		return hour, minute, 0
	}
	second = r.digits(2)
	if !r.sep('.') {
		return hour, minute, second
	}
	n := 0
	for n < len(r.s) && r.s[n] >= '0' && r.s[n] <= '9' {
		n++
	}
	if n == 0 {
		r.bad = true
	}
	r.s = r.s[n:]
	return hour, minute, second
}

// zone reads Z, ±hh:mm or nothing, and returns the offset in seconds.
func (r *dateScanner) zone() int {
	if r.bad || r.s == "" || r.sep('Z') {
		return 0
	}
	sign := r.s[0]
	if sign != '+' && sign != '-' {
		r.bad = true
		return 0
	}
	r.s = r.s[1:]
	h := r.digits(2)
	if !r.sep(':') {
		r.bad = true
	}
	m := r.digits(2)
	if sign == '-' {
		return -(h*3600 + m*60)
	}
	return h*3600 + m*60
}

// ipPrefix parses a CIDR block or a single address. An IPv4 address may
// have leading zeros in its octets and a prefix length may have a leading
// + or zeros, as AWS was observed to accept. An IPv4-mapped IPv6 block is
// read as IPv4.
func ipPrefix(s string) (netip.Prefix, bool) {
	addrText, bitsText, hasBits := strings.Cut(s, "/")
	a, ok := ipAddr(addrText)
	if !ok {
		return netip.Prefix{}, false
	}
	if !hasBits {
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	digits := strings.TrimPrefix(bitsText, "+")
	bits, err := strconv.Atoi(digits)
	if err != nil || digits == "" || !allDigits(digits) {
		return netip.Prefix{}, false
	}
	if strings.Contains(addrText, ":") && a.Is4() {
		bits -= 96
	}
	if bits < 0 || bits > a.BitLen() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, bits).Masked(), true
}

func ipAddr(s string) (netip.Addr, bool) {
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

// strictBase64 reports whether s is padded standard base64 with zero
// padding bits, the only form AWS was observed to match.
func strictBase64(s string) bool {
	_, err := base64.StdEncoding.Strict().DecodeString(s)
	return err == nil
}
