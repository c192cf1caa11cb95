package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

type harness struct {
	t     *testing.T
	clock *simClock
	site  *simSite
	arch  *memArchive
	front *memFrontier
	c     *Crawler
	bsite bantin.Site
}

func newHarness(t *testing.T, n int) *harness {
	t.Helper()
	clock := &simClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, bantin.Location)}
	h := &harness{t: t, clock: clock, site: newSimSite(t, clock, n), arch: newMemArchive(), front: newMemFrontier()}
	c, err := New(Options{Archiver: h.arch, Frontier: h.front, Extract: fakeExtract, Now: clock.Now,
		MaxBodySize: 64 << 10, RetryBase: time.Millisecond, MaxRetryAt: 10 * time.Millisecond,
		Limits: Limits{MaxCalendar: 20}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h.c = c
	s, err := SiteForURL(h.site.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	s.Delay, s.Parallelism = 0, 4
	h.bsite = s
	return h
}

func (h *harness) run() bantin.Run {
	h.t.Helper()
	r, err := h.c.Run(context.Background(), h.bsite)
	if err != nil {
		h.t.Fatalf("run: %v", err)
	}
	return r
}

func (h *harness) url(path string) string { return h.site.srv.URL + path }

func TestRunFirstCrawl(t *testing.T) {
	h := newHarness(t, 60)
	r := h.run()
	if r.Status != "ok" {
		t.Errorf("status %q", r.Status)
	}
	// 60 articles, #13 always fails.
	if r.New != 59 {
		t.Errorf("new = %d, want 59", r.New)
	}
	for id := 1; id <= 60; id++ {
		u := h.url(fmt.Sprintf("/news/%d.html", id))
		_, ok := h.arch.articles[u]
		if id == 13 {
			if ok || h.front.state(u) != bantin.StateFailed {
				t.Errorf("%s: saved=%v state=%s, want failed", u, ok, h.front.state(u))
			}
			continue
		}
		if !ok {
			t.Errorf("article %s not saved", u)
		}
	}
	if r.Errors != 1 {
		t.Errorf("errors = %d, want 1 (the always failing page)", r.Errors)
	}
	checks := []struct {
		name string
		got  int
		want func(int) bool
	}{
		{"private fetched", int(h.site.hit("/private/secret")), func(n int) bool { return n == 0 }},
		{"calendar pages", int(h.site.hit("/lich")), func(n int) bool { return n > 0 && n <= 20 }},
		{"robots fetched", int(h.site.hit("/robots.txt")), func(n int) bool { return n == 1 }},
		{"flaky retried", int(h.site.hit("/news/7.html")), func(n int) bool { return n == 3 }},
		{"failing retried", int(h.site.hit("/news/13.html")), func(n int) bool { return n == 4 }},
		{"sitemap child", int(h.site.hit("/sitemap-1.xml.gz")), func(n int) bool { return n == 1 }},
		{"feed", int(h.site.hit("/feed.rss")), func(n int) bool { return n == 1 }},
		{"redirect", int(h.site.hit("/old")), func(n int) bool { return n == 1 }},
		{"article fetched once", int(h.site.hit("/news/20.html")), func(n int) bool { return n == 1 }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.want(c.got) {
				t.Errorf("%s: got %d", c.name, c.got)
			}
		})
	}
	if got, want := h.arch.captured(func(bantin.Exchange) bool { return true }), int(h.site.requests.Load())-1; got != want {
		t.Errorf("captures = %d, want every response but the oversized one (%d)", got, want)
	}
	if got := h.arch.captured(func(e bantin.Exchange) bool { return e.Status == 503 }); got != 2 {
		t.Errorf("503 captures = %d, want 2", got)
	}
	if r.Fetched != h.arch.captured(func(bantin.Exchange) bool { return true }) {
		t.Errorf("run.Fetched %d != captures", r.Fetched)
	}
	for _, e := range h.arch.captures {
		if !strings.HasPrefix(e.ReqHeader.Get("User-Agent"), "bantin/") {
			t.Fatalf("user agent %q", e.ReqHeader.Get("User-Agent"))
		}
		if e.ReqHeader.Get(taskHeader) != "" {
			t.Fatalf("internal header leaked in %s", e.URL)
		}
	}
	if len(h.front.runs) != 1 || h.front.runs[0].Status != "ok" || h.front.runs[0].New != 59 {
		t.Errorf("stored run %+v", h.front.runs)
	}
}

// TestRunRefillsAfterAdditions checks that a crawl asks the frontier for due URLs again only
// once something was added to it (or nothing is in flight), not after every page.
func TestRunRefillsAfterAdditions(t *testing.T) {
	h := newHarness(t, 60)
	r := h.run()
	t.Logf("fetched %d, due queries %d", r.Fetched, h.front.dueCalls)
	// Asked after every page, it made 111 queries for 105 responses; now about half as many.
	if r.Fetched < 60 || h.front.dueCalls*4 > r.Fetched*3 {
		t.Errorf("%d due queries for %d responses, want at most three for four", h.front.dueCalls, r.Fetched)
	}
}

func TestRunIncremental(t *testing.T) {
	h := newHarness(t, 100)
	first := h.run()
	firstReq := h.site.requests.Load()

	t.Run("unchanged", func(t *testing.T) {
		before := h.site.requests.Load()
		r := h.run()
		got := h.site.requests.Load() - before
		ratio := float64(got) / float64(firstReq)
		t.Logf("unchanged re-run: %d responses, first run %d: ratio %.3f", got, firstReq, ratio)
		if ratio >= 0.10 {
			t.Errorf("unchanged re-run fetched %.1f%% of the first run", 100*ratio)
		}
		if r.New != 0 || r.Changed != 0 || r.Gone != 0 {
			t.Errorf("unchanged re-run counts %+v", r)
		}
		if r.Fetched != int(got) {
			t.Errorf("run.Fetched %d, server saw %d", r.Fetched, got)
		}
	})

	t.Run("new edited deleted", func(t *testing.T) {
		h.clock.Advance(3 * time.Hour)
		h.site.mu.Lock()
		for range 12 {
			h.site.add()
		}
		ed := h.site.articles[40]
		ed.text += "\n\nĐoạn đính chính."
		ed.modified = h.clock.Now()
		h.site.mu.Unlock()
		r := h.run()
		if r.New != 12 {
			t.Errorf("new = %d, want 12", r.New)
		}
		if r.Changed != 1 {
			t.Errorf("changed = %d, want 1", r.Changed)
		}
		if e := h.arch.articles[h.url("/news/40.html")]; e == nil || e.Versions != 2 {
			t.Errorf("edited article entry %+v", e)
		}
		_ = first
	})

	t.Run("deleted when due", func(t *testing.T) {
		h.site.mu.Lock()
		h.site.articles[100].deleted = true
		h.site.mu.Unlock()
		h.clock.Advance(30 * 24 * time.Hour)
		r := h.run()
		if _, ok := h.arch.gone[h.url("/news/100.html")]; !ok || r.Gone < 1 {
			t.Errorf("deleted article not marked gone (run gone=%d)", r.Gone)
		}
		if h.front.state(h.url("/news/100.html")) != bantin.StateGone {
			t.Errorf("frontier state %s", h.front.state(h.url("/news/100.html")))
		}
		if r.Unchanged == 0 {
			t.Errorf("revalidation after 30 days counted no unchanged article: %+v", r)
		}
	})

	t.Run("failed page retried on a later run", func(t *testing.T) {
		before := h.site.hit("/news/13.html")
		h.run()
		if h.site.hit("/news/13.html") <= before {
			t.Errorf("failed page not retried")
		}
	})
}

func TestRunInterruptedThenResumed(t *testing.T) {
	h := newHarness(t, 80)
	ctx, cancel := context.WithCancel(context.Background())
	h.c.opts.Progress = cancelAfter{n: 25, cancel: cancel}
	r, err := h.c.Run(ctx, h.bsite)
	if !errors.Is(err, context.Canceled) || r.Status != "interrupted" {
		t.Fatalf("interrupted run: status %q err %v", r.Status, err)
	}
	saved := len(h.arch.articles)
	if saved >= 79 {
		t.Fatalf("run was not interrupted early enough (%d saved)", saved)
	}
	h.c.opts.Progress = NopProgress{}
	r2 := h.run()
	if got := len(h.arch.articles); got != 79 {
		t.Errorf("after resume: %d articles, want 79 (first run had %d, second added %d)", got, saved, r2.New)
	}
}

type cancelAfter struct {
	n      int
	cancel context.CancelFunc
}

func (c cancelAfter) Started(string, int64)      {}
func (c cancelAfter) Finished(bantin.Run, error) {}
func (c cancelAfter) Update(s Stats) {
	if s.Fetched >= c.n {
		c.cancel()
	}
}

func TestRunArchiveFailureStops(t *testing.T) {
	h := newHarness(t, 30)
	h.arch.failAt = 10
	r, err := h.c.Run(context.Background(), h.bsite)
	if err == nil || !strings.Contains(err.Error(), "disk full") || r.Status != "failed" {
		t.Fatalf("status %q err %v, want failed with the archive error", r.Status, err)
	}
	if got := h.site.requests.Load(); got > 20 {
		t.Errorf("crawl went on after the archive failed: %d requests", got)
	}
}

func TestRunMaxPages(t *testing.T) {
	h := newHarness(t, 60)
	h.bsite.MaxPages = 10
	r := h.run()
	// Which 10 pages come first depends on timing (they may all be listings), so only the bound
	// is checked, and that the run stopped short of the site.
	if r.New > 10 || len(h.arch.articles) >= 59 {
		t.Errorf("max_pages 10: %d new, %d articles filed; want at most 10 new and the site unfinished", r.New, len(h.arch.articles))
	}
	h.bsite.MaxPages = 0
	h.run()
	if len(h.arch.articles) != 59 {
		t.Errorf("after a full run: %d articles, want 59", len(h.arch.articles))
	}
}

func TestNewDisablesCompression(t *testing.T) {
	c, err := New(Options{Archiver: newMemArchive(), Frontier: newMemFrontier(), Extract: fakeExtract,
		Client: &http.Client{Transport: &http.Transport{}}})
	if err != nil {
		t.Fatal(err)
	}
	if tr := c.opts.Client.Transport.(*http.Transport); !tr.DisableCompression {
		t.Error("a client asking for gzip would hide what the server sent")
	}
}

func TestNewRequiresDependencies(t *testing.T) {
	if _, err := New(Options{}); !errors.Is(err, bantin.ErrInvalid) {
		t.Fatalf("New(Options{}) = %v, want ErrInvalid", err)
	}
}
