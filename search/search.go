package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index"
)

// Paging limits.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
	MaxOffset    = 10000 // deeper pages use the After cursor
	eachPage     = 500
	siteFacetMax = 100
	monthsMax    = 5000
)

// Options configure a Searcher.
type Options struct {
	// Abbreviations extend (or override) the built-in Abbreviations: short form → full form.
	Abbreviations map[string]string
	// CacheSize is how many recent results are kept for repeated searches (see cache.go).
	// Zero: DefaultCacheSize; negative: no cache.
	CacheSize int
}

// Searcher answers queries over a local index. It is safe for concurrent use.
type Searcher struct {
	ix    *index.Index
	b     *builder
	cache *resultCache
}

// New returns a Searcher over ix.
func New(ix *index.Index, opts Options) *Searcher {
	return &Searcher{ix: ix, b: &builder{abbr: newAbbrevTable(opts.Abbreviations)}, cache: newResultCache(opts.CacheSize)}
}

// Query parses q.Text and returns the Bleve query for q with its filters, for callers that want
// to inspect it. Errors wrap bantin.ErrInvalid.
func (s *Searcher) Query(q bantin.Query) (query.Query, error) {
	n, err := Parse(q.Text)
	if err != nil {
		return nil, err
	}
	return s.query(n, q, s.b)
}

// builders for the query of a page, the query without the adjacency bonus of plain words (for
// other sort orders, which do not need it), and that query with two-word phrases kept as
// phrases (for highlighting: the pair fields hold no positions to mark).
func (s *Searcher) builders() (full, base, highlight *builder) {
	b, h := *s.b, *s.b
	b.noBonus = true
	h.noBonus, h.locations = true, true
	return s.b, &b, &h
}

// query builds the Bleve query of the parsed text n with b, and adds q's filters.
func (s *Searcher) query(n Node, q bantin.Query, b *builder) (query.Query, error) {
	bq, err := b.build(n)
	if err != nil {
		return nil, err
	}
	var filters []query.Query
	if len(q.Sites) > 0 {
		qs := make([]query.Query, len(q.Sites))
		for i, site := range q.Sites {
			qs[i] = siteQuery(site)
		}
		filters = append(filters, query.NewDisjunctionQuery(qs))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		filters = append(filters, dateQuery(q.From, q.To, true))
	}
	if len(filters) == 0 {
		return bq, nil
	}
	if _, all := bq.(*query.MatchAllQuery); all {
		return query.NewConjunctionQuery(filters), nil
	}
	// Filters choose documents without scoring them: a date range or a site does not make a
	// document more relevant.
	fq := query.NewBooleanQuery([]query.Query{bq}, nil, nil)
	fq.AddFilter(query.NewConjunctionQuery(filters))
	return fq, nil
}

func validate(q *bantin.Query) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("search: "+format+": %w", append(args, bantin.ErrInvalid)...)
	}
	switch {
	case q.Limit == 0:
		q.Limit = DefaultLimit
	case q.Limit < 0 || q.Limit > MaxLimit:
		return bad("limit %d: want 1 to %d", q.Limit, MaxLimit)
	}
	if q.Offset < 0 {
		return bad("offset %d is negative", q.Offset)
	}
	if q.Offset+q.Limit > MaxOffset && q.After == "" {
		return bad("offset %d is too deep: page with the after cursor (Result.Next) instead", q.Offset)
	}
	switch q.Sort {
	case "", bantin.SortRelevance, bantin.SortNewest, bantin.SortOldest:
	default:
		return bad("sort %q: want relevance, newest or oldest", q.Sort)
	}
	switch q.Histogram {
	case "", "month", "year":
	default:
		return bad("histogram %q: want month or year", q.Histogram)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return bad("date range %s..%s is empty", q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	}
	return nil
}

// sortOrder returns the Bleve sort of q; every order ends with the document ID so that
// search-after cursors are total. An empty query sorted by relevance is sorted newest first.
func sortOrder(q bantin.Query) bsearch.SortOrder {
	byTime := func(desc bool) bsearch.SortOrder {
		return bsearch.SortOrder{
			&bsearch.SortField{Field: index.FieldSortTime, Desc: desc, Type: bsearch.SortFieldAsDate},
			&bsearch.SortDocID{},
		}
	}
	switch {
	case q.Sort == bantin.SortNewest, q.Sort != bantin.SortOldest && q.Text == "":
		return byTime(true)
	case q.Sort == bantin.SortOldest:
		return byTime(false)
	}
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
}

// Search returns one page of hits for q. Bad queries give errors wrapping bantin.ErrInvalid.
//
// A page sorted by relevance within the first rankDepth hits is addressed by rank: the index
// prunes such searches where it can (index.Index.Prunes: only the documents that can make the
// page are scored), and the next page is the next rank. Other sort orders do not need the adjacency
// bonus of plain words, which changes scores only.
//
// Results are cached (Options.CacheSize); while the index is being written they may lag it by
// a few seconds (see cache.go).
func (s *Searcher) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	start := time.Now()
	if off, ok := rankOffset(q.After); ok {
		q.After, q.Offset = "", off
	}
	if err := validate(&q); err != nil {
		return nil, err
	}
	if q.After != "" {
		if _, err := decodeCursor(q.After, len(sortOrder(q))); err != nil {
			return nil, err
		}
	}
	res, err := s.cache.cached(ctx, s.ix.Generation, q, func(ctx context.Context) (*bantin.Result, error) { return s.search(ctx, q) })
	if err != nil {
		return nil, err
	}
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// search runs a validated query.
func (s *Searcher) search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	parsed, err := Parse(q.Text)
	if err != nil {
		return nil, err
	}
	full, base, highlight := s.builders()
	byScore := q.Text != "" && (q.Sort == "" || q.Sort == bantin.SortRelevance)
	if !byScore {
		full = base // the bonus changes scores only, never which documents match
	}
	bq, err := s.query(parsed, q, full)
	if err != nil {
		return nil, err
	}
	byRank := byScore && q.After == "" && q.Offset+q.Limit <= rankDepth
	res, err := s.ix.Search(ctx, s.request(q, bq, q.Limit, q.Offset))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	out := &bantin.Result{Total: res.Total, Hits: make([]bantin.Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, newHit(h))
	}
	if q.Highlight && len(out.Hits) > 0 {
		hq, err := s.query(parsed, q, highlight)
		if err != nil {
			return nil, err
		}
		if err := s.highlight(ctx, hq, out.Hits); err != nil {
			return nil, fmt.Errorf("search %q: snippets: %w", q.Text, err)
		}
	}
	n := len(res.Hits)
	switch {
	case byRank && n == q.Limit && uint64(q.Offset+n) < out.Total:
		out.Next = encodeRank(q.Offset + n)
	case byRank:
	case n == q.Limit && uint64(q.Offset+n) < out.Total || q.After != "" && n == q.Limit:
		out.Next = encodeCursor(res.Hits[n-1])
	}
	months := facetCounts(res.Facets["month"])
	if q.Facets {
		siteFacet := res.Facets["site"]
		if len(q.Sites) > 0 {
			if siteFacet, err = s.otherSites(ctx, parsed, q, base); err != nil {
				return nil, fmt.Errorf("search %q: site facet: %w", q.Text, err)
			}
		}
		sites := facetCounts(siteFacet)
		sort.SliceStable(sites, func(i, j int) bool {
			if sites[i].Count != sites[j].Count {
				return sites[i].Count > sites[j].Count
			}
			return sites[i].Value < sites[j].Value
		})
		byMonth := append([]bantin.Count(nil), months...)
		sort.Slice(byMonth, func(i, j int) bool { return byMonth[i].Value > byMonth[j].Value })
		out.Facets = map[string][]bantin.Count{"site": sites, "month": byMonth}
	}
	if q.Histogram != "" {
		out.Histogram = histogram(months, q.Histogram)
	}
	return out, nil
}

// request is the Bleve request for one page of q over bq, with q's sort, cursor and facets.
// Search has checked the cursor.
func (s *Searcher) request(q bantin.Query, bq query.Query, size, from int) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	req.SortByCustom(sortOrder(q))
	req.Fields = hitFields()
	if q.After != "" {
		if after, err := decodeCursor(q.After, len(req.Sort)); err == nil {
			req.From = 0
			req.SearchAfter = after
		}
	}
	if q.Facets {
		req.AddFacet("site", bleve.NewFacetRequest(index.FieldSite, siteFacetMax))
	}
	if q.Facets || q.Histogram != "" {
		req.AddFacet("month", bleve.NewFacetRequest(index.FieldMonth, monthsMax))
	}
	return req
}

// otherSites counts the hits of q by site as if q had no site filter, so that the site facet
// of a filtered search still offers the other sites with what they would add (the usual
// multi-select facet: the sites of a query are alternatives).
func (s *Searcher) otherSites(ctx context.Context, n Node, q bantin.Query, base *builder) (*bsearch.FacetResult, error) {
	q.Sites = nil
	bq, err := s.query(n, q, base)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bq, 0, 0, false)
	req.Score = "none"
	req.AddFacet("site", bleve.NewFacetRequest(index.FieldSite, siteFacetMax))
	res, err := s.ix.Search(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Facets["site"], nil
}

// Each calls fn for every hit of q, in q's order, with no cap (EachHit over s).
func (s *Searcher) Each(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
	return EachHit(ctx, s, q, fn)
}

func hitFields() []string {
	return []string{index.FieldTitle, index.FieldURL, index.FieldSite, index.FieldPublished, index.FieldPublishedDay}
}

// highlight fills the snippets of one page of hits. Match locations come from a second search
// restricted to those documents: asking the main search for them would read the term vectors
// of every matching document, not just of the page.
//
// bq is the query without the adjacency bonus (which marks no other words), with phrases
// (builders).
func (s *Searcher) highlight(ctx context.Context, bq query.Query, hits []bantin.Hit) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), bq})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = []string{index.FieldBody}
	req.IncludeLocations = true
	req.Score = "none"
	res, err := s.ix.Search(ctx, req)
	if err != nil {
		return err
	}
	byID := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = snippet(h)
	}
	for i := range hits {
		if sn, ok := byID[hits[i].ID]; ok {
			hits[i].Snippet = sn
		}
	}
	return nil
}

func newHit(h *bsearch.DocumentMatch) bantin.Hit {
	str := func(k string) string { s, _ := h.Fields[k].(string); return s }
	hit := bantin.Hit{
		ID: h.ID, URL: str(index.FieldURL), Title: str(index.FieldTitle), Site: str(index.FieldSite),
		Score: h.Score,
	}
	if p := str(index.FieldPublished); p != "" {
		if t, err := time.Parse(time.RFC3339Nano, p); err == nil {
			day, _ := h.Fields[index.FieldPublishedDay].(bool)
			hit.Published = bantin.Timestamp{Time: t.In(bantin.Location), DateOnly: day}
		}
	}
	return hit
}

// cursor is the search-after position: the sort values of the last hit of a page.
func encodeCursor(h *bsearch.DocumentMatch) string {
	vals := append([]string(nil), h.DecodedSort...)
	if len(vals) == 0 {
		vals = append(vals, h.Sort...)
	}
	for i, v := range vals {
		if v == "_score" { // Bleve's placeholder: search-after wants the score itself
			vals[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		}
	}
	return encodeVals(vals)
}

// encodeVals writes the values of a cursor.
func encodeVals(vals []string) string {
	b, _ := json.Marshal(vals)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string, n int) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	var vals []string
	if err == nil {
		err = json.Unmarshal(b, &vals)
	}
	if err != nil || len(vals) != n {
		return nil, fmt.Errorf("search: after cursor %q is not one this sort order made: %w", c, bantin.ErrInvalid)
	}
	return vals, nil
}

func facetCounts(f *bsearch.FacetResult) []bantin.Count {
	if f == nil || f.Terms == nil {
		return []bantin.Count{}
	}
	terms := f.Terms.Terms()
	out := make([]bantin.Count, 0, len(terms))
	for _, t := range terms {
		out = append(out, bantin.Count{Value: t.Term, Count: t.Count})
	}
	return out
}

// histogram turns month counts into per-month or per-year buckets, oldest first, with empty
// buckets between the first and the last filled in.
func histogram(months []bantin.Count, per string) []bantin.Count {
	counts := map[string]int{}
	var first, last time.Time
	for _, m := range months {
		t, err := time.Parse("2006-01", m.Value)
		if err != nil {
			continue
		}
		if per == "year" {
			t = time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		counts[label(t, per)] += m.Count
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if first.IsZero() {
		return []bantin.Count{}
	}
	var out []bantin.Count
	for t := first; !t.After(last); t = step(t, per) {
		out = append(out, bantin.Count{Value: label(t, per), Count: counts[label(t, per)]})
	}
	return out
}

func label(t time.Time, per string) string {
	if per == "year" {
		return t.Format("2006")
	}
	return t.Format("2006-01")
}

func step(t time.Time, per string) time.Time {
	if per == "year" {
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 1, 0)
}
