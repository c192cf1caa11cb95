package index

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
)

// TestPhraseMatchesBleve checks the phrase searcher of phrase.go against Bleve's own: a search
// that asks for term locations runs Bleve's, one that does not runs bantin's, and both must
// give the same hits with the same scores, alone and inside boolean queries, over an index of
// several segments per shard with replaced documents.
func TestPhraseMatchesBleve(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{Shards: 2, BatchSize: 17})
	defer ix.Close()
	ctx := context.Background()
	words := strings.Fields("hội nghị văn hóa hoá thể thao du lịch sở ủy ban nhân dân tỉnh huyện xã hội")
	rng := rand.New(rand.NewPCG(7, 9))
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	var replaced []bantin.Entry
	for i := 0; i < 300; i++ {
		e := entry(i)
		e.Article.Title = text(3 + rng.IntN(6))
		e.Article.Lead = text(rng.IntN(10))
		e.Article.Text = text(5 + rng.IntN(60))
		if err := ix.Index(ctx, e); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			e.Article.Text = text(20)
			replaced = append(replaced, e)
		}
	}
	// Replaced in later batches: the first versions are deleted documents of older segments.
	if err := ix.Index(ctx, replaced...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if deletedDocs(t, ix) == 0 {
		t.Fatal("no deleted documents left in the segments: the test would not exercise them")
	}
	phrase := func(field string, boost float64, words ...string) query.Query {
		var terms []string
		for _, w := range words {
			terms = append(terms, vi.Terms(w)...)
		}
		q := query.NewPhraseQuery(terms, field)
		q.SetBoost(boost)
		return q
	}
	term := func(field, v string) query.Query {
		q := query.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	tests := []struct {
		name string
		q    query.Query
	}{
		{"two words", phrase(FieldBody, 1, "hội", "nghị")},
		{"folded", phrase(FieldBody, 1, "hoi", "nghi")},
		{"three words", phrase(FieldBody, 2, "ủy", "ban", "nhân")},
		{"repeated word", phrase(FieldBody, 1, "hội", "hội")},
		{"title", phrase(FieldTitle, 3, "văn", "hóa")},
		{"no such phrase", phrase(FieldBody, 1, "hội", "không-có")},
		{"in a disjunction", query.NewDisjunctionQuery([]query.Query{phrase(FieldTitle, 3, "thể", "thao"), phrase(FieldBody, 1, "thể", "thao")})},
		{"must and not", query.NewBooleanQuery([]query.Query{phrase(FieldBody, 1, "du", "lịch")}, nil, []query.Query{phrase(FieldBody, 1, "sở", "văn")})},
		{"bonus", query.NewBooleanQuery([]query.Query{term(FieldBody, "tỉnh")}, []query.Query{phrase(FieldBody, 3, "nhân", "dân", "tỉnh")}, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := func(locations bool) *bleve.SearchResult {
				t.Helper()
				req := bleve.NewSearchRequestOptions(tt.q, 1000, 0, false)
				req.IncludeLocations = locations
				req.SortBy([]string{"-_score", "_id"})
				res, err := ix.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			got, want := run(false), run(true)
			if got.Total != want.Total {
				t.Fatalf("total %d, Bleve's phrase searcher %d", got.Total, want.Total)
			}
			if tt.name != "no such phrase" && got.Total == 0 {
				t.Fatal("no hits")
			}
			for i := range want.Hits {
				g, w := got.Hits[i], want.Hits[i]
				if g.ID != w.ID || math.Abs(g.Score-w.Score) > 1e-9*math.Abs(w.Score) {
					t.Fatalf("hit %d: %s %.9g, Bleve's phrase searcher %s %.9g", i, g.ID, g.Score, w.ID, w.Score)
				}
			}
		})
	}
}

// endSearcher is a conjunction with no documents that counts how often it is asked.
type endSearcher struct {
	search.Searcher
	calls int
}

func (e *endSearcher) Next(*search.SearchContext) (*search.DocumentMatch, error) {
	e.calls++
	return nil, nil
}

func (e *endSearcher) Advance(*search.SearchContext, bindex.IndexInternalID) (*search.DocumentMatch, error) {
	e.calls++
	return nil, nil
}

// TestPhraseSearcherStaysExhausted checks that a phrase searcher at its end does not ask its
// conjunction again: an exhausted term reader asked to advance starts over, which made a
// phrase inside a disjunction re-read its postings for every later document (9 s for one
// query at 100,000 articles).
func TestPhraseSearcherStaysExhausted(t *testing.T) {
	inner := &endSearcher{}
	p := &phraseSearcher{Searcher: inner}
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(1, 0)}
	if dm, err := p.Next(ctx); dm != nil || err != nil {
		t.Fatalf("Next = %v, %v", dm, err)
	}
	for i := uint64(1); i <= 3; i++ {
		if dm, err := p.Advance(ctx, bindex.NewIndexInternalID(nil, i)); dm != nil || err != nil {
			t.Fatalf("Advance = %v, %v", dm, err)
		}
		if dm, err := p.Next(ctx); dm != nil || err != nil {
			t.Fatalf("Next = %v, %v", dm, err)
		}
	}
	if inner.calls != 1 {
		t.Errorf("the conjunction was asked %d times, want once", inner.calls)
	}
}

// failSearcher is a conjunction that yields one document, then fails.
type failSearcher struct {
	search.Searcher
	doc   uint64
	calls int
}

var errFail = errors.New("postings unreadable")

func (f *failSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if f.calls++; f.calls > 1 {
		return nil, errFail
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(nil, f.doc)
	return dm, nil
}

// TestPhraseSearcherPassesErrors checks that an error of the conjunction, met while moving on
// from a document whose words do not stand together, ends the search as an error, not as if
// no more documents matched (a shadowed variable once dropped it).
func TestPhraseSearcherPassesErrors(t *testing.T) {
	ix := openT(t, filepath.Join(t.TempDir(), "index"), Options{Shards: 1})
	defer ix.Close()
	ctx := context.Background()
	e := entry(0)
	e.Article.Title, e.Article.Lead, e.Article.Text = "Hóa học", "", "Văn nghệ và hóa học"
	if err := ix.Index(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	adv, err := ix.shards[0].Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader %T is not a scorch snapshot", r)
	}
	inner := &failSearcher{doc: 0}
	p := &phraseSearcher{Searcher: inner, snap: snap, field: FieldBody, terms: []string{"văn", "hóa"}}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(2, 0)}
	dm, err := p.Next(sctx)
	if !errors.Is(err, errFail) || dm != nil {
		t.Fatalf("Next = %v, %v; want the conjunction's error", dm, err)
	}
	if inner.calls != 2 {
		t.Fatalf("the conjunction was asked %d times, want twice (the document, then the error)", inner.calls)
	}
}

// TestUsablePairs: the pairs a phrase check may demand are those of adjacent words that the
// pair field holds wherever the words stand together: none with a function word in any
// spelling, none with a short form, none for a field without pairs.
func TestUsablePairs(t *testing.T) {
	tests := []struct {
		field string
		terms []string
		want  string // pair field, then the pairs
	}{
		{FieldBody, []string{"an", "sinh", "xã", "hội"}, "body_pairs: an sinh|sinh xa|xa hoi"},
		{FieldTitle, []string{"an", "sinh", "xa", "hoi"}, "title_pairs: an sinh|sinh xa|xa hoi"},
		{FieldBody, []string{"văn", "hóa", "và", "thể", "thao"}, "body_pairs: van hoa|the thao"},
		{FieldBody, []string{"văn", "hóa", "vả", "thể"}, "body_pairs: van hoa"}, // "va" is also "và"
		{FieldBody, []string{"sở", "vhttdl", "tỉnh"}, "body_pairs: "},
		{FieldBody, []string{"chủ", "tịch", "hdnd"}, "body_pairs: chu tich"}, // folded short form
		{FieldBody, []string{"hội"}, "body_pairs: "},
		{FieldAuthor, []string{"nguyễn", "văn"}, ": "},
	}
	for _, tt := range tests {
		pf, pairs := usablePairs(tt.field, tt.terms)
		if got := pf + ": " + strings.Join(pairs, "|"); got != tt.want {
			t.Errorf("usablePairs(%s, %q) = %q, want %q", tt.field, tt.terms, got, tt.want)
		}
	}
}
