package vi

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TokenizerName is the tokenizer registered by this package.
const TokenizerName = "vi_words"

// Tokenizer splits text into words by the rules of Unicode word boundaries (UAX #29) that
// matter for Vietnamese and the other alphabetic scripts: a word is a run of letters and digits
// with their combining marks (so NFD text and windows-1258 decodings stay one word), joined
// across one "." or "'" between letters ("TP.HCM", "e.g"), across one ":" between letters,
// across one "." "," ";" or "'" between digits ("1.234", "3,5"), and across "_". Ideographs,
// kana and the scripts written without spaces (Thai, Lao, Khmer, Myanmar) give one token per
// character. Punctuation and spaces separate words and are dropped.
//
// It gives the tokens of Bleve's unicode tokenizer (which follows UAX #29 through a generated
// state machine) on department news (TestTokenizerMatchesUnicode checks it over the simulator's
// articles) several times faster, which matters because tokenising is a large share of the
// cost of indexing a document.
type Tokenizer struct{}

type runeClass uint8

const (
	clsNone runeClass = iota
	clsLetter
	clsDigit
	clsExtend  // combining marks, format characters: part of the word before them
	clsConnect // "_" and the like: joins anything
	clsSingle  // one token per character
	clsMidLet  // ":" (UAX #29 MidLetter)
	clsMidNum  // "," ";" (MidNum)
	clsMidBoth // "." and curly apostrophes (MidNumLet)
	clsQuote   // "'" (Single_Quote): between letters or between digits
)

const clsASCIIMax = 0x80

var asciiClass = func() (t [clsASCIIMax]runeClass) {
	for c := 0; c < clsASCIIMax; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			t[c] = clsLetter
		case '0' <= c && c <= '9':
			t[c] = clsDigit
		}
	}
	t['_'] = clsConnect
	t[':'] = clsMidLet
	t[','], t[';'] = clsMidNum, clsMidNum
	t['.'] = clsMidBoth
	t['\''] = clsQuote
	return t
}()

// tableMax bounds the runes classified by table: Latin (with Vietnamese), Greek, Cyrillic and
// the combining marks, the runes of nearly every word bantin sees.
const tableMax = 0x2000

var classTable = func() []runeClass {
	t := make([]runeClass, tableMax)
	for r := range rune(tableMax) {
		t[r] = classOfSlow(r)
	}
	return t
}()

func classOf(r rune) runeClass {
	if r < clsASCIIMax {
		return asciiClass[r]
	}
	if r < tableMax {
		return classTable[r]
	}
	return classOfSlow(r)
}

func classOfSlow(r rune) runeClass {
	if r < clsASCIIMax {
		return asciiClass[r]
	}
	switch r {
	case '\u2018', '\u2019', '\u2024', '\uFE52', '\uFF07', '\uFF0E':
		return clsMidBoth
	case '\u00B7', '\u0387', '\u05F4', '\u2027', '\uFE13', '\uFE55', '\uFF1A':
		return clsMidLet
	case '\u037E', '\u0589', '\u060C', '\u060D', '\u066C', '\u07F8', '\u2044', '\uFE10', '\uFE14', '\uFE50', '\uFE54', '\uFF0C', '\uFF1B':
		return clsMidNum
	case '\u203F', '\u2040', '\u2054', '\uFE33', '\uFE34', '\uFE4D', '\uFE4E', '\uFE4F', '\uFF3F':
		return clsConnect
	case '\u200D', '\u00AD': // zero-width joiner, soft hyphen
		return clsExtend
	}
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf):
		return clsExtend
	case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar):
		return clsSingle
	case unicode.IsLetter(r):
		return clsLetter
	case unicode.Is(unicode.Nd, r):
		return clsDigit
	}
	return clsNone
}

func decodeAt(b []byte, i int) (rune, int) {
	if c := b[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(b[i:])
}

// skipExtend returns the index after the combining marks and format characters at i.
func skipExtend(b []byte, i int) int {
	for i < len(b) {
		r, n := decodeAt(b, i)
		if classOf(r) != clsExtend {
			break
		}
		i += n
	}
	return i
}

// Tokenize implements analysis.Tokenizer.
func (Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	guess := len(input)/6 + 1 // about one word in 6 bytes of Vietnamese text
	out := make(analysis.TokenStream, 0, guess)
	slab := make([]analysis.Token, guess) // tokens allocated together, as Bleve's tokenizer does
	pos := 1
	emit := func(start, end int, typ analysis.TokenType) {
		if len(slab) == 0 {
			slab = make([]analysis.Token, guess/2+16)
		}
		t := &slab[0]
		slab = slab[1:]
		*t = analysis.Token{Term: input[start:end], Start: start, End: end, Position: pos, Type: typ}
		out = append(out, t)
		pos++
	}
	for i := 0; i < len(input); {
		r, n := decodeAt(input, i)
		c := classOf(r)
		switch c {
		case clsSingle:
			end := skipExtend(input, i+n)
			emit(i, end, analysis.Ideographic)
			i = end
			continue
		case clsLetter, clsDigit, clsConnect:
		default:
			i += n
			continue
		}
		start, last, numeric, alnum := i, c, c == clsDigit, c != clsConnect
		i += n
	word:
		for i < len(input) {
			r, n := decodeAt(input, i)
			switch c := classOf(r); c {
			case clsLetter, clsDigit, clsConnect:
				last, numeric = c, numeric && c != clsLetter
				alnum = alnum || c != clsConnect
				i += n
			case clsExtend:
				i += n
			case clsMidLet, clsMidNum, clsMidBoth, clsQuote:
				j := skipExtend(input, i+n)
				if j >= len(input) {
					break word
				}
				r2, _ := decodeAt(input, j)
				next := classOf(r2)
				betweenLetters := last == clsLetter && next == clsLetter && c != clsMidNum
				betweenDigits := last == clsDigit && next == clsDigit && c != clsMidLet
				if !betweenLetters && !betweenDigits {
					break word
				}
				i = j
			default:
				break word
			}
		}
		switch {
		case !alnum: // connectors alone ("___") are no word
		case numeric:
			emit(start, i, analysis.Numeric)
		default:
			emit(start, i, analysis.AlphaNumeric)
		}
	}
	return out
}
