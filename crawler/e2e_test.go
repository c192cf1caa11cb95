package crawler_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/extract"
	"github.com/bantin/bantin/testsite"
	"golang.org/x/text/unicode/norm"
)

// e2e is a simulator, a data directory and a crawler wired as cmd/bantin wires them.
type e2e struct {
	t   *testing.T
	srv *testsite.Server
	arc *archive.Archive
	dir string
	c   *crawler.Crawler
}

func extractFunc(page []byte, u *url.URL, ct string, sel bantin.Selectors) (*bantin.Article, error) {
	return extract.Article(page, u, extract.Options{ContentType: ct, Selectors: sel})
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func startSim(t *testing.T, opts testsite.Options) *testsite.Server {
	t.Helper()
	if opts.CrawlDelay == 0 {
		opts.CrawlDelay = 20 * time.Millisecond
	}
	srv, err := testsite.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func openArchive(t *testing.T, dir string, now func() time.Time) *archive.Archive {
	t.Helper()
	arc, err := archive.Open(context.Background(), dir, archive.Options{Now: now, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return arc
}

func newCrawler(t *testing.T, arc *archive.Archive, now func() time.Time) *crawler.Crawler {
	t.Helper()
	return newCrawlerTimeout(t, arc, now, 5*time.Second)
}

func newCrawlerTimeout(t *testing.T, arc *archive.Archive, now func() time.Time, timeout time.Duration) *crawler.Crawler {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	c, err := crawler.New(crawler.Options{Archiver: arc, Frontier: arc, Extract: extractFunc, Now: now,
		Client: &http.Client{Transport: tr, Timeout: timeout}, RetryBase: 20 * time.Millisecond,
		MaxRetryAt: 1500 * time.Millisecond, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newE2E(t *testing.T, opts testsite.Options) *e2e {
	t.Helper()
	e := &e2e{t: t, srv: startSim(t, opts), dir: t.TempDir()}
	e.arc = openArchive(t, e.dir, e.srv.Now)
	t.Cleanup(func() { e.arc.Close() })
	e.c = newCrawler(t, e.arc, e.srv.Now)
	return e
}

// sites returns the simulator's sites made fast: no delay beyond robots.txt's, 4 in flight.
func (e *e2e) sites() []bantin.Site {
	ss := e.srv.Sites()
	for i := range ss {
		ss[i].Delay, ss[i].Parallelism = 0, 4
	}
	return ss
}

func (e *e2e) crawl(s bantin.Site) bantin.Run {
	e.t.Helper()
	r, err := e.c.Run(context.Background(), s)
	if err != nil {
		e.t.Fatalf("crawl %s: %v", s.Name, err)
	}
	return r
}

// coverage compares the archive with the simulator's truth for one site: articles missing,
// bodies that differ, live articles the archive thinks gone, and archived articles no longer
// live that are not marked gone.
type coverage struct {
	truth, missing, bodyDiff, titleDiff, wrongGone, notGone, notNFC int
	firstMissing                                                    string
}

func (e *e2e) coverage(site string) coverage {
	e.t.Helper()
	ctx := context.Background()
	live := map[string]testsite.Truth{}
	for _, tr := range e.srv.Truth() {
		if tr.Site == site {
			live[bantin.ArticleID(tr.URL)] = tr
		}
	}
	var cv coverage
	cv.truth = len(live)
	seen := map[string]bool{}
	err := e.arc.Entries(ctx, archive.EntryFilter{Sites: []string{site}}, func(en bantin.Entry) error {
		seen[en.ID] = true
		if !norm.NFC.IsNormalString(en.Article.Title) || !norm.NFC.IsNormalString(en.Article.Text) {
			cv.notNFC++
		}
		tr, ok := live[en.ID]
		switch {
		case !ok && en.GoneAt == nil:
			cv.notGone++
		case ok && en.GoneAt != nil:
			cv.wrongGone++
		case ok:
			if en.Article.Text != tr.Text {
				cv.bodyDiff++
			}
			if en.Article.Title != tr.Title {
				cv.titleDiff++
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	for id, tr := range live {
		if !seen[id] {
			cv.missing++
			cv.firstMissing = tr.URL
		}
	}
	return cv
}

func TestE2EFamilies(t *testing.T) {
	t.Parallel()
	e := newE2E(t, testsite.Options{Articles: 40, Seed: 3})
	for _, s := range e.sites() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			r := e.crawl(s)
			cv := e.coverage(s.Name)
			t.Logf("%s: run %+v; truth %d, missing %d, body mismatch %d (%.0f%%), title mismatch %d",
				s.Name, r, cv.truth, cv.missing, cv.bodyDiff, 100*float64(cv.bodyDiff)/float64(max(cv.truth, 1)), cv.titleDiff)
			if cv.missing > 0 {
				t.Errorf("%d of %d articles not found (e.g. %s)", cv.missing, cv.truth, cv.firstMissing)
			}
			if cv.notNFC > 0 {
				t.Errorf("%d articles with text not in NFC", cv.notNFC)
			}
			if r.Status != "ok" || r.New < cv.truth {
				t.Errorf("run %+v", r)
			}
		})
	}
}

func TestE2EFaults(t *testing.T) {
	t.Parallel()
	e := newE2E(t, testsite.Options{Articles: 40, Seed: 5, Faults: 0.10})
	for _, s := range e.sites() {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			r := e.crawl(s)
			cv := e.coverage(s.Name)
			t.Logf("%s with 10%% faults: fetched %d, errors %d, missing %d of %d", s.Name, r.Fetched, r.Errors, cv.missing, cv.truth)
			if r.Status != "ok" {
				t.Errorf("status %s", r.Status)
			}
			if cv.missing > 0 {
				// A page failing 4 times in a row (p = 1e-4) is retried on the next run.
				r2 := e.crawl(s)
				cv = e.coverage(s.Name)
				if cv.missing > 0 {
					t.Errorf("%d of %d articles missing after a second run (%+v)", cv.missing, cv.truth, r2)
				}
			}
		})
	}
}

func TestE2EIncremental(t *testing.T) {
	t.Parallel()
	// liferay has a sitemap and RSS; sharepoint has neither, so only its listings show what is new.
	e := newE2E(t, testsite.Options{Articles: 60, Seed: 7, Families: []string{"liferay", "sharepoint"}})
	for _, s := range e.sites() {
		t.Run(s.Name, func(t *testing.T) {
			before := e.srv.Requests()
			e.crawl(s)
			first := e.srv.Requests() - before

			before = e.srv.Requests()
			r := e.crawl(s)
			again := e.srv.Requests() - before
			ratio := float64(again) / float64(first)
			t.Logf("%s: first run %d responses, unchanged re-run %d: ratio %.3f", s.Name, first, again, ratio)
			if ratio >= 0.10 {
				t.Errorf("unchanged re-run fetched %.1f%% of the first run's responses", 100*ratio)
			}
			if r.New+r.Changed+r.Gone != 0 {
				t.Errorf("unchanged re-run: %+v", r)
			}
		})
	}
	t.Run("advance", func(t *testing.T) {
		e.srv.Advance(72 * time.Hour)
		var total bantin.Run
		for _, s := range e.sites() {
			r := e.crawl(s)
			total.New += r.New
			total.Changed += r.Changed
			total.Gone += r.Gone
			cv := e.coverage(s.Name)
			t.Logf("%s after 72h: %+v; missing %d of %d, wrongly gone %d, deleted not seen yet %d", s.Name, r, cv.missing, cv.truth, cv.wrongGone, cv.notGone)
			if cv.missing > 0 || cv.wrongGone > 0 {
				t.Errorf("%s: %d new articles missed, %d live articles marked gone", s.Name, cv.missing, cv.wrongGone)
			}
		}
		if total.New == 0 || total.Changed == 0 || total.Gone == 0 {
			t.Errorf("72 h later: new %d, changed %d, gone %d; want each > 0", total.New, total.Changed, total.Gone)
		}
	})
	t.Run("full revalidation", func(t *testing.T) {
		// 61 days on, every known article is due (revisitMax is 60 days) and about 290 new
		// ones have appeared per portal.
		e.srv.Advance(61 * 24 * time.Hour)
		for _, s := range e.sites() {
			t.Run(s.Name, func(t *testing.T) {
				t.Parallel()
				r := e.crawl(s)
				cv := e.coverage(s.Name)
				t.Logf("%s after 61 more days: %+v; body mismatch %d of %d", s.Name, r, cv.bodyDiff, cv.truth)
				if cv.missing > 0 || cv.wrongGone > 0 || cv.notGone > 0 {
					t.Errorf("%s: missing %d (e.g. %s), wrongly gone %d, deleted but not gone %d", s.Name, cv.missing, cv.firstMissing, cv.wrongGone, cv.notGone)
				}
			})
		}
	})
}

func TestE2EHostile(t *testing.T) {
	t.Parallel()
	srv := startSim(t, testsite.Options{Articles: 5, Hostile: true, Families: []string{"wordpress"}})
	dir := t.TempDir()
	arc := openArchive(t, dir, srv.Now)
	defer arc.Close()
	c := newCrawlerTimeout(t, arc, srv.Now, 2*time.Second) // slowloris and endless bodies time out
	for _, s := range srv.Sites() {
		if s.Name != "hostile" {
			continue
		}
		s.Delay, s.Parallelism = 0, 8
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
		defer cancel()
		before := srv.Requests()
		r, err := c.Run(ctx, s)
		t.Logf("hostile: %+v, %d requests", r, srv.Requests()-before)
		if err != nil {
			t.Fatalf("hostile crawl: %v", err)
		}
		if r.Fetched > 600 {
			t.Errorf("hostile portal: %d responses, traps not bounded", r.Fetched)
		}
	}
}

// TestE2EResume kills a crawling child process with SIGKILL and resumes in the parent.
func TestE2EResume(t *testing.T) {
	if dir := os.Getenv("BANTIN_E2E_CHILD_DIR"); dir != "" {
		resumeChild(t, dir, os.Getenv("BANTIN_E2E_CHILD_SITE"))
		return
	}
	srv := startSim(t, testsite.Options{Articles: 150, Seed: 11, Families: []string{"wordpress"}})
	site := srv.Sites()[0]
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := execCommand(exe, "-test.run=^TestE2EResume$")
	js, _ := json.Marshal(site)
	cmd.Env = append(os.Environ(), "BANTIN_E2E_CHILD_DIR="+dir, "BANTIN_E2E_CHILD_SITE="+string(js),
		"BANTIN_E2E_CHILD_NOW="+srv.Now().Format(time.RFC3339Nano))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for srv.Requests() < 60 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	killedAt := srv.Requests()

	ro, err := archive.Open(context.Background(), dir, archive.Options{ReadOnly: true, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	var before []bantin.Capture
	for id := int64(1); ; id++ {
		c, err := ro.CaptureByID(context.Background(), id)
		if err != nil {
			break
		}
		before = append(before, c)
	}
	ro.Close()
	t.Logf("child killed after %d requests; %d captures in the catalog", killedAt, len(before))
	if len(before) == 0 {
		t.Fatal("the child archived nothing before the kill")
	}

	arc := openArchive(t, dir, srv.Now)
	defer arc.Close()
	c := newCrawler(t, arc, srv.Now)
	site.Delay, site.Parallelism = 0, 4
	r, err := c.Run(context.Background(), site)
	if err != nil {
		t.Fatal(err)
	}
	for _, bc := range before {
		rec, err := arc.OpenRecord(context.Background(), bc)
		if err != nil {
			t.Errorf("capture %d (%s) from before the kill unreadable: %v", bc.ID, bc.URL, err)
			continue
		}
		_ = rec
	}
	e := &e2e{t: t, srv: srv, arc: arc, dir: dir}
	cv := e.coverage(site.Name)
	t.Logf("resumed run: %+v; missing %d of %d", r, cv.missing, cv.truth)
	if cv.missing > 0 {
		t.Errorf("after resume %d of %d articles missing (e.g. %s)", cv.missing, cv.truth, cv.firstMissing)
	}
}

func resumeChild(t *testing.T, dir, siteJSON string) {
	arc, err := archive.Open(context.Background(), dir, archive.Options{Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	now, err := time.Parse(time.RFC3339Nano, os.Getenv("BANTIN_E2E_CHILD_NOW"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := crawler.New(crawler.Options{Archiver: arc, Frontier: arc, Extract: extractFunc, Logger: quietLogger(),
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	var site bantin.Site
	if err := json.Unmarshal([]byte(siteJSON), &site); err != nil {
		t.Fatal(err)
	}
	site.Delay, site.Parallelism = 20*time.Millisecond, 1
	_, _ = c.Run(context.Background(), site)
	t.Fatal("child was not killed")
}
