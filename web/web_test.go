package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newTestServer builds a Server over the fixtures; edit may change the options first.
func newTestServer(t *testing.T, edit func(*Options)) (http.Handler, *fakeSearcher, *fakeArchive) {
	t.Helper()
	s, a := newFixtures()
	opts := Options{Searcher: s, Archive: a, Logger: quietLogger(),
		Now: func() time.Time { return time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC) }}
	if edit != nil {
		edit(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return srv.Handler(), s, a
}

// do runs one request through h; header pairs are name, value, name, value...
func do(t testing.TB, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decodeJSON(t testing.TB, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
}

func TestNewRequiresSearcher(t *testing.T) {
	if _, err := New(Options{}); !errors.Is(err, bantin.ErrInvalid) {
		t.Fatalf("New without searcher: err = %v, want ErrInvalid", err)
	}
}

func TestStatusCodes(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	tests := []struct {
		method, path string
		want         int
	}{
		{"GET", "/", 200},
		{"GET", "/?q=chuy%E1%BB%83n", 200},
		{"GET", "/sites", 200},
		{"GET", "/articles/a1b2c3d4e5f60001", 200},
		{"GET", "/articles/a1b2c3d4e5f60001?v=1", 200},
		{"GET", "/articles/ffffffffffffffff", 404},
		{"GET", "/articles/..%2f..%2fetc", 404},
		{"GET", "/snapshot/100", 200},
		{"GET", "/snapshot/12345", 404},
		{"GET", "/snapshot/abc", 404},
		{"GET", "/snapshot/-1", 404},
		{"GET", "/api/search?q=hội+nghị", 200},
		{"GET", "/api/articles/a1b2c3d4e5f60001", 200},
		{"GET", "/api/articles/nope", 404},
		{"GET", "/api/sites", 200},
		{"GET", "/api/runs?site=sotttt&limit=5", 200},
		{"GET", "/api/runs?limit=0", 400},
		{"GET", "/api/nope", 404},
		{"GET", "/healthz", 200},
		{"GET", "/export?format=csv", 200},
		{"GET", "/export?format=xml", 400},
		{"GET", "/static/nope.css", 404},
		{"GET", "/nope", 404},
		{"POST", "/api/crawl?site=sotttt", 404}, // no TriggerCrawl configured
		{"DELETE", "/api/search", 405},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := do(t, h, tt.method, tt.path)
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d; body %.300s", rec.Code, tt.want, rec.Body)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	for _, path := range []string{"/", "/sites", "/articles/a1b2c3d4e5f60001", "/api/search", "/healthz", "/nope", "/?q=*"} {
		t.Run(path, func(t *testing.T) {
			rec := do(t, h, "GET", path)
			hd := rec.Header()
			csp := hd.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") {
				t.Errorf("page CSP allows unsafe-inline: %q", csp)
			}
			for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
				"Referrer-Policy": "no-referrer"} {
				if got := hd.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestSnapshot(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	t.Run("html", func(t *testing.T) {
		rec := do(t, h, "GET", "/snapshot/100")
		hd := rec.Header()
		csp := hd.Get("Content-Security-Policy")
		if !strings.HasPrefix(csp, "sandbox;") {
			t.Errorf("CSP %q does not start with sandbox", csp)
		}
		for _, want := range []string{"default-src 'none'", "img-src data:", "style-src 'unsafe-inline'", "frame-ancestors 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "script-src") {
			t.Errorf("snapshot CSP must not allow any script: %q", csp)
		}
		if got := hd.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("nosniff = %q", got)
		}
		if got := hd.Get("X-Frame-Options"); got != "SAMEORIGIN" {
			t.Errorf("X-Frame-Options = %q, want SAMEORIGIN", got)
		}
		if got := hd.Get("Content-Type"); got != "text/html; charset=utf-8" {
			t.Errorf("Content-Type = %q", got)
		}
		if rec.Body.String() != hostilePage {
			t.Errorf("payload not served as archived")
		}
	})
	t.Run("pdf is a download", func(t *testing.T) {
		rec := do(t, h, "GET", "/snapshot/999")
		if got := rec.Header().Get("Content-Type"); got != "application/octet-stream" {
			t.Errorf("Content-Type = %q, want application/octet-stream", got)
		}
		if got := rec.Header().Get("Content-Disposition"); got != `attachment; filename=ke-hoach.pdf` {
			t.Errorf("Content-Disposition = %q", got)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Security-Policy"), "sandbox;") {
			t.Errorf("download lacks the sandbox CSP")
		}
	})
	t.Run("no archive", func(t *testing.T) {
		h, _, _ := newTestServer(t, func(o *Options) { o.Archive = nil })
		if rec := do(t, h, "GET", "/snapshot/100"); rec.Code != 503 {
			t.Errorf("status = %d, want 503", rec.Code)
		}
	})
}

// tagPattern finds HTML tags that crawled text could have smuggled in.
var tagPattern = regexp.MustCompile(`(?i)<\s*(script|img|svg\s+onload|iframe[^>]*srcdoc|object|embed|b)\b`)

func TestEscaping(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	for _, path := range []string{"/", "/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i", "/articles/a1b2c3d4e5f60001",
		"/articles/a1b2c3d4e5f60001?v=1", "/sites", "/?q=%3Cscript%3Ealert(1)%3C/script%3E"} {
		t.Run(path, func(t *testing.T) {
			rec := do(t, h, "GET", path)
			body := rec.Body.String()
			if m := tagPattern.FindString(body); m != "" {
				t.Fatalf("unescaped %q in %s:\n%s", m, path, body)
			}
			if strings.Contains(body, `onerror="`) {
				t.Fatalf("event handler attribute leaked")
			}
		})
	}
	t.Run("only mark survives in snippets", func(t *testing.T) {
		body := do(t, h, "GET", "/?q=chuy%E1%BB%83n").Body.String()
		if !strings.Contains(body, "<mark>chuyển đổi số</mark>") {
			t.Errorf("highlight lost")
		}
		if !strings.Contains(body, "&lt;script&gt;window.__bantin_xss=3&lt;/script&gt;") {
			t.Errorf("hostile snippet script not shown as text")
		}
		if !strings.Contains(body, "&lt;b&gt;") {
			t.Errorf("escaped entity in snippet not kept as text")
		}
	})
}

func TestSafeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a <mark>b</mark> c", "a <mark>b</mark> c"},
		{"<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"},
		{"&lt;script&gt;", "&lt;script&gt;"},
		{"<mark onclick=x>b</mark>", "&lt;mark onclick=x&gt;b"},
		{"<mark><mark>b</mark></mark>", "<mark>b</mark>"},
		{"<mark>open", "<mark>open</mark>"},
		{"</mark>close", "close"},
		{"<MARK>b</MARK>", "&lt;MARK&gt;b&lt;/MARK&gt;"},
		{`"quoted" & 'single'`, "&#34;quoted&#34; &amp; &#39;single&#39;"},
		{"&amp;lt;mark&amp;gt;", "&amp;lt;mark&amp;gt;"},
		{"\xff\xfe<mark>x</mark>", "\xff\xfe<mark>x</mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := string(safeSnippet(tt.in)); got != tt.want {
				t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHostileQueries(t *testing.T) {
	h, s, _ := newTestServer(t, nil)
	deep := strings.Repeat("(", 50) + "a" + strings.Repeat(")", 50)
	tests := []struct {
		name, query string
		want        int
	}{
		{"huge", "q=" + strings.Repeat("văn+", 200), 400},
		{"huge query string", "q=" + strings.Repeat("x", maxRawQuery), 414},
		{"deep nesting", "q=" + url.QueryEscape(deep), 400},
		{"bare wildcard", "q=*", 400},
		{"one-letter prefix", "q=v*", 400},
		{"question wildcard", "q=%3F%3F", 400},
		{"field wildcard", "q=title:*", 400},
		{"regex", "q=%2F.*%2F", 400},
		{"field regex", "q=title:%2Fab%2B%2F", 400},
		{"broken utf-8", "q=%ff%fe%fd", 400},
		{"broken utf-8 site", "site=%c3%28", 400},
		{"control chars", "q=a%00b", 400},
		{"too many terms", "q=" + strings.Repeat("a+", 100), 400},
		{"limit", "limit=100000", 400},
		{"negative offset", "offset=-1", 400},
		{"deep offset", "offset=999999", 400},
		{"bad date", "from=2024-13-45", 400},
		{"inverted range", "from=2025-01-02&to=2024-01-01", 400},
		{"bad sort", "sort=random", 400},
		{"many sites", strings.Repeat("site=x&", 60), 400},
		{"ok prefix", "q=v%C4%83n*", 200},
		{"ok phrase with star", "q=%22a+*+b%22", 200},
		{"bad facets flag", "facets=maybe", 400},
		{"ok rfc3339", "from=2025-01-01T00:00:00%2B07:00", 200},
		{"ok fields", "q=title:h%E1%BB%99i+published:%3E%3D2024-01-01", 200},
		{"ok open range", "q=h%E1%BB%99i+published:*..2024-01", 200},
		{"ok bracket range", "q=h%E1%BB%99i+published:%5B2023+TO+*%5D", 200},
		{"bracket range then a short prefix", "q=published:%5B2023+TO+*%5D+a*", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.calls
			rec := do(t, h, "GET", "/api/search?"+tt.query)
			if rec.Code != tt.want {
				t.Fatalf("API status = %d, want %d; body %.200s", rec.Code, tt.want, rec.Body)
			}
			if tt.want >= 400 {
				var e apiError
				decodeJSON(t, rec, &e)
				if e.Error == "" || e.Status != tt.want {
					t.Errorf("error body = %+v", e)
				}
				if s.calls != before {
					t.Errorf("hostile query reached the searcher")
				}
			}
			if strings.HasPrefix(tt.query, "facets=") {
				return // an API-only parameter: the page ignores it
			}
			page := do(t, h, "GET", "/?"+tt.query)
			if page.Code != tt.want {
				t.Fatalf("page status = %d, want %d", page.Code, tt.want)
			}
			if tt.want == 400 && !strings.Contains(page.Body.String(), `id="error"`) {
				t.Errorf("page does not show the error message")
			}
		})
	}
}

// errSearcher fails every search with err, or panics when err is nil.
type errSearcher struct{ err error }

func (e errSearcher) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	if e.err == nil {
		panic("searcher exploded")
	}
	return nil, e.err
}

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"invalid", fmt.Errorf("search: parse: unbalanced quote: %w", bantin.ErrInvalid), 400},
		{"not found", bantin.ErrNotFound, 404},
		{"locked", fmt.Errorf("open: %w", bantin.ErrLocked), 409},
		{"unavailable", fmt.Errorf("index: %w", bantin.ErrUnavailable), 503},
		{"stale", bantin.ErrIndexStale, 503},
		{"deadline", fmt.Errorf("bleve: %w", context.DeadlineExceeded), 503},
		{"unknown", errors.New("disk on fire at /secret/path"), 500},
		{"panic", nil, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newTestServer(t, func(o *Options) { o.Searcher = errSearcher{tt.err} })
			rec := do(t, h, "GET", "/api/search?q=x")
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d", rec.Code, tt.want)
			}
			var e apiError
			decodeJSON(t, rec, &e)
			if e.Status != tt.want || e.Error == "" {
				t.Errorf("body = %+v", e)
			}
			if strings.Contains(e.Error, "/secret/path") {
				t.Errorf("internal error details leaked: %q", e.Error)
			}
			if page := do(t, h, "GET", "/?q=x"); page.Code != tt.want {
				t.Errorf("page status = %d, want %d", page.Code, tt.want)
			}
		})
	}
}

func TestRequestTimeout(t *testing.T) {
	h, s, _ := newTestServer(t, func(o *Options) { o.RequestTimeout = 20 * time.Millisecond })
	s.delay = time.Minute // the fake waits on ctx, so the time limit is what ends it
	rec := do(t, h, "GET", "/api/search?q=x")
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503", rec.Code)
	}
	var e apiError
	decodeJSON(t, rec, &e)
	if !strings.Contains(e.Error, "too long") {
		t.Errorf("message = %q", e.Error)
	}
}

// blockingSearcher signals entered when a search starts and holds it until release closes.
type blockingSearcher struct {
	entered chan struct{}
	release chan struct{}
}

func (b blockingSearcher) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	b.entered <- struct{}{}
	<-b.release
	return &bantin.Result{}, nil
}

func TestSearchesTakeTurns(t *testing.T) {
	bs := blockingSearcher{entered: make(chan struct{}, 1), release: make(chan struct{})}
	srv, err := New(Options{Searcher: bs, Logger: quietLogger(), MaxSearches: 1, RequestTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	first := make(chan int)
	go func() { first <- do(t, h, "GET", "/api/search?q=a").Code }()
	<-bs.entered // the first search holds the only slot
	rec := do(t, h, "GET", "/api/search?q=b")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "too long") {
		t.Errorf("second search while the slot is held: %d %s", rec.Code, rec.Body)
	}
	close(bs.release)
	if code := <-first; code != 200 {
		t.Errorf("first search: %d", code)
	}
	if code := do(t, h, "GET", "/api/search?q=c").Code; code != 200 {
		t.Errorf("after the slot is free: %d", code)
	}
}
