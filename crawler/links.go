package crawler

import (
	"errors"
	"net/url"
	"strings"

	"github.com/bantin/bantin"
)

// candidate is a link worth adding to the frontier.
type candidate struct {
	row    bantin.FrontierURL
	pag    bool // another page of the listing it was found on
	pageNo int
}

var skipRels = map[string]bool{"stylesheet": true, "icon": true, "shortcut icon": true, "preload": true,
	"prefetch": true, "dns-prefetch": true, "preconnect": true, "manifest": true, "apple-touch-icon": true,
	"canonical": true, "modulepreload": true, "search": true, "pingback": true, "edituri": true, "wlwmanifest": true}

func isFeedType(t string) bool {
	return strings.Contains(t, "rss") || strings.Contains(t, "atom")
}

// candidates turns a page's links into in-scope frontier rows, each at most once a run.
func (r *crawlRun) candidates(page bantin.FrontierURL, links []link, bit uint8) (out []candidate, sawNew bool) {
	pu, err := url.Parse(page.URL)
	if err != nil {
		return nil, false
	}
	pk := newPageKey(pu)
	for i := range links {
		l := &links[i]
		kind := ""
		if l.Tag == "link" {
			switch {
			case skipRels[l.Rel]:
				continue
			case strings.Contains(l.Rel, "alternate") && isFeedType(l.Type):
				kind = "feed"
			case strings.Contains(l.Rel, "next") || strings.Contains(l.Rel, "prev"):
			default:
				continue
			}
		}
		cu, c, err := l.canonical()
		if err != nil || c == page.URL {
			continue
		}
		if why := l.allow(r.sc); why != "" {
			if why != "off site" {
				r.log.Debug("link skipped", "url", c, "reason", why)
			}
			continue
		}
		if !r.claim(c, bit) {
			sawNew = sawNew || r.has(c, bitNew)
			continue
		}
		if why := r.budget(cu, c); why != "" {
			r.log.Debug("link skipped", "url", c, "reason", why)
			continue
		}
		pag, n := pk.isPagination(cu, l.Text, l.Rel)
		if kind == "" {
			kind = r.sc.guessKind(cu, c)
			if pag && kind == "other" {
				kind = "listing"
			}
		}
		depth := page.Depth + 1
		if pag {
			depth = page.Depth // another page of the same listing: same level
		}
		if depth > r.c.opts.Limits.MaxDepth {
			r.log.Debug("link too deep", "url", c, "depth", depth)
			continue
		}
		out = append(out, candidate{pag: pag, pageNo: n, row: bantin.FrontierURL{
			URL: c, Site: r.site.Name, Depth: depth, Kind: kind,
			State: bantin.StateQueued, NextDue: r.c.opts.Now()}})
	}
	return out, sawNew
}

// handleLinks adds a page's new links to the frontier. On a listing page it also decides what
// to refresh this run: known feeds and listing heads, and the next pages of the listing only
// while the page showed articles not known before (a re-run stops paging at known articles).
func (r *crawlRun) handleLinks(t task, page bantin.FrontierURL, links []link, listing bool) {
	bit := bitDiscovered
	if listing {
		bit = bitListed
	}
	cands, hasNew := r.candidates(page, links, bit)
	if len(cands) == 0 && !hasNew {
		return
	}
	var add []bantin.FrontierURL
	if !listing {
		for _, c := range cands {
			if c.pag && c.pageNo > r.sc.maxChain {
				continue
			}
			add = append(add, c.row)
		}
		r.addURLs(add)
		return
	}
	var knownPages []candidate
	for _, c := range cands {
		if c.pag && c.pageNo > r.sc.maxChain {
			r.log.Debug("listing chain too long", "url", c.row.URL, "page", c.pageNo)
			continue
		}
		known, err := r.c.opts.Frontier.LookupURL(r.ctx, c.row.URL)
		if errors.Is(err, bantin.ErrNotFound) {
			add = append(add, c.row)
			r.mark(c.row.URL, bitNew)
			if !c.pag && c.row.Kind != "listing" && c.row.Kind != "feed" && c.row.Kind != "sitemap" {
				hasNew = true
			}
			continue
		}
		if err != nil {
			if r.ctx.Err() == nil {
				r.log.Warn("frontier lookup failed", "url", c.row.URL, "err", err)
			}
			continue
		}
		if known.State == bantin.StateQueued && known.LastFetched.IsZero() && !c.pag && known.Kind != "listing" {
			hasNew = true // found this run by another page, or left by an interrupted run
		}
		switch {
		case known.State == bantin.StateGone:
		case c.pag:
			c.row = known
			knownPages = append(knownPages, c)
		case known.Kind == "feed" || known.Kind == "sitemap":
			r.force(known, 1)
		case (known.Kind == "listing" || known.Kind == "seed") && known.Depth <= 2 && pageNumber(known.URL) <= 1:
			r.force(known, 1)
		}
	}
	r.addURLs(add)
	if hasNew {
		for _, c := range knownPages {
			r.force(c.row, c.pageNo)
		}
	}
}

func (r *crawlRun) addURLs(rows []bantin.FrontierURL) {
	if len(rows) == 0 {
		return
	}
	if err := r.frontierAdd(rows); err != nil && r.ctx.Err() == nil {
		r.log.Warn("frontier add failed", "urls", len(rows), "err", err)
	}
}

// frontierAdd adds rows to the frontier and counts the addition: the frontier may now hold
// due URLs that the last refill did not see.
func (r *crawlRun) frontierAdd(rows []bantin.FrontierURL) error {
	err := r.c.opts.Frontier.AddURLs(r.ctx, rows)
	r.mu.Lock()
	r.added++
	r.mu.Unlock()
	return err
}

// handleSitemap reads a sitemap, sitemap index or feed: unknown URLs are added, known ones whose
// stated modification time is after their last fetch are refreshed this run, child sitemaps of
// an index are fetched whenever they are not known to be unchanged.
func (r *crawlRun) handleSitemap(doc bantin.FrontierURL, res *fetchResult) {
	items, err := parseSitemapOrFeed(res.Body, r.c.opts.MaxBodySize)
	if err != nil {
		r.log.Info("sitemap or feed unreadable", "url", doc.URL, "err", err)
		return
	}
	var add []bantin.FrontierURL
	for _, it := range items {
		lu, err := url.Parse(it.URL)
		if err != nil {
			continue
		}
		if du, _ := url.Parse(doc.URL); du != nil {
			lu = du.ResolveReference(lu)
		}
		c, err := canonicalURL(lu)
		if err != nil {
			continue
		}
		cu, _ := url.Parse(c)
		if why := r.sc.allow(cu, c); why != "" {
			continue
		}
		if !r.claim(c, bitListed) {
			continue
		}
		if why := r.budget(cu, c); why != "" {
			continue
		}
		kind := "article"
		if it.Sitemap {
			kind = "sitemap"
		} else if k := r.sc.guessKind(cu, c); k != "other" && k != "sitemap" {
			kind = k
		}
		row := bantin.FrontierURL{URL: c, Site: r.site.Name, Depth: doc.Depth + 1, Kind: kind,
			State: bantin.StateQueued, NextDue: r.c.opts.Now()}
		known, err := r.c.opts.Frontier.LookupURL(r.ctx, c)
		switch {
		case errors.Is(err, bantin.ErrNotFound):
			add = append(add, row)
			r.mark(c, bitNew)
		case err != nil:
			continue
		case known.State == bantin.StateGone || known.State == bantin.StateQueued:
		case it.Sitemap && (it.LastMod.IsZero() || it.LastMod.After(known.LastFetched)):
			r.force(known, 1)
		case !it.LastMod.IsZero() && it.LastMod.After(known.LastFetched):
			r.force(known, 1)
		}
	}
	r.addURLs(add)
}
