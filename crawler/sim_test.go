package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// simClock is a settable clock shared by a simulated site and the crawler under test.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type simArticle struct {
	id        int
	title     string
	text      string
	published time.Time
	modified  time.Time
	deleted   bool
}

// simSite is a small department portal: a home page, two categories with pagination, articles
// with ETags, robots.txt, a gzip sitemap behind an index, an RSS feed, a calendar trap, a
// redirect, a page failing twice then answering, one always failing, and an oversized page.
type simSite struct {
	t        *testing.T
	clock    *simClock
	srv      *httptest.Server
	mu       sync.Mutex
	articles map[int]*simArticle
	nextID   int
	perPage  int
	flaky    map[string]int // path -> failures left
	requests atomic.Int64
	hits     sync.Map // path -> *atomic.Int64
}

func newSimSite(t *testing.T, clock *simClock, n int) *simSite {
	t.Helper()
	s := &simSite{t: t, clock: clock, articles: map[int]*simArticle{}, perPage: 5,
		flaky: map[string]int{"/news/7.html": 2}}
	for i := 0; i < n; i++ {
		s.add()
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *simSite) add() *simArticle {
	s.nextID++
	id := s.nextID
	pub := s.clock.Now().Add(-time.Duration(1000-id) * time.Hour)
	a := &simArticle{id: id, title: fmt.Sprintf("Tin số %d", id), text: fmt.Sprintf("Đoạn một của bài %d.\n\nĐoạn hai.", id), published: pub, modified: pub}
	s.articles[id] = a
	return a
}

func (s *simSite) list(cat int) []*simArticle {
	var out []*simArticle
	for _, a := range s.articles {
		if !a.deleted && (cat < 0 || a.id%2 == cat) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id > out[j].id })
	return out
}

func (s *simSite) hit(path string) int64 {
	v, _ := s.hits.Load(path)
	if v == nil {
		return 0
	}
	return v.(*atomic.Int64).Load()
}

func (s *simSite) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	v, _ := s.hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	if r.Header.Get("Accept-Encoding") != "" {
		http.Error(w, "unexpected Accept-Encoding", 400)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := s.flaky[r.URL.Path]; n > 0 {
		s.flaky[r.URL.Path] = n - 1
		w.Header().Set("Retry-After", "0")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap.xml\n", s.srv.URL)
	case p == "/":
		var b strings.Builder
		b.WriteString(`<html><head><link rel="alternate" type="application/rss+xml" href="/feed.rss"></head><body>`)
		b.WriteString(`<a href="/cat/0">Cat 0</a> <a href="/cat/1?utm_source=x">Cat 1</a> <a href="/private/secret">x</a>`)
		b.WriteString(`<a href="/lich?month=2026-01">Lịch</a> <a href="http://elsewhere.invalid/">out</a> <a href="/old">old</a> <a href="/big">big</a>`)
		b.WriteString(`<a href="/news/13.html">broken</a> <a href="mailto:a@b.c">mail</a>`)
		for i, a := range s.list(-1) {
			if i == 3 {
				break
			}
			fmt.Fprintf(&b, `<a href="/news/%d.html#top">%s</a>`, a.id, a.title)
		}
		b.WriteString(`</body></html>`)
		writeBody(w, "text/html; charset=utf-8", b.String())
	case strings.HasPrefix(p, "/cat/"):
		cat, _ := strconv.Atoi(strings.TrimPrefix(p, "/cat/"))
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		all := s.list(cat)
		pages := (len(all) + s.perPage - 1) / s.perPage
		var b strings.Builder
		b.WriteString(`<html><body><a href="/">Trang chủ</a><a href="/cat/0">Cat 0</a><a href="/cat/1">Cat 1</a><ul>`)
		for i := (page - 1) * s.perPage; i < min(page*s.perPage, len(all)); i++ {
			fmt.Fprintf(&b, `<li><a href="/news/%d.html?sessionid=abc">%s</a></li>`, all[i].id, all[i].title)
		}
		b.WriteString(`</ul>`)
		for n := max(1, page-2); n <= min(pages, page+2); n++ {
			fmt.Fprintf(&b, `<a href="/cat/%d?page=%d">%d</a>`, cat, n, n)
		}
		b.WriteString(`</body></html>`)
		etagServe(w, r, "text/html; charset=utf-8", b.String())
	case strings.HasPrefix(p, "/news/"):
		id, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/news/"), ".html"))
		if id == 13 {
			http.Error(w, "boom", 500)
			return
		}
		a := s.articles[id]
		if a == nil || a.deleted {
			http.NotFound(w, r)
			return
		}
		body := fmt.Sprintf(`<html><head><link rel="canonical" href="/news/%d.html"></head><body><a href="/">Trang chủ</a><article><h1>%s</h1><p>%s</p></article></body></html>`,
			a.id, a.title, strings.ReplaceAll(a.text, "\n\n", "</p><p>"))
		etagServe(w, r, "text/html; charset=utf-8", body)
	case p == "/old":
		http.Redirect(w, r, "/news/1.html", http.StatusMovedPermanently)
	case p == "/big":
		writeBody(w, "text/html", "<html>"+strings.Repeat("x", 70_000)+"</html>")
	case p == "/lich":
		m, _ := time.Parse("2006-01", r.URL.Query().Get("month"))
		writeBody(w, "text/html", fmt.Sprintf(`<html><body><a href="/lich?month=%s">next</a></body></html>`, m.AddDate(0, 1, 0).Format("2006-01")))
	case p == "/sitemap.xml":
		writeBody(w, "application/xml", fmt.Sprintf(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/sitemap-1.xml.gz</loc></sitemap></sitemapindex>`, s.srv.URL))
	case p == "/sitemap-1.xml.gz":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, a := range s.list(-1) {
			fmt.Fprintf(&b, `<url><loc>%s/news/%d.html</loc><lastmod>%s</lastmod></url>`, s.srv.URL, a.id, a.modified.Format(time.RFC3339))
		}
		b.WriteString(`</urlset>`)
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write([]byte(b.String()))
		zw.Close()
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(z.Bytes())
	case p == "/feed.rss":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
		for i, a := range s.list(-1) {
			if i == 5 {
				break
			}
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s/news/%d.html</link><pubDate>%s</pubDate></item>`, a.title, s.srv.URL, a.id, a.published.Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		writeBody(w, "application/rss+xml", b.String())
	default:
		http.NotFound(w, r)
	}
}

func writeBody(w http.ResponseWriter, ct, body string) {
	w.Header().Set("Content-Type", ct)
	w.Write([]byte(body))
}

func etagServe(w http.ResponseWriter, r *http.Request, ct, body string) {
	etag := fmt.Sprintf(`"%08x"`, fnv(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, ct, body)
}

func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}
