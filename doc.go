// Package bantin holds the domain of the bantin news archiver: the types every stage exchanges
// (Article, Capture, Version, Entry, Site, Query, Result, Hit), the error codes the CLI and the
// web server map to exit codes and HTTP statuses, and the small interfaces the crawler needs
// (Archiver, Indexer). It imports the standard library only; the stages live in sibling
// packages (crawler, extract, archive, index, search, web) and cmd/bantin wires them together.
package bantin
