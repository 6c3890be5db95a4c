package evaluator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// piece is part of a pattern. Wildcards in a literal piece are ordinary
// characters: literal pieces come from policy variables and from ${*},
// ${?} and ${$}.
type piece struct {
	text    string
	literal bool
}

// globMode selects how the wildcards * and ? treat the colon.
type globMode uint8

const (
	// globFree lets * and ? match any character (Action, StringLike).
	globFree globMode = iota

	// globResource is globARN, except that a * that ends a pattern
	// segment (followed by ':' or the end of the pattern) may also match
	// across colons in the first five fields, as the Resource element
	// does.
	globResource

	// globARN keeps * and ? inside each of the first five colon-separated
	// fields of the value, and lets them match anything in the sixth
	// (resource) field, as the Arn condition operators do.
	globARN
)

// patPos is a position in a pattern made of pieces.
type patPos struct{ piece, off int }

// globber matches values against one pattern.
type globber struct {
	pieces []piece
	mode   globMode
	fold   bool // compare letters case-insensitively
}

// at returns the pattern byte at pos and whether it may act as a
// wildcard; ok is false at the end of the pattern. pos must be normalized.
func (g *globber) at(pos patPos) (c byte, wild bool, ok bool) {
	if pos.piece >= len(g.pieces) {
		return 0, false, false
	}
	p := &g.pieces[pos.piece]
	return p.text[pos.off], !p.literal, true
}

// skip moves pos n bytes forward and normalizes it.
func (g *globber) skip(pos patPos, n int) patPos {
	pos.off += n
	return g.normalize(pos)
}

// normalize moves pos past the ends of pieces.
func (g *globber) normalize(pos patPos) patPos {
	for pos.piece < len(g.pieces) && pos.off >= len(g.pieces[pos.piece].text) {
		pos.piece++
		pos.off = 0
	}
	return pos
}

// starCrosses reports whether the * at pos may match a colon when its
// match starts after colons colons of the value.
func (g *globber) starCrosses(pos patPos, colons int) bool {
	switch g.mode {
	case globFree:
		return true
	case globResource:
		if colons >= 5 {
			return true
		}
		c, _, ok := g.at(g.skip(pos, 1))
		return !ok || c == ':'
	}
	return colons >= 5
}

// questionCrosses reports whether ? may match a colon after colons colons
// of the value.
func (g *globber) questionCrosses(colons int) bool {
	if g.mode == globFree {
		return true
	}
	return colons >= 5
}

// starMark remembers a star so that its match can grow on a mismatch.
type starMark struct {
	pos    patPos // pattern position after the star
	end    int    // value offset where the star's match ends
	colons int    // colons in value[:end]
	cross  bool   // the star may match colons
	set    bool
}

// grow makes the star's match one character longer, reporting false when
// the value ends or the next character is a colon the star may not match.
func (m *starMark) grow(s string) bool {
	if !m.set || m.end >= len(s) {
		return false
	}
	if s[m.end] == ':' {
		if !m.cross {
			return false
		}
		m.colons++
	}
	m.end += charWidth(s, m.end)
	return true
}

// match reports whether s matches the pattern. It is the classic glob that
// remembers only the last star, plus a second memory of the last star that
// may match colons. A star confined to a segment can only take characters
// of that segment, so when it cannot grow, only an earlier colon-crossing
// star can still change the outcome.
func (g *globber) match(s string) bool {
	if hasSupplementary(s) && g.hasQuestion() {
		return g.matchUTF16(s)
	}
	pos := g.normalize(patPos{})
	si, colons := 0, 0
	var last, lastCross starMark

	for {
		c, wild, ok := g.at(pos)
		if ok && wild && c == '*' {
			last = starMark{pos: g.skip(pos, 1), end: si, colons: colons,
				cross: g.starCrosses(pos, colons), set: true}
			if last.cross {
				lastCross = last
			}
			pos = last.pos
			continue
		}
		if !ok && si == len(s) {
			return true
		}
		if ok && si < len(s) {
			if wild && c == '?' {
				if s[si] != ':' || g.questionCrosses(colons) {
					if s[si] == ':' {
						colons++
					}
					si += charWidth(s, si)
					pos = g.skip(pos, 1)
					continue
				}
			} else if pn, sn := g.equalAt(pos, s, si); sn > 0 {
				if s[si] == ':' {
					colons++
				}
				si += sn
				pos = g.skip(pos, pn)
				continue
			}
		}

		// Mismatch: let the last star take one more character, or else
		// the last colon-crossing star.
		switch {
		case last.grow(s):
			if last.cross {
				lastCross = last
			}
		case !last.cross && lastCross.grow(s):
			last = lastCross
		default:
			return false
		}
		pos, si, colons = last.pos, last.end, last.colons
	}
}

// equalAt compares the pattern character at pos with the value character
// at si. It returns the bytes each side takes, or sn == 0 when they differ.
func (g *globber) equalAt(pos patPos, s string, si int) (pn, sn int) {
	p := g.pieces[pos.piece].text[pos.off:]
	pc, vc := p[0], s[si]
	if pc < utf8.RuneSelf && vc < utf8.RuneSelf {
		if pc == vc || g.fold && asciiLower(pc) == asciiLower(vc) {
			return 1, 1
		}
		return 0, 0
	}
	pr, pn := utf8.DecodeRuneInString(p)
	vr, sn := utf8.DecodeRuneInString(s[si:])
	if pr == utf8.RuneError && pn == 1 || vr == utf8.RuneError && sn == 1 {
		// Invalid UTF-8, or a surrogate from toSurrogates: compare bytes.
		if pc == vc {
			return 1, 1
		}
		return 0, 0
	}
	if pr == vr || g.fold && equalFoldRune(pr, vr) {
		return pn, sn
	}
	return 0, 0
}

func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldRune reports whether a and b are equal under Unicode simple
// case folding, as strings.EqualFold compares them.
func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

// hasWildcard reports whether s contains * or ?.
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return true
		}
	}
	return false
}

// patternKind is a shape of pattern with a fast matcher.
type patternKind uint8

const (
	patternGlob   patternKind = iota // general wildcards: use a globber
	patternExact                     // no wildcards
	patternPrefix                    // one trailing * and no other wildcard
	patternAny                       // "*"
	patternInfix                     // one * inside, no other wildcard
)

// classifyPattern finds the fast matcher for a pattern whose only special
// characters are * and ?. For patternPrefix and patternInfix it returns
// the text before the star; the text after it is suffixAfterStar.
func classifyPattern(text string) (patternKind, string) {
	switch {
	case text == "*":
		return patternAny, ""
	case !hasWildcard(text):
		return patternExact, text
	}
	prefix := text[:len(text)-1]
	if text[len(text)-1] == '*' && !hasWildcard(prefix) {
		return patternPrefix, prefix
	}
	if star := strings.IndexByte(text, '*'); star >= 0 && !hasWildcard(text[star+1:]) &&
		!hasWildcard(text[:star]) {
		return patternInfix, text[:star]
	}
	return patternGlob, ""
}

// suffixAfterStar returns the text after the single star of a
// patternInfix pattern.
func suffixAfterStar(text string) string {
	return text[strings.IndexByte(text, '*')+1:]
}

// matchInfix matches s against prefix*suffix, where the star may match
// any text including colons.
func matchInfix(s, prefix, suffix string) bool {
	return len(s) >= len(prefix)+len(suffix) &&
		strings.HasPrefix(s, prefix) && strings.HasSuffix(s, suffix)
}

// hasPrefixFold reports whether s starts with prefix, ignoring case as
// strings.EqualFold does.
func hasPrefixFold(s, prefix string) bool {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return true
	}
	// A case fold can change the byte length of a character; compare rune
	// by rune when the quick test fails on non-ASCII text.
	for i := 0; i < len(prefix); i++ {
		if prefix[i] >= utf8.RuneSelf {
			g := globber{pieces: []piece{{text: prefix + "*"}}, fold: true}
			return g.match(s)
		}
	}
	return false
}

// A ? in AWS patterns matches one UTF-16 code unit, so it matches half of a
// character outside the Basic Multilingual Plane: AWS was observed to match
// "a??", not "a?", against "a" followed by U+10400. When both a ? and such
// a character are involved, matching runs on a copy of the pattern and the
// value in which each such character is written as its two UTF-16
// surrogates, each encoded like a three-byte UTF-8 sequence (WTF-8).

// hasSupplementary reports whether s has a character above U+FFFF, whose
// UTF-8 encoding starts with a byte of 0xF0 or more.
func hasSupplementary(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			return true
		}
	}
	return false
}

func (g *globber) hasQuestion() bool {
	for _, p := range g.pieces {
		if !p.literal && strings.IndexByte(p.text, '?') >= 0 {
			return true
		}
	}
	return false
}

// matchUTF16 matches with every character above U+FFFF split into its
// surrogates. It allocates.
func (g *globber) matchUTF16(s string) bool {
	pieces := make([]piece, len(g.pieces))
	for i, p := range g.pieces {
		pieces[i] = piece{text: toSurrogates(p.text), literal: p.literal}
	}
	// The rewritten text has no character above U+FFFF, so match does not
	// come back here.
	split := globber{pieces: pieces, mode: g.mode, fold: g.fold}
	return split.match(toSurrogates(s))
}

// toSurrogates rewrites each character above U+FFFF as two surrogates in
// WTF-8.
func toSurrogates(s string) string {
	if !hasSupplementary(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r <= 0xFFFF {
			b.WriteRune(r)
			continue
		}
		r -= 0x10000
		writeSurrogate(&b, 0xD800+(r>>10))
		writeSurrogate(&b, 0xDC00+(r&0x3FF))
	}
	return b.String()
}

func writeSurrogate(b *strings.Builder, u rune) {
	b.WriteByte(byte(0xE0 | u>>12))
	b.WriteByte(byte(0x80 | (u>>6)&0x3F))
	b.WriteByte(byte(0x80 | u&0x3F))
}

// charWidth returns the byte length of the character at s[i]: a UTF-8
// sequence, or a three-byte surrogate written by toSurrogates.
func charWidth(s string, i int) int {
	if s[i] == 0xED && i+2 < len(s) && s[i+1] >= 0xA0 {
		return 3
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}
