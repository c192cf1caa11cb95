package index

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/text/unicode/norm"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
	"github.com/bantin/bantin/testsite"
)

// fieldEntries are entries of every simulator family and some edge cases: an empty title and
// body, NFD text, short and full forms, one word, repeated words.
func fieldEntries() []bantin.Entry {
	var es []bantin.Entry
	for i, fam := range testsite.Families() {
		for n := range 3 {
			_, _, t := testsite.RenderArticle(fam, 1, n)
			es = append(es, bantin.Entry{ID: fmt.Sprintf("%s-%d", fam, n), Site: t.Site, FirstSeen: time.Unix(int64(i), 0),
				Article: bantin.Article{URL: t.URL, Title: t.Title, Lead: t.Lead, Text: t.Text, Author: t.Author, Published: t.Published}})
		}
	}
	for i, a := range []bantin.Article{
		{},
		{Title: "Huế"},
		{Title: norm.NFD.String("Khánh Hòa: Sở VHTTDL"), Text: norm.NFD.String("Chủ tịch Ủy ban nhân dân tỉnh, TP.HCM, 05/03/2024.")},
		{Title: "hội hội hội", Lead: "Hội nghị", Text: strings.Repeat("văn hóa và thể thao, ", 50)},
	} {
		es = append(es, bantin.Entry{ID: fmt.Sprintf("edge-%d", i), Site: "sovh", Article: a})
	}
	return es
}

// TestFieldsAsBleve: every field of a document made by mapDocument gives the index what the
// mapping's own fields, analysed by Bleve with the mapping's analyzers, give: the same terms,
// frequencies, locations and lengths, whichever of a text field and its pair field is analysed
// first.
func TestFieldsAsBleve(t *testing.T) {
	m := NewMapping()
	for _, e := range fieldEntries() {
		want := bdoc.NewDocument(e.ID)
		if err := m.MapDocument(want, newDocument(e)); err != nil {
			t.Fatal(err)
		}
		for _, reversed := range []bool{false, true} {
			got, err := mapDocument(m, e.ID, newDocument(e))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Fields) != len(want.Fields) {
				t.Fatalf("%s: %d fields, want %d", e.ID, len(got.Fields), len(want.Fields))
			}
			own := 0
			for i := range got.Fields {
				if reversed {
					i = len(got.Fields) - 1 - i
				}
				got.Fields[i].Analyze()
			}
			for i, g := range got.Fields {
				w := want.Fields[i]
				switch g.(type) {
				case *pairedField, *pairField:
					own++
				}
				w.Analyze()
				if g.Name() != w.Name() || g.Options() != w.Options() || string(g.Value()) != string(w.Value()) {
					t.Fatalf("%s: field %d is %s %v, want %s %v", e.ID, i, g.Name(), g.Options(), w.Name(), w.Options())
				}
				if g.AnalyzedLength() != w.AnalyzedLength() {
					t.Errorf("%s %s (reversed %v): length %d, want %d", e.ID, g.Name(), reversed, g.AnalyzedLength(), w.AnalyzedLength())
				}
				if !reflect.DeepEqual(g.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()) {
					t.Errorf("%s %s (reversed %v): token frequencies differ from Bleve's", e.ID, g.Name(), reversed)
				}
				if g.Size() <= 0 {
					t.Errorf("%s %s: size %d", e.ID, g.Name(), g.Size())
				}
			}
			if own != 2*len(TextFields) {
				t.Errorf("%s: %d fields analysed by bantin, want %d", e.ID, own, 2*len(TextFields))
			}
		}
	}
}

// TestTokenFrequencies: tokenFrequencies returns analysis.TokenFrequency's result for token
// streams with recurring terms, tokens at one position, with and without term vectors, array
// positions and frequencies.
func TestTokenFrequencies(t *testing.T) {
	streams := []analysis.TokenStream{nil}
	for _, text := range []string{"", "Huế", "hội nghị hội nghị hội", "Chủ tịch UBND tỉnh, Ủy ban nhân dân tỉnh và HĐND tỉnh",
		strings.Repeat("Sở Văn hóa, Thể thao và Du lịch; ", 40)} {
		streams = append(streams, vi.NewIndexAnalyzer().Analyze([]byte(text)), vi.NewPairsAnalyzer().Analyze([]byte(text)))
	}
	opts := []bindex.FieldIndexingOptions{
		bindex.IndexField,
		bindex.IndexField | bindex.IncludeTermVectors | bindex.StoreField,
		bindex.IndexField | bindex.IncludeTermVectors | bindex.SkipFreqNorm,
		bindex.IndexField | bindex.SkipFreqNorm,
	}
	for i, ts := range streams {
		for _, o := range opts {
			for _, ap := range [][]uint64{nil, {2, 5}} {
				got, size := tokenFrequencies(ts, ap, o)
				want := analysis.TokenFrequency(ts, ap, o)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("stream %d, options %v, array positions %v: differs from Bleve's", i, o, ap)
				}
				if len(ts) > 0 && size <= 0 {
					t.Errorf("stream %d: size %d", i, size)
				}
			}
		}
	}
}
