// Package index benchmarks bantin's index and search packages against peers, in one run:
// relevance (nDCG@10, recall@10 on a judged query set) versus Bleve's standard analyzer,
// indexing speed versus a bare Bleve index with the default mapping, query latency with facets
// versus SQLite FTS5 (modernc.org/sqlite), and index size per article. The corpus is the
// testsite simulator's articles (testsite.RenderArticle), cached on disk between runs.
package index
