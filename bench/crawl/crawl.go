package crawl

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/extract"
	"github.com/bantin/bantin/index"
	"github.com/gocolly/colly/v2"
)

// Result is what one side of the benchmark measured, as a child prints it (one JSON line).
type Result struct {
	Mode       string  `json:"mode"`
	Pages      int64   `json:"pages"` // responses received
	Articles   int     `json:"articles"`
	Seconds    float64 `json:"seconds"`
	PagesPerS  float64 `json:"pages_per_s"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	Indexed    bool    `json:"indexed"`
	MemArchive bool    `json:"mem_archive"`
	Errors     int     `json:"errors"`
	MaxHeapMB  float64 `json:"max_heap_mb,omitempty"` // bantin: largest Go heap in use sampled
	// CPUSeconds is the child's user+system CPU time: on a shared machine CPU per page moves
	// much less with outside load than pages/s does.
	CPUSeconds float64 `json:"cpu_seconds"`
}

// ChildOptions tell a child process what to crawl.
type ChildOptions struct {
	Mode        string        // "bantin" or "colly"
	Sites       []bantin.Site // bantin mode
	URLs        string        // colly mode: file with one URL a line
	Data        string        // bantin mode: data directory
	NoIndex     bool
	Parallelism int
	Now         time.Time // the simulator's clock
	URLLog      string    // bantin mode: write every fetched URL here
	MemArchive  bool      // diagnostic: an in-memory archive and frontier instead of the disk
	MaxRequests uint32    // colly-crawl mode: stop after this many requests (portals have traps)
	// ProgressEvery prints the pages, rate and memory of the bantin side at this interval
	// (0: none) to stderr.
	ProgressEvery time.Duration
	// HeapProfile writes a heap profile of the bantin side here at each new peak of RSS.
	HeapProfile string
	// MemoryLimit is the bantin side's soft memory limit as `bantin crawl --memory-limit`
	// takes it; "" is what bantin crawl does by default (GOMEMLIMIT, else
	// crawler.DefaultMemoryLimit).
	MemoryLimit string
	// IndexBatch is index.Options.BatchSize (0: the index's default).
	IndexBatch int
	// MaxSegmentDocs is index.Options.MaxSegmentDocs (0: the index's default).
	MaxSegmentDocs int
	// GCPercent is the bantin side's GOGC (0: as bantin crawl, crawler.DefaultGCPercent
	// under a memory limit unless GOGC is set).
	GCPercent int
}

func newTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.MaxIdleConnsPerHost = 64
	return tr
}

// urlLogger wraps an Archiver to remember every URL fetched (for the colly side).
type urlLogger struct {
	bantin.Archiver
	mu sync.Mutex
	w  *bufio.Writer
}

func (u *urlLogger) Capture(ctx context.Context, ex *bantin.Exchange) (bantin.Capture, error) {
	c, err := u.Archiver.Capture(ctx, ex)
	u.mu.Lock()
	u.w.WriteString(ex.URL + "\n")
	u.mu.Unlock()
	return c, err
}

// RunBantin crawls every site with the full pipeline and returns its figures.
func RunBantin(ctx context.Context, o ChildOptions) (Result, error) {
	res := Result{Mode: "bantin", Indexed: !o.NoIndex, MemArchive: o.MemArchive}
	if err := crawler.SetMemoryBounds(o.MemoryLimit, os.Getenv("GOMEMLIMIT"), os.Getenv("GOGC")); err != nil {
		return res, err
	}
	if o.GCPercent != 0 {
		debug.SetGCPercent(o.GCPercent)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var (
		archiver bantin.Archiver
		frontier bantin.Frontier
	)
	if o.MemArchive {
		m := newMemStore()
		archiver, frontier = m, m
	} else {
		arc, err := archive.Open(ctx, o.Data, archive.Options{Now: func() time.Time { return o.Now }, Logger: log})
		if err != nil {
			return res, err
		}
		defer arc.Close()
		archiver, frontier = arc, arc
	}
	var err error
	var ix *index.Index
	var indexer bantin.Indexer
	if !o.NoIndex {
		if ix, err = index.Open(filepath.Join(o.Data, "index"), index.Options{BatchSize: o.IndexBatch, MaxSegmentDocs: o.MaxSegmentDocs}); err != nil {
			return res, err
		}
		defer ix.Close()
		indexer = ix
	}
	f, err := os.Create(o.URLLog)
	if err != nil {
		return res, err
	}
	defer f.Close()
	ul := &urlLogger{Archiver: archiver, w: bufio.NewWriter(f)}
	mon := newMonitor(os.Stderr, o.ProgressEvery, o.HeapProfile)
	go mon.run()
	c, err := crawler.New(crawler.Options{Archiver: ul, Frontier: frontier, Indexer: indexer, Progress: mon,
		Extract: newSiteModels().extract,
		Client:  &http.Client{Transport: newTransport(), Timeout: 30 * time.Second},
		Now:     func() time.Time { return o.Now }, Logger: log})
	if err != nil {
		return res, err
	}
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, s := range o.Sites {
		s.Delay, s.Parallelism, s.MaxPages = 0, o.Parallelism, 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.Run(ctx, s)
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(os.Stderr, "  %s: %s, fetched %d, new %d, errors %d\n", s.Name, r.Status, r.Fetched, r.New, r.Errors)
			res.Pages += int64(r.Fetched)
			res.Articles += r.New
			res.Errors += r.Errors
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}()
	}
	wg.Wait()
	if ix != nil {
		if err := ix.Flush(ctx); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	res.Seconds = time.Since(start).Seconds()
	mon.close()
	res.MaxHeapMB = mon.maxHeap
	ul.mu.Lock()
	ul.w.Flush()
	ul.mu.Unlock()
	finish(&res)
	return res, firstErr
}

// RunCollyCrawl crawls the sites with a bare colly collector: from the seeds, following every
// link on the same host (colly's own visited set, no robots.txt, no archive, no extraction),
// one limit rule per host with the same parallelism.
func RunCollyCrawl(ctx context.Context, o ChildOptions) (Result, error) {
	res := Result{Mode: "colly-crawl"}
	c := colly.NewCollector(colly.Async(true), colly.StdlibContext(ctx))
	c.IgnoreRobotsTxt = true
	c.MaxRequests = o.MaxRequests
	c.SetClient(&http.Client{Transport: newTransport(), Timeout: 30 * time.Second})
	hosts := map[string]bool{}
	var seeds []string
	for _, s := range o.Sites {
		for _, seed := range s.Seeds {
			pu, err := url.Parse(seed)
			if err != nil {
				return res, err
			}
			seeds = append(seeds, seed)
			if !hosts[pu.Host] {
				hosts[pu.Host] = true
				if err := c.Limit(&colly.LimitRule{DomainGlob: pu.Host, Parallelism: o.Parallelism}); err != nil {
					return res, err
				}
			}
		}
	}
	var pages, errs atomic.Int64
	c.OnResponse(func(r *colly.Response) { pages.Add(1) })
	c.OnError(func(r *colly.Response, err error) {
		if r.StatusCode == 0 {
			errs.Add(1)
		} else {
			pages.Add(1)
		}
	})
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		abs := e.Request.AbsoluteURL(e.Attr("href"))
		u, err := url.Parse(abs)
		if err != nil || !hosts[u.Host] || strings.HasPrefix(u.Path, "/__") {
			return
		}
		_ = e.Request.Visit(abs)
	})
	start := time.Now()
	for _, s := range seeds {
		_ = c.Visit(s)
	}
	c.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Pages = pages.Load()
	res.Errors = int(errs.Load())
	finish(&res)
	return res, nil
}

// RunColly fetches the given URLs with a bare colly collector (one limit rule per host, the
// same parallelism, links parsed from every HTML page) and returns its figures.
func RunColly(ctx context.Context, o ChildOptions) (Result, error) {
	res := Result{Mode: "colly"}
	b, err := os.ReadFile(o.URLs)
	if err != nil {
		return res, err
	}
	urls := strings.Fields(string(b))
	c := colly.NewCollector(colly.Async(true), colly.StdlibContext(ctx))
	c.AllowURLRevisit = true
	c.ParseHTTPErrorResponse = true
	c.IgnoreRobotsTxt = true
	c.SetClient(&http.Client{Transport: newTransport(), Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }})
	hosts := map[string]bool{}
	for _, u := range urls {
		if pu, err := url.Parse(u); err == nil && !hosts[pu.Host] {
			hosts[pu.Host] = true
			if err := c.Limit(&colly.LimitRule{DomainGlob: pu.Host, Parallelism: o.Parallelism}); err != nil {
				return res, err
			}
		}
	}
	var pages, links atomic.Int64
	var errs atomic.Int64
	c.OnResponse(func(r *colly.Response) { pages.Add(1) })
	c.OnError(func(r *colly.Response, err error) {
		if r.StatusCode == 0 {
			errs.Add(1)
		} else {
			pages.Add(1)
		}
	})
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		if e.Request.AbsoluteURL(e.Attr("href")) != "" {
			links.Add(1)
		}
	})
	start := time.Now()
	// Feed the queue gradually: colly starts a goroutine per request in async mode.
	sem := make(chan struct{}, 64*len(hosts))
	c.OnScraped(func(*colly.Response) { <-sem })
	c.OnError(func(*colly.Response, error) {})
	for _, u := range urls {
		sem <- struct{}{}
		if err := c.Visit(u); err != nil {
			<-sem
			errs.Add(1)
		}
	}
	c.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Pages = pages.Load()
	res.Errors = int(errs.Load())
	finish(&res)
	return res, nil
}

func finish(r *Result) {
	if r.Seconds > 0 {
		r.PagesPerS = float64(r.Pages) / r.Seconds
	}
	r.PeakRSSMB = peakRSSMB()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.CPUSeconds = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
}

// peakRSSMB reads this process's peak resident set (VmHWM) from /proc; 0 where unknown.
func peakRSSMB() float64 { return procStatusMB("VmHWM:") }

// Round is one bantin crawl and the bare colly crawl run right after it (Mode "" when skipped).
type Round struct {
	Bantin, CollyCrawl Result
}

// Format prints the side-by-side figures of every round, then the best of each side. The
// machine is shared: rounds alternate the sides so that a burst of outside load hits one round,
// not one side, and the ratio of the best rounds is the one to quote (the median of the
// per-round ratios is printed beside it). replay has Mode "" when it was skipped.
func Format(w io.Writer, articles int, rounds []Round, replay Result) {
	fmt.Fprintf(w, "crawl benchmark: %d simulated articles, zero delay, same pages for both sides, %d round(s)\n", articles, len(rounds))
	fmt.Fprintf(w, "%-14s %9s %9s %9s %11s %11s %12s %12s %s\n", "side", "pages", "articles", "seconds", "pages/s", "CPU ms/page", "peak RSS MB", "max heap MB", "notes")
	row := func(name string, r Result, note string) {
		arts, heap := "-", "-"
		if r.Mode == "bantin" {
			arts, heap = fmt.Sprint(r.Articles), fmt.Sprintf("%.1f", r.MaxHeapMB)
		}
		cpu := 0.0
		if r.Pages > 0 {
			cpu = r.CPUSeconds * 1000 / float64(r.Pages)
		}
		fmt.Fprintf(w, "%-14s %9d %9s %9.2f %11.1f %11.2f %12.1f %12s %s\n", name, r.Pages, arts, r.Seconds, r.PagesPerS, cpu, r.PeakRSSMB, heap, note)
	}
	var best Round
	var ratios []float64
	for i, rd := range rounds {
		b := rd.Bantin
		note := "fetch+WARC+extract+catalog+index"
		if !b.Indexed {
			note = "fetch+WARC+extract+catalog (no index)"
		}
		if b.MemArchive {
			note = "DIAGNOSTIC: fetch+extract with an in-memory archive"
			if b.Indexed {
				note += " +index"
			}
		}
		row(fmt.Sprintf("bantin #%d", i+1), b, note)
		if b.PagesPerS > best.Bantin.PagesPerS {
			best.Bantin = b
		}
		if cc := rd.CollyCrawl; cc.Mode != "" {
			row(fmt.Sprintf("colly-crawl #%d", i+1), cc, "bare colly crawl of the same portals (discovers, own visited set)")
			if cc.PagesPerS > best.CollyCrawl.PagesPerS {
				best.CollyCrawl = cc
			}
			if cc.PagesPerS > 0 {
				ratios = append(ratios, b.PagesPerS/cc.PagesPerS)
			}
		}
	}
	if replay.Mode != "" {
		row("colly-replay", replay, "bare colly fetching bantin's URL list (no discovery)")
	}
	if best.CollyCrawl.PagesPerS > 0 {
		sorted := append([]float64(nil), ratios...)
		sort.Float64s(sorted)
		fmt.Fprintf(w, "ratio bantin/colly-crawl pages/s: %.2f best round against best round, median of rounds %.2f (per round %s) (target >= 0.6)\n",
			best.Bantin.PagesPerS/best.CollyCrawl.PagesPerS, sorted[len(sorted)/2], fmtRatios(ratios))
	}
	if best.CollyCrawl.Pages > 0 && best.Bantin.Pages > 0 && best.Bantin.CPUSeconds > 0 {
		fmt.Fprintf(w, "CPU per page colly-crawl/bantin: %.2f (best rounds; the simulator's CPU is in neither)\n",
			(best.CollyCrawl.CPUSeconds/float64(best.CollyCrawl.Pages))/(best.Bantin.CPUSeconds/float64(best.Bantin.Pages)))
	}
	if replay.PagesPerS > 0 {
		fmt.Fprintf(w, "ratio bantin/colly-replay pages/s: %.2f (best bantin round)\n", best.Bantin.PagesPerS/replay.PagesPerS)
	}
	peak := Result{}
	for _, rd := range rounds {
		if rd.Bantin.PeakRSSMB > peak.PeakRSSMB {
			peak = rd.Bantin
		}
	}
	fmt.Fprintf(w, "bantin peak RSS: %.1f MB at %d articles (largest of the rounds; target < 300 MB at 100,000)\n", peak.PeakRSSMB, peak.Articles)
}

func fmtRatios(rs []float64) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = fmt.Sprintf("%.2f", r)
	}
	return strings.Join(s, " ")
}

// MarshalChild encodes child options for the environment.
func MarshalChild(o ChildOptions) string {
	b, _ := json.Marshal(o)
	return string(b)
}

// siteModels gives every host one extract.Site, as bantin crawl does (cmd/bantin's
// siteRegistry, without its files: each round starts from a fresh data directory).
type siteModels struct {
	mu    sync.Mutex
	sites map[string]*extract.Site
}

func newSiteModels() *siteModels { return &siteModels{sites: map[string]*extract.Site{}} }

func (m *siteModels) extract(page []byte, u *url.URL, ct string, sel bantin.Selectors) (*bantin.Article, error) {
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	m.mu.Lock()
	site := m.sites[host]
	if site == nil {
		site = extract.NewSite(extract.SiteOptions{})
		m.sites[host] = site
	}
	m.mu.Unlock()
	return extract.Article(page, u, extract.Options{ContentType: ct, Selectors: sel, Site: site})
}
