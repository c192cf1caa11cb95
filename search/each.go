package search

import (
	"context"

	"github.com/bantin/bantin"
)

// EachHit calls fn for every hit of q that s finds, in q's order, with no cap, paging with the
// Next cursor (or with the offset, for a searcher that gives no cursor). q.Limit, q.Offset and
// q.After are ignored; facets and the histogram are not asked for. It stops at the first error
// fn returns. Searcher.Each and Client.Each are EachHit over themselves; the web export uses it
// for any bantin.Searcher.
func EachHit(ctx context.Context, s bantin.Searcher, q bantin.Query, fn func(bantin.Hit) error) error {
	q.Limit, q.Offset, q.After, q.Facets, q.Histogram = eachPage, 0, "", false, ""
	seen := 0
	for {
		res, err := s.Search(ctx, q)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return err
			}
		}
		seen += len(res.Hits)
		if len(res.Hits) == 0 || uint64(seen) >= res.Total {
			return nil
		}
		q.After, q.Offset = res.Next, seen // the cursor wins where there is one
	}
}
