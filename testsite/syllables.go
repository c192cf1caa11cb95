package testsite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// syllables is the pool of generated Vietnamese syllables (capitalised), in a fixed shuffled
// order; zpick over it gives proper names with a Zipf-like spread of thousands of words.
var syllables = buildSyllables()

const (
	toneGrave = "\u0300"
	toneAcute = "\u0301"
	toneHook  = "\u0309"
	toneTilde = "\u0303"
	toneDot   = "\u0323"
)

func buildSyllables() []string {
	allTones := []string{"", toneGrave, toneAcute, toneHook, toneTilde, toneDot}
	stopTones := []string{toneAcute, toneDot}
	var out []string
	for _, on := range onsets {
		add := func(rh string, tones []string) {
			first, _ := utf8.DecodeRuneInString(rh)
			front := strings.ContainsRune("ieê", first)
			switch {
			case (on == "c" || on == "g" || on == "ng") && front:
				return
			case on == "k" && !front:
				return
			case on == "qu" && strings.ContainsRune("uoôư", first):
				return
			case on == "gi" && first == 'i':
				return
			}
			for _, t := range tones {
				out = append(out, capitalize(on+placeTone(rh, t)))
			}
		}
		for _, rh := range openRhymes {
			add(rh, allTones)
		}
		for _, rh := range stopRhymes {
			add(rh, stopTones)
		}
	}
	r := newRng(0x5eed)
	for i := len(out) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// placeTone puts the tone mark on the rhyme's main vowel (old style for oa, oe, uy) and returns
// NFC text.
func placeTone(rhyme, tone string) string {
	if tone == "" {
		return rhyme
	}
	rs := []rune(rhyme)
	vowels := []int{}
	for i, c := range rs {
		if strings.ContainsRune("aăâeêioôơuưy", c) {
			vowels = append(vowels, i)
		} else if len(vowels) > 0 {
			break
		}
	}
	if len(vowels) == 0 {
		return rhyme
	}
	pos := vowels[0]
	marked := -1
	for _, i := range vowels {
		if strings.ContainsRune("ăâêôơư", rs[i]) {
			marked = i // ươ, uô, iê: the later one wins
		}
	}
	switch {
	case marked >= 0:
		pos = marked
	case vowels[len(vowels)-1] < len(rs)-1: // closed syllable: last vowel
		pos = vowels[len(vowels)-1]
	}
	var b strings.Builder
	for i, c := range rs {
		b.WriteRune(c)
		if i == pos {
			b.WriteString(tone)
		}
	}
	return norm.NFC.String(b.String())
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// newStyleReplacer moves tone marks of word-final oa, oe, uy to the second vowel: hòa → hoà.
var newStyleReplacer = func() *strings.Replacer {
	var pairs []string
	for _, tone := range []string{toneGrave, toneAcute, toneHook, toneTilde, toneDot} {
		for _, cl := range []string{"oa", "oe", "uy", "Oa", "Oe", "Uy"} {
			rs := []rune(cl)
			old := norm.NFC.String(string(rs[0]) + tone + string(rs[1]))
			nw := norm.NFC.String(string(rs[0]) + string(rs[1]) + tone)
			for _, end := range []string{" ", ",", ".", ";", ":", ")", "\"", "”", "\n", "<", "!", "?"} {
				pairs = append(pairs, old+end, nw+end)
			}
		}
	}
	return strings.NewReplacer(pairs...)
}()

// newStyle rewrites a text with the new tone-mark placement (hoà, thuỷ, khoẻ).
func newStyle(s string) string {
	r := newStyleReplacer.Replace(s + " ")
	return r[:len(r)-1]
}
