package testsite

import (
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// windows-1258 has the Vietnamese letters with a modifier (ă â ê ô ơ ư đ) as single bytes and
// the five tone marks as combining bytes. Text is decomposed (NFD), the modifiers recomposed with
// their base letter, and the tone marks left as combining characters, then encoded.
var (
	modifiers = map[rune]bool{'\u0302': true, '\u0306': true, '\u031b': true}
)

// to1258Form returns s in the decomposition windows-1258 can encode.
func to1258Form(s string) string {
	rs := []rune(norm.NFD.String(s))
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if unicode.Is(unicode.Mn, c) {
			out = append(out, c)
			continue
		}
		// collect the marks after the base letter; compose the modifiers into it
		j := i + 1
		base := string(c)
		var tones []rune
		for ; j < len(rs) && unicode.Is(unicode.Mn, rs[j]); j++ {
			if modifiers[rs[j]] {
				base = norm.NFC.String(base + string(rs[j]))
			} else {
				tones = append(tones, rs[j])
			}
		}
		out = append(out, []rune(base)...)
		out = append(out, tones...)
		i = j - 1
	}
	return string(out)
}

// table1258 maps every rune below U+2000 that windows-1258 can hold (possibly as a letter
// followed by a combining tone mark) to its bytes.
var table1258 = func() map[rune][]byte {
	m := map[rune][]byte{}
	for r := rune(0x80); r < 0x2000; r++ {
		var out []byte
		ok := true
		for _, c := range to1258Form(string(r)) {
			b, found := charmap.Windows1258.EncodeRune(c)
			if !found {
				ok = false
				break
			}
			out = append(out, b)
		}
		if ok {
			m[r] = out
		}
	}
	for _, r := range "–—‘’‚“”„†‡•…‰‹›₫€™" {
		if b, ok := charmap.Windows1258.EncodeRune(r); ok {
			m[r] = []byte{b}
		}
	}
	return m
}()

// encode1258 encodes UTF-8 text as windows-1258; characters it cannot hold become "?".
func encode1258(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range string(b) {
		if c < 0x80 {
			out = append(out, byte(c))
			continue
		}
		if e, ok := table1258[c]; ok {
			out = append(out, e...)
			continue
		}
		out = append(out, '?')
	}
	return out
}

// nfdTable maps the runes below U+2000 that NFD changes to their decomposition.
var nfdTable = func() map[rune]string {
	m := map[rune]string{}
	for r := rune(0x80); r < 0x2000; r++ {
		if d := norm.NFD.String(string(r)); d != string(r) {
			m[r] = d
		}
	}
	return m
}()

// toNFD returns b in Unicode NFD. Generated pages are NFC, so a per-rune table (with the
// library's normaliser for anything beyond it) gives the same result much faster.
func toNFD(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/4)
	for _, r := range string(b) {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r >= 0x2000:
			out = append(out, norm.NFD.String(string(r))...)
		default:
			if d, ok := nfdTable[r]; ok {
				out = append(out, d...)
			} else {
				out = append(out, string(r)...)
			}
		}
	}
	return out
}
