package index

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Term facets over the keyword fields that hold one value per document (site and month) are
// counted here, not by Bleve. Bleve reads every hit's doc values (a chunk decoded, the fields'
// terms visited): at 100,000 articles, a query matching half of them spent about 50 ms per shard
// on the site and month facets against 8 ms on finding and scoring the hits. Here every segment
// gets, once, an array from document number to value ordinal, built from the field's postings;
// a hit then costs two array reads. Segments never change, so the arrays are reused by every
// later snapshot that still holds the segment.

// ordinalFields are the fields whose term facets Search counts itself.
var ordinalFields = map[string]bool{FieldSite: true, FieldMonth: true}

// ordinals holds the value ordinals of the ordinal fields for the segments seen recently.
type ordinals struct {
	mu    sync.Mutex
	value map[string][]string       // field → ordinal-1 → term; 0 is "no value"
	id    map[string]map[string]int // field → term → ordinal
	segs  map[segment.Segment]*segOrdinals
}

type segOrdinals struct {
	field map[string][]uint32 // field → local document number → ordinal
	used  time.Time
}

// ordinalIdle is how long the arrays of a segment no snapshot used are kept (merged-away
// segments leave this way).
const ordinalIdle = 2 * time.Minute

// everything is the automaton that accepts every term, to list a segment's dictionary.
type everything struct{}

func (everything) Start() int               { return 0 }
func (everything) IsMatch(int) bool         { return true }
func (everything) CanMatch(int) bool        { return true }
func (everything) WillAlwaysMatch(int) bool { return true }
func (everything) Accept(int, byte) int     { return 0 }

// snapshotOrdinals returns, for each segment of snap in order, its arrays and its first global
// document number.
func (o *ordinals) snapshot(snap *scorch.IndexSnapshot, fields []string) (*snapOrdinals, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.segs == nil {
		o.segs = map[segment.Segment]*segOrdinals{}
		o.value = map[string][]string{}
		o.id = map[string]map[string]int{}
	}
	now := time.Now()
	so := &snapOrdinals{offsets: segmentOffsets(snap)}
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		s := o.segs[seg]
		if s == nil {
			s = &segOrdinals{field: map[string][]uint32{}}
			o.segs[seg] = s
		}
		s.used = now
		for _, f := range fields {
			if _, ok := s.field[f]; ok {
				continue
			}
			ords, err := o.build(seg, f)
			if err != nil {
				return nil, err
			}
			s.field[f] = ords
		}
		so.segs = append(so.segs, s)
	}
	for seg, s := range o.segs {
		if now.Sub(s.used) > ordinalIdle {
			delete(o.segs, seg)
		}
	}
	return so, nil
}

// build maps every document of seg to the ordinal of its value of field (the last one, were
// there several).
func (o *ordinals) build(seg segment.Segment, field string) ([]uint32, error) {
	ords := make([]uint32, seg.Count())
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("index: dictionary of %s: %w", field, err)
	}
	if o.id[field] == nil {
		o.id[field] = map[string]int{}
	}
	it := dict.AutomatonIterator(everything{}, nil, nil)
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("index: terms of %s: %w", field, err)
		}
		if e == nil {
			return ords, nil
		}
		id, ok := o.id[field][e.Term]
		if !ok {
			o.value[field] = append(o.value[field], e.Term)
			id = len(o.value[field])
			o.id[field][e.Term] = id
		}
		if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return nil, fmt.Errorf("index: postings of %s:%s: %w", field, e.Term, err)
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, fmt.Errorf("index: postings of %s:%s: %w", field, e.Term, err)
			}
			if p == nil {
				break
			}
			if n := p.Number(); n < uint64(len(ords)) {
				ords[n] = uint32(id)
			}
		}
	}
}

// snapOrdinals are the arrays of one snapshot's segments.
type snapOrdinals struct {
	offsets []uint64
	segs    []*segOrdinals
}

// facetRun counts the values of the ordinal fields over the hits of one search.
type facetRun struct {
	o      *ordinals
	fields []string
	mu     sync.Mutex
	counts map[string][]int               // field → ordinal → hits
	reqs   map[string]*bleve.FacetRequest // the facet requests it answers, by name
}

func newFacetRun(o *ordinals) *facetRun {
	return &facetRun{o: o, counts: map[string][]int{}, reqs: map[string]*bleve.FacetRequest{}}
}

// ordinalFacet tells whether f is a term facet this package counts itself.
func ordinalFacet(f *bleve.FacetRequest) bool {
	return ordinalFields[f.Field] && len(f.NumericRanges) == 0 && len(f.DateTimeRanges) == 0 && f.TermPrefix == "" && f.TermPattern == ""
}

// add makes the run answer the facet request f, named name.
func (run *facetRun) add(name string, f *bleve.FacetRequest) {
	run.reqs[name] = f
	if !slices.Contains(run.fields, f.Field) {
		run.fields = append(run.fields, f.Field)
	}
}

// counter returns a counter of the run's fields over documents of snap.
func (run *facetRun) counter(snap *scorch.IndexSnapshot) (*facetCounter, error) {
	so, err := run.o.snapshot(snap, run.fields)
	if err != nil {
		return nil, err
	}
	return &facetCounter{run: run, snap: so, counts: make([][]int, len(run.fields))}, nil
}

// facetQuery wraps the query of a search so that its searcher, on each shard, counts every hit
// it returns into run.
type facetQuery struct {
	inner query.Query
	run   *facetRun
}

func (q *facetQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index: facets: reader %T is not a scorch snapshot", r)
	}
	fc, err := q.run.counter(snap)
	if err != nil {
		return nil, err
	}
	s, err := q.inner.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &countingSearcher{Searcher: s, facetCounter: fc}, nil
}

// countingSearcher counts the values of each hit as it passes.
type countingSearcher struct {
	search.Searcher
	*facetCounter
}

func (c *countingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return c.counted(c.Searcher.Next(ctx))
}

func (c *countingSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return c.counted(c.Searcher.Advance(ctx, id))
}

// counted counts the hit dm, or adds the shard's counts to the run when there are no more.
func (c *countingSearcher) counted(dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	switch {
	case err != nil:
		return nil, err
	case dm == nil:
		c.flush()
		return nil, nil
	}
	c.count(dm.IndexInternalID.Value())
	return dm, nil
}

// facetCounter counts the values of a run's fields over documents of one shard's snapshot.
type facetCounter struct {
	run    *facetRun
	snap   *snapOrdinals
	counts [][]int // per field of run, ordinal → documents
	done   bool
}

// count counts doc, a global document number of the snapshot.
func (c *facetCounter) count(doc uint64) {
	seg, local := locate(c.snap.offsets, doc)
	if seg < 0 {
		return
	}
	s := c.snap.segs[seg]
	for i, f := range c.run.fields {
		if ords := s.field[f]; local < uint64(len(ords)) {
			c.bump(i, ords[local])
		}
	}
}

// countSegment counts the documents of m, local numbers of the snapshot's segment seg.
func (c *facetCounter) countSegment(seg int, m *roaring.Bitmap) {
	s := c.snap.segs[seg]
	for i, f := range c.run.fields {
		ords := s.field[f]
		m.Iterate(func(d uint32) bool {
			if int(d) < len(ords) {
				c.bump(i, ords[d])
			}
			return true
		})
	}
}

// bump counts one document of value ordinal ord in the run's field i.
func (c *facetCounter) bump(i int, ord uint32) {
	for len(c.counts[i]) <= int(ord) {
		c.counts[i] = append(c.counts[i], 0)
	}
	c.counts[i][ord]++
}

// flush adds this shard's counts to the run once, when the hits are exhausted.
func (c *facetCounter) flush() {
	if c.done {
		return
	}
	c.done = true
	c.run.mu.Lock()
	defer c.run.mu.Unlock()
	for i, f := range c.run.fields {
		total := c.run.counts[f]
		for len(total) < len(c.counts[i]) {
			total = append(total, 0)
		}
		for ord, n := range c.counts[i] {
			total[ord] += n
		}
		c.run.counts[f] = total
	}
}

// splitFacets takes out of req the term facets this package counts itself and returns the run
// that will count them, or nil when there are none.
func (ix *Index) splitFacets(req *bleve.SearchRequest) (*bleve.SearchRequest, *facetRun) {
	if req.Query == nil {
		return req, nil
	}
	r := *req
	r.Facets = nil
	run := newFacetRun(&ix.ords)
	for name, f := range req.Facets {
		if !ordinalFacet(f) {
			if r.Facets == nil {
				r.Facets = bleve.FacetsRequest{}
			}
			r.Facets[name] = f
			continue
		}
		run.add(name, f)
	}
	if len(run.reqs) == 0 {
		return req, nil
	}
	r.Query = &facetQuery{inner: req.Query, run: run}
	return &r, run
}

// results turns the run's counts into Bleve facet results, as Bleve would give them: the Size
// most frequent values (ties by value), the rest counted in Other, documents without a value in
// Missing.
func (run *facetRun) results(total uint64) search.FacetResults {
	run.o.mu.Lock()
	defer run.o.mu.Unlock()
	out := search.FacetResults{}
	for name, f := range run.reqs {
		fr := &search.FacetResult{Field: f.Field, Terms: &search.TermFacets{}}
		counts := run.counts[f.Field]
		for ord := 1; ord < len(counts); ord++ {
			if n := counts[ord]; n > 0 {
				fr.Terms.Add(&search.TermFacet{Term: run.o.value[f.Field][ord-1], Count: n})
				fr.Total += n
			}
		}
		fr.Missing = int(total) - fr.Total // one value per document
		fr.Fixup(f.Size)
		out[name] = fr
	}
	return out
}
