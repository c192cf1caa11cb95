package crawler

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bantin/bantin"
)

// Revisit intervals.
const (
	revisitForced     = time.Hour            // seeds, feeds, sitemaps: fetched every run anyway
	revisitListing    = time.Hour            // listing heads: refreshed through their parents
	revisitPagination = 7 * 24 * time.Hour   // deeper pages of a listing
	revisitOther      = 180 * 24 * time.Hour // attachments, redirects, skipped pages
	revisitMin        = 6 * time.Hour
	revisitMax        = 60 * 24 * time.Hour
)

// articleInterval grows with an article's age: a recent article is revalidated more often.
func articleInterval(row bantin.FrontierURL, published time.Time, now time.Time) time.Duration {
	var d time.Duration
	if !published.IsZero() && published.Before(now) {
		d = now.Sub(published) / 4
	} else {
		prev := row.NextDue.Sub(row.LastFetched)
		if row.LastFetched.IsZero() || prev <= 0 {
			prev = 12 * time.Hour
		}
		d = 2 * prev
	}
	return min(max(d, revisitMin), revisitMax)
}

func (r *crawlRun) count(f func(*bantin.Run)) {
	r.mu.Lock()
	f(&r.rec)
	r.mu.Unlock()
}

// process fetches one URL and files what it finds.
func (r *crawlRun) process(t task) {
	row := t.row
	log := r.log.With("url", row.URL)
	hdr := http.Header{}
	if !row.LastFetched.IsZero() && row.State != bantin.StateFailed && row.LastStatus != 0 && row.LastStatus < 300 {
		if row.ETag != "" {
			hdr.Set("If-None-Match", row.ETag)
		}
		if row.LastModified != "" {
			hdr.Set("If-Modified-Since", row.LastModified)
		}
	}
	res, attempts, err := r.f.fetch(r.ctx, row.URL, hdr, r.site.Name, r.rec.ID)
	now := r.c.opts.Now()
	var ae *archiveError
	switch {
	case errors.As(err, &ae):
		r.cancel(err)
		return
	case r.ctx.Err() != nil:
		return // left as it is in the frontier: the next run goes on with it
	case err != nil || res.Status >= 500 || res.Status == 429 || res.Status == 408:
		status := 0
		if res != nil {
			status = res.Status
		}
		log.Warn("fetch failed; retried on a later run", "attempts", attempts, "status", status, "err", err)
		row.State, row.LastStatus, row.NextDue = bantin.StateFailed, status, now
		row.Failures++
		r.count(func(run *bantin.Run) { run.Errors++ })
		r.mu.Lock()
		r.failed++
		r.mu.Unlock()
		r.update(row)
		return
	case res.TooLarge:
		log.Warn("body larger than the limit: skipped", "max_body_size", r.c.opts.MaxBodySize)
		row.State, row.LastStatus, row.LastFetched, row.NextDue = bantin.StateDone, res.Status, now, now.Add(revisitOther)
		r.update(row)
		return
	}
	prevRow := row
	row.LastStatus, row.LastFetched, row.Failures = res.Status, now, 0
	row.State = bantin.StateDone
	switch {
	case res.Status == http.StatusNotModified:
		row.NextDue = now.Add(r.interval(prevRow, time.Time{}, now))
		if row.Kind == "article" {
			r.count(func(run *bantin.Run) { run.Unchanged++ })
		}
	case res.Status >= 300 && res.Status < 400:
		row.NextDue = now.Add(revisitOther)
		r.redirect(row, res, t.chain)
	case res.Status == http.StatusNotFound || res.Status == http.StatusGone:
		row.State = bantin.StateGone
		if prevRow.Kind == "article" && prevRow.State != bantin.StateGone {
			if err := r.c.opts.Archiver.MarkGone(r.ctx, row.URL, now); err != nil && !errors.Is(err, bantin.ErrNotFound) {
				log.Warn("mark gone failed", "err", err)
			} else if err == nil {
				r.count(func(run *bantin.Run) { run.Gone++ })
			}
		}
	case res.Status >= 400:
		log.Info("client error", "status", res.Status)
		row.NextDue = now.Add(revisitPagination)
	default:
		if et := res.Header.Get("ETag"); et != "" {
			row.ETag = et
		}
		if lm := res.Header.Get("Last-Modified"); lm != "" {
			row.LastModified = lm
		}
		r.handleOK(t, &row, prevRow, res, now)
	}
	r.update(row)
}

func (r *crawlRun) interval(row bantin.FrontierURL, published, now time.Time) time.Duration {
	switch row.Kind {
	case "seed", "feed", "sitemap":
		return revisitForced
	case "article":
		return articleInterval(row, published, now)
	case "listing":
		if row.Depth <= 2 && pageNumber(row.URL) <= 1 {
			return revisitListing
		}
		return revisitPagination
	}
	return revisitOther
}

func (r *crawlRun) update(row bantin.FrontierURL) {
	if err := r.c.opts.Frontier.UpdateURL(r.ctx, row); err != nil && r.ctx.Err() == nil {
		r.log.Warn("frontier update failed", "url", row.URL, "err", err)
	}
}

// redirect queues the target of a 3xx response for this run.
func (r *crawlRun) redirect(row bantin.FrontierURL, res *fetchResult, chain int) {
	loc := res.Header.Get("Location")
	if loc == "" {
		return
	}
	base, _ := url.Parse(row.URL)
	target, err := base.Parse(loc)
	if err != nil {
		return
	}
	c, err := canonicalURL(target)
	if err != nil || c == row.URL {
		return
	}
	tu, _ := url.Parse(c)
	why := r.sc.allow(tu, c)
	if why == "" {
		why = r.budget(tu, c)
	}
	if why != "" {
		r.log.Debug("redirect not followed", "url", row.URL, "location", c, "reason", why)
		return
	}
	kind := row.Kind
	if kind == "seed" {
		kind = "listing"
	}
	nr := bantin.FrontierURL{URL: c, Site: r.site.Name, Depth: row.Depth, Kind: kind, State: bantin.StateQueued, NextDue: r.c.opts.Now()}
	if err := r.frontierAdd([]bantin.FrontierURL{nr}); err != nil {
		r.log.Warn("frontier add failed", "url", c, "err", err)
		return
	}
	if stored, err := r.c.opts.Frontier.LookupURL(r.ctx, c); err == nil {
		nr = stored
	}
	r.force(nr, chain)
}

// handleOK files a 2xx response by what it is.
func (r *crawlRun) handleOK(t task, row *bantin.FrontierURL, prev bantin.FrontierURL, res *fetchResult, now time.Time) {
	ct := res.Header.Get("Content-Type")
	u, _ := url.Parse(row.URL)
	lct := strings.ToLower(ct)
	switch {
	case row.Kind == "sitemap" || row.Kind == "feed" || strings.Contains(lct, "xml") || strings.Contains(lct, "rss") ||
		strings.Contains(lct, "atom") || strings.Contains(lct, "gzip"):
		if isHTML(ct) && row.Kind != "sitemap" && row.Kind != "feed" {
			break
		}
		if row.Kind != "sitemap" && row.Kind != "feed" {
			row.Kind = "feed"
		}
		row.NextDue = now.Add(revisitForced)
		r.handleSitemap(*row, res)
		return
	case !isHTML(ct):
		row.Kind = "attachment"
		row.NextDue = now.Add(revisitOther)
		return
	}
	a, err := r.c.opts.Extract(res.Body, u, ct, r.site.Selectors)
	if err != nil {
		r.log.Info("extraction failed; treated as a listing", "url", row.URL, "err", err)
		a = nil
	}
	if a != nil && a.Kind == bantin.KindArticle && !r.looksLikeListing(*row, u, res.Links) {
		row.Kind = "article"
		r.saveArticle(row, res, a, now)
		r.handleLinks(t, *row, res.Links, false)
		return
	}
	if row.Kind != "seed" {
		row.Kind = "listing"
	}
	row.NextDue = now.Add(r.interval(*row, time.Time{}, now))
	r.handleLinks(t, *row, res.Links, true)
}

// saveArticle files an extracted article under its canonical URL and indexes it.
func (r *crawlRun) saveArticle(row *bantin.FrontierURL, res *fetchResult, a *bantin.Article, now time.Time) {
	canon := row.URL
	if a.Canonical != "" {
		if c, err := Canonicalize(a.Canonical); err == nil {
			if cu, _ := url.Parse(c); cu != nil && r.sc.hosts[cu.Host] {
				canon = c
			}
		}
	}
	a.URL = canon
	entry, outcome, err := r.c.opts.Archiver.SaveArticle(r.ctx, r.site.Name, res.Capture, a)
	if err != nil {
		if r.ctx.Err() == nil {
			r.log.Warn("save article failed", "url", row.URL, "err", err)
			r.count(func(run *bantin.Run) { run.Errors++ })
		}
		row.NextDue = now
		return
	}
	switch outcome {
	case bantin.New:
		r.count(func(run *bantin.Run) { run.New++ })
	case bantin.Changed:
		r.count(func(run *bantin.Run) { run.Changed++ })
	default:
		r.count(func(run *bantin.Run) { run.Unchanged++ })
	}
	if outcome != bantin.Unchanged && r.index != nil {
		r.index.add(entry)
	}
	row.NextDue = now.Add(articleInterval(*row, a.Published.Time, now))
	if canon != row.URL {
		// The canonical URL is the same article: remember it as fetched, not to fetch again.
		if r.claim(canon, bitDiscovered) {
			cr := *row
			cr.URL = canon
			if err := r.frontierAdd([]bantin.FrontierURL{cr}); err == nil {
				r.update(cr)
			}
		}
		r.mu.Lock()
		r.seen[canon] |= bitDispatched
		r.mu.Unlock()
	}
}

// looksLikeListing overrides an extraction that took a listing for an article: seeds, pages
// matching a listing pattern, and pages with pager links to themselves are listings.
func (r *crawlRun) looksLikeListing(row bantin.FrontierURL, u *url.URL, links []link) bool {
	if row.Kind == "seed" || matchAny(r.sc.listing, row.URL) {
		return true
	}
	if matchAny(r.sc.article, row.URL) {
		return false
	}
	pagers := 0
	pk := newPageKey(u)
	for i := range links {
		l := &links[i]
		if l.Tag != "a" && l.Tag != "link" {
			continue
		}
		lu, c, err := l.canonical()
		if err != nil || c == row.URL || lu.Host != u.Host {
			continue
		}
		if ok, _ := pk.isPagination(lu, l.Text, ""); ok {
			pagers++
		}
	}
	return pagers >= 1
}
