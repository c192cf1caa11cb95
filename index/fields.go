package index

import (
	"bytes"
	"reflect"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/size"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/bantin/bantin/index/vi"
)

// The text fields with word pairs (TextFields) and their pair fields are analysed by bantin, not
// by Bleve's TextField, for three savings in the indexing's CPU (profile of a 30,000-article
// build: Bleve's token frequencies 14%, document sizes 4%):
//
//   - one analysis for both: the pair field takes its text field's tokens after the stages
//     they share (vi.SharedTokens), where Bleve would analyse the text again from its own copy;
//   - token frequencies made with a few allocations per field (tokenFrequencies), where Bleve's
//     analysis.TokenFrequency makes two or more per distinct term;
//   - a size computed from the counts, where Bleve's walks every location (scorch asks every
//     document its size, for statistics).
//
// The mapping still makes the document (mapDocument); only these fields change type. What they
// give the index, terms, frequencies, positions, offsets and lengths, is what Bleve's fields
// with the mapping's analyzers give: TestFieldsAsBleve compares the two, field by field.

// mapDocument maps d as the mapping does, then puts pairedField and pairField in place of the
// text fields that have word pairs and of their pair fields.
func mapDocument(m mapping.IndexMapping, id string, d document) (*bdoc.Document, error) {
	doc := bdoc.NewDocument(id)
	if err := m.MapDocument(doc, d); err != nil {
		return nil, err
	}
	texts := make([]*pairedField, len(TextFields))
	for i, f := range doc.Fields {
		tf, ok := f.(*bdoc.TextField)
		if !ok {
			continue
		}
		for j, t := range TextFields {
			switch tf.Name() {
			case t.Name:
				texts[j] = &pairedField{ownField: ownField{TextField: tf}}
				doc.Fields[i] = texts[j]
			case t.Pairs: // after its text field (NewMapping); without one, it analyses its text
				doc.Fields[i] = &pairField{ownField: ownField{TextField: tf}, text: texts[j]}
			}
		}
	}
	return doc, nil
}

// ownField is a Bleve text field that bantin analyses: what the analysis gave the index.
type ownField struct {
	*bdoc.TextField
	length int
	freqs  bindex.TokenFrequencies
	size   int // of freqs, in bytes
}

func (f *ownField) AnalyzedLength() int                               { return f.length }
func (f *ownField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *ownField) Size() int                                         { return f.TextField.Size() + f.size }

func (f *ownField) set(ts analysis.TokenStream) {
	f.length = len(ts)
	f.freqs, f.size = tokenFrequencies(ts, f.ArrayPositions(), f.Options())
}

// pairedField is a text field with a word-pair field: vi.AnalyzerName's terms, made from
// vi.SharedTokens, which it keeps until its pair field takes them.
type pairedField struct {
	ownField
	shared analysis.TokenStream
}

func (f *pairedField) Analyze() {
	// A copy of a stored text, as Bleve's TextField makes: tokens point into what they analyse.
	f.shared = vi.SharedTokens(bytes.Clone(f.Value()))
	f.set(vi.FoldAlsoFilter{}.Filter(f.shared))
}

// pairField is a word-pair field (vi.PairsAnalyzerName's terms), made from its text field's
// shared tokens when that field was analysed first (the mapping puts it first), from its own
// analysis otherwise.
type pairField struct {
	ownField
	text *pairedField
}

func (f *pairField) Analyze() {
	var shared analysis.TokenStream
	if f.text != nil {
		shared, f.text.shared = f.text.shared, nil // the batch need not hold them
	}
	if shared == nil {
		shared = vi.SharedTokens(bytes.Clone(f.Value()))
	}
	f.set(vi.PairFilter{}.Filter(shared))
}

var (
	sizeOfTokenFreq     = int(reflect.TypeFor[bindex.TokenFreq]().Size())
	sizeOfTokenLocation = int(reflect.TypeFor[bindex.TokenLocation]().Size())
)

// freqChunk is how many distinct terms' TokenFreqs are allocated at once.
const freqChunk = 64

// freqScratch is tokenFrequencies' working memory, kept between calls.
type freqScratch struct{ of []*bindex.TokenFreq } // with term vectors, of[i] is the entry of tokens[i]

var freqScratches = sync.Pool{New: func() any { return new(freqScratch) }}

// tokenFrequencies returns what analysis.TokenFrequency returns for tokens (every distinct term
// with its frequency and, with term vectors, its locations in the order of the tokens), and an
// estimate of its size in bytes. Entries are allocated freqChunk at a time and the locations of
// the whole field at once, each term's a part of one slice.
func tokenFrequencies(tokens analysis.TokenStream, arrayPositions []uint64, options bindex.FieldIndexingOptions) (bindex.TokenFrequencies, int) {
	vectors := options.IncludeTermVectors()
	// Most words of a text recur; most pairs do not (measured on simulator articles).
	hint := len(tokens)
	if vectors {
		hint /= 2
	}
	rv := make(bindex.TokenFrequencies, hint)
	s := freqScratches.Get().(*freqScratch)
	defer func() {
		clear(s.of)
		freqScratches.Put(s)
	}()
	s.of = s.of[:0]
	var chunk []bindex.TokenFreq
	terms := 0
	for _, t := range tokens {
		e, ok := rv[string(t.Term)]
		if !ok {
			if len(chunk) == cap(chunk) {
				chunk = make([]bindex.TokenFreq, 0, freqChunk)
			}
			chunk = append(chunk, bindex.TokenFreq{Term: t.Term})
			e = &chunk[len(chunk)-1]
			rv[string(t.Term)] = e
			terms += len(t.Term)
		}
		e.SetFrequency(e.Frequency() + 1)
		if vectors {
			s.of = append(s.of, e)
		}
	}
	sz := len(rv)*(sizeOfTokenFreq+size.SizeOfString+size.SizeOfPtr) + 2*terms
	if vectors {
		// Each entry's locations are the next Frequency() slots of ptrs, filled in token order.
		locs := make([]bindex.TokenLocation, len(tokens))
		ptrs := make([]*bindex.TokenLocation, len(tokens))
		next := 0
		for i, t := range tokens {
			e := s.of[i]
			if e.Locations == nil {
				n := e.Frequency()
				e.Locations = ptrs[next : next : next+n]
				next += n
			}
			locs[i] = bindex.TokenLocation{ArrayPositions: arrayPositions, Start: t.Start, End: t.End, Position: t.Position}
			e.Locations = append(e.Locations, &locs[i])
		}
		sz += len(tokens) * (sizeOfTokenLocation + size.SizeOfPtr + len(arrayPositions)*size.SizeOfUint64)
	}
	if options.SkipFreqNorm() {
		for _, e := range rv {
			e.SetFrequency(0)
		}
	}
	return rv, sz
}
