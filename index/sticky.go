package index

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Bleve's boolean searcher, when advanced, advances its should part to the target even when
// that part already stands on a later document, one it returned but the boolean has not yet
// reached: that document's should match is lost, and with it the bonus in its score. Searches
// driven by Next never meet this; a conjunction with a short list of documents (document IDs,
// pruned searches) advances its other parts to each document and did: some of
// the documents lost their adjacency bonus (TestPrunedMatchesFull, "bonus and not"). Bleve
// guards its must-not part against the same move; stickyQuery guards the should part.

// stickyQuery wraps the should part of a boolean query.
type stickyQuery struct {
	inner query.Query
}

func (q *stickyQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := q.inner.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &stickySearcher{Searcher: s}, nil
}

// stickySearcher, advanced to a document at or before the one it last returned, returns that
// one again instead of moving on.
type stickySearcher struct {
	search.Searcher
	last *search.DocumentMatch // a copy of the last match returned, nil for none
}

func (s *stickySearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	s.keep(dm)
	return dm, err
}

func (s *stickySearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if s.last != nil && s.last.IndexInternalID.Compare(id) >= 0 {
		dm := ctx.DocumentMatchPool.Get()
		copyMatch(dm, s.last)
		return dm, nil
	}
	dm, err := s.Searcher.Advance(ctx, id)
	s.keep(dm)
	return dm, err
}

func (s *stickySearcher) keep(dm *search.DocumentMatch) {
	if dm == nil {
		s.last = nil
		return
	}
	if s.last == nil {
		s.last = &search.DocumentMatch{}
	}
	copyMatch(s.last, dm)
}

// copyMatch copies what a searcher's match carries up to its parents.
func copyMatch(dst, src *search.DocumentMatch) {
	dst.IndexInternalID = append(dst.IndexInternalID[:0], src.IndexInternalID...)
	dst.Score = src.Score
	dst.Expl = src.Expl
	dst.FieldTermLocations = append(dst.FieldTermLocations[:0], src.FieldTermLocations...)
}
