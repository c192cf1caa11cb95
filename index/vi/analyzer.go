package vi

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which this package registers its components in Bleve's registry.
const (
	// AnalyzerName is the exact index analyzer: segmentation, lower case, NFC, canonical
	// spelling, full forms marked with their abbreviation (NewIndexAnalyzer).
	AnalyzerName = "vi"
	// FoldedAnalyzerName is AnalyzerName followed by folding (no marks, đ→d).
	FoldedAnalyzerName = "vi_folded"
	// NormalizeFilterName is the token filter applying Normalize to every token.
	NormalizeFilterName = "vi_normalize"
	// FoldFilterName is the token filter applying Fold to every token.
	FoldFilterName = "vi_fold"
)

// NormalizeFilter is a Bleve token filter that rewrites each token with Normalize. Offsets are
// left as they are, so they still point into the original text.
type NormalizeFilter struct{}

// Filter implements analysis.TokenFilter.
func (NormalizeFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if isPlainASCII(t.Term) {
			continue // lower-case ASCII with no y: nothing to do
		}
		t.Term = normalized.rewrite(t.Term, Normalize)
	}
	return in
}

// termCache memoises a rewrite of tokens: a language has a few thousand distinct syllables,
// so nearly every token of a text was seen before, and a map lookup costs a fraction of
// lower-casing, NFC and canonical spelling. It stops growing at termCacheMax entries (text in
// other scripts, numbers); the slices it returns are shared and never modified.
type termCache struct {
	mu sync.RWMutex
	m  map[string][]byte
}

const termCacheMax = 1 << 17

var (
	normalized  = &termCache{m: map[string][]byte{}}
	foldedTerms = &termCache{m: map[string][]byte{}}
)

func (c *termCache) rewrite(term []byte, f func(string) string) []byte {
	c.mu.RLock()
	out, ok := c.m[string(term)]
	c.mu.RUnlock()
	if ok {
		return out
	}
	out = []byte(f(string(term)))
	c.mu.Lock()
	if len(c.m) < termCacheMax {
		c.m[string(term)] = out
	}
	c.mu.Unlock()
	return out
}

// isPlainASCII reports tokens that Normalize leaves alone: lower-case ASCII without the letter y.
func isPlainASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == 'y' {
			return false
		}
	}
	return true
}

// FoldFilter is a Bleve token filter that rewrites each token with Fold.
type FoldFilter struct{}

// Filter implements analysis.TokenFilter.
func (FoldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		for _, c := range t.Term {
			if c >= utf8.RuneSelf {
				t.Term = foldedTerms.rewrite(t.Term, Fold)
				break
			}
		}
	}
	return in
}

// NewAnalyzer returns the exact analyzer, or the folded one when folded is true: the terms a
// query's words become.
func NewAnalyzer(folded bool) analysis.Analyzer {
	return newAnalyzer(folded, false)
}

// NewIndexAnalyzer is NewAnalyzer with AbbrevFilter: what the index makes of a text.
func NewIndexAnalyzer(folded bool) analysis.Analyzer {
	return newAnalyzer(folded, true)
}

func newAnalyzer(folded, abbrev bool) analysis.Analyzer {
	filters := []analysis.TokenFilter{NormalizeFilter{}}
	if abbrev {
		filters = append(filters, AbbrevFilter{})
	}
	if folded {
		filters = append(filters, FoldFilter{})
	}
	return &analysis.DefaultAnalyzer{
		Tokenizer:    Tokenizer{},
		TokenFilters: filters,
	}
}

// Tokens returns the terms the analyzer produces for text: a convenience for tests and for
// query rewriting.
func Tokens(a analysis.Analyzer, text string) []string {
	ts := a.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out
}

var (
	exact  = NewAnalyzer(false)
	folded = NewAnalyzer(true)
)

// Terms returns the exact terms of text, as the index stores them.
func Terms(text string) []string { return Tokens(exact, text) }

// FoldedTerms returns the folded terms of text, as the index stores them.
func FoldedTerms(text string) []string { return Tokens(folded, text) }

func init() {
	must(registry.RegisterTokenFilter(NormalizeFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return NormalizeFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(FoldFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return FoldFilter{}, nil
		}))
	must(registry.RegisterTokenizer(TokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return Tokenizer{}, nil
		}))
	must(registry.RegisterTokenFilter(AbbrevFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return AbbrevFilter{}, nil
		}))
	must(registry.RegisterAnalyzer(AnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return NewIndexAnalyzer(false), nil
		}))
	must(registry.RegisterAnalyzer(FoldedAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return NewIndexAnalyzer(true), nil
		}))
}

func must(err error) {
	if err != nil {
		panic("vi: register analysis: " + err.Error())
	}
}
