package vi

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// PairsAnalyzerName is the analyzer of the word-pair fields (NewPairsAnalyzer).
const PairsAnalyzerName = "vi_pairs"

// PairFilter is a Bleve token filter that replaces a token stream by its pairs of adjacent
// words: for every two tokens at consecutive positions whose texts do not overlap and neither of
// which is a function word (stopWords), the folded term "fold(a) fold(b)" (a space apart, a
// space never being part of a term) at the first one's position, with offsets over both.
//
// Vietnamese writes syllables apart: "chủ tịch" (chairman) is two common syllables, each also
// part of many other words, and a search engine that scores syllables alone ranks "chủ" here
// and "tịch" there like the word. A pair is a term with its own document frequency, so a search
// can reward words standing together as much as the pair is rare: "Khánh Hoà" (a province, in
// 60 of 100,000 simulator articles) against "khánh" and "hoà", each in thousands.
//
// Pairs cost indexing time: nearly every pair of a text is a posting of its own, where a
// syllable recurs. So there is one form per pair, the folded one (the exact spelling counts in
// the syllables' own terms), and no pairs of function words ("và", "của", "được" ...), which
// would be among the commonest and worth the least.
//
// It runs after AbbrevFilter, whose short forms stand at the first and at the last position of
// their full form with the full form's offsets: "chủ tịch UBND tỉnh" and "chủ tịch ủy ban nhân
// dân tỉnh" both give "chu tich", "tich ubnd" and "ubnd tinh" (the texts of the short form and
// of "ban" or "nhân" overlap, so no "ubnd ban" or "nhan ubnd").
type PairFilter struct{}

// Filter implements analysis.TokenFilter.
func (PairFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	if len(in) < 2 {
		return nil
	}
	if !slices.IsSortedFunc(in, func(a, b *analysis.Token) int { return a.Position - b.Position }) {
		in = slices.Clone(in)
		slices.SortStableFunc(in, func(a, b *analysis.Token) int { return a.Position - b.Position })
	}
	// Each token's folded term and whether it is a function word, looked up once.
	folded, stop := make([][]byte, len(in)), make([]bool, len(in))
	size := 0
	for i, t := range in {
		folded[i] = t.Term
		if !isASCII(t.Term) { // Fold leaves ASCII as it is
			folded[i] = foldedTerms.rewrite(t.Term, Fold)
		}
		stop[i] = stopWords[string(t.Term)]
		size += 2*len(folded[i]) + 1
	}
	out := make(analysis.TokenStream, 0, len(in))
	// The pairs and their terms are allocated together; should a slab grow (many tokens at one
	// position), what is already out stays valid in the old one.
	slab := make([]analysis.Token, 0, len(in))
	terms := make([]byte, 0, size)
	// in[i:j] are the tokens at one position, in[j:k] those at the next.
	for i, j := 0, 0; i < len(in); i = j {
		for j = i; j < len(in) && in[j].Position == in[i].Position; j++ {
		}
		k := j
		for k < len(in) && in[k].Position == in[i].Position+1 {
			k++
		}
		first := len(out) // the pairs at this position, none twice
		for ia, a := range in[i:j] {
		next:
			for ib, b := range in[j:k] {
				if a.End > b.Start || stop[i+ia] || stop[j+ib] { // stop: see Paired
					continue // one covers the other (a short form and its full form), or a function word
				}
				from := len(terms)
				terms = append(append(append(terms, folded[i+ia]...), ' '), folded[j+ib]...)
				term := terms[from:len(terms):len(terms)]
				for _, t := range out[first:] {
					if string(t.Term) == string(term) {
						terms = terms[:from]
						continue next
					}
				}
				slab = append(slab, analysis.Token{Term: term, Start: a.Start, End: b.End, Position: a.Position, Type: analysis.AlphaNumeric})
				out = append(out, &slab[len(slab)-1])
			}
		}
	}
	return out
}

// stopWords are the function words of Vietnamese news that no pair is made of, as exact terms.
// Words that also begin common compounds ("cho phép", "theo dõi", "một cửa", "từ thiện") are
// not among them.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("và của các những là được có trong với đã này để cũng sẽ đang thì mà tại khi như về đến do") {
		m[w] = true
	}
	return m
}()

// stopFolds are the folded forms of stopWords: "co" stands for "có", and for "cơ", "cô" ...
// Built on first use: Fold needs the tables of this package's init functions.
var stopFolds = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for w := range stopWords {
		m[Fold(w)] = true
	}
	return m
})

// Paired reports whether the index has the pair of the exact terms a b (see PairFilter).
func Paired(a, b string) bool { return !stopWords[a] && !stopWords[b] }

// PairedFolded reports whether the index has the pair of the folded terms a b wherever words
// folding to them stand together: not when one may be a function word ("co so" is "cơ sở",
// which has its pair, and "có sở", which has none).
func PairedFolded(a, b string) bool { return !stopFolds()[a] && !stopFolds()[b] }

// Pair returns the term of the pair of words a b (exact or folded terms) in the pair fields.
func Pair(a, b string) string { return Fold(a) + " " + Fold(b) }

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
