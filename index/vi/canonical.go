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
var onsets = []string{"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// codas are the final consonants; semivowel finals (i, y, o, u) belong to the vowel run.
var codas = map[string]bool{"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true,
	"nh": true, "p": true, "t": true}

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
	var letters [12]letter
	n := 0
	var tone rune
	for _, r := range norm.NFD.String(tok) {
		switch {
		case isTone(r):
			if tone != 0 || n == 0 {
				return tok
			}
			tone = r
		case isShape(r):
			if n == 0 || letters[n-1].shape != 0 {
				return tok
			}
			letters[n-1].shape = r
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z', r == 'đ':
			if n == len(letters) {
				return tok
			}
			letters[n] = letter{base: r}
			n++
		default:
			return tok
		}
	}
	ls := letters[:n]

	// Onset.
	on := 0
	for _, o := range onsets {
		if !hasPrefix(ls, o) {
			continue
		}
		k := utf8.RuneCountInString(o)
		if (o == "qu" || o == "gi") && !(len(ls) > k && ls[k].vowel()) {
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
	if len(nuc) == 0 || len(nuc) > 3 {
		return tok
	}
	coda := lettersString(ls[end:])
	if !codas[coda] {
		return tok
	}
	// Rule 2: y → i.
	if len(nuc) == 1 && nuc[0] == (letter{base: 'y'}) && on > 0 && coda == "" {
		nuc[0].base = 'i'
	}
	if tone == 0 {
		return norm.NFC.String(spell(ls, -1, 0))
	}
	pos := tonePosition(nuc, coda != "")
	return norm.NFC.String(spell(ls, on+pos, tone))
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

func spell(ls []letter, tonePos int, tone rune) string {
	var b strings.Builder
	for i, l := range ls {
		b.WriteRune(l.base)
		if l.shape != 0 {
			b.WriteRune(l.shape)
		}
		if i == tonePos {
			b.WriteRune(tone)
		}
	}
	return b.String()
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

func lettersString(ls []letter) string {
	if len(ls) == 0 {
		return ""
	}
	var b strings.Builder
	for _, l := range ls {
		if l.shape != 0 {
			return "?" // no final consonant has a shape mark
		}
		b.WriteRune(l.base)
	}
	return b.String()
}

// Fold returns s with every combining mark removed and đ/Đ turned into d/D: the form a query
// typed without diacritics has. The result is NFC.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Normalize returns the form of one token in the exact field: lower case, NFC, canonical
// spelling (Canonical).
func Normalize(tok string) string {
	return Canonical(norm.NFC.String(strings.ToLower(tok)))
}

// HasDiacritics reports whether s has any mark or đ, that is whether Fold changes it.
func HasDiacritics(s string) bool {
	return Fold(s) != s
}
