// Command bench-crawl measures bantin's end-to-end crawl throughput against a bare colly crawl
// of the same pages on the testsite simulator, and the crawl's peak RSS.
//
//	cd bench && go run ./cmd/bench-crawl -articles 2000 -rounds 3
//	cd bench && go run ./cmd/bench-crawl -articles 100000 -sides bantin -warmup=false -progress 30s
//
// Order: a warm-up bantin crawl (the simulator caches titles; it also lists the URLs), then
// -rounds rounds of a bantin crawl into a fresh data directory followed by a bare colly crawl
// of the same portals stopped after as many requests, then bare colly fetching bantin's URL
// list. Each runs in a child process so that its peak RSS (VmHWM) is its own; the rounds
// alternate the sides so that outside load on the shared machine hits rounds, not one side.
// BENCH_CPUPROFILE=FILE writes CPU and block profiles of the bantin children; -memprofile
// writes a heap profile of the bantin side at its peak RSS. The bantin side sets the soft memory
// limit `bantin crawl` sets (-memory-limit, GOMEMLIMIT, else crawler.DefaultMemoryLimit) and
// its GOGC (-gogc, GOGC, else crawler.DefaultGCPercent under a limit).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/bantin/bantin/bench/crawl"
	"github.com/bantin/bantin/testsite"
)

const childEnv = "BENCH_CRAWL_CHILD"

type config struct {
	articles   int
	families   []string
	par        int
	noIndex    bool
	mem        bool
	keep       string
	rounds     int
	sides      []string
	warmup     bool
	progress   time.Duration
	memProfile string
	memLimit   string
	indexBatch int
	segDocs    int
	gcPercent  int
}

func main() {
	if v := os.Getenv(childEnv); v != "" {
		child(v)
		return
	}
	var cfg config
	flag.IntVar(&cfg.articles, "articles", 2000, "articles in total across the portals")
	families := flag.String("families", "liferay,sharepoint,dnn,php,wordpress", "portal families to crawl")
	flag.IntVar(&cfg.par, "parallelism", 4, "requests in flight per portal, both sides")
	flag.BoolVar(&cfg.noIndex, "no-index", false, "leave the Bleve index out of the bantin side")
	flag.StringVar(&cfg.keep, "data", "", "data directory to keep, of the last round (default: a temporary one, removed)")
	flag.BoolVar(&cfg.mem, "mem-archive", false, "diagnostic: in-memory archive and frontier instead of WARC+SQLite")
	flag.IntVar(&cfg.rounds, "rounds", 1, "rounds of bantin then colly-crawl; the best of each side is compared")
	sides := flag.String("sides", "bantin,colly-crawl,colly-replay", "sides to measure (bantin is always measured)")
	flag.BoolVar(&cfg.warmup, "warmup", true, "warm the simulator up with a first bantin crawl (needed for colly-replay)")
	flag.DurationVar(&cfg.progress, "progress", 0, "print the bantin side's pages, rate and memory at this interval (0: never)")
	flag.StringVar(&cfg.memProfile, "memprofile", "", "write a heap profile of the bantin side at its peak RSS to this file")
	flag.IntVar(&cfg.indexBatch, "index-batch", 0, "entries per index batch of the bantin side (0: the index's default)")
	flag.IntVar(&cfg.segDocs, "max-segment-docs", 0, "the bantin side's index.Options.MaxSegmentDocs (0: the index's default, -1: Bleve's)")
	flag.IntVar(&cfg.gcPercent, "gogc", 0, "the bantin side's GOGC (0: as bantin crawl; -1: off, the memory limit alone)")
	flag.StringVar(&cfg.memLimit, "memory-limit", "", "the bantin side's soft memory limit, as bantin crawl --memory-limit (default: as bantin crawl)")
	flag.Parse()
	cfg.families = strings.Split(*families, ",")
	cfg.sides = strings.Split(*sides, ",")
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench-crawl:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	ctx := context.Background()
	per := max(cfg.articles/len(cfg.families), 1)
	srv, err := testsite.Start(ctx, testsite.Options{Articles: per, Seed: 1, Families: cfg.families, CrawlDelay: -1})
	if err != nil {
		return err
	}
	defer srv.Close()
	tmp, err := os.MkdirTemp("", "bench-crawl-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	urlLog := filepath.Join(tmp, "urls.txt")
	opts := crawl.ChildOptions{Mode: "bantin", Sites: srv.Sites(), NoIndex: cfg.noIndex, Parallelism: cfg.par,
		Now: srv.Now(), URLLog: urlLog, MemArchive: cfg.mem}
	replay := slices.Contains(cfg.sides, "colly-replay")
	if cfg.warmup {
		// The simulator caches what it generates: a first pass warms it up and lists the URLs,
		// then the measured passes fetch the same pages from a warm simulator.
		fmt.Fprintf(os.Stderr, "warm-up: crawling %d portals, %d articles each, with bantin...\n", len(cfg.families), per)
		warm := opts
		warm.Data = filepath.Join(tmp, "warm")
		if _, err := runChild(warm); err != nil {
			return err
		}
	} else if replay {
		return fmt.Errorf("colly-replay needs the warm-up's URL list: leave -warmup on or drop colly-replay from -sides")
	}
	var rounds []crawl.Round
	for i := range max(cfg.rounds, 1) {
		o := opts
		o.Data = filepath.Join(tmp, fmt.Sprintf("data-%d", i+1))
		if cfg.keep != "" && i == max(cfg.rounds, 1)-1 {
			o.Data = cfg.keep
		}
		o.URLLog = filepath.Join(tmp, "urls-measured.txt")
		o.ProgressEvery, o.HeapProfile, o.MemoryLimit, o.IndexBatch = cfg.progress, cfg.memProfile, cfg.memLimit, cfg.indexBatch
		o.MaxSegmentDocs, o.GCPercent = cfg.segDocs, cfg.gcPercent
		fmt.Fprintf(os.Stderr, "round %d: measuring bantin...\n", i+1)
		b, err := runChild(o)
		if err != nil {
			return err
		}
		if cfg.keep == "" {
			os.RemoveAll(o.Data) // rounds must not fill the disk
		}
		rd := crawl.Round{Bantin: b}
		if slices.Contains(cfg.sides, "colly-crawl") {
			// Bare colly has no trap guards: it stops after as many requests as bantin made.
			fmt.Fprintf(os.Stderr, "round %d: measuring a bare colly crawl of the same portals...\n", i+1)
			rd.CollyCrawl, err = runChild(crawl.ChildOptions{Mode: "colly-crawl", Sites: srv.Sites(), Parallelism: cfg.par, MaxRequests: uint32(b.Pages)})
			if err != nil {
				return err
			}
		}
		rounds = append(rounds, rd)
	}
	var c crawl.Result
	if replay {
		fmt.Fprintf(os.Stderr, "measuring bare colly on bantin's URL list...\n")
		if c, err = runChild(crawl.ChildOptions{Mode: "colly", URLs: urlLog, Parallelism: cfg.par}); err != nil {
			return err
		}
	}
	crawl.Format(os.Stdout, per*len(cfg.families), rounds, c)
	return nil
}

func runChild(o crawl.ChildOptions) (crawl.Result, error) {
	exe, err := os.Executable()
	if err != nil {
		return crawl.Result{}, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+crawl.MarshalChild(o))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return crawl.Result{}, fmt.Errorf("%s child: %w", o.Mode, err)
	}
	var r crawl.Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return r, fmt.Errorf("%s child output %q: %w", o.Mode, out.String(), err)
	}
	return r, nil
}

func child(v string) {
	var o crawl.ChildOptions
	if err := json.Unmarshal([]byte(v), &o); err != nil {
		fmt.Fprintln(os.Stderr, "bench-crawl child:", err)
		os.Exit(1)
	}
	var (
		r   crawl.Result
		err error
	)
	if pf := os.Getenv("BENCH_CPUPROFILE"); pf != "" && o.Mode == "bantin" {
		stop, err := profile(pf)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench-crawl child:", err)
			os.Exit(1)
		}
		defer stop()
	}
	switch o.Mode {
	case "bantin":
		r, err = crawl.RunBantin(context.Background(), o)
	case "colly":
		r, err = crawl.RunColly(context.Background(), o)
	case "colly-crawl":
		r, err = crawl.RunCollyCrawl(context.Background(), o)
	default:
		err = fmt.Errorf("unknown mode %q", o.Mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-crawl child:", err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(r)
}

// profile starts a CPU profile and block profiling; stop writes both.
func profile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	runtime.SetBlockProfileRate(1000)
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		if bf, err := os.Create(path + ".block"); err == nil {
			_ = pprof.Lookup("block").WriteTo(bf, 0)
			bf.Close()
		}
	}, nil
}
