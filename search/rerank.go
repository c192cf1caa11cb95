package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin"
)

// rerankWindow is how many of the best hits of the query without the adjacency bonus are
// scored again with it. A document outside them would need its bonus to outweigh the scores
// of rerankWindow documents that match the same words more often or in shorter fields.
// Measured at 30,000 articles (CPU of 3 passes over the bench-index mix): whole query 34.8 s,
// window 1000 33.2 s, window 200 24.2 s; 200 lowers one judged query's nDCG@10 (UBND huyện
// 0.655 -> 0.503; all queries 0.957 -> 0.954), 1000 changes none.
const rerankWindow = 200

// rerankDepth is the deepest page end that is reranked: deeper pages, and long pages such as
// exports, run the whole query, so that the set of the first N hits for a large N is the one
// the whole query gives (a rerank would take it from the query without the bonus).
const rerankDepth = 200

// rerank finds one page of q sorted by relevance in two searches. The first runs base (the
// query without the bonus phrases) for the best rerankWindow documents, with the total and the
// facets. The second scores only those documents with full, the whole query, and returns the
// page: phrase searchers then read the term locations of rerankWindow documents, not of every
// document holding the words.
//
// The second search is a conjunction of the document IDs and full: its scores are full's times
// a constant factor plus a constant (the ID query's share of the query norm), so the order among
// the candidates is the order full gives them.
func (s *Searcher) rerank(ctx context.Context, q bantin.Query, base, full query.Query) (page, first *bleve.SearchResult, err error) {
	req := s.request(q, base, rerankWindow, 0)
	req.Fields = nil
	// By score alone: the document ID as a tie-break would make Bleve load the ID of every
	// matching document (a tenth of a broad query's time); the page is sorted fully below.
	req.SortByCustom(bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	first, err = s.ix.Search(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if len(first.Hits) == 0 {
		return first, first, nil
	}
	ids := make([]string, len(first.Hits))
	for i, h := range first.Hits {
		ids[i] = h.ID
	}
	q.Facets, q.Histogram = false, ""
	page, err = s.ix.Search(ctx, s.request(q, query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), full}), q.Limit, q.Offset))
	if err != nil {
		return nil, nil, err
	}
	return page, first, nil
}

// rankPrefix marks a cursor that is a position within the reranked hits rather than the sort
// values of the last hit (reranked scores are not those of a search-after query).
const rankPrefix = "~rank"

func encodeRank(offset int) string {
	b, _ := json.Marshal([]string{rankPrefix, strconv.Itoa(offset)})
	return base64.RawURLEncoding.EncodeToString(b)
}

// rankOffset returns the position a cursor made by encodeRank holds.
func rankOffset(c string) (int, bool) {
	if c == "" {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	var vals []string
	if err != nil || json.Unmarshal(b, &vals) != nil || len(vals) != 2 || vals[0] != rankPrefix {
		return 0, false
	}
	n, err := strconv.Atoi(vals[1])
	if err != nil || n < 0 || n > MaxOffset {
		return 0, false
	}
	return n, true
}
