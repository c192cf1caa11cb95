package vi

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// SplitDottedFilterName is the token filter that splits words joined by full stops or colons.
const SplitDottedFilterName = "vi_split_dotted"

// SplitDottedFilter is a Bleve token filter that splits a word the tokenizer joined across full
// stops or colons between letters into its parts, each a token of its own at consecutive
// positions with its own offsets: "TP.HCM" is "TP" and "HCM", "P.Bến Nghé" is "P", "Bến",
// "Nghé", "GS.TS" is "GS" and "TS", "sovhttdl.gov.vn" is three words, "Nguồn:Sở" is "Nguồn"
// and "Sở". Unicode word segmentation (UAX #29) keeps such words whole, but Vietnamese writes
// abbreviated titles and places this way, never puts a colon inside a word, and pages often
// lack the space after one ("Nơi nhận:Như trên"); a reader searching "Hồ Chí Minh", "TP HCM",
// "Bến Nghé" or "Sở Y tế" means them too. Numbers ("1.234", "15.3", "8:30") stay whole or are
// the tokenizer's. It must be the first filter: it reads the token's bytes as they are in the
// text (its offsets), and it renumbers the positions of the tokens after a split.
type SplitDottedFilter struct{}

// Filter implements analysis.TokenFilter.
func (SplitDottedFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // nil until a token splits
	shift := 0                   // tokens added so far: later positions move by this much
	for i, t := range in {
		cuts := dotCuts(t.Term)
		if cuts == nil {
			if out != nil {
				t.Position += shift
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(in)+len(cuts)+4)
			copy(out, in[:i])
		}
		from := 0
		for j := 0; j <= len(cuts); j++ {
			to, next := len(t.Term), len(t.Term)
			if j < len(cuts) {
				to = cuts[j]
				_, n := utf8.DecodeRune(t.Term[to:])
				next = to + n
			}
			out = append(out, &analysis.Token{
				Term:     t.Term[from:to],
				Start:    t.Start + from,
				End:      t.Start + to,
				Position: t.Position + shift + j,
				Type:     t.Type,
			})
			from = next
		}
		shift += len(cuts)
	}
	if out == nil {
		return in
	}
	return out
}

// dotCuts returns the byte offsets in term of the full stops and colons between letters, nil
// when none.
func dotCuts(term []byte) []int {
	if !mayCut(term) {
		return nil
	}
	var cuts []int
	for i := 0; i < len(term); {
		r, n := decodeAt(term, i)
		if (r == '.' || r == '\uFF0E' || r == '\u2024' || r == ':' || r == '\uFF1A') && i > 0 && i+n < len(term) {
			next, _ := decodeAt(term, i+n)
			if classOf(next) == clsLetter {
				cuts = append(cuts, i)
			}
		}
		i += n
	}
	return cuts
}

// mayCut reports whether term has a byte that starts a cut: a full stop, a colon, or the first
// byte of U+2024 (E2) or of U+FF0E and U+FF1A (EF). One pass over the bytes: every token of
// every text comes through here, and searching it once per separator cost five.
func mayCut(term []byte) bool {
	for _, c := range term {
		if c == '.' || c == ':' || c == 0xE2 || c == 0xEF {
			return true
		}
	}
	return false
}
