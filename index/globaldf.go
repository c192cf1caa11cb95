package index

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Bleve's global scoring (search.GlobalScoring on an alias) shares the document count and the
// average field length across shards, but each shard still uses its own count of documents
// holding a term (the df in BM25's idf): ranks then depend on which shard holds what. Search
// closes that gap: it wraps every term-level query so that its searcher sees, for each term, the
// document frequency summed over all shards. BM25's idf then is the one a single index would
// compute, and so are the scores.

//
// The same holds for BM25's average field length, which Bleve takes as the number of distinct
// terms of the field over the number of documents: summing the shards' distinct terms counts a
// term once per shard. The wrapper gives searchers the distinct count of the union of the
// shards' dictionaries instead (cached, see cardinality).

// dfTable sums document frequencies over the shards' readers of one search.
type dfTable struct {
	ix      *Index
	readers []bindex.IndexReader
	docs    uint64
	mu      sync.Mutex
	cache   map[string]uint64
	stats   *search.BM25Stats
	fields  map[string]bool // read by the wrapped queries
}

func (ix *Index) newDFTable() (*dfTable, error) {
	t := &dfTable{ix: ix, cache: map[string]uint64{}, fields: map[string]bool{}}
	for _, s := range ix.shards {
		adv, err := s.Advanced()
		if err == nil {
			var r bindex.IndexReader
			if r, err = adv.Reader(); err == nil {
				t.readers = append(t.readers, r)
				var n uint64
				if n, err = r.DocCount(); err == nil {
					t.docs += n
					continue
				}
			}
		}
		t.close()
		return nil, fmt.Errorf("index: open reader of %s: %w", s.Name(), err)
	}
	return t, nil
}

func (t *dfTable) close() {
	for _, r := range t.readers {
		_ = r.Close()
	}
}

func (t *dfTable) df(ctx context.Context, field string, term []byte) (uint64, error) {
	key := field + "\x00" + string(term)
	t.mu.Lock()
	n, ok := t.cache[key]
	t.mu.Unlock()
	if ok {
		return n, nil
	}
	for _, r := range t.readers {
		tfr, err := r.TermFieldReader(ctx, term, field, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tfr.Count()
		_ = tfr.Close()
	}
	t.mu.Lock()
	t.cache[key] = n
	t.mu.Unlock()
	return n, nil
}

// globalDF wraps a term-level query so that its searcher sees global document frequencies.
// It is a FieldableQuery so that Bleve's pre-search still finds the field it reads.
type globalDF struct {
	inner query.FieldableQuery
	t     *dfTable
}

func (g *globalDF) Field() string     { return g.inner.Field() }
func (g *globalDF) SetField(f string) { g.inner.SetField(f) }
func (g *globalDF) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	ctx = context.WithValue(ctx, search.BM25StatsKey, g.t.stats)
	r := &dfReader{IndexReader: i, t: g.t}
	if pq, ok := g.inner.(*query.PhraseQuery); ok {
		if s, err := phraseSearcherFor(ctx, i, r, pq, m, o); s != nil || err != nil {
			return s, err
		}
	}
	return g.inner.Searcher(ctx, r, m, o)
}

// computeStats sets the document count and the distinct-term counts over all shards of the
// fields the wrapped queries read, before the search starts.
func (t *dfTable) computeStats(fields map[string]bool) error {
	st := &search.BM25Stats{DocCount: float64(t.docs), FieldCardinality: map[string]int{}}
	for name := range fields {
		if total, ok := t.ix.fieldLength(name); ok {
			st.FieldCardinality[name] = int(total)
			continue
		}
		n, err := t.ix.cardinality(name, t.readers, t.docs)
		if err != nil {
			return err
		}
		st.FieldCardinality[name] = n
	}
	t.stats = st
	return nil
}

// cardinalityTTL bounds how long a cached distinct-term count is reused after documents were
// added; an unchanged index keeps it for good.
const cardinalityTTL = 30 * time.Second

type cardEntry struct {
	docs uint64
	n    int
	at   time.Time
}

// cardinality returns the number of distinct terms of field over all shards.
func (ix *Index) cardinality(field string, readers []bindex.IndexReader, docs uint64) (int, error) {
	ix.cardMu.Lock()
	defer ix.cardMu.Unlock()
	if e, ok := ix.card[field]; ok && (e.docs == docs || time.Since(e.at) < cardinalityTTL) {
		return e.n, nil
	}
	dicts := make([]bindex.FieldDict, 0, len(readers))
	defer func() {
		for _, d := range dicts {
			_ = d.Close()
		}
	}()
	heads := make([]*bindex.DictEntry, 0, len(readers))
	for _, r := range readers {
		d, err := r.FieldDict(field)
		if err != nil {
			return 0, fmt.Errorf("index: dictionary of %s: %w", field, err)
		}
		dicts = append(dicts, d)
		e, err := d.Next()
		if err != nil {
			return 0, err
		}
		heads = append(heads, e)
	}
	n := 0
	for {
		min := ""
		found := false
		for _, h := range heads {
			if h != nil && (!found || h.Term < min) {
				min, found = h.Term, true
			}
		}
		if !found {
			break
		}
		n++
		for i, h := range heads {
			if h != nil && h.Term == min {
				e, err := dicts[i].Next()
				if err != nil {
					return 0, err
				}
				heads[i] = e
			}
		}
	}
	if ix.card == nil {
		ix.card = map[string]cardEntry{}
	}
	ix.card[field] = cardEntry{docs: docs, n: n, at: time.Now()}
	return n, nil
}

// dfReader is an index reader whose term readers report the global document frequency.
type dfReader struct {
	bindex.IndexReader
	t *dfTable
}

func (r *dfReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (bindex.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	n, err := r.t.df(ctx, field, term)
	if err != nil {
		_ = tfr.Close()
		return nil, err
	}
	return &dfTermReader{TermFieldReader: tfr, n: n}, nil
}

type dfTermReader struct {
	bindex.TermFieldReader
	n uint64
}

func (r *dfTermReader) Count() uint64 { return r.n }

// withGlobalDF returns a copy of q whose term-level queries are wrapped in globalDF (none when
// t is nil) and whose should parts are wrapped in stickyQuery.
func withGlobalDF(q query.Query, t *dfTable) query.Query {
	switch q := q.(type) {
	case *query.ConjunctionQuery:
		c := *q
		c.Conjuncts = wrapAll(q.Conjuncts, t)
		return &c
	case *query.DisjunctionQuery:
		d := *q
		d.Disjuncts = wrapAll(q.Disjuncts, t)
		return &d
	case *query.BooleanQuery:
		b := *q
		if q.Must != nil {
			b.Must = withGlobalDF(q.Must, t)
		}
		if q.Should != nil {
			b.Should = &stickyQuery{inner: withGlobalDF(q.Should, t)}
		}
		if q.MustNot != nil {
			b.MustNot = withGlobalDF(q.MustNot, t)
		}
		if q.Filter != nil {
			b.Filter = withGlobalDF(q.Filter, t)
		}
		return &b
	case *facetQuery:
		f := *q
		f.inner = withGlobalDF(q.inner, t)
		return &f
	case *query.TermQuery, *query.PhraseQuery, *query.PrefixQuery, *query.MatchQuery, *query.MatchPhraseQuery, *query.MultiPhraseQuery:
		if t == nil {
			return q
		}
		f := q.(query.FieldableQuery)
		t.fields[f.Field()] = true
		return &globalDF{inner: f, t: t}
	}
	return q
}

func wrapAll(qs []query.Query, t *dfTable) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = withGlobalDF(q, t)
	}
	return out
}

// Search runs a Bleve request over every shard with global statistics, so that BM25 scores and
// ranks are those one index holding every document would give (see globalDF), with true average
// field lengths (see lengths.go). The request's query is not modified. Searches by score for a
// short page score only the documents that can make it (see prune.go).
func (ix *Index) Search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if res, ok, err := ix.searchPruned(ctx, req); ok {
		return res, err
	}
	return ix.searchAll(ctx, req)
}

// searchAll is Search without pruning: Bleve scores every document the query matches.
func (ix *Index) searchAll(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	req, facets := ix.splitFacets(req)
	if req.Query != nil {
		// A search without scores (snippets' locations, counts) needs no statistics, only the
		// guard of its should parts.
		var t *dfTable
		if req.Score != "none" {
			var err error
			if t, err = ix.newDFTable(); err != nil {
				return nil, err
			}
			defer t.close()
		}
		r := *req
		r.Query = withGlobalDF(req.Query, t)
		if t != nil {
			if err := t.computeStats(t.fields); err != nil {
				return nil, fmt.Errorf("index: search %s: %w", ix.dir, err)
			}
		}
		req = &r
	}
	res, err := ix.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	if err := statusErr(res); err != nil {
		return nil, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	if facets != nil {
		if res.Facets == nil {
			res.Facets = search.FacetResults{}
		}
		for name, fr := range facets.results(res.Total) {
			res.Facets[name] = fr
		}
	}
	return res, nil
}
