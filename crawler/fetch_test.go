package crawler

import (
	"net/url"
	"testing"

	"github.com/gocolly/colly/v2"
)

// TestAbsoluteURLMatchesColly checks that resolving links against a base parsed once per page
// gives what colly's Request.AbsoluteURL gives, link after link (the base must not change).
func TestAbsoluteURLMatchesColly(t *testing.T) {
	refs := []string{"", "#top", "a.html", "/b/c?d=1#e", "../x/../y", "//other.example/z", "https://h.example:8080/p",
		"?q=1", "  /spaced  ", "/path with space", "/%zz", "/%", "javascript:alert(1)", "mailto:a@b.c",
		"/tin-tuc/bài-viết.html", "http://[::1]/v6", "http://a b/", "\\\\back\\slash", "./trang-2", "."}
	pages := []string{"http://sovhttdl.example.gov.vn/tin-tuc/", "https://h.example/a/b/c.aspx?x=1#f", "http://127.0.0.1:8080/"}
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			r, p := pageAt(t, page)
			for round := 0; round < 2; round++ {
				for _, ref := range refs {
					if got, want := p.absoluteURL(ref), r.AbsoluteURL(ref); got != want {
						t.Errorf("round %d, ref %q: got %q, colly %q", round, ref, got, want)
					}
				}
			}
		})
	}
}

// TestLinkCacheMatchesColly checks that links resolved through one run's cache, page after
// page of different origins, give what colly's Request.AbsoluteURL gives on each page, and
// the canonical form Canonicalize gives: a cached entry never leaks to a page it does not fit.
func TestLinkCacheMatchesColly(t *testing.T) {
	refs := []string{"", "#top", "a.html", "/", "/b/c?d=1#e", "/b/c?d=1#f", "../x/../y", "//other.example/z",
		"/\\other.example/z", "/\t/other.example/z", "/\n/other.example/z", "\t/x", "/x\t", "/x ",
		"https://h.example:8080/p", "http://h.example/p#frag", "HTTP://h.example/q", "http:relative",
		"https:/one-slash", "http://user:pw@h.example/u", "?q=1", "/path with space", "/%zz", "/%",
		"javascript:alert(1)", "mailto:a@b.c", "/tin-tuc/bài-viết.html", "http://[::1]/v6", "http://a b/",
		"\\\\back\\slash", "./trang-2", ".", "/a/./b/../c", "/print/", "/x?utm_source=a&b=2"}
	pages := []string{"http://sovhttdl.example.gov.vn/tin-tuc/", "https://h.example/a/b/c.aspx?x=1#f",
		"http://127.0.0.1:8080/", "http://h.example/a/", "http://user:pw@h.example/a/", "https://h.example:8443/z",
		"http://sovhttdl.example.gov.vn/other/page.html"}
	cache := newLinkCache()
	for round := 0; round < 2; round++ {
		for _, page := range pages {
			t.Run(page, func(t *testing.T) {
				r, p := pageAt(t, page)
				for _, ref := range refs {
					rs := cache.resolve(p, ref)
					want := r.AbsoluteURL(ref)
					if rs.abs != want {
						t.Errorf("round %d, ref %q: got %q, colly %q", round, ref, rs.abs, want)
					}
					if want == "" {
						continue
					}
					c, err := Canonicalize(want)
					if rs.canon != c || (err == nil) != (rs.err == nil) {
						t.Errorf("round %d, ref %q: canonical %q (%v), want %q (%v)", round, ref, rs.canon, rs.err, c, err)
					}
				}
			})
		}
	}
	if cache.n == 0 {
		t.Error("nothing was cached")
	}
}

// pageAt returns colly's request for page and a pending fetch with page as its base.
func pageAt(t *testing.T, page string) (*colly.Request, *pending) {
	t.Helper()
	pu, err := url.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	p := &pending{}
	p.setBase(page, "", false)
	return &colly.Request{URL: pu}, p
}
