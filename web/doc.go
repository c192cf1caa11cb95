// Package web serves bantin over HTTP: the server-rendered search site (html/template and
// static files embedded in the binary), the JSON API under /api/, the article pages with their
// version diffs, and the archived snapshots served from the WARC inside a sandbox.
//
// It owns routing, parameter validation of untrusted requests, response headers (CSP, frame
// rules, nosniff), mapping of bantin error codes to HTTP statuses, the Vietnamese/English labels,
// the counts-over-time SVG chart, the paragraph/word diff and the streaming CSV/JSONL exports.
//
// It does not own searching, the query language, the catalog or the WARC files: it reaches them
// through the small interfaces Searcher and Archive declared here, which cmd/bantin satisfies
// with the search and archive packages. It never starts crawls itself: TriggerCrawl is injected.
package web
