package vi

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// runeInfo is a precomposed Latin letter taken apart: its base letter, its shape mark and its
// tone mark (0 when absent). Built once from Unicode's decompositions, so that the hot path
// needs no normalisation call.
type runeInfo struct {
	base, shape, tone rune
	ok                bool // a letter Vietnamese spelling knows: base a-z or đ, at most one shape and one tone
	fold              rune // base letter with every mark removed (đ → d)
}

const tableLo, tableHi = 0xC0, 0x1EFF

var (
	infos   [tableHi - tableLo + 1]runeInfo
	compose = map[[3]rune]rune{} // base, shape, tone → precomposed letter (lower case)
)

func init() {
	for r := rune(tableLo); r <= tableHi; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		var in runeInfo
		marks := true
		for i, d := range []rune(norm.NFD.String(string(r))) {
			switch {
			case i == 0:
				in.base = d
			case isTone(d) && in.tone == 0:
				in.tone = d
			case isShape(d) && in.shape == 0:
				in.shape = d
			default:
				marks = false
			}
		}
		switch {
		case r == 'đ' || r == 'Đ':
			in.base, in.fold = 'đ', 'd'
			if r == 'Đ' {
				in.fold = 'D'
			}
			in.ok = r == 'đ'
		case in.base < 0x80:
			in.fold = in.base
			in.ok = marks && 'a' <= in.base && in.base <= 'z'
		default:
			in.fold = 0 // a letter that is not Latin-with-marks: folding leaves it
		}
		infos[r-tableLo] = in
		if in.ok {
			compose[[3]rune{in.base, in.shape, in.tone}] = r
		}
	}
}

func infoOf(r rune) *runeInfo {
	if r < tableLo || r > tableHi {
		return nil
	}
	return &infos[r-tableLo]
}

// isCombining reports the combining diacritical marks block, the form NFD or windows-1258 text
// has its marks in.
func isCombining(r rune) bool { return r >= 0x300 && r <= 0x36F }
