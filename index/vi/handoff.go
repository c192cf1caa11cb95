package vi

import (
	"bytes"
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// PairedAnalyzerName is the analyzer of a text field that has a word-pair field beside it
// (NewPairedAnalyzer): AnalyzerName's terms, and its tokens handed over to the pair field's
// analysis of the same text.
const PairedAnalyzerName = "vi_paired"

// A text field and its word-pair field (PairsAnalyzerName) are the same text analysed twice:
// segmentation, split words, normalisation and short forms, then the folded terms for one and
// the pairs for the other. Bleve analyses the fields of a document one after the other in one
// goroutine, each from its own copy of the text, and has no place to share work between
// fields. So the paired analyzer leaves the tokens of the shared stages in handoffs, keyed by
// the text, and the pairs analyzer takes them when its text is the same, byte for byte. Should
// it find none (another order of fields, a full table), it analyses the text itself: the hand-
// over changes the time, never the terms. Both analyzers only read the tokens after the
// shared stages.

// sharedStages is the analysis both index analyzers start with: the exact terms with short forms
// marked.
var sharedStages = newAnalyzer(true, false, false)

// handoffMax bounds the tokens waiting to be taken: a few per analysing goroutine. Tokens that
// nobody takes (a paired field analysed alone) are dropped when the table fills up.
const handoffMax = 64

type handoff struct {
	mu   sync.Mutex
	seed maphash.Seed
	m    map[uint64]handed
}

type handed struct {
	text   []byte
	tokens analysis.TokenStream
}

var handoffs = &handoff{seed: maphash.MakeSeed(), m: map[uint64]handed{}}

func (h *handoff) put(text []byte, ts analysis.TokenStream) {
	k := maphash.Bytes(h.seed, text)
	h.mu.Lock()
	if len(h.m) >= handoffMax {
		clear(h.m)
	}
	h.m[k] = handed{text, ts}
	h.mu.Unlock()
}

func (h *handoff) take(text []byte) (analysis.TokenStream, bool) {
	k := maphash.Bytes(h.seed, text)
	h.mu.Lock()
	e, ok := h.m[k]
	if ok {
		delete(h.m, k)
	}
	h.mu.Unlock()
	if !ok || !bytes.Equal(e.text, text) {
		return nil, false
	}
	return e.tokens, true
}

// NewPairedAnalyzer returns the analyzer of a text field with a word-pair field: the terms of
// NewIndexAnalyzer, its shared stages' tokens left for the pairs analyzer.
func NewPairedAnalyzer() analysis.Analyzer { return pairedAnalyzer{} }

type pairedAnalyzer struct{}

func (pairedAnalyzer) Analyze(text []byte) analysis.TokenStream {
	ts := sharedStages.Analyze(text)
	handoffs.put(text, ts)
	return FoldAlsoFilter{}.Filter(ts)
}

// NewPairsAnalyzer returns the analyzer of the word-pair fields: the exact analysis with short
// forms marked (NewIndexAnalyzer without the folded terms, taken over from the paired analyzer
// of the same text when it has just run), then PairFilter.
func NewPairsAnalyzer() analysis.Analyzer { return pairsAnalyzer{} }

type pairsAnalyzer struct{}

func (pairsAnalyzer) Analyze(text []byte) analysis.TokenStream {
	ts, ok := handoffs.take(text)
	if !ok {
		ts = sharedStages.Analyze(text)
	}
	return PairFilter{}.Filter(ts)
}
