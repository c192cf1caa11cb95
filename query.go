package bantin

import "time"

// Sort orders of search results.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
)

// Query is a search request: a query-language string plus filters, order and paging.
type Query struct {
	Text   string    // query language; empty matches every article
	Sites  []string  // keep only these sites (any of them)
	From   time.Time // published on or after (zero: no bound)
	To     time.Time // published on or before (zero: no bound)
	Sort   string    // SortRelevance (default), SortNewest, SortOldest
	Limit  int       // hits per page (default 10)
	Offset int       // hits to skip (shallow paging)
	After  string    // opaque cursor from Result.Next for deep paging; overrides Offset
	// Facets asks for site and month facets. The site facet ignores Sites (the sites of a
	// query are alternatives: it shows what each other site would add).
	Facets bool
	// Histogram is "month" or "year" to count hits over time, "" for none.
	Histogram string
	// Highlight asks for snippets with <mark> around matched terms.
	Highlight bool
}

// Hit is one search result. Snippet is HTML: escaped page text with <mark> around matches.
type Hit struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	Site      string    `json:"site"`
	Published Timestamp `json:"published"`
	Score     float64   `json:"score"`
	Snippet   string    `json:"snippet"`
}

// Count is one facet or histogram bucket.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is one page of search results.
type Result struct {
	Total     uint64             `json:"total"`
	TookMS    float64            `json:"took_ms"`
	Hits      []Hit              `json:"hits"`
	Facets    map[string][]Count `json:"facets"`              // "site", "month"
	Histogram []Count            `json:"histogram,omitempty"` // per month or year, oldest first
	Next      string             `json:"next,omitempty"`      // cursor for the following page
}
