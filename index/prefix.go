package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A prefix of two or three letters starts hundreds of distinct words (th*: thì, thể, thành,
// thông, thu ...). Bleve scores a prefix query as the disjunction of all of them, every match
// through a heap over all their posting lists: `th*` took 4.5 s at 1,000,000 articles, and the
// score it gives mostly counts how many different such words a document holds. PrefixQuery
// gives every match the same score instead, as Lucene's and Elasticsearch's constant-score
// rewrite of multi-term queries does, and finds the matches as the union of the words' posting
// bitmaps, segment by segment. The other words of a query rank its matches; the prefix chooses
// them (and the fields and spelling it matched in, through the boosts of the alternatives
// the search package builds). A pruned search models it as a constant leaf (prune.go).

// PrefixQuery matches the documents holding, in its field, a term that starts with Prefix,
// each with the same score: its boost times the query norm (as a match-all query scores).
// It yields no term locations: highlighting uses Bleve's prefix query.
type PrefixQuery struct {
	Prefix   string
	FieldVal string
	BoostVal float64
}

// NewPrefixQuery returns the constant-score prefix query of prefix in field.
func NewPrefixQuery(field, prefix string, boost float64) *PrefixQuery {
	return &PrefixQuery{Prefix: prefix, FieldVal: field, BoostVal: boost}
}

// Field and SetField make it a query.FieldableQuery, so that Bleve's pre-search finds the
// field it reads.
func (q *PrefixQuery) Field() string     { return q.FieldVal }
func (q *PrefixQuery) SetField(f string) { q.FieldVal = f }

func (q *PrefixQuery) Searcher(ctx context.Context, r bindex.IndexReader, _ mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index: prefix %s:%s*: reader %T is not a scorch snapshot", q.FieldVal, q.Prefix, r)
	}
	// A weight of one until a parent sets the query norm, as Bleve's constant scorer.
	s := &prefixSearcher{offsets: segmentOffsets(snap), boost: q.BoostVal, score: o.Score != "none", weight: 1}
	ev, _ := ctx.Value(shardEvalKey{}).(*shardEval) // a pruned search's evaluation found them
	for i, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lists := newSegLists(ss.Segment(), ss.Deleted())
		if ev != nil && ev.snap == snap {
			lists = ev.segs[i].lists
		}
		bm, err := lists.prefix(q.FieldVal, q.Prefix)
		if err != nil {
			return nil, fmt.Errorf("index: prefix %s:%s*: %w", q.FieldVal, q.Prefix, err)
		}
		s.segs = append(s.segs, bm)
		s.count += bm.GetCardinality()
	}
	return s, nil
}

// prefix returns the live documents of the segment holding a term of field that starts with
// prefix: the union of those terms' posting bitmaps (never to be modified).
func (s *segLists) prefix(field, prefix string) (*roaring.Bitmap, error) {
	key := field + "\x00" + prefix
	if bm, ok := s.prefixes[key]; ok {
		return bm, nil
	}
	d, err := s.dict(field)
	if err != nil {
		return nil, err
	}
	var bms []*roaring.Bitmap
	it := d.AutomatonIterator(nil, []byte(prefix), prefixEnd(prefix))
	for {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("terms of %s:%s*: %w", field, prefix, err)
		}
		if e == nil {
			break
		}
		pl, err := d.PostingsList([]byte(e.Term), s.del, nil)
		if err != nil {
			return nil, fmt.Errorf("postings of %s:%s: %w", field, e.Term, err)
		}
		bm, err := listDocs(pl, field, e.Term)
		if err != nil {
			return nil, err
		}
		bms = append(bms, bm)
	}
	// The commonest words first: their dense containers take the rare words' few documents
	// cheaply, where sorted arrays would be merged again and again (a third of the time of
	// `th*` at 1,000,000 articles, in dictionary order).
	slices.SortFunc(bms, func(a, b *roaring.Bitmap) int { return cmp.Compare(b.GetCardinality(), a.GetCardinality()) })
	bm := roaring.FastOr(bms...)
	if s.prefixes == nil {
		s.prefixes = map[string]*roaring.Bitmap{}
	}
	s.prefixes[key] = bm
	return bm, nil
}

// prefixEnd is the first key after every key that starts with prefix (nil: none).
func prefixEnd(prefix string) []byte {
	end := []byte(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i]++; end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

// prefixSearcher yields the documents of its per-segment bitmaps in order, each with the
// constant score.
type prefixSearcher struct {
	offsets []uint64          // first global document number of each segment
	segs    []*roaring.Bitmap // the matches of each segment (local numbers)
	count   uint64
	boost   float64
	score   bool
	weight  float64 // boost times the query norm

	seg int // the segment of it
	it  roaring.IntPeekable
}

func (s *prefixSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for s.seg < len(s.segs) {
		if s.it == nil {
			s.it = s.segs[s.seg].Iterator()
		}
		if s.it.HasNext() {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, s.offsets[s.seg]+uint64(s.it.Next()))
			if s.score {
				dm.Score = s.weight
			}
			return dm, nil
		}
		s.seg, s.it = s.seg+1, nil
	}
	return nil, nil
}

func (s *prefixSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	seg, local := locate(s.offsets, id.Value())
	if seg < s.seg {
		return s.Next(ctx)
	}
	if seg > s.seg {
		s.seg, s.it = seg, nil
	}
	if s.seg < len(s.segs) {
		if s.it == nil {
			s.it = s.segs[s.seg].Iterator()
		}
		s.it.AdvanceIfNeeded(uint32(local))
	}
	return s.Next(ctx)
}

func (s *prefixSearcher) Weight() float64 { return s.boost * s.boost }
func (s *prefixSearcher) SetQueryNorm(qn float64) {
	s.weight = s.boost * qn
}
func (s *prefixSearcher) Close() error               { return nil }
func (s *prefixSearcher) Count() uint64              { return s.count }
func (s *prefixSearcher) Min() int                   { return 0 }
func (s *prefixSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *prefixSearcher) Size() int {
	n := 64 + 8*len(s.offsets)
	for _, bm := range s.segs {
		n += int(bm.GetSizeInBytes())
	}
	return n
}
