// Package extract benchmarks article extraction side by side: bantin's extract package,
// github.com/markusmobius/go-trafilatura and codeberg.org/readeck/go-readability/v2, on the
// aeb-dev pages (../shared/bench/aeb-dev) and on rendered pages of every testsite family. It
// owns the body-text metric of shared/bench/README.md, reimplemented in Go, and the scoring of
// titles and dates as score.py does it. It does not crawl or index anything.
package extract
