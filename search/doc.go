// Package search owns bantin's query language and everything between a query and a page of
// results: parsing (Parse), abbreviation expansion by query rewriting, filters by site and date,
// facets by site and month, histograms, sort orders, highlighted snippets, shallow (Offset) and
// deep (search-after cursor) paging, and exporting every hit (Each).
//
// It also owns the wire form of a query (ParseParams, Params), shared by the CLI, the web UI and
// the remote Client, and the GET /api/search JSON handler (Handler) through which a process that
// holds the index serves others.
//
// It does not own the index mapping or the Vietnamese analysis (package index and index/vi), nor
// output formatting for the terminal (cmd/bantin) or HTML pages (web).
package search
