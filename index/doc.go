// Package index owns bantin's full-text index: the Bleve mapping (with the Vietnamese analysis of
// package index/vi), its shards behind one alias, batched durable writes, and the stored mapping
// version that tells when `bantin reindex` is needed.
//
// Index.Search runs Bleve requests over the shards with global statistics (globaldf.go) and makes
// them cheaper without changing their results: the site and month term facets are counted from
// per-segment value ordinals (facets.go) and phrases are checked from the segment postings
// (phrase.go). Both are tested against Bleve's own results.
//
// It does not parse queries, expand abbreviations, choose facets or make snippets: package search
// does, through Index.Search and the field names exported here. It does not know where entries
// come from (the crawler and `bantin reindex` feed it).
package index
