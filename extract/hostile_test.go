package extract

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin/testsite"
)

// TestHostilePages extracts the simulator's hostile pages (deep nesting, 1 MiB attributes,
// invalid UTF-8, mixed charsets, 100,000 links, NUL bytes, entity bombs ...): no panic, no
// error but for an empty body, and only http(s) image and attachment URLs.
func TestHostilePages(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	srv, err := testsite.Start(ctx, testsite.Options{Articles: 5, Hostile: true, Families: []string{"php"}, CrawlDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var base string
	for _, p := range srv.Portals {
		if p.Family == "hostile" {
			base = strings.TrimSuffix(p.URL, "/")
		}
	}
	if base == "" {
		t.Fatal("no hostile portal")
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	paths := []string{"/nested", "/big-attr", "/bad-utf8", "/mixed-charset", "/xss", "/binary-as-html",
		"/xss-title-only.html", "/empty", "/not-html.html", "/double-encoded", "/zero-width", "/many-links",
		"/null-bytes", "/overlong-line", "/unclosed", "/entity-bomb", "/json-as-html", "/long-url", "/svg", "/iframe"}
	for _, p := range paths {
		t.Run(strings.TrimPrefix(p, "/"), func(t *testing.T) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Skipf("GET %s: %v", p, err)
			}
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
			resp.Body.Close()
			u, _ := url.Parse(base + p)
			start := time.Now()
			a, err := Article(body, u, Options{ContentType: resp.Header.Get("Content-Type")})
			took := time.Since(start)
			if len(body) == 0 {
				if err == nil {
					t.Error("no error for an empty body")
				}
				return
			}
			if err != nil {
				t.Fatalf("%d bytes: %v", len(body), err)
			}
			if strings.ContainsAny(a.Title+a.Text, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060") {
				t.Errorf("bidi or word-joiner controls left in %q", truncateRunes(a.Title, 80))
			}
			// Markup shown as text stays text (the web layer escapes it); links must never
			// carry a script.
			for _, im := range a.Images {
				if !strings.HasPrefix(im.Src, "http") {
					t.Errorf("image src %q", truncateRunes(im.Src, 80))
				}
			}
			for _, at := range a.Attachments {
				if !strings.HasPrefix(at.URL, "http") {
					t.Errorf("attachment url %q", truncateRunes(at.URL, 80))
				}
			}
			t.Logf("%d bytes in %s: kind %s, title %q, %d runes of text", len(body), took.Round(time.Millisecond), a.Kind, truncateRunes(a.Title, 60), runeLen(a.Text))
		})
	}
}
