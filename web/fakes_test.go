package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// fakeSearcher answers queries over a fixed list of hits: a hit matches when its title
// contains every word of the query (case-insensitive). It records the last query it saw.
type fakeSearcher struct {
	mu    sync.Mutex
	hits  []bantin.Hit
	err   error         // returned by every call when set
	delay time.Duration // per call, honouring ctx
	last  bantin.Query
	calls int
	lower []string // lower-cased titles, made on first use
}

func (f *fakeSearcher) match(q bantin.Query) []bantin.Hit {
	var out []bantin.Hit
	words := strings.Fields(strings.ToLower(q.Text))
	f.mu.Lock()
	if len(f.lower) != len(f.hits) {
		f.lower = f.lower[:0]
		for _, h := range f.hits {
			f.lower = append(f.lower, strings.ToLower(h.Title))
		}
	}
	lower := f.lower
	f.mu.Unlock()
	for i, h := range f.hits {
		if len(q.Sites) > 0 && !slices.Contains(q.Sites, h.Site) {
			continue
		}
		if !q.From.IsZero() && h.Published.Before(q.From) || !q.To.IsZero() && h.Published.After(q.To) {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(lower[i], w) {
				ok = false
			}
		}
		if ok {
			out = append(out, h)
		}
	}
	if q.Sort == bantin.SortNewest {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published.Time) })
	}
	return out
}

func (f *fakeSearcher) wait(ctx context.Context) error {
	f.mu.Lock()
	f.calls++
	d, err := f.delay, f.err
	f.mu.Unlock()
	if d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
			return fmt.Errorf("fake search: %w", ctx.Err())
		}
	}
	return err
}

func (f *fakeSearcher) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	f.mu.Lock()
	f.last = q
	f.mu.Unlock()
	if err := f.wait(ctx); err != nil {
		return nil, err
	}
	all := f.match(q)
	res := &bantin.Result{Total: uint64(len(all)), TookMS: 1.5, Facets: map[string][]bantin.Count{}}
	start := q.Offset
	if q.After != "" {
		fmt.Sscanf(q.After, "c%d", &start)
	}
	end := min(start+q.Limit, len(all))
	if start < end {
		res.Hits = all[start:end]
		if end < len(all) {
			res.Next = fmt.Sprintf("c%d", end)
		}
	}
	if q.Facets {
		sites, months := map[string]int{}, map[string]int{}
		for _, h := range all {
			sites[h.Site]++
			if !h.Published.IsZero() {
				months[h.Published.Format("2006-01")]++
			}
		}
		res.Facets["site"] = counts(sites)
		res.Facets["month"] = counts(months)
		if q.Histogram == "month" {
			res.Histogram = res.Facets["month"]
			sort.Slice(res.Histogram, func(i, j int) bool { return res.Histogram[i].Value < res.Histogram[j].Value })
		}
	}
	return res, nil
}

func (f *fakeSearcher) Each(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
	if err := f.wait(ctx); err != nil {
		return err
	}
	for _, h := range f.match(q) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(h); err != nil {
			return err
		}
	}
	return nil
}

func counts(m map[string]int) []bantin.Count {
	var out []bantin.Count
	for k, v := range m {
		out = append(out, bantin.Count{Value: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// searchOnly hides Each, to test the exports' paging fallback.
type searchOnly struct{ s *fakeSearcher }

func (s searchOnly) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	return s.s.Search(ctx, q)
}

// fakeArchive holds entries, versions, captures and payloads in memory.
type fakeArchive struct {
	entries  map[string]bantin.Entry
	versions map[string][]bantin.Version
	captures []bantin.Capture
	payloads map[int64]fakeRecord
	sites    []SiteStats
	runs     []bantin.Run
}

type fakeRecord struct {
	ctype string
	body  string
}

func (a *fakeArchive) Entry(_ context.Context, id string) (bantin.Entry, error) {
	e, ok := a.entries[id]
	if !ok {
		return e, fmt.Errorf("fake archive: entry %s: %w", id, bantin.ErrNotFound)
	}
	return e, nil
}

func (a *fakeArchive) Versions(_ context.Context, id string) ([]bantin.Version, error) {
	return a.versions[id], nil
}

func (a *fakeArchive) CapturesOf(_ context.Context, url string) ([]bantin.Capture, error) {
	var out []bantin.Capture
	for _, c := range a.captures {
		if c.URL == url {
			out = append(out, c)
		}
	}
	return out, nil
}

func (a *fakeArchive) Capture(_ context.Context, id int64) (bantin.Capture, error) {
	for _, c := range a.captures {
		if c.ID == id {
			return c, nil
		}
	}
	return bantin.Capture{}, fmt.Errorf("fake archive: capture %d: %w", id, bantin.ErrNotFound)
}

func (a *fakeArchive) OpenRecord(_ context.Context, c bantin.Capture) (*Record, error) {
	p, ok := a.payloads[c.ID]
	if !ok {
		return nil, fmt.Errorf("fake archive: record %d: %w", c.ID, bantin.ErrNotFound)
	}
	h := http.Header{}
	h.Set("Content-Type", p.ctype)
	return &Record{Status: 200, Header: h, Body: io.NopCloser(bytes.NewReader([]byte(p.body)))}, nil
}

func (a *fakeArchive) Sites(context.Context) ([]SiteStats, error) {
	return slices.Clone(a.sites), nil
}

func (a *fakeArchive) Runs(_ context.Context, site string, limit int) ([]bantin.Run, error) {
	var out []bantin.Run
	for _, r := range a.runs {
		if site == "" || r.Site == site {
			out = append(out, r)
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Hostile strings planted in the fixtures: none of them may ever reach a page unescaped.
const (
	hostileTitle   = `Thông báo <script>window.__bantin_xss=1</script><img src=x onerror="window.__bantin_xss=2">`
	hostileSnippet = `kế hoạch <mark>chuyển đổi số</mark> <script>window.__bantin_xss=3</script> <img src=x onerror=alert(1)> &lt;b&gt;`
	hostileAuthor  = `"><svg onload=window.__bantin_xss=4>`
	hostilePage    = `<!doctype html><html><head><meta charset="utf-8"><title>Bài gốc</title>
<script>window.__bantin_xss=5; document.documentElement.setAttribute('data-xss','1');</script>
<link rel="stylesheet" href="https://example.invalid/evil.css"></head>
<body><h1>Trang lưu trữ</h1><p>Nội dung bài viết như lúc thu thập.</p>
<img src="https://example.invalid/tracker.png" onerror="window.__bantin_xss=6">
<script>document.querySelector('h1').textContent = 'XSS ran'; try { parent.__bantin_xss = 7 } catch (e) {} try { top.__bantin_xss = 8 } catch (e) {}</script>
</body></html>`
)

var day = func(y int, m time.Month, d int) bantin.Timestamp {
	return bantin.Timestamp{Time: time.Date(y, m, d, 0, 0, 0, 0, bantin.Location), DateOnly: true}
}

// newFixtures builds a searcher and an archive with a few articles over two sites, one of
// them with two versions and hostile text everywhere.
func newFixtures() (*fakeSearcher, *fakeArchive) {
	captured := time.Date(2025, 3, 2, 9, 30, 0, 0, bantin.Location)
	hits := []bantin.Hit{
		{ID: "a1b2c3d4e5f60001", URL: "http://sotttt.test/tin/chuyen-doi-so", Title: "Chuyển đổi số " + hostileTitle,
			Site: "sotttt", Published: day(2025, 3, 1), Score: 2.5, Snippet: hostileSnippet},
		{ID: "a1b2c3d4e5f60002", URL: "http://sotttt.test/tin/hoi-nghi", Title: "Hội nghị chuyển đổi số cấp tỉnh",
			Site: "sotttt", Published: day(2025, 1, 15), Score: 1.5, Snippet: "Hội nghị <mark>chuyển đổi số</mark>"},
		{ID: "a1b2c3d4e5f60003", URL: "http://sovhttdl.test/tin/le-hoi", Title: "Lễ hội văn hóa chuyển đổi số",
			Site: "sovhttdl", Published: day(2024, 11, 20), Score: 1.0, Snippet: "Lễ hội <mark>văn hóa</mark>"},
		{ID: "a1b2c3d4e5f60004", URL: "http://sovhttdl.test/tin/the-thao", Title: "=HYPERLINK(\"http://evil\") thể thao, \"giải\"",
			Site: "sovhttdl", Published: day(2023, 6, 5), Score: 0.5, Snippet: "thể thao"},
	}
	s := &fakeSearcher{hits: hits}
	a := &fakeArchive{entries: map[string]bantin.Entry{}, versions: map[string][]bantin.Version{}, payloads: map[int64]fakeRecord{}}
	for i, h := range hits {
		art := bantin.Article{URL: h.URL, Title: h.Title, Published: h.Published, Author: hostileAuthor,
			Lead: "Tóm tắt <b>bài</b>", Text: "Đoạn một của bài.\n\nĐoạn hai <script>window.__bantin_xss=9</script> có nội dung.\n\nĐoạn ba."}
		cid := int64(100 + i*10)
		e := bantin.Entry{ID: h.ID, Site: h.Site, FirstSeen: captured, LastSeen: captured, Versions: 1, Article: art}
		vs := []bantin.Version{{ArticleID: h.ID, N: 1, CaptureID: cid, CapturedAt: captured, ContentHash: "h1", Article: art}}
		a.captures = append(a.captures, bantin.Capture{ID: cid, URL: h.URL, FetchedAt: captured, Status: 200,
			ContentType: "text/html; charset=utf-8", WARCFile: "sotttt-20250302-0001.warc.gz", RecordType: "response"})
		a.payloads[cid] = fakeRecord{ctype: "text/html; charset=utf-8", body: hostilePage}
		if i == 0 {
			art2 := art
			art2.Text = "Đoạn một của bài đã sửa.\n\nĐoạn hai <script>window.__bantin_xss=9</script> có nội dung.\n\nĐoạn bốn mới."
			art2.Title = h.Title + " (cập nhật)"
			later := captured.Add(48 * time.Hour)
			vs = append(vs, bantin.Version{ArticleID: h.ID, N: 2, CaptureID: cid + 1, CapturedAt: later, ContentHash: "h2", Article: art2})
			a.captures = append(a.captures, bantin.Capture{ID: cid + 1, URL: h.URL, FetchedAt: later, Status: 200,
				ContentType: "text/html; charset=utf-8", WARCFile: "sotttt-20250304-0001.warc.gz", RecordType: "response"})
			a.payloads[cid+1] = fakeRecord{ctype: "text/html; charset=utf-8", body: hostilePage}
			e.Versions, e.LastSeen, e.Article = 2, later, art2
		}
		a.entries[h.ID] = e
		a.versions[h.ID] = vs
	}
	// A PDF attachment capture: must be served as a download.
	a.captures = append(a.captures, bantin.Capture{ID: 999, URL: "http://sotttt.test/files/ke-hoach.pdf", FetchedAt: captured,
		Status: 200, ContentType: "application/pdf"})
	a.payloads[999] = fakeRecord{ctype: "application/pdf", body: "%PDF-1.4 <script>alert(1)</script>"}

	run := bantin.Run{ID: 7, Site: "sotttt", Started: captured, Finished: captured.Add(time.Minute), Status: "ok",
		Fetched: 40, New: 2, Changed: 1, Errors: 3}
	a.sites = []SiteStats{{Name: "sotttt", Articles: 2, Captures: 3, LastRun: &run}, {Name: "sovhttdl", Articles: 2, Captures: 2}}
	a.runs = []bantin.Run{run, {ID: 6, Site: "sovhttdl", Started: captured.Add(-time.Hour), Status: "failed", Errors: 12}}
	return s, a
}
