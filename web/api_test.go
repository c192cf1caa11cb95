package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestAPISearchJSON(t *testing.T) {
	h, s, _ := newTestServer(t, nil)
	t.Run("keys and values", func(t *testing.T) {
		rec := do(t, h, "GET", "/api/search?q=chuy%E1%BB%83n&site=sotttt&limit=1&sort=newest")
		var raw map[string]json.RawMessage
		decodeJSON(t, rec, &raw)
		var keys []string
		for k := range raw {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if want := []string{"facets", "hits", "next", "took_ms", "total"}; !slices.Equal(keys, want) {
			t.Errorf("keys = %v, want %v", keys, want)
		}
		var res struct {
			Total  uint64
			Hits   []map[string]any
			Facets map[string][]bantin.Count
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 || len(res.Hits) != 1 {
			t.Fatalf("total %d hits %d, want 2 and 1", res.Total, len(res.Hits))
		}
		var hitKeys []string
		for k := range res.Hits[0] {
			hitKeys = append(hitKeys, k)
		}
		sort.Strings(hitKeys)
		if want := []string{"id", "published", "score", "site", "snippet", "title", "url"}; !slices.Equal(hitKeys, want) {
			t.Errorf("hit keys = %v, want %v", hitKeys, want)
		}
		if res.Hits[0]["published"] != "2025-03-01" {
			t.Errorf("published = %v", res.Hits[0]["published"])
		}
		if s.last.Sort != bantin.SortNewest || !slices.Equal(s.last.Sites, []string{"sotttt"}) || s.last.Limit != 1 {
			t.Errorf("query passed on = %+v", s.last)
		}
		if len(res.Facets["site"]) != 1 || len(res.Facets["month"]) == 0 {
			t.Errorf("facets = %v", res.Facets)
		}
		if strings.Contains(rec.Body.String(), "<script") {
			t.Errorf("JSON carries a raw <script (must be \\u003c escaped)")
		}
	})
	t.Run("empty result has arrays, not null", func(t *testing.T) {
		rec := do(t, h, "GET", "/api/search?q=kh%C3%B4ngc%C3%B3")
		body := rec.Body.String()
		for _, want := range []string{`"hits":[]`, `"site":[]`, `"month":[]`, `"total":0`} {
			if !strings.Contains(body, want) {
				t.Errorf("body %s lacks %s", body, want)
			}
		}
	})
	t.Run("dates are whole days in Vietnam", func(t *testing.T) {
		do(t, h, "GET", "/api/search?from=2025-01-15&to=2025-03-01")
		if got := s.last.From.In(bantin.Location).Format("2006-01-02 15:04"); got != "2025-01-15 00:00" {
			t.Errorf("from = %s", got)
		}
		if got := s.last.To.In(bantin.Location).Format("2006-01-02 15:04:05"); got != "2025-03-01 23:59:59" {
			t.Errorf("to = %s", got)
		}
	})
}

func TestAPIArticleSitesRuns(t *testing.T) {
	h, _, _ := newTestServer(t, func(o *Options) {
		o.NextRun = func(site string) time.Time {
			if site == "sotttt" {
				return time.Date(2025, 4, 2, 6, 0, 0, 0, bantin.Location)
			}
			return time.Time{}
		}
	})
	var art articleJSON
	decodeJSON(t, do(t, h, "GET", "/api/articles/a1b2c3d4e5f60001"), &art)
	if art.Entry.ID != "a1b2c3d4e5f60001" || len(art.Versions) != 2 || len(art.Captures) != 2 {
		t.Errorf("article: id %q, %d versions, %d captures", art.Entry.ID, len(art.Versions), len(art.Captures))
	}
	var sites struct{ Sites []SiteStats }
	decodeJSON(t, do(t, h, "GET", "/api/sites"), &sites)
	if len(sites.Sites) != 2 || sites.Sites[0].NextRun.IsZero() || !sites.Sites[1].NextRun.IsZero() {
		t.Errorf("sites = %+v", sites.Sites)
	}
	var runs struct{ Runs []bantin.Run }
	decodeJSON(t, do(t, h, "GET", "/api/runs?site=sovhttdl"), &runs)
	if len(runs.Runs) != 1 || runs.Runs[0].Errors != 12 {
		t.Errorf("runs = %+v", runs.Runs)
	}
}

func TestAPICrawl(t *testing.T) {
	trigger := func(ctx context.Context, site string) (int64, error) {
		switch site {
		case "busy":
			return 0, fmt.Errorf("crawl busy: %w", bantin.ErrLocked)
		case "unknown":
			return 0, fmt.Errorf("site unknown: %w", bantin.ErrNotFound)
		}
		return 42, nil
	}
	tests := []struct {
		name, token, auth, site string
		trigger                 bool
		want                    int
	}{
		{"disabled", "", "", "sotttt", false, 404},
		{"no token configured", "", "Bearer x", "sotttt", true, 403},
		{"no header", "s3cret", "", "sotttt", true, 401},
		{"wrong token", "s3cret", "Bearer s3cre", "sotttt", true, 401},
		{"basic auth", "s3cret", "Basic czNjcmV0", "sotttt", true, 401},
		{"ok", "s3cret", "Bearer s3cret", "sotttt", true, 202},
		{"no site", "s3cret", "Bearer s3cret", "", true, 400},
		{"locked", "s3cret", "Bearer s3cret", "busy", true, 409},
		{"unknown site", "s3cret", "Bearer s3cret", "unknown", true, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := newTestServer(t, func(o *Options) {
				o.Token = tt.token
				if tt.trigger {
					o.TriggerCrawl = trigger
				}
			})
			rec := do(t, h, "POST", "/api/crawl?site="+tt.site, "Authorization", tt.auth)
			if rec.Code != tt.want {
				t.Fatalf("status = %d, want %d; %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if tt.want == 202 && !strings.Contains(rec.Body.String(), `"run_id":42`) {
				t.Errorf("body = %s", rec.Body)
			}
			if get := do(t, h, "GET", "/api/crawl?site=x"); get.Code != 405 && tt.trigger {
				t.Errorf("GET /api/crawl = %d, want 405", get.Code)
			}
		})
	}
}

func TestExportCSV(t *testing.T) {
	for _, name := range []string{"each", "paging fallback"} {
		t.Run(name, func(t *testing.T) {
			h, s, _ := newTestServer(t, nil)
			if name == "paging fallback" {
				h, _, _ = newTestServer(t, func(o *Options) { o.Searcher = searchOnly{s} })
			}
			rec := do(t, h, "GET", "/export?format=csv")
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("Content-Type = %q", ct)
			}
			if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			body := rec.Body.Bytes()
			if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
				t.Fatalf("no UTF-8 BOM")
			}
			if !bytes.Contains(body, []byte("\r\n")) {
				t.Errorf("lines do not end in CRLF")
			}
			rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
			if err != nil {
				t.Fatalf("not RFC 4180: %v", err)
			}
			if len(rows) != 1+len(s.hits) {
				t.Fatalf("%d rows, want header + %d", len(rows), len(s.hits))
			}
			if !slices.Equal(rows[0], bantin.ExportCSVHeader) {
				t.Errorf("header = %v", rows[0])
			}
			var evil []string
			for _, r := range rows {
				if r[0] == "a1b2c3d4e5f60004" {
					evil = r
				}
			}
			if evil == nil || evil[3] != `'=HYPERLINK("http://evil") thể thao, "giải"` {
				t.Errorf("formula row = %q", evil)
			}
			if !strings.Contains(rows[1][8], "Đoạn hai") {
				t.Errorf("full export lacks text: %q", rows[1])
			}
		})
	}
}

func TestExportLight(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	rec := do(t, h, "GET", "/export?format=csv&full=0&site=sovhttdl")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(rec.Body.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], hitCSVHeader) || rows[1][3] != "sovhttdl" {
		t.Errorf("rows = %q", rows)
	}
	rec = do(t, h, "GET", "/export?format=jsonl")
	first, _, _ := strings.Cut(rec.Body.String(), "\n")
	var row map[string]any
	if err := json.Unmarshal([]byte(first), &row); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "url", "title", "published", "author", "lead", "text", "images", "site", "first_seen", "versions"} {
		if _, ok := row[k]; !ok {
			t.Errorf("full JSONL row lacks %q: %v", k, row)
		}
	}
}

func TestExportManyRowsFallback(t *testing.T) {
	s := &fakeSearcher{}
	for i := range 523 {
		s.hits = append(s.hits, bantin.Hit{ID: fmt.Sprintf("id%04d", i), Title: "tin", Site: "x"})
	}
	srv, err := New(Options{Searcher: searchOnly{s}, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv.Handler(), "GET", "/export?format=jsonl&q=tin")
	sc := bufio.NewScanner(rec.Body)
	n := 0
	seen := map[string]bool{}
	for sc.Scan() {
		var row hitRow
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		seen[row.ID] = true
		n++
	}
	if n != 523 || len(seen) != 523 {
		t.Errorf("%d lines, %d distinct ids; want 523 of each", n, len(seen))
	}
}

// gateSearcher sends `first` hits, then waits until release is closed before sending the rest.
type gateSearcher struct {
	*fakeSearcher
	first   int
	release chan struct{}
}

func (g gateSearcher) Each(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
	for i := range 2 * g.first {
		if i == g.first {
			select {
			case <-g.release:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := fn(bantin.Hit{ID: fmt.Sprintf("h%d", i), Title: "t"}); err != nil {
			return err
		}
	}
	return fmt.Errorf("index went away: %w", bantin.ErrUnavailable)
}

func TestExportJSONLStreams(t *testing.T) {
	g := gateSearcher{fakeSearcher: &fakeSearcher{}, first: flushEvery, release: make(chan struct{})}
	srv, err := New(Options{Searcher: g, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/api/export?format=jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-ndjson") {
		t.Errorf("Content-Type = %q", ct)
	}
	// The first rows arrive while the searcher is still blocked: the export streams. (If it
	// buffered, this read would block until the test binary's own timeout.)
	sc := bufio.NewScanner(resp.Body)
	if !sc.Scan() || !strings.Contains(sc.Text(), `"id":"h0"`) {
		t.Fatalf("first line = %q", sc.Text())
	}
	close(g.release)
	lines := 1
	var last string
	for sc.Scan() {
		lines++
		last = sc.Text()
	}
	if lines != 2*flushEvery+1 {
		t.Errorf("%d lines, want %d rows and an error line", lines, 2*flushEvery+1)
	}
	if !strings.Contains(last, `"error"`) {
		t.Errorf("last line = %q, want the error", last)
	}
	if got := resp.Trailer.Get("X-Bantin-Error"); got == "" {
		t.Errorf("no X-Bantin-Error trailer")
	}
}

func TestExportRejectsBadQueryBeforeStreaming(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	rec := do(t, h, "GET", "/export?format=csv&q=*")
	if rec.Code != 400 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("status %d type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	rec = do(t, h, "GET", "/api/export?format=csv&q=*")
	var e apiError
	decodeJSON(t, rec, &e)
	if e.Status != 400 {
		t.Errorf("api export error = %+v", e)
	}
}
