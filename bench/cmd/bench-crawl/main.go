// Command bench-crawl measures bantin's end-to-end crawl throughput against a bare colly crawl
// of the same pages on the testsite simulator, and the crawl's peak RSS.
//
//	cd bench && go run ./cmd/bench-crawl -articles 2000
//
// Order: a warm-up bantin crawl (the simulator caches titles; it also lists the URLs), the
// measured bantin crawl into a fresh data directory, a bare colly crawl of the same portals
// stopped after as many requests, and bare colly fetching bantin's URL list. Each runs in a
// child process so that its peak RSS (VmHWM) is its own. BENCH_CPUPROFILE=FILE writes CPU and
// block profiles of the bantin children.
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
	"strings"

	"github.com/bantin/bantin/bench/crawl"
	"github.com/bantin/bantin/testsite"
)

const childEnv = "BENCH_CRAWL_CHILD"

func main() {
	if v := os.Getenv(childEnv); v != "" {
		child(v)
		return
	}
	articles := flag.Int("articles", 2000, "articles in total across the portals")
	families := flag.String("families", "liferay,sharepoint,dnn,php,wordpress", "portal families to crawl")
	par := flag.Int("parallelism", 4, "requests in flight per portal, both sides")
	noIndex := flag.Bool("no-index", false, "leave the Bleve index out of the bantin side")
	keep := flag.String("data", "", "data directory to keep (default: a temporary one, removed)")
	mem := flag.Bool("mem-archive", false, "diagnostic: in-memory archive and frontier instead of WARC+SQLite")
	flag.Parse()
	if err := run(*articles, strings.Split(*families, ","), *par, *noIndex, *mem, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench-crawl:", err)
		os.Exit(1)
	}
}

func run(articles int, families []string, par int, noIndex, mem bool, keep string) error {
	ctx := context.Background()
	per := max(articles/len(families), 1)
	srv, err := testsite.Start(ctx, testsite.Options{Articles: per, Seed: 1, Families: families, CrawlDelay: -1})
	if err != nil {
		return err
	}
	defer srv.Close()
	tmp, err := os.MkdirTemp("", "bench-crawl-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	data := keep
	if data == "" {
		data = filepath.Join(tmp, "data")
	}
	urlLog := filepath.Join(tmp, "urls.txt")
	opts := crawl.ChildOptions{Mode: "bantin", Sites: srv.Sites(), Data: data, NoIndex: noIndex, Parallelism: par,
		Now: srv.Now(), URLLog: urlLog, MemArchive: mem}
	// The simulator caches what it generates: a first pass warms it up and lists the URLs,
	// then both measured passes fetch the same pages from a warm simulator.
	fmt.Fprintf(os.Stderr, "warm-up: crawling %d portals, %d articles each, with bantin...\n", len(families), per)
	warm := opts
	warm.Data = filepath.Join(tmp, "warm")
	if _, err := runChild(warm); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "measuring bantin...\n")
	opts.URLLog = filepath.Join(tmp, "urls2.txt")
	b, err := runChild(opts)
	if err != nil {
		return err
	}
	// Bare colly has no trap guards: it stops after as many requests as bantin made.
	fmt.Fprintf(os.Stderr, "measuring a bare colly crawl of the same portals...\n")
	cc, err := runChild(crawl.ChildOptions{Mode: "colly-crawl", Sites: srv.Sites(), Parallelism: par, MaxRequests: uint32(b.Pages)})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "measuring bare colly on bantin's URL list...\n")
	c, err := runChild(crawl.ChildOptions{Mode: "colly", URLs: urlLog, Parallelism: par})
	if err != nil {
		return err
	}
	crawl.Format(os.Stdout, per*len(families), b, c, cc)
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
