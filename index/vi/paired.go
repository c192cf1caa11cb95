package vi

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// PairedAnalyzerName is the analyzer of a text field that has a word-pair field beside it. It
// makes the same terms as AnalyzerName; the mappings of indexes made since version 6 name it.
// bantin's index does not run it through Bleve: it analyses such a field and its pairs from one
// analysis of the text (SharedTokens, then FoldAlsoFilter for the one and PairFilter for the
// other: index/fields.go).
const PairedAnalyzerName = "vi_paired"

// sharedStages is the analysis a text field and its word-pair field both start with: the exact
// terms with short forms marked.
var sharedStages = newAnalyzer(true, false, false)

// SharedTokens returns the tokens of text after the stages a text field and its word-pair field
// share: segmentation, split words, normalisation and short forms. FoldAlsoFilter makes the text
// field's terms of them (NewIndexAnalyzer's), PairFilter the pair field's (NewPairsAnalyzer's);
// neither changes the tokens it is given, so both may take the same stream.
func SharedTokens(text []byte) analysis.TokenStream { return sharedStages.Analyze(text) }

// NewPairsAnalyzer returns the analyzer of the word-pair fields: SharedTokens, then PairFilter.
func NewPairsAnalyzer() analysis.Analyzer { return pairsAnalyzer{} }

type pairsAnalyzer struct{}

func (pairsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	return PairFilter{}.Filter(SharedTokens(text))
}
