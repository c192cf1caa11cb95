package search

import (
	"container/list"
	"context"
	"encoding/json"
	"maps"
	"sync"

	"github.com/bantin/bantin"
)

// Result caching. Researchers page through results, click facets and go back; many clients
// ask the same popular queries; a page of the web UI and its API call ask the same thing.
// Like Solr's queryResultCache and Elasticsearch's request cache, the Searcher keeps recent
// results, and drops them all whenever the index writes a batch (index.Generation), so a cached
// result is exactly what the search would return now. Identical searches that arrive while
// one is running wait for it instead of running again (the moment after a write, when every
// client misses at once).
const (
	// DefaultCacheSize is the number of results kept when Options.CacheSize is zero.
	DefaultCacheSize = 512
	// cacheMaxLimit: pages longer than this (exports, Each) are never cached.
	cacheMaxLimit = 100
)

type cacheKey struct {
	gen   uint64
	query string
}

type call struct {
	done chan struct{}
	res  *bantin.Result
	err  error
}

type resultCache struct {
	mu     sync.Mutex
	size   int
	gen    uint64
	lru    *list.List // of *cacheEntry, most recent first
	byKey  map[cacheKey]*list.Element
	flight map[cacheKey]*call
	hits   uint64
	misses uint64
}

type cacheEntry struct {
	key cacheKey
	res *bantin.Result
}

func newResultCache(size int) *resultCache {
	if size == 0 {
		size = DefaultCacheSize
	}
	if size < 0 {
		return nil
	}
	return &resultCache{size: size, lru: list.New(), byKey: map[cacheKey]*list.Element{}, flight: map[cacheKey]*call{}}
}

// CacheStats are the result cache's counters since the Searcher was made.
type CacheStats struct {
	Hits, Misses uint64
	Entries      int
}

// CacheStats returns the result cache's counters (zero when caching is off).
func (s *Searcher) CacheStats() CacheStats {
	c := s.cache
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits, Misses: c.misses, Entries: c.lru.Len()}
}

// cached returns the result of q at index generation gen from the cache, or runs search once
// for all the identical requests waiting at that moment and keeps its result. q has been
// validated.
func (c *resultCache) cached(ctx context.Context, gen uint64, q bantin.Query, search func() (*bantin.Result, error)) (*bantin.Result, error) {
	if c == nil || q.Limit > cacheMaxLimit {
		return search()
	}
	b, err := json.Marshal(q)
	if err != nil {
		return search()
	}
	key := cacheKey{gen, string(b)}
	c.mu.Lock()
	if gen != c.gen { // the index changed: every kept result is stale
		c.gen = gen
		c.lru.Init()
		clear(c.byKey)
	}
	if el, ok := c.byKey[key]; ok {
		c.lru.MoveToFront(el)
		c.hits++
		res := el.Value.(*cacheEntry).res
		c.mu.Unlock()
		return copyResult(res), nil
	}
	if cl, ok := c.flight[key]; ok {
		c.hits++
		c.mu.Unlock()
		select {
		case <-cl.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if cl.err != nil { // the first caller's failure may be its own (a timeout): try ourselves
			return search()
		}
		return copyResult(cl.res), nil
	}
	c.misses++
	cl := &call{done: make(chan struct{})}
	c.flight[key] = cl
	c.mu.Unlock()

	cl.res, cl.err = search()
	c.mu.Lock()
	delete(c.flight, key)
	if cl.err == nil && key.gen == c.gen {
		c.byKey[key] = c.lru.PushFront(&cacheEntry{key: key, res: cl.res})
		for c.lru.Len() > c.size {
			old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
			delete(c.byKey, old.key)
		}
	}
	c.mu.Unlock()
	close(cl.done)
	if cl.err != nil {
		return nil, cl.err
	}
	return copyResult(cl.res), nil
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
