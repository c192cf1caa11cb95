// Command bench-index measures bantin's index and search against peers in one run: indexing
// docs/s and bytes per article (bantin's full mapping, a bare Bleve index with the default
// mapping, SQLite FTS5), relevance on a judged set of queries (nDCG@10, recall@10, bantin versus
// Bleve's standard analyzer) and query latency p50/p95 with facets (bantin versus FTS5); with
// -clients, also searches per second and latency under concurrent clients.
//
//	cd bench && go run ./cmd/bench-index -n 100000
//	cd bench && go run ./cmd/bench-index -n 5000     # quick run
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bantin/bantin/bench/index"
)

func main() {
	n := flag.Int("n", 100000, "simulator articles")
	seed := flag.Int64("seed", 1, "simulator seed")
	shards := flag.Int("shards", 2, "bantin index shards")
	rounds := flag.Int("rounds", 5, "timed passes over the query mix")
	dir := flag.String("dir", "", "scratch directory for the indexes (default: a new temporary one)")
	keep := flag.Bool("keep", false, "keep the indexes")
	reuse := flag.Bool("reuse", false, "with -dir of an earlier -keep run: skip indexing, measure search only")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "bantin-bench-cache"), "corpus cache directory")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of extra bantin-only query passes to this file")
	indexprofile := flag.String("indexprofile", "", "write a CPU profile of building bantin's index to this file")
	segDocs := flag.Int("max-segment-docs", 0, "bantin's index.Options.MaxSegmentDocs (0: the index's default, -1: Bleve's)")
	noBare := flag.Bool("no-bare", false, "leave the bare Bleve index out (for very large runs)")
	noFTS := flag.Bool("no-fts", false, "leave SQLite FTS5 out of the query latency (for very large runs)")
	clients := flag.Int("clients", 0, "also run the query mix from this many concurrent clients (0: not)")
	clientTime := flag.Duration("client-time", 30*time.Second, "how long the concurrent clients run under each GC setting")
	flag.Parse()
	if *dir == "" {
		d, err := os.MkdirTemp("", "bench-index-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-index:", err)
			os.Exit(1)
		}
		*dir = d
	}
	cfg := index.Config{N: *n, Seed: *seed, Dir: *dir, CacheDir: *cache, Shards: *shards, Rounds: *rounds, Keep: *keep || *reuse, Reuse: *reuse, CPUProfile: *cpuprofile, IndexProfile: *indexprofile, MaxSegmentDocs: *segDocs, NoBare: *noBare, NoFTS: *noFTS, Clients: *clients, ClientTime: *clientTime}
	if err := index.Run(context.Background(), os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench-index:", err)
		os.Exit(1)
	}
}
