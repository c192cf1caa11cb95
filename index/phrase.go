package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Phrases were the costliest part of bantin's queries: Bleve's phrase searcher reads the term
// vectors of every document holding all the words, turns them into a map per document and then
// checks positions, and the words of Vietnamese phrases are among the commonest syllables. When
// a search needs no term locations back (no highlighting, no explanation), phraseSearcher finds
// the same documents with the same scores another way: the conjunction of the terms without
// term vectors (whose score is exactly the phrase's: Bleve scores a phrase as the conjunction of
// its terms), and for each document it yields, a check of the positions read straight from the
// segment's postings.

// phraseSearcherFor returns the fast phrase searcher for pq over r (the shard's reader wrapped
// for global document frequencies), or nil when Bleve's own must run.
func phraseSearcherFor(ctx context.Context, snap bindex.IndexReader, r bindex.IndexReader, pq *query.PhraseQuery, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, ok := snap.(*scorch.IndexSnapshot)
	if !ok || o.IncludeTermVectors || o.Explain || pq.Fuzziness != 0 || len(pq.Terms) < 2 || slices.Contains(pq.Terms, "") {
		return nil, nil
	}
	field := pq.FieldVal
	if field == "" {
		field = m.DefaultSearchField()
	}
	ts := make([]search.Searcher, 0, len(pq.Terms))
	closeAll := func() {
		for _, t := range ts {
			_ = t.Close()
		}
	}
	for _, term := range pq.Terms {
		t, err := searcher.NewTermSearcher(ctx, r, term, field, pq.BoostVal.Value(), o)
		if err != nil {
			closeAll()
			return nil, err
		}
		ts = append(ts, t)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, ts, o)
	if err != nil {
		closeAll()
		return nil, err
	}
	// As Bleve's phrase searcher: the norm of its own conjunction, until a parent sets another.
	must.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	only, _ := ctx.Value(onlyDocsKey{}).([]uint64)
	return &phraseSearcher{Searcher: must, snap: s, field: field, terms: pq.Terms, only: only}, nil
}

// phraseSearcher yields the documents of its conjunction whose terms stand side by side, in
// order, in field.
type phraseSearcher struct {
	search.Searcher // the conjunction of the terms
	snap            *scorch.IndexSnapshot
	field           string
	terms           []string
	// only, when set, are the documents (global numbers, ascending) whose answers matter: the
	// searcher's parents only ever keep these (a pruned search's candidates). Positions are
	// checked there alone, and the others are skipped over.
	only []uint64

	offsets []uint64     // first global document number of each segment of snap
	seg     int          // segment of check, -1 for none
	check   *phraseCheck // in segment seg
	last    uint64       // local document number last checked
	// done is set once the conjunction has no more documents: an exhausted term reader asked to
	// advance again starts over (as Bleve's phrase searcher, stay exhausted instead).
	done bool
}

func (p *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if p.done {
		return nil, nil
	}
	dm, err := p.Searcher.Next(ctx)
	return p.first(ctx, dm, err)
}

func (p *phraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if p.done {
		return nil, nil
	}
	dm, err := p.Searcher.Advance(ctx, id)
	return p.first(ctx, dm, err)
}

// first returns dm, the conjunction's answer, when its terms stand together, else the next
// document of the conjunction where they do.
func (p *phraseSearcher) first(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for {
		if err != nil || dm == nil {
			p.done = err == nil
			return nil, err
		}
		doc := dm.IndexInternalID.Value()
		if p.only != nil {
			i, _ := slices.BinarySearch(p.only, doc)
			if p.only = p.only[i:]; len(p.only) == 0 {
				ctx.DocumentMatchPool.Put(dm)
				p.done = true
				return nil, nil
			}
			if next := p.only[0]; next != doc {
				ctx.DocumentMatchPool.Put(dm)
				dm, err = p.Searcher.Advance(ctx, bindex.NewIndexInternalID(nil, next))
				continue
			}
		}
		ok, aerr := p.adjacent(doc)
		if aerr != nil {
			return nil, aerr
		}
		if ok {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = p.Searcher.Next(ctx) // the loop's err: an error here ends the search
	}
}

// adjacent reports whether the terms stand together, in order, in document doc (a global
// document number of the snapshot).
func (p *phraseSearcher) adjacent(doc uint64) (bool, error) {
	if p.offsets == nil {
		p.offsets, p.seg = segmentOffsets(p.snap), -1
	}
	seg, local := locate(p.offsets, doc)
	if seg < 0 {
		return false, nil
	}
	if seg != p.seg || local < p.last {
		if err := p.open(seg); err != nil {
			return false, err
		}
	}
	p.last = local
	return p.check.at(local)
}

// phraseCheck checks, in one segment, whether a phrase's terms stand together, in order, in
// documents taken in ascending order.
type phraseCheck struct {
	field  string
	terms  []string
	its    []segment.PostingsIterator // per term, with locations (nil: not in the segment)
	cur    []segment.Posting          // where each iterator stands (nil: before its first posting)
	order  []int                      // the terms, fewest documents first
	pos    []uint64
	starts []uint64 // where the phrase may start in the document being checked
}

// newPhraseCheck returns the check of terms in field of one segment, whose posting lists
// list gives (nil: not in the segment).
func newPhraseCheck(field string, terms []string, list func(term string) (segment.PostingsList, error)) (*phraseCheck, error) {
	c := &phraseCheck{field: field, terms: terms, its: make([]segment.PostingsIterator, len(terms)),
		cur: make([]segment.Posting, len(terms)), order: make([]int, len(terms))}
	counts := make([]uint64, len(terms))
	for i, t := range terms {
		pl, err := list(t)
		if err != nil {
			return nil, err
		}
		if pl != nil {
			c.its[i], counts[i] = pl.Iterator(false, false, true, nil), pl.Count()
		}
		c.order[i] = i
	}
	slices.SortStableFunc(c.order, func(a, b int) int { return cmp.Compare(counts[a], counts[b]) })
	return c, nil
}

// at reports whether the terms stand together in document doc, a local number above the last
// one asked. Decoding a term's positions in a document is the cost (zapx decodes every
// location whole), so the rarest terms come first and the check stops as soon as no start is
// left.
func (c *phraseCheck) at(doc uint64) (bool, error) {
	for n, i := range c.order {
		it := c.its[i]
		if it == nil {
			return false, nil
		}
		post := c.cur[i]
		if post == nil || post.Number() < doc { // an iterator never goes back, nor stays
			var err error
			if post, err = it.Advance(doc); err != nil {
				return false, fmt.Errorf("positions of %s:%q: %w", c.field, c.terms, err)
			}
			c.cur[i] = post
		}
		if post == nil || post.Number() != doc {
			return false, nil
		}
		c.pos = c.pos[:0]
		for _, l := range post.Locations() {
			c.pos = append(c.pos, l.Pos())
		}
		if n == 0 { // the starts this term allows: its positions, less its place in the phrase
			c.starts = c.starts[:0]
			for _, p := range c.pos {
				if p >= uint64(i) {
					c.starts = append(c.starts, p-uint64(i))
				}
			}
			continue
		}
		if !slices.IsSorted(c.pos) { // zapx keeps a field's positions in order; be sure
			slices.Sort(c.pos)
		}
		c.starts = slices.DeleteFunc(c.starts, func(s uint64) bool {
			_, found := slices.BinarySearch(c.pos, s+uint64(i))
			return !found
		})
		if len(c.starts) == 0 {
			return false, nil
		}
	}
	return len(c.starts) > 0, nil
}

// open makes the check of segment seg.
func (p *phraseSearcher) open(seg int) error {
	p.seg, p.last = seg, 0
	dict, err := p.snap.Segments()[seg].Segment().Dictionary(p.field)
	if err != nil {
		return fmt.Errorf("dictionary of %s: %w", p.field, err)
	}
	p.check, err = newPhraseCheck(p.field, p.terms, func(t string) (segment.PostingsList, error) {
		pl, err := dict.PostingsList([]byte(t), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("postings of %s:%s: %w", p.field, t, err)
		}
		return pl, nil
	})
	return err
}

// segmentOffsets returns the first global document number of each segment of snap, as scorch
// numbers them (every segment's documents, deleted ones included).
func segmentOffsets(snap *scorch.IndexSnapshot) []uint64 {
	var out []uint64
	var off uint64
	for _, ss := range snap.Segments() {
		out = append(out, off)
		off += ss.Segment().Count()
	}
	return out
}

// locate returns the segment of global document number doc (-1 for none) and its number there.
func locate(offsets []uint64, doc uint64) (seg int, local uint64) {
	seg, _ = slices.BinarySearch(offsets, doc+1)
	seg-- // the last segment starting at or before doc
	if seg < 0 {
		return -1, 0
	}
	return seg, doc - offsets[seg]
}

// onlyDocsKey is the context key of the documents a phrase searcher need answer for (see
// phraseSearcher.only).
type onlyDocsKey struct{}
