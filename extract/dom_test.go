package extract

import (
	"testing"
	"unicode"
)

// TestIsSpace checks isSpace's fast paths against its definition on every rune: Unicode
// White_Space plus the zero-width and no-break characters pages use as spaces.
func TestIsSpace(t *testing.T) {
	extra := map[rune]bool{'\u00a0': true, '\u200b': true, '\u200c': true, '\u200d': true, '\ufeff': true,
		'\u2028': true, '\u2029': true}
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if want := extra[r] || unicode.IsSpace(r); isSpace(r) != want {
			t.Errorf("isSpace(%U) = %v, want %v", r, !want, want)
		}
	}
}
