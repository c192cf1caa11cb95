package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Span returns the earliest and latest publication times in the index (zero times when no
// document has one). It is cached until the document count changes.
func (ix *Index) Span(ctx context.Context) (min, max time.Time, err error) {
	n, err := ix.Count()
	if err != nil {
		return min, max, err
	}
	ix.spanMu.Lock()
	defer ix.spanMu.Unlock()
	if n == ix.spanCount && !ix.spanMin.IsZero() {
		return ix.spanMin, ix.spanMax, nil
	}
	first := func(desc bool) (time.Time, error) {
		start := time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC)
		end := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
		q := query.NewDateRangeQuery(start, end)
		q.SetField(FieldPublished)
		req := bleve.NewSearchRequestOptions(q, 1, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortField{Field: FieldPublished, Desc: desc, Type: search.SortFieldAsDate}})
		req.Fields = []string{FieldPublished}
		req.Score = "none"
		res, err := ix.alias.SearchInContext(ctx, req)
		if err == nil {
			err = statusErr(res)
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("index: date span of %s: %w", ix.dir, err)
		}
		if len(res.Hits) == 0 {
			return time.Time{}, nil
		}
		s, _ := res.Hits[0].Fields[FieldPublished].(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("index: date span of %s: stored date %q: %w", ix.dir, s, err)
		}
		return t, nil
	}
	if min, err = first(false); err != nil {
		return min, max, err
	}
	if max, err = first(true); err != nil {
		return min, max, err
	}
	ix.spanCount, ix.spanMin, ix.spanMax = n, min, max
	return min, max, nil
}
