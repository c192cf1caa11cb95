// Package bench is a separate module with side-by-side benchmarks of bantin against peer
// libraries (go-trafilatura, go-readability, bare colly, bare Bleve, SQLite FTS5), so that the
// peers never enter the main module's dependencies. Each subcommand prints its figures.
package bench
