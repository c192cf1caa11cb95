// Package crawl benchmarks bantin's end-to-end crawl (fetch, archive, extract, catalog, index)
// against a bare colly crawl of the same pages, on the testsite simulator with zero delay, and
// measures peak RSS. Each side runs in a child process of its own so that its RSS is its own;
// the simulator runs in the parent.
//
// It owns the measurement only; the crawl itself is the crawler package, wired as cmd/bantin
// wires it.
package crawl
