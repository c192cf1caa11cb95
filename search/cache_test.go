package search

import (
	"context"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index"
)

func TestResultCache(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	corpus := loadCorpus(t)
	if err := ix.Index(ctx, corpus[:len(corpus)-1]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s := New(ix, Options{CacheSize: 2})
	q := bantin.Query{Text: "văn hóa", Facets: true, Highlight: true, Histogram: "month"}
	search := func(q bantin.Query) *bantin.Result {
		t.Helper()
		res, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("Search(%q): %v", q.Text, err)
		}
		return res
	}

	first := search(q)
	again := search(q)
	if st := s.CacheStats(); st.Hits != 1 || st.Misses != 1 {
		t.Errorf("after the same search twice: %+v, want 1 hit and 1 miss", st)
	}
	first.TookMS, again.TookMS = 0, 0
	if !reflect.DeepEqual(first, again) {
		t.Errorf("cached result differs:\n%+v\n%+v", first, again)
	}

	t.Run("callers cannot change the kept result", func(t *testing.T) {
		r := search(q)
		r.Hits[0].Title = "changed"
		r.Facets["site"][0].Count = -1
		if r2 := search(q); r2.Hits[0].Title == "changed" || r2.Facets["site"][0].Count == -1 {
			t.Errorf("a caller's change reached the cache: %+v", r2.Hits[0])
		}
	})

	t.Run("after a write, a stale result is served while the current one is computed", func(t *testing.T) {
		before := search(q).Total
		if err := ix.Index(ctx, corpus[len(corpus)-1]); err != nil { // nd1 mentions văn hóa
			t.Fatal(err)
		}
		if err := ix.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		st := s.CacheStats()
		if got := search(q).Total; got != before && got != before+1 {
			t.Fatalf("total right after the write: %d, want %d (stale) or %d", got, before, before+1)
		}
		if now := s.CacheStats(); now.Stale != st.Stale+1 {
			t.Errorf("the first search after a write was not served stale: %+v -> %+v", st, now)
		}
		deadline := time.Now().Add(10 * time.Second)
		for search(q).Total != before+1 {
			if time.Now().After(deadline) {
				t.Fatalf("the result was not refreshed within 10 s of the write")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	t.Run("a stale result older than staleFor is not served", func(t *testing.T) {
		old := s.cache.staleFor
		s.cache.staleFor = 0
		defer func() { s.cache.staleFor = old }()
		tq := bantin.Query{Text: "tỉnh"}
		before := search(tq).Total
		extra := corpus[0]
		extra.ID, extra.Article.URL = "extra", "http://sotp.test/extra"
		extra.Article.Text += " tỉnh"
		if err := ix.Index(ctx, extra); err != nil {
			t.Fatal(err)
		}
		if err := ix.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := search(tq).Total; got != before+1 {
			t.Errorf("total after a write with staleFor 0: %d, want %d", got, before+1)
		}
	})

	t.Run("bounded", func(t *testing.T) {
		for _, text := range []string{"hòa giải", "thủy lợi", "sức khỏe"} {
			search(bantin.Query{Text: text})
		}
		if n := s.CacheStats().Entries; n != 2 {
			t.Errorf("%d results kept, want the size 2", n)
		}
	})

	t.Run("long pages are not kept", func(t *testing.T) {
		st := s.CacheStats()
		search(bantin.Query{Text: "tỉnh", Limit: cacheMaxLimit + 1})
		search(bantin.Query{Text: "tỉnh", Limit: cacheMaxLimit + 1})
		if now := s.CacheStats(); now.Hits != st.Hits || now.Misses != st.Misses {
			t.Errorf("a page of %d went through the cache: %+v -> %+v", cacheMaxLimit+1, st, now)
		}
	})

	t.Run("identical concurrent searches run once", func(t *testing.T) {
		st := s.CacheStats()
		cq := bantin.Query{Text: "công đoàn", Facets: true}
		var wg sync.WaitGroup
		totals := make([]uint64, 16)
		for i := range totals {
			wg.Go(func() { totals[i] = search(cq).Total })
		}
		wg.Wait()
		now := s.CacheStats()
		if now.Misses-st.Misses != 1 || now.Hits-st.Hits != uint64(len(totals)-1) {
			t.Errorf("%d identical searches: %d misses, %d hits; want 1 miss", len(totals), now.Misses-st.Misses, now.Hits-st.Hits)
		}
		for _, n := range totals {
			if n != totals[0] || n == 0 {
				t.Errorf("totals %v differ or are zero", totals)
				break
			}
		}
	})

	t.Run("off", func(t *testing.T) {
		off := New(ix, Options{CacheSize: -1})
		for range 2 {
			if _, err := off.Search(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if st := off.CacheStats(); st != (CacheStats{}) {
			t.Errorf("cache off: %+v", st)
		}
	})
}
