package evaluator

import (
	"strings"
	"unicode"
)

// equalIgnoreCase compares two strings as AWS's StringEqualsIgnoreCase was
// observed to: both sides are lower-cased, then compared. Unlike Unicode
// case folding, this lower-cases İ (U+0130) to i followed by a combining
// dot, turns a capital sigma that ends a word into ς, leaves characters
// above U+FFFF alone, and does not equate ſ with s or ß with SS.
func equalIgnoreCase(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return strings.EqualFold(a, b)
	}
	return lowerAWS(a) == lowerAWS(b)
}

// lowerAWS lower-cases s character by character, with the two
// context-dependent rules of Java's String.toLowerCase in the root locale
// (İ and final sigma), which AWS's observed results match.
func lowerAWS(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r == 'İ':
			b.WriteString("i\u0307")
		case r == 'Σ':
			if finalSigma(runes, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		case r > 0xFFFF:
			b.WriteRune(r)
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the sigma at runes[i] ends a word: a cased
// letter comes before it and none comes after it, skipping case-ignorable
// characters on both sides (the Final_Sigma condition of Unicode's
// special casing).
func finalSigma(runes []rune, i int) bool {
	before := false
	for j := i - 1; j >= 0; j-- {
		if caseIgnorable(runes[j]) {
			continue
		}
		before = cased(runes[j])
		break
	}
	if !before {
		return false
	}
	for j := i + 1; j < len(runes); j++ {
		if caseIgnorable(runes[j]) {
			continue
		}
		return !cased(runes[j])
	}
	return true
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
}

func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0xB7, 0x2019:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
