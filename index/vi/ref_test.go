package vi

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// The reference implementation below is the first, straightforward version of Canonical (NFD,
// then rebuild): the fast table-driven one must agree with it on every syllable.

// refOnsets are the initial consonants of Vietnamese syllables, longest first.
var refOnsets = []string{"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"}

// refCodas are the final consonants; semivowel finals (i, y, o, u) belong to the vowel run.
var refCodas = map[string]bool{"": true, "c": true, "ch": true, "m": true, "n": true, "ng": true,
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
//     The refOnsets qu and gi (before another vowel) are consonants: quả, giữa.
//  2. A syllable whose whole vowel is y after a consonant and with no final is spelt with i, since
//     both spellings are in use (lý/lí, kỹ/kĩ, mỹ/mĩ, quý/quí, sỹ/sĩ). A syllable that is just y
//     (y tế, ý kiến) keeps it.
func canonicalRef(tok string) string {
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
	for _, o := range refOnsets {
		if !refHasPrefix(ls, o) {
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
	coda := refLettersString(ls[end:])
	if !refCodas[coda] {
		return tok
	}
	// Rule 2: y → i.
	if len(nuc) == 1 && nuc[0] == (letter{base: 'y'}) && on > 0 && coda == "" {
		nuc[0].base = 'i'
	}
	if tone == 0 {
		return norm.NFC.String(refSpell(ls, -1, 0))
	}
	pos := refTonePosition(nuc, coda != "")
	return norm.NFC.String(refSpell(ls, on+pos, tone))
}

// tonePosition returns the index in the vowel run of the vowel that carries the tone.
func refTonePosition(nuc []letter, hasCoda bool) int {
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

func refSpell(ls []letter, tonePos int, tone rune) string {
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

func refHasPrefix(ls []letter, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(ls) || ls[i].base != r || ls[i].shape != 0 {
			return false
		}
		i++
	}
	return true
}

func refLettersString(ls []letter) string {
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

func TestCanonicalMatchesReference(t *testing.T) {
	onsets := []string{"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"}
	rhymes := []string{"a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ăn", "âu", "ây", "e", "em", "eo", "ê", "ênh", "êu",
		"i", "ia", "im", "inh", "iu", "iêm", "iêu", "o", "oa", "oai", "oan", "oang", "oanh", "oay", "oe", "oi", "ong", "ô", "ôi",
		"ơ", "ơi", "u", "ua", "uân", "ui", "ung", "uôi", "uông", "uy", "uya", "uyên", "uyu", "ư", "ưa", "ưi", "ưu", "ươi", "ương",
		"ươu", "y", "yêu", "ac", "ach", "oat", "uych", "ươc"}
	tones := []string{"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
	n := 0
	for _, o := range onsets {
		for _, r := range rhymes {
			for _, tn := range tones {
				rs := []rune(o + r)
				// Put the tone after every vowel position in turn: old style, new style, wrong.
				for i := range rs {
					if !strings.ContainsRune("aăâeêioôơuưy", rs[i]) {
						continue
					}
					s := string(rs[:i+1]) + tn + string(rs[i+1:])
					in := norm.NFC.String(s)
					want, got := canonicalRef(in), Canonical(in)
					if got != want {
						t.Errorf("Canonical(%q) = %q, reference %q", in, got, want)
					}
					if g := Normalize(strings.ToUpper(norm.NFD.String(in))); g != want {
						t.Errorf("Normalize(upper NFD %q) = %q, want %q", in, g, want)
					}
					n++
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d syllables checked", n)
	}
}

func BenchmarkNormalize(b *testing.B) {
	words := strings.Fields("Sáng nay Hội nghị văn hóa toàn tỉnh diễn ra tại hội trường Ủy ban nhân dân tỉnh thủy lợi khỏe 2023 UBND người")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, w := range words {
			_ = Fold(Normalize(w))
		}
	}
}

// BenchmarkAnalyze analyses department-news text with the index analyzer (both forms), the exact
// query analyzer and, as the baseline,
// Bleve's standard analyzer (what a bare index runs once per field).
func BenchmarkAnalyze(b *testing.B) {
	para := "Sáng nay, Hội nghị văn hóa toàn tỉnh năm 2023 đã diễn ra tại hội trường Ủy ban nhân dân tỉnh. " +
		"Đồng chí Phó Chủ tịch UBND tỉnh phát biểu chỉ đạo; các đại biểu thảo luận về phong trào " +
		"\"Toàn dân đoàn kết xây dựng đời sống văn hóa\", công tác chuyển đổi số và cải cách hành chính, " +
		"chăm sóc sức khoẻ nhân dân, xây dựng nông thôn mới ở các xã Tân Hoá, Thuỷ Xuân (15/9/2023). "
	text := []byte(strings.Repeat(para, 10)) // about 4 KB, a simulator article's length
	std, err := registry.NewCache().AnalyzerNamed(standard.Name)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range []struct {
		name string
		an   analysis.Analyzer
	}{{"index", NewIndexAnalyzer()}, {"exact", NewAnalyzer(false)}, {"bleve-standard", std}} {
		b.Run(a.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				a.an.Analyze(text)
			}
		})
	}
	// A text field and its pair field: each analysed from its own copy of the text, as Bleve
	// would, against one analysis for both, as bantin's index does (index/fields.go).
	second := slices.Clone(text)
	index, pairs := NewIndexAnalyzer(), NewPairsAnalyzer()
	b.Run("text+pairs-alone", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			index.Analyze(text)
			pairs.Analyze(second)
		}
	})
	b.Run("text+pairs-shared", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		b.ReportAllocs()
		for b.Loop() {
			ts := SharedTokens(text)
			FoldAlsoFilter{}.Filter(ts)
			PairFilter{}.Filter(ts)
		}
	})
}
