package vi

import (
	"maps"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which this package registers its components in Bleve's registry.
const (
	// AnalyzerName is the index analyzer (NewIndexAnalyzer): segmentation (words joined by
	// full stops split, SplitDottedFilter), lower case, NFC,
	// canonical spelling, full forms marked with their abbreviation, and each term with marks
	// followed by its folded form at the same position.
	AnalyzerName = "vi"
	// NormalizeFilterName is the token filter applying Normalize to every token.
	NormalizeFilterName = "vi_normalize"
	// FoldFilterName is the token filter applying Fold to every token.
	FoldFilterName = "vi_fold"
	// FoldAlsoFilterName is the token filter adding the folded form of every token (FoldAlsoFilter).
	FoldAlsoFilterName = "vi_fold_also"
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
//
// Every analysing goroutine looks up nearly every token, so a lookup takes no lock: it reads a
// map that is never changed once published (snap). New entries go to a locked map (recent)
// first (a read-write mutex's reader count alone, one shared counter written by both cores for
// every token, cost 2% of indexing).
type termCache struct {
	snap   atomic.Pointer[map[string][]byte]
	mu     sync.Mutex
	recent map[string][]byte // entries not in snap yet
	reads  int               // hits in recent since the last publication
	size   int
}

const termCacheMax = 1 << 17

func newTermCache() *termCache {
	c := &termCache{recent: map[string][]byte{}}
	c.snap.Store(&map[string][]byte{})
	return c
}

var (
	normalized  = newTermCache()
	foldedTerms = newTermCache()
)

func (c *termCache) rewrite(term []byte, f func(string) string) []byte {
	if out, ok := (*c.snap.Load())[string(term)]; ok {
		return out
	}
	c.mu.Lock()
	out, ok := c.recent[string(term)]
	if ok {
		c.reads++
		c.maybePublishLocked()
	}
	c.mu.Unlock()
	if ok {
		return out
	}
	out = []byte(f(string(term)))
	c.mu.Lock()
	if prev, ok := c.recent[string(term)]; ok {
		out = prev // another goroutine was first
	} else if prev, ok := (*c.snap.Load())[string(term)]; ok {
		out = prev // and its entry has been published since
	} else if c.size < termCacheMax {
		c.recent[string(term)] = out
		c.size++
		c.maybePublishLocked()
	}
	c.mu.Unlock()
	return out
}

// maybePublishLocked publishes snap with recent's entries once recent holds an eighth as many
// as snap, or has been read sixteen times that often: a publication copies snap, so it costs
// about what the locked lookups it ends cost, and the copies add up to about nine times the
// final size.
func (c *termCache) maybePublishLocked() {
	snap := *c.snap.Load()
	limit := max(64, len(snap)/8)
	if len(c.recent) == 0 || len(c.recent) < limit && c.reads < 16*limit {
		return
	}
	m := make(map[string][]byte, len(snap)+len(c.recent))
	maps.Copy(m, snap)
	maps.Copy(m, c.recent)
	c.snap.Store(&m)
	clear(c.recent)
	c.reads = 0
}

// isPlainASCII reports tokens that Normalize leaves alone: lower-case ASCII without the letter y
// and not starting with a zero.
func isPlainASCII(b []byte) bool {
	if len(b) > 1 && b[0] == '0' {
		return false
	}
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

// FoldAlsoFilter is a Bleve token filter that follows every token whose Fold differs (a
// syllable with marks, đ) with a token of the folded form at the same position and offsets.
// One field then holds both forms: "hòa" is found as "hòa" and as "hoa", a phrase typed
// with marks or without matches, and a word without marks is stored once. Exact and folded
// terms never collide: a folded term has no marks, an exact one that differs from it has.
type FoldAlsoFilter struct{}

// Filter implements analysis.TokenFilter.
func (FoldAlsoFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	var folded [][]byte // folded[i] is in[i]'s folded form, nil when the same
	n := 0
	for i, t := range in {
		if isPlainASCII(t.Term) {
			continue
		}
		f := foldedTerms.rewrite(t.Term, Fold)
		if string(f) == string(t.Term) {
			continue
		}
		if folded == nil {
			folded = make([][]byte, len(in))
		}
		folded[i] = f
		n++
	}
	if n == 0 {
		return in
	}
	extra := make([]analysis.Token, 0, n) // one allocation for every added token
	out := make(analysis.TokenStream, 0, len(in)+n)
	for i, t := range in {
		out = append(out, t)
		if folded[i] != nil {
			extra = append(extra, analysis.Token{Term: folded[i], Start: t.Start, End: t.End, Position: t.Position, Type: t.Type})
			out = append(out, &extra[len(extra)-1])
		}
	}
	return out
}

// NewAnalyzer returns the exact analyzer, or the folded one when folded is true: the terms a
// query's words become.
func NewAnalyzer(folded bool) analysis.Analyzer {
	return newAnalyzer(false, folded, false)
}

// NewIndexAnalyzer returns the analyzer of the index's text fields: NewAnalyzer's exact terms,
// full forms marked with their abbreviation (AbbrevFilter), each term followed by its folded
// form when it differs (FoldAlsoFilter).
func NewIndexAnalyzer() analysis.Analyzer {
	return newAnalyzer(true, false, true)
}

func newAnalyzer(abbrev, folded, foldAlso bool) analysis.Analyzer {
	filters := []analysis.TokenFilter{SplitDottedFilter{}, NormalizeFilter{}}
	if abbrev {
		filters = append(filters, AbbrevFilter{})
	}
	if folded {
		filters = append(filters, FoldFilter{})
	}
	if foldAlso {
		filters = append(filters, FoldAlsoFilter{})
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
	must(registry.RegisterTokenFilter(FoldAlsoFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return FoldAlsoFilter{}, nil
		}))
	must(registry.RegisterTokenFilter(SplitDottedFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return SplitDottedFilter{}, nil
		}))
	must(registry.RegisterTokenizer(TokenizerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return Tokenizer{}, nil
		}))
	must(registry.RegisterTokenFilter(AbbrevFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return AbbrevFilter{}, nil
		}))
	must(registry.RegisterAnalyzer(PairsAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return NewPairsAnalyzer(), nil
		}))
	must(registry.RegisterAnalyzer(PairedAnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return NewIndexAnalyzer(), nil // the same terms (paired.go)
		}))
	must(registry.RegisterAnalyzer(AnalyzerName,
		func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return NewIndexAnalyzer(), nil
		}))
}

func must(err error) {
	if err != nil {
		panic("vi: register analysis: " + err.Error())
	}
}
