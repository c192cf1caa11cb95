package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/index"
	"github.com/bantin/bantin/search"
)

// realServer builds a data directory with the real archive, index and search packages over
// newFixtures' articles: each page archived as a WARC response (the hostile snapshot, linking
// to live), its article filed and indexed; the first article gets a second, changed version.
func realServer(t *testing.T, live string) http.Handler {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	arc, err := archive.Open(ctx, dir, archive.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatalf("open archive: %v", err)
	}
	t.Cleanup(func() { arc.Close() })
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })

	fs, fa := newFixtures()
	at := time.Date(2025, 3, 2, 9, 30, 0, 0, bantin.Location)
	runs := map[string]bantin.Run{}
	page := hostileSnapshot(live)
	file := func(h bantin.Hit, art bantin.Article, body string, when time.Time) {
		t.Helper()
		run, ok := runs[h.Site]
		if !ok {
			if run, err = arc.StartRun(ctx, h.Site, when); err != nil {
				t.Fatalf("start run: %v", err)
			}
			runs[h.Site] = run
		}
		hdr := http.Header{}
		hdr.Set("Content-Type", "text/html; charset=utf-8")
		c, err := arc.Capture(ctx, &bantin.Exchange{URL: h.URL, Method: http.MethodGet, ReqHeader: http.Header{},
			Status: 200, Proto: "HTTP/1.1", RespHeader: hdr, Body: []byte(body), FetchedAt: when, Site: h.Site, RunID: run.ID})
		if err != nil {
			t.Fatalf("capture %s: %v", h.URL, err)
		}
		art.Kind = bantin.KindArticle
		e, _, err := arc.SaveArticle(ctx, h.Site, c, &art)
		if err != nil {
			t.Fatalf("save %s: %v", h.URL, err)
		}
		if err := ix.Index(ctx, e); err != nil {
			t.Fatalf("index %s: %v", h.URL, err)
		}
	}
	for _, h := range fs.hits {
		vs := fa.versions[h.ID]
		for i, v := range vs {
			art := v.Article
			art.Text = "Kế hoạch: " + h.Title + ".\n\n" + art.Text
			file(h, art, page+strings.Repeat(" ", i), at.Add(time.Duration(i)*48*time.Hour))
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Searcher: search.New(ix, search.Options{}), Archive: ArchiveOf(arc), Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// TestRealPackages runs the handler checks over the real archive, index and search: hostile
// text escaped with only <mark> kept, the snapshot from the WARC under its sandbox, the diff
// of two real versions, and hostile queries answered 4xx by the real query parser.
func TestRealPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a data directory with the real packages")
	}
	h := realServer(t, "https://example.invalid")
	body := do(t, h, "GET", "/?q="+url.QueryEscape("chuyển đổi số")).Body.String()
	if m := tagPattern.FindString(body); m != "" {
		t.Fatalf("unescaped %q in the search page", m)
	}
	if !strings.Contains(body, "<mark>") || !strings.Contains(body, `id="total">3<`) {
		t.Errorf("real search page lacks highlights or the 3 hits")
	}
	var res searchJSON
	decodeJSON(t, do(t, h, "GET", "/api/search?q=thao"), &res)
	if res.Total != 1 {
		t.Errorf("q=thao (diacritics folded): total %d, want 1", res.Total)
	}
	var art articleJSON
	decodeJSON(t, do(t, h, "GET", "/api/articles/"+bantin.ArticleID("http://sotttt.test/tin/chuyen-doi-so")), &art)
	if len(art.Versions) != 2 || len(art.Captures) != 2 {
		t.Fatalf("article: %d versions, %d captures; want 2 and 2", len(art.Versions), len(art.Captures))
	}
	page := do(t, h, "GET", "/articles/"+art.Entry.ID).Body.String()
	if !strings.Contains(page, "<ins>bốn mới.</ins>") || tagPattern.FindString(page) != "" {
		t.Errorf("article page: diff missing or markup leaked")
	}
	snap := do(t, h, "GET", "/snapshot/"+itoa(art.Versions[0].CaptureID))
	if snap.Code != 200 || !strings.HasPrefix(snap.Header().Get("Content-Security-Policy"), "sandbox;") ||
		!strings.Contains(snap.Body.String(), "Trang lưu trữ") {
		t.Errorf("snapshot from the WARC: %d %v", snap.Code, snap.Header())
	}
	for _, q := range []string{`"abc`, "AND", "((a)", "a)", "title:", "*", "published:>=garbage", "ab*cd*", "\xff"} {
		if code := do(t, h, "GET", "/api/search?q="+url.QueryEscape(q)).Code; code != 400 {
			t.Errorf("q=%q: status %d, want 400", q, code)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestBrowserRealPackages is TestBrowser over the real archive, index and search.
func TestBrowserRealPackages(t *testing.T) {
	ctx := newBrowser(t)
	live, leaks := liveWeb(t)
	ts := httptest.NewServer(realServer(t, live.URL))
	defer ts.Close()
	browse(t, ctx, ts.URL, "real", leaks)
}
