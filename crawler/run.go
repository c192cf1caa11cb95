package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// Seen-set bits of a URL within one run.
const (
	bitDiscovered uint8 = 1 << iota // its links were handled (added to the frontier) this run
	bitForced                       // queued to fetch this run regardless of next_due
	bitDispatched                   // fetched (or being fetched) this run
	bitListed                       // examined as a link of a listing page this run
	bitNew                          // unknown to the frontier when first seen this run
	bitBudgeted                     // counted against the trap budgets
	bitOverBudget                   // refused by a trap budget
)

// pipelineDepth is how many pages per allowed request in flight may be processed at once.
const pipelineDepth = 8

// task is one URL to fetch this run.
type task struct {
	row   bantin.FrontierURL
	chain int // page number within a listing chain
}

// crawlRun is the state of one Run.
type crawlRun struct {
	c      *Crawler
	site   bantin.Site
	sc     *scope
	f      *fetcher
	ctx    context.Context
	cancel context.CancelCauseFunc
	log    *slog.Logger
	start  time.Time

	mu       sync.Mutex
	rec      bantin.Run
	seen     map[string]uint8
	forced   []task
	buf      []task
	inflight int
	failed   int // dispatched this run and left failed (still due)
	pages    int // dispatched page fetches, for MaxPages
	seenFull bool
	lastURL  string
	changed  chan struct{}
	dueLimit int
	index    *indexQueue // nil without an indexer
	added    uint64      // frontier additions this run (frontierAdd)
	dry      bool        // the last refill found nothing due ...
	dryAt    uint64      // ... when added was this
}

// Run performs one crawl run of a site: robots.txt, then seeds, sitemaps and feeds, then
// whatever the frontier says is due, until nothing is left, MaxPages is reached or ctx is done.
// The returned Run has the counts, also stored with Frontier.FinishRun. The error is
// bantin.ErrInvalid for a bad site, ctx.Err() when interrupted (status "interrupted"), or an
// archive failure (status "failed"); pages that keep failing are counted, not returned.
func (c *Crawler) Run(ctx context.Context, site bantin.Site) (bantin.Run, error) {
	site.Seeds = append([]string(nil), site.Seeds...)
	site.Hosts = append([]string(nil), site.Hosts...)
	sc, err := newScope(&site, c.opts.Limits, c.opts.Now)
	if err != nil {
		return bantin.Run{}, fmt.Errorf("crawl: %w", err)
	}
	rec, err := c.opts.Frontier.StartRun(ctx, site.Name, c.opts.Now())
	if err != nil {
		return bantin.Run{}, fmt.Errorf("crawl %s: start run: %w", site.Name, err)
	}
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &crawlRun{
		c: c, site: site, sc: sc, ctx: rctx, cancel: cancel, rec: rec, start: time.Now(),
		seen: map[string]uint8{}, changed: make(chan struct{}, 1), dueLimit: 256,
		log: c.log.With("site", site.Name, "run_id", rec.ID),
	}
	tr := &captureTransport{base: c.opts.Client.Transport, max: c.opts.MaxBodySize, now: c.opts.Now}
	if tr.base == nil {
		tr.base = http.DefaultTransport
	}
	r.f = newFetcher(rctx, c.opts.Client, tr, c.opts.Archiver, c.opts.UserAgent)
	r.f.retries, r.f.maxWait, r.f.baseDelay = c.opts.Retries, c.opts.MaxRetryAt, c.opts.RetryBase
	r.f.maxLinks = c.opts.Limits.MaxLinks
	r.f.onResp = func() {
		r.mu.Lock()
		r.rec.Fetched++
		r.mu.Unlock()
	}
	c.opts.Progress.Started(site.Name, rec.ID)
	r.log.Info("crawl started", "seeds", len(site.Seeds))

	r.index = startIndexQueue(rctx, c.opts.Indexer, r.log)
	err = r.crawl()
	r.index.close()
	r.mu.Lock()
	final := r.rec
	r.mu.Unlock()
	final.Finished = c.opts.Now()
	switch {
	case err == nil && ctx.Err() == nil:
		final.Status = "ok"
	case ctx.Err() != nil:
		final.Status = "interrupted"
		err = ctx.Err()
	default:
		final.Status = "failed"
	}
	if c.opts.Indexer != nil {
		if ferr := c.opts.Indexer.Flush(context.WithoutCancel(ctx)); ferr != nil {
			r.log.Warn("index flush failed", "err", ferr)
		}
	}
	if ferr := c.opts.Frontier.FinishRun(context.WithoutCancel(ctx), final); ferr != nil && err == nil {
		err = fmt.Errorf("crawl %s: finish run: %w", site.Name, ferr)
	}
	r.log.Info("crawl finished", "status", final.Status, "fetched", final.Fetched, "new", final.New,
		"changed", final.Changed, "unchanged", final.Unchanged, "gone", final.Gone, "errors", final.Errors)
	c.opts.Progress.Finished(final, err)
	return final, err
}

// crawl sets up politeness and seeds, then dispatches tasks until none are left.
func (r *crawlRun) crawl() error {
	if err := r.setup(); err != nil {
		return err
	}
	workers := r.site.Parallelism
	if workers < 1 {
		workers = 1
	}
	// colly's limit rules hold politeness (parallelism per host); more workers than that let
	// archiving and extraction of one page overlap the fetching of the next.
	workers *= len(r.sc.hosts) * pipelineDepth
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		if r.ctx.Err() != nil {
			break
		}
		t, ok, err := r.next()
		if err != nil {
			r.cancel(err)
			break
		}
		if !ok {
			r.mu.Lock()
			idle := r.inflight == 0
			r.mu.Unlock()
			if idle {
				break
			}
			select {
			case <-r.changed:
			case <-r.ctx.Done():
			}
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-r.ctx.Done():
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.process(t)
			r.mu.Lock()
			r.inflight--
			r.lastURL = t.row.URL
			st := r.statsLocked()
			r.mu.Unlock()
			<-sem
			select {
			case r.changed <- struct{}{}:
			default:
			}
			r.c.opts.Progress.Update(st)
		}()
	}
	wg.Wait()
	if cause := context.Cause(r.ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return nil
}

func (r *crawlRun) statsLocked() Stats {
	el := time.Since(r.start)
	s := Stats{Site: r.site.Name, RunID: r.rec.ID, Fetched: r.rec.Fetched, Queued: len(r.forced) + len(r.buf),
		InFlight: r.inflight, Errors: r.rec.Errors, New: r.rec.New, Changed: r.rec.Changed,
		Unchanged: r.rec.Unchanged, Gone: r.rec.Gone, Elapsed: el, URL: r.lastURL}
	if el > 0 {
		s.Rate = float64(s.Fetched) / el.Seconds()
	}
	return s
}

// next returns the next task: forced ones first, then due URLs from the frontier.
func (r *crawlRun) next() (task, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.site.MaxPages > 0 && r.pages >= r.site.MaxPages {
		return task{}, false, nil
	}
	if r.seenFull {
		return task{}, false, nil
	}
	if len(r.seen) > r.c.opts.Limits.MaxSeen {
		r.seenFull = true
		r.log.Warn("seen set full; the next run goes on", "limit", r.c.opts.Limits.MaxSeen)
		return task{}, false, nil
	}
	for len(r.forced) > 0 {
		t := r.forced[0]
		r.forced = r.forced[1:]
		if r.seen[t.row.URL]&bitDispatched != 0 {
			continue
		}
		return r.dispatchLocked(t), true, nil
	}
	if len(r.buf) == 0 {
		if err := r.refillLocked(); err != nil {
			return task{}, false, err
		}
	}
	if len(r.buf) == 0 {
		return task{}, false, nil
	}
	t := r.buf[0]
	r.buf = r.buf[1:]
	return r.dispatchLocked(t), true, nil
}

func (r *crawlRun) dispatchLocked(t task) task {
	r.seen[t.row.URL] |= bitDispatched
	r.inflight++
	if t.row.Kind != "robots" {
		r.pages++
	}
	return t
}

// refillLocked asks the frontier for due URLs not dispatched yet this run. URLs dispatched
// this run that are still due (in flight, or failed) come back too, so the limit allows for them.
//
// While pages are in flight, a frontier that ran dry is not asked again until something was
// added to it: at the end of a crawl, when new links come a page at a time, every finished
// page used to cost three queries for nothing (5% of a crawl's CPU). With nothing in flight
// it is always asked, so a run ends only on an empty answer.
func (r *crawlRun) refillLocked() error {
	if r.dry && r.dryAt == r.added && r.inflight > 0 {
		return nil
	}
	r.dry, r.dryAt = false, r.added
	defer func() {
		r.dry = len(r.buf) == 0
	}()
	limit := r.dueLimit + r.inflight + r.failed
	for range 8 {
		rows, err := r.c.opts.Frontier.DueURLs(r.ctx, r.site.Name, r.c.opts.Now(), limit)
		if err != nil {
			if r.ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("crawl %s: due urls: %w", r.site.Name, err)
		}
		for _, row := range rows {
			if r.seen[row.URL]&bitDispatched != 0 {
				continue
			}
			r.buf = append(r.buf, task{row: row})
		}
		if len(r.buf) > 0 || len(rows) < limit {
			return nil
		}
		limit *= 2 // every row returned was dispatched already: look further
	}
	return nil
}

// force queues a known URL to fetch this run, whatever its next_due says.
func (r *crawlRun) force(row bantin.FrontierURL, chain int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[row.URL]&(bitForced|bitDispatched) != 0 {
		return
	}
	r.seen[row.URL] |= bitForced
	r.forced = append(r.forced, task{row: row, chain: chain})
}

// budget counts a URL against the run's trap budgets once, whichever way it was first seen.
func (r *crawlRun) budget(u *url.URL, c string) string {
	if !r.claim(c, bitBudgeted) {
		return r.overBudget(c)
	}
	why := r.sc.guard.budget(u, c)
	if why != "" {
		r.mark(c, bitOverBudget)
	}
	return why
}

func (r *crawlRun) overBudget(c string) string {
	if r.has(c, bitOverBudget) {
		return "over a trap budget"
	}
	return ""
}

// has reports whether a seen bit of a URL is set.
func (r *crawlRun) has(u string, bit uint8) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[u]&bit != 0
}

// mark sets a seen bit of a URL.
func (r *crawlRun) mark(u string, bit uint8) {
	r.mu.Lock()
	r.seen[u] |= bit
	r.mu.Unlock()
}

// claim sets a seen bit of a URL; false when it was set already.
func (r *crawlRun) claim(u string, bit uint8) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[u]&bit != 0 {
		return false
	}
	r.seen[u] |= bit
	return true
}

// setup reads robots.txt of every host, installs the limit rules and forces seeds, sitemaps
// and feeds.
func (r *crawlRun) setup() error {
	delay := r.site.Delay
	par := max(r.site.Parallelism, 1)
	var sitemaps []string
	for host := range r.sc.hosts {
		scheme := "https"
		for _, s := range r.site.Seeds {
			if u, err := url.Parse(s); err == nil && u.Host == host {
				scheme = u.Scheme
			}
		}
		// robots.txt is fetched before the host's limit rule exists: Crawl-delay sets the rule.
		rob := r.fetchRobots(scheme + "://" + host + "/robots.txt")
		if r.ctx.Err() != nil {
			return nil
		}
		r.sc.robots[host] = rob
		hostDelay, hostPar := delay, par
		if cd := min(rob.CrawlDelay, r.c.opts.MaxCrawlDelay); cd > hostDelay {
			hostDelay, hostPar = cd, 1
			r.log.Info("robots.txt crawl-delay", "host", host, "delay", cd)
		}
		if err := r.f.limit(host, hostPar, hostDelay); err != nil {
			return fmt.Errorf("crawl %s: limit rule for %s: %w", r.site.Name, host, err)
		}
		sitemaps = append(sitemaps, rob.Sitemaps...)
	}
	var rows []bantin.FrontierURL
	add := func(raw, kind string) {
		c, err := Canonicalize(raw)
		if err != nil {
			r.log.Warn("skipping bad url", "url", raw, "err", err)
			return
		}
		u, _ := url.Parse(c)
		if !r.sc.hosts[u.Host] {
			r.log.Warn("skipping off-site url", "url", c, "kind", kind)
			return
		}
		rows = append(rows, bantin.FrontierURL{URL: c, Site: r.site.Name, Kind: kind, State: bantin.StateQueued, NextDue: r.c.opts.Now()})
	}
	for _, s := range r.site.Seeds {
		add(s, "seed")
	}
	for _, s := range append(append([]string(nil), r.site.Sitemaps...), sitemaps...) {
		add(s, "sitemap")
	}
	for _, s := range r.site.Feeds {
		add(s, "feed")
	}
	if err := r.frontierAdd(rows); err != nil {
		return fmt.Errorf("crawl %s: add seeds: %w", r.site.Name, err)
	}
	for _, row := range rows {
		stored, err := r.c.opts.Frontier.LookupURL(r.ctx, row.URL)
		if err != nil {
			stored = row
		}
		if stored.Kind != row.Kind && (row.Kind == "sitemap" || row.Kind == "feed" || row.Kind == "seed") {
			stored.Kind = row.Kind
		}
		r.force(stored, 1)
	}
	return nil
}

// fetchRobots fetches and interprets one robots.txt (archived like every response).
func (r *crawlRun) fetchRobots(u string) *robots {
	res, _, err := r.f.fetch(r.ctx, u, nil, r.site.Name, r.rec.ID)
	if err != nil {
		if r.ctx.Err() == nil {
			var ae *archiveError
			if errors.As(err, &ae) {
				r.cancel(err)
			}
			r.log.Warn("robots.txt unreachable: host skipped this run", "url", u, "err", err)
			r.mu.Lock()
			r.rec.Errors++
			r.mu.Unlock()
		}
		return &robots{disallowed: true}
	}
	if res.TooLarge {
		return &robots{}
	}
	rob := parseRobots(res.Status, res.Body, "bantin")
	if rob.disallowed {
		r.log.Warn("robots.txt answered an error: host skipped this run", "url", u, "status", res.Status)
		r.mu.Lock()
		r.rec.Errors++
		r.mu.Unlock()
	}
	return rob
}
