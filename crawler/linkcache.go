package crawler

import (
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	whatwg "github.com/nlnwa/whatwg-url/url"
)

// Most links on a portal's pages are the same on every page (menus, footers, sidebars, the
// latest-news box), so a run resolves, canonicalises and checks the same few hundred hrefs
// thousands of times; that was about a tenth of a crawl's CPU. linkCache keeps what a link
// resolves to for the links whose resolution depends on the href alone, or on the href and the
// base URL's origin: absolute http(s) URLs and path-absolute hrefs ("/tin-tuc/a.html"). Other
// relative hrefs ("a.html", "?page=2", "../x") depend on the base's path and are worked out
// per page, as before.

// maxLinkCache bounds the entries of a run's link cache: past it the cache starts afresh (the
// links that recur on every page are back in it after a page or two). An entry is the href, two
// URL strings and a parsed URL (a few hundred bytes, estimated, not measured), so the bound
// holds a cache to a few MB however long the run.
const maxLinkCache = 20_000

// resolved is what one href resolves to. It is shared by every page the href is on and never
// changed once built, but for the verdict (allowed), set once by the first page that needs it.
type resolved struct {
	abs   string   // absolute, as colly's Request.AbsoluteURL gives it; "" when unresolvable
	canon string   // canonicalURL of abs
	cu    *url.URL // canon parsed; read only
	err   error    // parsing or canonicalising abs failed

	why atomic.Pointer[string] // scope.allow's verdict on canon, once asked
}

func newResolved(abs string) *resolved {
	rs := &resolved{abs: abs}
	if abs == "" {
		return rs
	}
	lu, err := url.Parse(abs)
	if err == nil {
		rs.canon, err = canonicalURL(lu)
	}
	if err == nil {
		rs.cu, err = url.Parse(rs.canon)
	}
	rs.err = err
	return rs
}

// allow returns sc.allow's verdict on the link, asking sc once per resolved link. The verdict
// depends on the URL alone for a run (hosts, exclusions, robots.txt and trap checks are fixed
// once the run is set up).
func (rs *resolved) allow(sc *scope) string {
	if w := rs.why.Load(); w != nil {
		return *w
	}
	w := sc.allow(rs.cu, rs.canon)
	rs.why.Store(&w)
	return w
}

// linkCache maps cacheable hrefs to what they resolve to; safe for concurrent use. Absolute
// hrefs are keyed by themselves, path-absolute ones by the base's origin and themselves, so
// that a lookup builds no key.
type linkCache struct {
	mu  sync.Mutex
	abs map[string]*resolved            // href -> resolved
	rel map[string]map[string]*resolved // origin -> href -> resolved
	n   int                             // entries in both
}

func newLinkCache() *linkCache {
	return &linkCache{abs: map[string]*resolved{}, rel: map[string]map[string]*resolved{}}
}

// resolve resolves ref against the page's base (p.base, p.origin) as absoluteURL does, with
// the link's canonical form, from the cache when the result cannot depend on the base's path.
func (c *linkCache) resolve(p *pending, ref string) *resolved {
	kind := cacheKind(p.origin, ref)
	if kind == notCached || c == nil {
		return newResolved(p.absoluteURL(ref))
	}
	c.mu.Lock()
	var rs *resolved
	if kind == absoluteRef {
		rs = c.abs[ref]
	} else {
		rs = c.rel[p.origin][ref]
	}
	c.mu.Unlock()
	if rs != nil {
		return rs
	}
	rs = newResolved(p.absoluteURL(ref))
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= maxLinkCache {
		clear(c.abs)
		clear(c.rel)
		c.n = 0
	}
	if kind == absoluteRef {
		c.abs[ref] = rs
	} else {
		m := c.rel[p.origin]
		if m == nil {
			m = map[string]*resolved{}
			c.rel[p.origin] = m
		}
		m[ref] = rs
	}
	c.n++
	return rs
}

// Kinds of href for the cache.
const (
	notCached    = iota
	absoluteRef  // "http://..." or "https://...": the same whatever the base
	pathAbsolute // "/path...": depends on the base's origin alone
)

// cacheKind tells whether and how ref's resolution is cached: notCached when it depends on
// more than the base's origin (or there is no http(s) base). WHATWG parsing drops tabs and
// newlines anywhere in an href, which can turn "/\n/host" into "//host": such hrefs are not
// cached, nor are "//host" and "/\host" (scheme-relative in http(s) URLs).
func cacheKind(origin, ref string) int {
	if origin == "" || ref == "" || strings.ContainsAny(ref, "\t\n\r") {
		return notCached
	}
	switch {
	case strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://"):
		return absoluteRef
	case ref[0] == '/' && (len(ref) == 1 || (ref[1] != '/' && ref[1] != '\\')):
		return pathAbsolute
	}
	return notCached
}

// originOf returns what of an http(s) base URL a path-absolute href keeps: scheme, user
// info, host and port; "" for other schemes.
func originOf(base *whatwg.Url) string {
	if base == nil {
		return ""
	}
	switch s := base.Scheme(); s {
	case "http", "https":
		return s + "://" + base.Username() + ":" + base.Password() + "@" + base.Host()
	}
	return ""
}
