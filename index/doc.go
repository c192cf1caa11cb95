// Package index owns bantin's full-text index: the Bleve mapping (with the Vietnamese analysis of
// package index/vi), its shards behind one alias, batched durable writes, and the stored mapping
// version that tells when `bantin reindex` is needed.
//
// It does not parse queries, expand abbreviations, build facets or snippets: package search does,
// through Index.Search and the field names exported here. It does not know where entries come from
// (the crawler and `bantin reindex` feed it).
package index
