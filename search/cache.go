package search

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"runtime"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// Result caching. Researchers page through results, click facets and go back; many clients
// ask the same popular queries; a page of the web UI and its API call ask the same thing.
// Like Solr's queryResultCache and Elasticsearch's request cache, the Searcher keeps recent
// results by query. A result belongs to an index generation (index.Generation, which changes
// whenever the index writes a batch). Identical searches that arrive while one is running wait
// for it instead of running again.
//
// While a crawl writes, every batch would empty the cache and every client would miss at once.
// So a result of an older generation is still served for up to staleFor after it was made, while
// one background search (a few at most) computes the current one and replaces it: Solr's "warm
// the new searcher before switching" and HTTP's stale-while-revalidate. Results can therefore lag
// the index by a few seconds while it is being written; once writes stop, the next search of each
// query refreshes it.
const (
	// DefaultCacheSize is the number of results kept when Options.CacheSize is zero.
	DefaultCacheSize = 512
	// cacheMaxLimit: pages longer than this (exports, Each) are never cached.
	cacheMaxLimit = 100
	// staleFor bounds how old a result of an older index generation may be and still be served.
	staleFor = 10 * time.Second
)

type call struct {
	done chan struct{}
	res  *bantin.Result
	err  error
}

type resultCache struct {
	mu       sync.Mutex
	size     int
	staleFor time.Duration
	lru      *list.List // of *cacheEntry, most recent first
	byKey    map[string]*list.Element
	flight   map[string]*call // keyed by generation and query
	refresh  chan struct{}    // slots of the background refreshes
	hits     uint64
	stale    uint64
	misses   uint64
}

type cacheEntry struct {
	key string
	gen uint64
	at  time.Time
	res *bantin.Result
}

func newResultCache(size int) *resultCache {
	if size == 0 {
		size = DefaultCacheSize
	}
	if size < 0 {
		return nil
	}
	return &resultCache{size: size, staleFor: staleFor, lru: list.New(), byKey: map[string]*list.Element{},
		flight: map[string]*call{}, refresh: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
}

// CacheStats are the result cache's counters since the Searcher was made: results served from
// the current generation (Hits), from an older one while it was refreshed (Stale), and searches
// run for a caller (Misses).
type CacheStats struct {
	Hits, Stale, Misses uint64
	Entries             int
}

// CacheStats returns the result cache's counters (zero when caching is off).
func (s *Searcher) CacheStats() CacheStats {
	c := s.cache
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits, Stale: c.stale, Misses: c.misses, Entries: c.lru.Len()}
}

// cached returns the result of q from the cache when it is of generation gen() (or of an older
// one, recent enough, which it then refreshes in the background), or runs search once for all
// the identical requests waiting at that moment and keeps its result. q has been validated.
func (c *resultCache) cached(ctx context.Context, gen func() uint64, q bantin.Query, search func(context.Context) (*bantin.Result, error)) (*bantin.Result, error) {
	if c == nil || q.Limit > cacheMaxLimit {
		return search(ctx)
	}
	b, err := json.Marshal(q)
	if err != nil {
		return search(ctx)
	}
	key, g := string(b), gen()
	c.mu.Lock()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*cacheEntry)
		switch {
		case e.gen == g:
			c.lru.MoveToFront(el)
			c.hits++
			res := e.res // entries are updated in place under c.mu
			c.mu.Unlock()
			return copyResult(res), nil
		case time.Since(e.at) < c.staleFor:
			c.lru.MoveToFront(el)
			c.stale++
			c.refreshLocked(key, g, gen, search)
			res := e.res
			c.mu.Unlock()
			return copyResult(res), nil
		}
	}
	fkey := fmt.Sprint(g, " ", key)
	if cl, ok := c.flight[fkey]; ok {
		c.hits++
		c.mu.Unlock()
		select {
		case <-cl.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if cl.err != nil { // the first caller's failure may be its own (a timeout): try ourselves
			return search(ctx)
		}
		return copyResult(cl.res), nil
	}
	c.misses++
	cl := &call{done: make(chan struct{})}
	c.flight[fkey] = cl
	c.mu.Unlock()

	c.run(cl, fkey, key, g, func() (*bantin.Result, error) { return search(ctx) })
	if cl.err != nil {
		return nil, cl.err
	}
	return copyResult(cl.res), nil
}

// refreshLocked starts a background search for the current result of key, unless one is
// running for it or every refresh slot is busy (a later request will try again).
func (c *resultCache) refreshLocked(key string, g uint64, gen func() uint64, search func(context.Context) (*bantin.Result, error)) {
	fkey := fmt.Sprint(g, " ", key)
	if _, ok := c.flight[fkey]; ok {
		return
	}
	select {
	case c.refresh <- struct{}{}:
	default:
		return
	}
	cl := &call{done: make(chan struct{})}
	c.flight[fkey] = cl
	go func() {
		defer func() { <-c.refresh }()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c.run(cl, fkey, key, gen(), func() (*bantin.Result, error) { return search(ctx) })
	}()
}

// run runs the search of the in-flight call cl, keeps its result as key's at generation g (the
// one the search sees at least), and lets the waiting callers go.
func (c *resultCache) run(cl *call, fkey, key string, g uint64, search func() (*bantin.Result, error)) {
	cl.res, cl.err = search()
	c.mu.Lock()
	delete(c.flight, fkey)
	if cl.err == nil {
		c.storeLocked(key, g, cl.res)
	}
	c.mu.Unlock()
	close(cl.done)
}

// storeLocked keeps res as the result of key at generation g, unless a newer one is kept.
func (c *resultCache) storeLocked(key string, g uint64, res *bantin.Result) {
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*cacheEntry)
		if e.gen > g {
			return
		}
		e.gen, e.at, e.res = g, time.Now(), res
		c.lru.MoveToFront(el)
		return
	}
	c.byKey[key] = c.lru.PushFront(&cacheEntry{key: key, gen: g, at: time.Now(), res: res})
	for c.lru.Len() > c.size {
		old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
		delete(c.byKey, old.key)
	}
}

// copyResult returns a copy of r that its caller may change without touching the cached one.
func copyResult(r *bantin.Result) *bantin.Result {
	out := *r
	out.Hits = append([]bantin.Hit(nil), r.Hits...)
	out.Histogram = append([]bantin.Count(nil), r.Histogram...)
	if r.Facets != nil {
		out.Facets = maps.Clone(r.Facets)
		for k, v := range out.Facets {
			out.Facets[k] = append([]bantin.Count(nil), v...)
		}
	}
	return &out
}
