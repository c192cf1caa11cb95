package vi

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Combining marks of Vietnamese in NFD. Tone marks sit on the vowel that carries the tone;
// shape marks make ă â ê ô ơ ư out of a e o u.
const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneTilde = '\u0303' // ngã
	toneHook  = '\u0309' // hỏi
	toneDot   = '\u0323' // nặng

	shapeCircumflex = '\u0302'
	shapeBreve      = '\u0306'
	shapeHorn       = '\u031B'
)

func isTone(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

func isShape(r rune) bool {
	return r == shapeCircumflex || r == shapeBreve || r == shapeHorn
}

// letter is one Vietnamese letter in NFD: a base rune and an optional shape mark.
type letter struct {
	base  rune
	shape rune // 0 when none
}

func (l letter) vowel() bool {
	switch l.base {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// onsets are the initial consonants of Vietnamese syllables, longest first.
var onsets = func() []struct {
	s string
	n int
} {
	var out []struct {
		s string
		n int
	}
	for _, s := range []string{"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
		"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"} {
		out = append(out, struct {
			s string
			n int
		}{s, utf8.RuneCountInString(s)})
	}
	return out
}()

// isCoda reports the final consonants: c, ch, m, n, ng, nh, p, t or none; semivowel finals
// (i, y, o, u) belong to the vowel run.
func isCoda(ls []letter) bool {
	for _, l := range ls {
		if l.shape != 0 {
			return false
		}
	}
	switch len(ls) {
	case 0:
		return true
	case 1:
		switch ls[0].base {
		case 'c', 'm', 'n', 'p', 't':
			return true
		}
	case 2:
		return (ls[0].base == 'c' && ls[1].base == 'h') || (ls[0].base == 'n' && (ls[1].base == 'g' || ls[1].base == 'h'))
	}
	return false
}

// Canonical returns the canonical spelling of one lower-case NFC token. Tokens that are not a
// well-formed Vietnamese syllable (numbers, foreign words, abbreviations) come back unchanged.
//
// Rules, applied to a syllable onset + vowel run + final consonant:
//
//  1. Tone placement follows the "new style" (kiểu mới) of the 2018 orthography rules, which puts
//     the tone on the main vowel:
//     a. a vowel with a shape mark (ă â ê ô ơ ư) carries the tone; in ươ it is ơ
//     (người, rượu, thuở, tuần, khuếch);
//     b. a single vowel carries it;
//     c. in a run of three vowels the middle one carries it (ngoài, xoáy, khuỷu);
//     d. in a run of two vowels followed by a final consonant the second carries it (hoàn, toán);
//     e. oa, oe, uy with no final consonant put it on the second vowel: hoà, khoẻ, thuỷ (the
//     "old style" hòa, khỏe, thủy is rewritten to these);
//     f. any other run of two vowels with no final puts it on the first (mái, cháu, của, kìa).
//     The onsets qu and gi (before another vowel) are consonants: quả, giữa.
//  2. A syllable whose whole vowel is y after a consonant and with no final is spelt with i, since
//     both spellings are in use (lý/lí, kỹ/kĩ, mỹ/mĩ, quý/quí, sỹ/sĩ). A syllable that is just y
//     (y tế, ý kiến) keeps it.
func Canonical(tok string) string {
	return canonical(norm.NFC.String(tok))
}

// canonical is Canonical of a lower-case NFC token, without allocating when nothing changes.
func canonical(tok string) string {
	var letters [12]letter
	n := 0
	var tone rune
	tonePos := -1
	for _, r := range tok {
		switch {
		case 'a' <= r && r <= 'z':
			if n == len(letters) {
				return tok
			}
			letters[n] = letter{base: r}
			n++
		default:
			in := infoOf(r)
			if in == nil || !in.ok || n == len(letters) {
				return tok
			}
			if in.tone != 0 {
				if tone != 0 {
					return tok
				}
				tone, tonePos = in.tone, n
			}
			letters[n] = letter{base: in.base, shape: in.shape}
			n++
		}
	}
	ls := letters[:n]

	// Onset.
	on := 0
	for _, o := range onsets {
		if !hasPrefix(ls, o.s) {
			continue
		}
		k := o.n
		if (o.s == "qu" || o.s == "gi") && !(len(ls) > k && ls[k].vowel()) {
			continue // "qu"/"gi" need a following vowel: gì is g + ì
		}
		on = k
		break
	}
	// Vowel run.
	end := on
	for end < len(ls) && ls[end].vowel() {
		end++
	}
	nuc := ls[on:end]
	if len(nuc) == 0 || len(nuc) > 3 || !isCoda(ls[end:]) {
		return tok
	}
	changed := false
	// Rule 2: y → i.
	if len(nuc) == 1 && nuc[0] == (letter{base: 'y'}) && on > 0 && end == len(ls) {
		nuc[0].base = 'i'
		changed = true
	}
	pos := -1
	if tone != 0 {
		pos = on + tonePosition(nuc, end < len(ls))
		changed = changed || pos != tonePos
	}
	if !changed {
		return tok
	}
	out := make([]rune, 0, len(ls))
	for i, l := range ls {
		t := rune(0)
		if i == pos {
			t = tone
		}
		r, ok := compose[[3]rune{l.base, l.shape, t}]
		if !ok {
			r = l.base // a-z without marks
		}
		out = append(out, r)
	}
	return string(out)
}

// tonePosition returns the index in the vowel run of the vowel that carries the tone.
func tonePosition(nuc []letter, hasCoda bool) int {
	for i := len(nuc) - 1; i >= 0; i-- {
		if nuc[i].shape != 0 {
			return i // rule 1a; the last shaped vowel covers ươ → ơ
		}
	}
	switch {
	case len(nuc) == 1:
		return 0
	case len(nuc) == 3:
		return 1
	case hasCoda:
		return 1
	}
	switch string([]rune{nuc[0].base, nuc[1].base}) {
	case "oa", "oe", "uy":
		return 1
	}
	return 0
}

func hasPrefix(ls []letter, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(ls) || ls[i].base != r || ls[i].shape != 0 {
			return false
		}
		i++
	}
	return true
}

// Fold returns s with every combining mark removed and đ/Đ turned into d/D: the form a query
// typed without diacritics has. The result is NFC.
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for _, r := range s[i:] {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case isCombining(r):
		default:
			if in := infoOf(r); in != nil && in.fold != 0 {
				b = utf8.AppendRune(b, in.fold)
				continue
			}
			if unicode.Is(unicode.Mn, r) {
				continue
			}
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// Normalize returns the exact form of one token: lower case, NFC, canonical
// spelling (Canonical); a number of ASCII digits loses its leading zeros ("05" is "5"), so that
// dates written "05/03/2024" and "5/3/2024" match each other.
func Normalize(tok string) string {
	if n := trimZeros(tok); n != tok {
		return n
	}
	plain := true
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return canonical(tok)
	}
	low := strings.ToLower(tok)
	for _, r := range low {
		if isCombining(r) || r >= 0x1F00 {
			low = norm.NFC.String(low) // NFD or windows-1258 input, or exotic text
			break
		}
	}
	return canonical(low)
}

// trimZeros returns tok without leading zeros when it is a number of ASCII digits that has
// them (all zeros leave one), else tok.
func trimZeros(tok string) string {
	if len(tok) < 2 || tok[0] != '0' {
		return tok
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return tok
		}
	}
	n := strings.TrimLeft(tok, "0")
	if n == "" {
		return "0"
	}
	return n
}

// HasDiacritics reports whether s has any mark or đ, that is whether Fold changes it.
func HasDiacritics(s string) bool {
	return Fold(s) != s
}
