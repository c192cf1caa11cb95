package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	bindex "github.com/bantin/bantin/index"
	"github.com/bantin/bantin/search"
)

// Config is one benchmark run.
type Config struct {
	N        int    // articles
	Seed     int64  // simulator seed
	Dir      string // scratch directory for the indexes (removed afterwards unless Keep)
	CacheDir string // corpus cache
	Shards   int    // bantin shards
	Rounds   int    // timed passes over the query mix
	Keep     bool
	// Reuse skips building when Dir already holds the three indexes (only search is measured).
	Reuse bool
	// CPUProfile, when set, is where a CPU profile of extra bantin-only passes over the query
	// mix (after the timed ones) is written.
	CPUProfile string
	// IndexProfile, when set, is where a CPU profile of building bantin's index is written.
	IndexProfile string
	// MaxSegmentDocs is bantin's index.Options.MaxSegmentDocs (0: the index's default).
	MaxSegmentDocs int
	// NoBare leaves the bare Bleve index out (its build is the longest part of a large run).
	NoBare bool
	// NoFTS leaves SQLite FTS5 out of the query latency (at 1,000,000 articles its queries take
	// seconds each).
	NoFTS bool
	// Clients, when > 0, also runs the query mix from that many concurrent clients for
	// ClientTime under each GC setting (throughput and latency under load).
	Clients    int
	ClientTime time.Duration
}

// Run builds every index over the same corpus and prints the figures to w.
func Run(ctx context.Context, w io.Writer, cfg Config) error {
	fmt.Fprintf(w, "bench-index: %d simulator articles (seed %d), %d CPUs, %s\n", cfg.N, cfg.Seed, runtime.NumCPU(), runtime.Version())
	t0 := time.Now()
	corpus, err := Corpus(cfg.N, cfg.Seed, cfg.CacheDir)
	if err != nil {
		return err
	}
	var textBytes int
	for _, e := range corpus {
		textBytes += len(e.Article.Title) + len(e.Article.Lead) + len(e.Article.Text)
	}
	fmt.Fprintf(w, "corpus ready in %v: %.1f MB of text, %.0f bytes per article\n\n", time.Since(t0).Round(time.Millisecond),
		float64(textBytes)/1e6, float64(textBytes)/float64(len(corpus)))
	if !cfg.Keep {
		defer os.RemoveAll(cfg.Dir)
	}

	ourDir := filepath.Join(cfg.Dir, "bantin")
	bareDir := filepath.Join(cfg.Dir, "bare")
	ftsPath := filepath.Join(cfg.Dir, "fts.sqlite")
	if _, err := os.Stat(ftsPath); err != nil || !cfg.Reuse {
		if err := indexing(ctx, w, cfg, corpus, ourDir, bareDir, ftsPath); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(w, "== indexing: reusing the indexes in %s (not timed)\n", cfg.Dir)
		for _, p := range []string{ourDir, bareDir, ftsPath} {
			if _, err := os.Stat(p); err != nil {
				continue // never built (-no-bare)
			}
			fmt.Fprintf(w, "%-44s %14.0f bytes/article\n", filepath.Base(p), float64(dirSize(p))/float64(len(corpus)))
		}
		fmt.Fprintln(w)
	}
	return searchRuns(ctx, w, cfg, corpus, ourDir, bareDir, ftsPath)
}

func indexing(ctx context.Context, w io.Writer, cfg Config, corpus []bantin.Entry, ourDir, bareDir, ftsPath string) error {
	fmt.Fprintf(w, "== indexing %d articles\n", len(corpus))
	var ourT, bareT, ftsT time.Duration
	ourCPU, err := cpuOf(func() (err error) {
		stop, err := startProfile(cfg.IndexProfile)
		if err != nil {
			return err
		}
		defer stop()
		ourT, err = buildOurs(ctx, w, ourDir, corpus, cfg.Shards, cfg.MaxSegmentDocs)
		return err
	})
	if err != nil {
		return err
	}
	var bareCPU time.Duration
	if !cfg.NoBare {
		if bareCPU, err = cpuOf(func() (err error) { bareT, err = buildBare(bareDir, corpus); return err }); err != nil {
			return err
		}
	}
	ftsCPU, err := cpuOf(func() (err error) { ftsT, err = buildFTS(ctx, ftsPath, corpus); return err })
	if err != nil {
		return err
	}
	rate := func(d time.Duration) float64 { return float64(len(corpus)) / d.Seconds() }
	fmt.Fprintf(w, "%-44s %10s %12s %10s %14s\n", "system", "seconds", "docs/s", "CPU s", "bytes/article")
	for _, r := range []struct {
		name string
		d    time.Duration
		cpu  time.Duration
		path string
	}{
		{fmt.Sprintf("bantin full mapping (%d shards)", cfg.Shards), ourT, ourCPU, ourDir},
		{"bleve bare, default mapping", bareT, bareCPU, bareDir},
		{"sqlite fts5 (unicode61, remove_diacritics)", ftsT, ftsCPU, ftsPath},
	} {
		if r.d == 0 {
			continue // left out (-no-bare)
		}
		fmt.Fprintf(w, "%-44s %10.1f %12.0f %10.1f %14.0f\n", r.name, r.d.Seconds(), rate(r.d), r.cpu.Seconds(), float64(dirSize(r.path))/float64(len(corpus)))
	}
	if cfg.NoBare {
		fmt.Fprintln(w)
		return nil
	}
	// CPU time is the steadier figure on a shared machine: wall time swings with other load.
	fmt.Fprintf(w, "ratio bantin/bare CPU per document: %.2f\n", ourCPU.Seconds()/bareCPU.Seconds())
	fmt.Fprintf(w, "ratio bantin/bare docs/s: %.2f\n\n", bareT.Seconds()/ourT.Seconds())
	return nil
}

func searchRuns(ctx context.Context, w io.Writer, cfg Config, corpus []bantin.Entry, ourDir, bareDir, ftsPath string) error {
	ix, err := bindex.Open(ourDir, bindex.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	// No result cache: every timed pass repeats the same queries, and the figures are the cost
	// of running them.
	ours := search.New(ix, search.Options{CacheSize: -1})
	engines := []engine{bantinEngine{ours}}
	if !cfg.NoBare {
		bare, err := bleve.Open(bareDir)
		if err != nil {
			return err
		}
		defer bare.Close()
		engines = append(engines, bareEngine{bare})
	}
	var fts *ftsIndex
	if !cfg.NoFTS {
		if fts, err = openFTS(ftsPath); err != nil {
			return err
		}
		defer fts.db.Close()
	}

	if err := relevance(ctx, w, corpus, engines); err != nil {
		return err
	}
	// The indexes just built may still be being written back to disk, and the builds and the
	// judgements left garbage behind: none of it is to be timed with the queries. A server
	// answers queries on a settled machine.
	syscall.Sync()
	debug.FreeOSMemory()
	if err := latency(ctx, w, ours, fts, cfg.Rounds); err != nil {
		return err
	}
	if err := longQueries(ctx, w, ours); err != nil {
		return err
	}
	if cfg.Clients > 0 {
		if err := concurrent(ctx, w, ours, cfg.Clients, cfg.ClientTime); err != nil {
			return err
		}
	}
	if cfg.CPUProfile != "" {
		return profile(ctx, ours, cfg.CPUProfile, max(cfg.Rounds, 3))
	}
	return nil
}

// startProfile starts a CPU profile written to path (none when path is empty); stop ends it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// profile writes a CPU profile of rounds bantin-only passes over the latency mix.
func profile(ctx context.Context, ours *search.Searcher, path string, rounds int) error {
	stop, err := startProfile(path)
	if err != nil {
		return err
	}
	defer stop()
	for r := 0; r < rounds; r++ {
		for _, q := range latencyMix() {
			if _, err := ours.Search(ctx, page(q, "")); err != nil {
				return fmt.Errorf("bantin %q: %w", q, err)
			}
		}
	}
	return nil
}

// cpuOf returns the CPU time (user + system) this process spent while fn ran.
func cpuOf(fn func() error) (time.Duration, error) {
	before := processCPU()
	err := fn()
	return processCPU() - before, err
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// buildOurs indexes corpus into bantin's index in dir; every 100,000 articles of a larger corpus
// it prints the running figures to w (a long run then says how far it got).
func buildOurs(ctx context.Context, w io.Writer, dir string, corpus []bantin.Entry, shards, segDocs int) (time.Duration, error) {
	start, cpu0 := time.Now(), processCPU()
	ix, err := bindex.Open(dir, bindex.Options{Shards: shards, BatchSize: 2000, MaxSegmentDocs: segDocs})
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(corpus); i += 2000 {
		if i > 0 && i%100000 == 0 && len(corpus) > 100000 {
			el := time.Since(start)
			fmt.Fprintf(w, "  bantin: %d articles in %.0f s (%.0f docs/s), %.1f CPU s, %.0f bytes/article so far\n",
				i, el.Seconds(), float64(i)/el.Seconds(), (processCPU() - cpu0).Seconds(), float64(dirSize(dir))/float64(i))
		}
		if err := ix.Index(ctx, corpus[i:min(i+2000, len(corpus))]...); err != nil {
			ix.Close()
			return 0, err
		}
	}
	if err := ix.Close(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func buildBare(dir string, corpus []bantin.Entry) (time.Duration, error) {
	start := time.Now()
	ix, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		return 0, err
	}
	b := ix.NewBatch()
	for _, e := range corpus {
		if err := b.Index(e.ID, bareOf(e)); err != nil {
			return 0, err
		}
		if b.Size() == 2000 {
			if err := ix.Batch(b); err != nil {
				return 0, err
			}
			b.Reset()
		}
	}
	if err := ix.Batch(b); err != nil {
		return 0, err
	}
	if err := ix.Close(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func buildFTS(ctx context.Context, path string, corpus []bantin.Entry) (time.Duration, error) {
	start := time.Now()
	f, err := openFTS(path)
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(corpus); i += 2000 {
		if err := f.insert(ctx, corpus[i:min(i+2000, len(corpus))]); err != nil {
			f.db.Close()
			return 0, err
		}
	}
	if _, err := f.db.Exec(`INSERT INTO fts(fts) VALUES('optimize')`); err != nil {
		return 0, err
	}
	if err := f.db.Close(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func dirSize(path string) int64 {
	var n int64
	_ = filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	for _, sfx := range []string{"-wal", "-shm"} {
		if info, err := os.Stat(path + sfx); err == nil {
			n += info.Size()
		}
	}
	return n
}

// relevance judges every query over the whole corpus and prints nDCG@10 and recall@10 per kind.
func relevance(ctx context.Context, w io.Writer, corpus []bantin.Entry, engines []engine) error {
	docs := make([]doc, len(corpus))
	for i, e := range corpus {
		docs[i] = judgeDoc(e)
	}
	grades := make([]map[string]int, len(JudgedSet))
	var wg sync.WaitGroup
	for qi := range JudgedSet {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := map[string]int{}
			for i, d := range docs {
				if v := JudgedSet[qi].grade(d); v > 0 {
					g[corpus[i].ID] = v
				}
			}
			grades[qi] = g
		}()
		if qi%runtime.NumCPU() == runtime.NumCPU()-1 {
			wg.Wait()
		}
	}
	wg.Wait()

	type agg struct {
		ndcg, recall, deep float64
		n                  int
	}
	results := make([]map[string]*agg, len(engines))
	for i := range results {
		results[i] = map[string]*agg{}
	}
	judged := 0
	fmt.Fprintf(w, "== relevance: %d judged queries (relevant = every concept present in any spelling)\n", len(JudgedSet))
	fmt.Fprintf(w, "%-14s %-58s %7s", "kind", "query", "relevant")
	for _, e := range engines {
		fmt.Fprintf(w, " | %-24s", e.name()+" nDCG/R@10")
	}
	fmt.Fprintln(w)
	for qi, j := range JudgedSet {
		if len(grades[qi]) == 0 {
			fmt.Fprintf(w, "%-14s %-58s %7d   (no relevant document: skipped)\n", j.Kind, j.Query, 0)
			continue
		}
		judged++
		fmt.Fprintf(w, "%-14s %-58s %7d", j.Kind, trunc(j.Query, 58), len(grades[qi]))
		for ei, e := range engines {
			ids, err := e.top(ctx, j.Query, 10)
			if err != nil {
				return fmt.Errorf("%s: %q: %w", e.name(), j.Query, err)
			}
			nd, rc := ndcg(ids, grades[qi], 10), recall(ids, grades[qi], 10)
			deepIDs, err := e.top(ctx, j.Query, 1000)
			if err != nil {
				return fmt.Errorf("%s: %q: %w", e.name(), j.Query, err)
			}
			dr := recall(deepIDs, grades[qi], 1000)
			for _, k := range []string{j.Kind, "all"} {
				a := results[ei][k]
				if a == nil {
					a = &agg{}
					results[ei][k] = a
				}
				a.ndcg += nd
				a.recall += rc
				a.deep += dr
				a.n++
			}
			fmt.Fprintf(w, " | %10.3f %10.3f   ", nd, rc)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nmeans over %d judged queries (R@1000: share of the relevant documents, up to 1000, in the first 1000 hits):\n%-14s", judged, "kind")
	for _, e := range engines {
		fmt.Fprintf(w, " | %-38s", e.name())
	}
	fmt.Fprintln(w)
	for _, k := range []string{"exact", "no-diacritics", "tone-style", "abbreviation", "phrase", "boolean", "all"} {
		fmt.Fprintf(w, "%-14s", k)
		for ei := range engines {
			a := results[ei][k]
			if a == nil || a.n == 0 {
				fmt.Fprintf(w, " | %-38s", "-")
				continue
			}
			fmt.Fprintf(w, " | nDCG %.3f  R@10 %.3f  R@1000 %.3f ", a.ndcg/float64(a.n), a.recall/float64(a.n), a.deep/float64(a.n))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	return nil
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func ndcg(ids []string, grades map[string]int, k int) float64 {
	dcg := 0.0
	for i, id := range ids {
		if i >= k {
			break
		}
		dcg += (math.Pow(2, float64(grades[id])) - 1) / math.Log2(float64(i+2))
	}
	all := make([]int, 0, len(grades))
	for _, g := range grades {
		all = append(all, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(all)))
	idcg := 0.0
	for i, g := range all {
		if i >= k {
			break
		}
		idcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func recall(ids []string, grades map[string]int, k int) float64 {
	hit := 0
	for i, id := range ids {
		if i < k && grades[id] > 0 {
			hit++
		}
	}
	return float64(hit) / float64(min(k, len(grades)))
}

// latencyMix is the fixed query mix: the judged queries plus broad ones.
func latencyMix() []string {
	qs := []string{"hội nghị", "văn hóa", "UBND tỉnh", "du lịch", "chuyen doi so", "thể thao", "cải cách hành chính", "giáo dục"}
	for _, j := range JudgedSet {
		qs = append(qs, j.Query)
	}
	return qs
}

// gcSetting is a setting of the Go runtime that the query mix runs under.
type gcSetting struct {
	name  string
	gogc  int
	limit int64
}

// gcSettings are Go's default GOGC, and the memory bounds `bantin serve` runs under
// (crawler.SetMemoryBounds): a search allocates a few MB while little stays live, so the
// collector's pace shows in the latency. The soft limit counts all the memory the Go runtime
// holds, and this process holds what a server never does: the runtime's own structures for the
// gigabytes the corpus and the judgements took (245 MB at 1,000,000 articles, over the whole
// limit: the collector then ran without pause). So the limit is set above what the runtime
// holds beyond the live heap when the mix starts, by serve's 150 MiB.
func gcSettings() []gcSetting {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	held := int64(m.Sys - m.HeapReleased - m.HeapAlloc)
	return []gcSetting{
		{"bantin, GOGC 100", 100, math.MaxInt64},
		{fmt.Sprintf("bantin, as serve (GOGC %d)", crawler.DefaultGCPercent), crawler.DefaultGCPercent, crawler.DefaultMemoryLimit + held},
	}
}

// latency times the query mix with facets (site, month), snippets and the top 10, for bantin
// under each of gcSettings (alternating, round by round) and for FTS5 (top 10 with snippets by
// bm25 plus site and month GROUP BY counts, under the first setting).
func latency(ctx context.Context, w io.Writer, ours *search.Searcher, fts *ftsIndex, rounds int) error {
	mix := latencyMix()
	settings := gcSettings()
	oursT := make([][]time.Duration, len(settings))
	perQuery := make([]map[string]time.Duration, len(settings))
	for i := range perQuery {
		perQuery[i] = map[string]time.Duration{}
	}
	var ftsT []time.Duration
	gogc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1) // to restore
	defer func() {
		debug.SetGCPercent(gogc)
		debug.SetMemoryLimit(limit)
	}()
	for r := 0; r <= rounds; r++ { // round 0 warms caches and is not counted
		fmt.Fprintf(os.Stderr, "latency round %d of %d\n", r, rounds)
		for si, set := range settings {
			debug.SetGCPercent(set.gogc)
			debug.SetMemoryLimit(set.limit)
			for _, q := range mix {
				start := time.Now()
				if _, err := ours.Search(ctx, page(q, "")); err != nil {
					return fmt.Errorf("bantin %q: %w", q, err)
				}
				if d := time.Since(start); r > 0 {
					oursT[si] = append(oursT[si], d)
					perQuery[si][q] += d
				}
				if fts == nil || si > 0 {
					continue
				}
				n, err := search.Parse(q)
				if err != nil {
					return err
				}
				m, ok := ftsQuery(n)
				if !ok {
					continue
				}
				start = time.Now()
				if _, err := fts.search(ctx, m, 10); err != nil {
					return fmt.Errorf("fts5 %q (%s): %w", q, m, err)
				}
				if r > 0 {
					ftsT = append(ftsT, time.Since(start))
				}
			}
		}
	}
	fmt.Fprintf(w, "== query latency: %d queries x %d rounds, top 10 + snippets + site and month facets\n", len(mix), rounds)
	fmt.Fprintf(w, "%-32s %8s %8s %8s %8s\n", "system", "p50 ms", "p95 ms", "max ms", "queries")
	type row struct {
		name string
		ts   []time.Duration
	}
	var rows []row
	for si, set := range settings {
		rows = append(rows, row{set.name, oursT[si]})
	}
	for _, r := range append(rows, row{"sqlite fts5", ftsT}) {
		if len(r.ts) == 0 {
			continue // left out (-no-fts)
		}
		p50, p95, max := pct(r.ts, 50), pct(r.ts, 95), pct(r.ts, 100)
		fmt.Fprintf(w, "%-32s %8.2f %8.2f %8.2f %8d\n", r.name, ms(p50), ms(p95), ms(max), len(r.ts))
	}
	if len(ftsT) > 0 {
		fmt.Fprintf(w, "ratio p95 fts5/bantin (GOGC 100): %.2f\n", ms(pct(ftsT, 95))/ms(pct(oursT[0], 95)))
	}
	for si, set := range settings {
		slow := make([]string, 0, len(perQuery[si]))
		for q := range perQuery[si] {
			slow = append(slow, q)
		}
		sort.Slice(slow, func(i, j int) bool { return perQuery[si][slow[i]] > perQuery[si][slow[j]] })
		fmt.Fprintf(w, "slowest queries, %s (mean ms over the rounds):", set.name)
		for _, q := range slow[:min(8, len(slow))] {
			fmt.Fprintf(w, " %q %.1f;", q, ms(perQuery[si][q])/float64(max(rounds, 1)))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// concurrent runs the query mix (as in latency) from clients goroutines at once, each starting
// at its own place in the mix, for d under each GC setting plus serve's bounds with a soft
// limit of 1 GiB, and prints searches per second, latency percentiles and the collections.
// Nothing is cached: every search is computed. The index searches its shards in parallel, so
// one client already uses more than one core; the figures show what more clients add.
func concurrent(ctx context.Context, w io.Writer, ours *search.Searcher, clients int, d time.Duration) error {
	mix := latencyMix()
	settings := gcSettings()
	serve := settings[len(settings)-1]
	settings = append(settings, gcSetting{serve.name + " --memory-limit 1GiB", serve.gogc, serve.limit - crawler.DefaultMemoryLimit + 1<<30})
	gogc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1) // to restore
	defer func() {
		debug.SetGCPercent(gogc)
		debug.SetMemoryLimit(limit)
	}()
	fmt.Fprintf(w, "== %d concurrent clients, %s per setting: the query mix (top 10 + snippets + facets), no cache\n", clients, d)
	fmt.Fprintf(w, "%-50s %10s %8s %8s %8s %6s %10s\n", "setting", "searches/s", "p50 ms", "p95 ms", "max ms", "GCs", "MB/search")
	for _, set := range settings {
		fmt.Fprintf(os.Stderr, "concurrent clients: %s\n", set.name)
		debug.SetGCPercent(set.gogc)
		debug.SetMemoryLimit(set.limit)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		times := make([][]time.Duration, clients)
		errs := make([]error, clients)
		start := time.Now()
		deadline := start.Add(d)
		var wg sync.WaitGroup
		for c := range clients {
			wg.Go(func() {
				for i := c * len(mix) / clients; time.Now().Before(deadline); i++ {
					t := time.Now()
					if _, err := ours.Search(ctx, page(mix[i%len(mix)], "")); err != nil {
						errs[c] = fmt.Errorf("bantin %q: %w", mix[i%len(mix)], err)
						return
					}
					times[c] = append(times[c], time.Since(t))
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if err := errors.Join(errs...); err != nil {
			return err
		}
		all := slices.Concat(times...)
		n := max(len(all), 1)
		fmt.Fprintf(w, "%-50s %10.1f %8.1f %8.1f %8.1f %6d %10.1f\n", set.name, float64(len(all))/elapsed.Seconds(),
			ms(pct(all, 50)), ms(pct(all, 95)), ms(pct(all, 100)), after.NumGC-before.NumGC, float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/1e6)
	}
	return nil
}

// longQueries times queries at the parser's limits, of common words, as a client trying to
// make the server work hard would send: plain words, and up to 30 of them as a phrase (which
// matches nothing); prefixes of two letters and NOT alone. Each runs once after a warm-up run.
func longQueries(ctx context.Context, w io.Writer, ours *search.Searcher) error {
	words := strings.Fields("hội nghị văn hóa thể thao du lịch tỉnh huyện ủy ban nhân dân sở giáo dục đào tạo y tế công an quân sự")
	fmt.Fprintf(w, "== long queries (common words), top 10 + snippets + facets, ms of one run after a warm-up\n")
	for _, n := range []int{10, 30, search.MaxClauses} {
		var ws []string
		for i := range n {
			ws = append(ws, words[i%len(words)])
		}
		qs := []string{strings.Join(ws, " ")}
		if n <= 30 {
			qs = append(qs, `"`+strings.Join(ws, " ")+`"`)
		}
		for _, q := range qs {
			took, total, err := timedAfterWarmUp(ctx, ours, q, "")
			if err != nil {
				return err
			}
			kind := "words"
			if strings.HasPrefix(q, `"`) {
				kind = "phrase"
			}
			fmt.Fprintf(w, "%2d %-6s %8.1f ms  %7d hits\n", n, kind, ms(took), total)
		}
	}
	// Prefixes of two letters start hundreds of words, and a query of NOT alone matches most of
	// the index with one score; by relevance and by date.
	fmt.Fprintf(w, "== prefix queries and NOT alone, top 10 + snippets + facets, ms of one run after a warm-up\n")
	for _, q := range []string{"văn*", "th*", "ng*", "văn* hóa", "hội ngh*", "-ocop", `NOT "hội nghị"`} {
		for _, sort := range []string{bantin.SortRelevance, bantin.SortNewest} {
			took, total, err := timedAfterWarmUp(ctx, ours, q, sort)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%-16s %-9s %8.1f ms  %7d hits\n", q, sort, ms(took), total)
		}
	}
	return nil
}

// page is the search the benchmarks time: the top 10 with snippets and facets.
func page(text, sort string) bantin.Query {
	return bantin.Query{Text: text, Limit: 10, Facets: true, Highlight: true, Sort: sort}
}

// timedAfterWarmUp runs page(q, sort) twice and returns the second run's time and total.
func timedAfterWarmUp(ctx context.Context, ours *search.Searcher, q, sort string) (time.Duration, uint64, error) {
	var took time.Duration
	var total uint64
	for range 2 {
		start := time.Now()
		res, err := ours.Search(ctx, page(q, sort))
		if err != nil {
			return 0, 0, fmt.Errorf("bantin %q: %w", q, err)
		}
		took, total = time.Since(start), res.Total
	}
	return took, total, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func pct(ts []time.Duration, p int) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ts...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return s[min(i, len(s))-1]
}
