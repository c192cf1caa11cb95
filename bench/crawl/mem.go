package crawl

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// memStore is an in-memory Archiver and Frontier: the diagnostic -mem-archive mode uses it to
// show what the crawler costs without the disk (WARC fsyncs, SQLite commits).
type memStore struct {
	mu       sync.Mutex
	captures int64
	articles map[string]bool
	urls     map[string]bantin.FrontierURL
	runs     int64
}

func newMemStore() *memStore {
	return &memStore{articles: map[string]bool{}, urls: map[string]bantin.FrontierURL{}}
}

func (m *memStore) Capture(ctx context.Context, ex *bantin.Exchange) (bantin.Capture, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.captures++
	return bantin.Capture{ID: m.captures, URL: ex.URL, Status: ex.Status, FetchedAt: ex.FetchedAt}, nil
}

func (m *memStore) SaveArticle(ctx context.Context, site string, c bantin.Capture, a *bantin.Article) (bantin.Entry, bantin.Outcome, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := bantin.Entry{ID: bantin.ArticleID(a.URL), Site: site, Article: *a}
	if m.articles[a.URL] {
		return e, bantin.Unchanged, nil
	}
	m.articles[a.URL] = true
	return e, bantin.New, nil
}

func (m *memStore) MarkGone(ctx context.Context, u string, at time.Time) error { return nil }

func (m *memStore) AddURLs(ctx context.Context, urls []bantin.FrontierURL) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range urls {
		if _, ok := m.urls[u.URL]; !ok {
			m.urls[u.URL] = u
		}
	}
	return nil
}

func (m *memStore) DueURLs(ctx context.Context, site string, now time.Time, limit int) ([]bantin.FrontierURL, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bantin.FrontierURL
	for _, u := range m.urls {
		if u.Site == site && u.State != bantin.StateGone && !u.NextDue.After(now) {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Depth < out[j].Depth })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) LookupURL(ctx context.Context, u string) (bantin.FrontierURL, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.urls[u]
	if !ok {
		return r, fmt.Errorf("lookup %s: %w", u, bantin.ErrNotFound)
	}
	return r, nil
}

func (m *memStore) UpdateURL(ctx context.Context, u bantin.FrontierURL) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.urls[u.URL] = u
	return nil
}

func (m *memStore) StartRun(ctx context.Context, site string, at time.Time) (bantin.Run, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runs++
	return bantin.Run{ID: m.runs, Site: site, Started: at, Status: "running"}, nil
}

func (m *memStore) FinishRun(ctx context.Context, r bantin.Run) error { return nil }
