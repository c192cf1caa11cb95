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

// encode1258 encodes UTF-8 text as windows-1258; characters it cannot hold become "?".
func encode1258(b []byte) []byte {
	s := to1258Form(string(b))
	out := make([]byte, 0, len(s))
	for _, c := range s {
		if c < 0x80 {
			out = append(out, byte(c))
			continue
		}
		e, ok := charmap.Windows1258.EncodeRune(c)
		if !ok {
			e = '?'
		}
		out = append(out, e)
	}
	return out
}
