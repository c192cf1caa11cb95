package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// memArchive is an in-memory bantin.Archiver.
type memArchive struct {
	mu       sync.Mutex
	captures []bantin.Exchange
	articles map[string]*bantin.Entry
	hashes   map[string]string
	gone     map[string]time.Time
	failAt   int // Capture fails from this capture on (0: never)
}

func newMemArchive() *memArchive {
	return &memArchive{articles: map[string]*bantin.Entry{}, hashes: map[string]string{}, gone: map[string]time.Time{}}
}

func (m *memArchive) Capture(ctx context.Context, ex *bantin.Exchange) (bantin.Capture, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failAt > 0 && len(m.captures)+1 >= m.failAt {
		return bantin.Capture{}, fmt.Errorf("disk full")
	}
	cp := *ex
	cp.Body = append([]byte(nil), ex.Body...)
	m.captures = append(m.captures, cp)
	return bantin.Capture{ID: int64(len(m.captures)), URL: ex.URL, Status: ex.Status, FetchedAt: ex.FetchedAt, RunID: ex.RunID}, nil
}

func (m *memArchive) SaveArticle(ctx context.Context, site string, c bantin.Capture, a *bantin.Article) (bantin.Entry, bantin.Outcome, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sum := sha256.Sum256([]byte(a.Title + "\x00" + a.Text))
	h := hex.EncodeToString(sum[:])
	e, ok := m.articles[a.URL]
	if !ok {
		e = &bantin.Entry{ID: bantin.ArticleID(a.URL), Site: site, FirstSeen: c.FetchedAt, Versions: 1, Article: *a}
		m.articles[a.URL] = e
		m.hashes[a.URL] = h
		return *e, bantin.New, nil
	}
	e.LastSeen = c.FetchedAt
	if m.hashes[a.URL] == h {
		return *e, bantin.Unchanged, nil
	}
	m.hashes[a.URL] = h
	e.Versions++
	e.Article = *a
	return *e, bantin.Changed, nil
}

func (m *memArchive) MarkGone(ctx context.Context, u string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.articles[u]; !ok {
		return fmt.Errorf("mark gone %s: %w", u, bantin.ErrNotFound)
	}
	m.gone[u] = at
	return nil
}

func (m *memArchive) captured(pred func(bantin.Exchange) bool) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.captures {
		if pred(c) {
			n++
		}
	}
	return n
}

// memFrontier is an in-memory bantin.Frontier.
type memFrontier struct {
	mu       sync.Mutex
	urls     map[string]bantin.FrontierURL
	runs     []bantin.Run
	dueCalls int // DueURLs calls
}

func newMemFrontier() *memFrontier { return &memFrontier{urls: map[string]bantin.FrontierURL{}} }

func (f *memFrontier) AddURLs(ctx context.Context, urls []bantin.FrontierURL) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range urls {
		if _, ok := f.urls[u.URL]; !ok {
			f.urls[u.URL] = u
		}
	}
	return nil
}

func (f *memFrontier) DueURLs(ctx context.Context, site string, now time.Time, limit int) ([]bantin.FrontierURL, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dueCalls++
	var out []bantin.FrontierURL
	for _, u := range f.urls {
		if u.Site != site {
			continue
		}
		if u.State == bantin.StateQueued || ((u.State == bantin.StateDone || u.State == bantin.StateFailed) && !u.NextDue.After(now)) {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Depth != out[j].Depth {
			return out[i].Depth < out[j].Depth
		}
		return out[i].URL < out[j].URL
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *memFrontier) LookupURL(ctx context.Context, u string) (bantin.FrontierURL, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.urls[u]
	if !ok {
		return r, fmt.Errorf("lookup %s: %w", u, bantin.ErrNotFound)
	}
	return r, nil
}

func (f *memFrontier) UpdateURL(ctx context.Context, u bantin.FrontierURL) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.urls[u.URL] = u
	return nil
}

func (f *memFrontier) StartRun(ctx context.Context, site string, at time.Time) (bantin.Run, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := bantin.Run{ID: int64(len(f.runs) + 1), Site: site, Started: at, Status: "running"}
	f.runs = append(f.runs, r)
	return r, nil
}

func (f *memFrontier) FinishRun(ctx context.Context, r bantin.Run) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs[r.ID-1] = r
	return nil
}

func (f *memFrontier) state(u string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.urls[u].State
}

var (
	fakeTitle = regexp.MustCompile(`(?s)<h1>(.*?)</h1>`)
	fakePara  = regexp.MustCompile(`(?s)<p>(.*?)</p>`)
	fakeCanon = regexp.MustCompile(`<link rel="canonical" href="([^"]+)"`)
)

// fakeExtract calls a page an article when it has an <article> element.
func fakeExtract(page []byte, u *url.URL, ct string, sel bantin.Selectors) (*bantin.Article, error) {
	s := string(page)
	a := &bantin.Article{URL: u.String(), Kind: bantin.KindListing}
	if !strings.Contains(s, "<article>") {
		return a, nil
	}
	a.Kind = bantin.KindArticle
	if m := fakeTitle.FindStringSubmatch(s); m != nil {
		a.Title = m[1]
	}
	var paras []string
	for _, m := range fakePara.FindAllStringSubmatch(s, -1) {
		paras = append(paras, m[1])
	}
	a.Text = strings.Join(paras, "\n\n")
	if m := fakeCanon.FindStringSubmatch(s); m != nil {
		if c, err := u.Parse(m[1]); err == nil {
			a.Canonical = c.String()
		}
	}
	return a, nil
}
