// Command bench-postings times the bare reading of posting lists in a bantin index: what any
// search over Bleve's segments (zapx) must decode before it can score or check a phrase. It
// gives the floor under a query's latency: the lists of its terms read once, each shard on a
// core of its own as bantin's searches run, with frequencies and norms (as scoring needs) or
// with positions too (as a phrase check needs).
//
//	cd bench && go run ./cmd/bench-postings -index /tmp/bix/bantin -positions body:sở body:vhttdl
//	cd bench && go run ./cmd/bench-postings -index /tmp/bix/bantin title:hội body:hội body:hoi
//
// The index is one that bench-index kept (-keep), or a bantin data directory's index. Terms are
// given as indexed: lower case, NFC, folded forms without marks.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	_ "github.com/bantin/bantin/index" // bantin's analyzers, which the shards' mappings name
)

func main() {
	dir := flag.String("index", "", "bantin index directory (holding shard-0, shard-1, ...)")
	positions := flag.Bool("positions", false, "decode positions too (a phrase check's reading)")
	rounds := flag.Int("rounds", 5, "timed readings; the median is printed")
	flag.Parse()
	if *dir == "" || flag.NArg() == 0 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "usage: bench-postings -index DIR [-positions] [-rounds N>0] field:term ...")
		os.Exit(2)
	}
	if err := run(*dir, flag.Args(), *positions, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench-postings:", err)
		os.Exit(1)
	}
}

type list struct{ field, term string }

func run(dir string, args []string, positions bool, rounds int) error {
	var lists []list
	for _, a := range args {
		f, t, ok := strings.Cut(a, ":")
		if !ok || f == "" || t == "" {
			return fmt.Errorf("%q: want field:term", a)
		}
		lists = append(lists, list{f, t})
	}
	shardDirs, err := filepath.Glob(filepath.Join(dir, "shard-*"))
	if err != nil || len(shardDirs) == 0 {
		return fmt.Errorf("no shard-* directories in %s", dir)
	}
	var snaps []*scorch.IndexSnapshot
	for _, sd := range shardDirs {
		ix, err := bleve.OpenUsing(sd, map[string]any{"read_only": true})
		if err != nil {
			return fmt.Errorf("open %s: %w", sd, err)
		}
		defer ix.Close()
		adv, err := ix.Advanced()
		if err != nil {
			return fmt.Errorf("open %s: %w", sd, err)
		}
		r, err := adv.Reader()
		if err != nil {
			return fmt.Errorf("reader of %s: %w", sd, err)
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			return fmt.Errorf("%s: reader %T is not a scorch snapshot", sd, r)
		}
		snaps = append(snaps, snap)
	}
	var times []time.Duration
	var postings, locs int
	for range rounds + 1 { // the first reading warms the page cache and is not counted
		start := time.Now()
		counts := make([][2]int, len(snaps))
		errs := make([]error, len(snaps))
		var wg sync.WaitGroup
		for i, snap := range snaps {
			wg.Go(func() { counts[i], errs[i] = read(snap, lists, positions) })
		}
		wg.Wait()
		took := time.Since(start)
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		postings, locs = 0, 0
		for _, c := range counts {
			postings += c[0]
			locs += c[1]
		}
		times = append(times, took)
	}
	times = times[1:]
	slices.Sort(times)
	segs := 0
	for _, s := range snaps {
		segs += len(s.Segments())
	}
	what := "frequencies and norms"
	if positions {
		what = "positions"
	}
	fmt.Printf("%d lists, %d shards (%d segments), %s: %d postings, %d positions, median %.1f ms of %d readings (min %.1f, max %.1f)\n",
		len(lists), len(snaps), segs, what, postings, locs, ms(times[len(times)/2]), len(times), ms(times[0]), ms(times[len(times)-1]))
	return nil
}

// read reads every list in every segment of snap, as a search's term readers would.
func read(snap *scorch.IndexSnapshot, lists []list, positions bool) (out [2]int, err error) {
	for _, l := range lists {
		for _, ss := range snap.Segments() {
			d, err := ss.Segment().Dictionary(l.field)
			if err != nil {
				return out, fmt.Errorf("dictionary of %s: %w", l.field, err)
			}
			pl, err := d.PostingsList([]byte(l.term), ss.Deleted(), nil)
			if err != nil {
				return out, fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
			}
			if pl == nil {
				continue // not in this segment
			}
			it := pl.Iterator(true, true, positions, nil)
			for {
				p, err := it.Next()
				if err != nil {
					return out, fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
				}
				if p == nil {
					break
				}
				out[0]++
				if positions {
					out[1] += len(p.Locations())
				}
			}
		}
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
