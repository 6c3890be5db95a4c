package evaluator

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// referenceMatch is a slow, plainly correct matcher for one non-literal
// pattern piece: dynamic programming over the UTF-16 code units of pattern
// and value, since AWS's ? matches one code unit.
func referenceMatch(pattern, value string, mode globMode) bool {
	p := utf16.Encode([]rune(pattern))
	v := utf16.Encode([]rune(value))
	colonsBefore := make([]int, len(v)+1)
	for i, r := range v {
		colonsBefore[i+1] = colonsBefore[i]
		if r == ':' {
			colonsBefore[i+1]++
		}
	}
	memo := map[[2]int]bool{}
	var match func(pi, vi int) bool
	match = func(pi, vi int) bool {
		key := [2]int{pi, vi}
		if r, ok := memo[key]; ok {
			return r
		}
		var result bool
		switch {
		case pi == len(p):
			result = vi == len(v)
		case p[pi] == '*':
			cross := mode == globFree || colonsBefore[vi] >= 5 ||
				mode == globResource && (pi+1 == len(p) || p[pi+1] == ':')
			for end := vi; end <= len(v); end++ {
				if match(pi+1, end) {
					result = true
					break
				}
				if end < len(v) && v[end] == ':' && !cross {
					break
				}
			}
		case vi == len(v):
			result = false
		case p[pi] == '?':
			ok := v[vi] != ':' || mode == globFree || colonsBefore[vi] >= 5
			result = ok && match(pi+1, vi+1)
		default:
			result = p[pi] == v[vi] && match(pi+1, vi+1)
		}
		memo[key] = result
		return result
	}
	return match(0, 0)
}

func FuzzGlob(f *testing.F) {
	seeds := [][2]string{
		{"a*:x*y", "a1:b:x1y"}, {"arn:*:s3:::*", "arn:aws:s3:::b"}, {"*a*b", "xaxaxb"},
		{"arn:aws:ec2:us-*-1:1:x", "arn:aws:ec2:us-a:b-1:1:x"}, {"?:*", "::"}, {"a*b*c", "a:b:c"},
		{"a??", "a\U00010400"}, {"*?", "\U00010400"}, {"?\U00010400", "x\U00010400"},
	}
	for _, s := range seeds {
		for mode := globFree; mode <= globARN; mode++ {
			f.Add(s[0], s[1], uint8(mode))
		}
	}
	f.Fuzz(func(t *testing.T, pattern, value string, modeByte uint8) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(value) || len(pattern) > 64 || len(value) > 64 {
			return
		}
		mode := globMode(modeByte % 3)
		g := globber{pieces: []piece{{text: pattern}}, mode: mode}
		if got, want := g.match(value), referenceMatch(pattern, value, mode); got != want {
			t.Fatalf("mode %d: match(%q, %q) = %v, reference %v", mode, pattern, value, got, want)
		}
	})
}
