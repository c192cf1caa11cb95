package crawler

import (
	"bytes"
	"compress/gzip"
	"testing"
	"time"
)

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return b.Bytes()
}

func TestParseSitemapOrFeed(t *testing.T) {
	urlset := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> http://a.vn/1.html </loc><lastmod>2026-05-01T10:00:00+07:00</lastmod></url><url><loc>http://a.vn/2.html</loc></url></urlset>`
	tests := []struct {
		name    string
		body    []byte
		urls    []string
		sitemap bool
		lastmod time.Time
	}{
		{"urlset", []byte(urlset), []string{"http://a.vn/1.html", "http://a.vn/2.html"}, false, time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)},
		{"gzip urlset", gz(t, urlset), []string{"http://a.vn/1.html", "http://a.vn/2.html"}, false, time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)},
		{"index", []byte(`<sitemapindex><sitemap><loc>http://a.vn/s1.xml.gz</loc><lastmod>2026-05-02</lastmod></sitemap></sitemapindex>`), []string{"http://a.vn/s1.xml.gz"}, true, time.Date(2026, 5, 1, 17, 0, 0, 0, time.UTC)},
		{"rss", []byte(`<rss><channel><link>http://a.vn/</link><item><title>x</title><link>http://a.vn/3.html</link><pubDate>Fri, 01 May 2026 10:00:00 +0700</pubDate></item></channel></rss>`), []string{"http://a.vn/3.html"}, false, time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)},
		{"atom", []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://a.vn/"/><entry><link rel="alternate" href="http://a.vn/4.html"/><updated>2026-05-01T03:00:00Z</updated></entry></feed>`), []string{"http://a.vn/4.html"}, false, time.Date(2026, 5, 1, 3, 0, 0, 0, time.UTC)},
		{"windows-1258 rss", []byte("<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss><channel><item><title>Tin t\xf2c</title><link>http://a.vn/5.html</link></item></channel></rss>"), []string{"http://a.vn/5.html"}, false, time.Time{}},
		{"text", []byte("http://a.vn/6.html\nhttp://a.vn/7.html\n"), []string{"http://a.vn/6.html", "http://a.vn/7.html"}, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSitemapOrFeed(tt.body, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.urls) {
				t.Fatalf("got %+v, want %v", got, tt.urls)
			}
			for i, f := range got {
				if f.URL != tt.urls[i] || f.Sitemap != tt.sitemap {
					t.Errorf("item %d = %+v", i, f)
				}
			}
			if !got[0].LastMod.Equal(tt.lastmod) {
				t.Errorf("lastmod %v, want %v", got[0].LastMod, tt.lastmod)
			}
		})
	}
}

func TestParseSitemapBomb(t *testing.T) {
	big := gz(t, "<urlset>"+string(bytes.Repeat([]byte(" "), 2<<20))+"</urlset>")
	if _, err := parseSitemapOrFeed(big, 1<<20); err == nil {
		t.Error("decompressing past the limit gave no error")
	}
}

func FuzzParseSitemapOrFeed(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>http://a.vn/</loc></url></urlset>`))
	f.Add([]byte(`<rss><item><link>x</link></item></rss>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseSitemapOrFeed(b, 1<<16)
	})
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {"junk", 0}, {"-3", 0},
		{"Mon, 01 Jun 2026 00:00:30 GMT", 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := retryAfter(tt.in, now); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRobots(t *testing.T) {
	body := []byte("User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://a.vn/s.xml\n\nUser-agent: bantin\nDisallow: /no-bantin/\nCrawl-delay: 5\n")
	r := parseRobots(200, body, "bantin")
	if r.allowed("/no-bantin/x") || !r.allowed("/private/ok-for-bantin") || r.CrawlDelay != 5*time.Second || len(r.Sitemaps) != 1 {
		t.Errorf("robots %+v", r)
	}
	if !parseRobots(404, nil, "bantin").allowed("/x") {
		t.Error("404 robots.txt must allow everything")
	}
	if parseRobots(503, nil, "bantin").allowed("/x") {
		t.Error("5xx robots.txt must disallow the host for the run")
	}
}
