package vi

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestTermCache: goroutines rewriting overlapping terms at once each get the rewrite of their
// own term, whether it comes from the published map, the recent one or the function; entries
// that were read often are published; the cache stops growing at its bound.
func TestTermCache(t *testing.T) {
	c := newTermCache()
	upper := strings.ToUpper
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5000 {
				term := fmt.Sprintf("từ%d", (i*7+g)%3000)
				if got := string(c.rewrite([]byte(term), upper)); got != strings.ToUpper(term) {
					t.Errorf("rewrite(%q) = %q", term, got)
					return
				}
			}
		}()
	}
	wg.Wait()
	c.mu.Lock()
	published, recent, size := len(*c.snap.Load()), len(c.recent), c.size
	c.mu.Unlock()
	if size != 3000 || published+recent != 3000 {
		t.Errorf("3000 terms: size %d, %d published and %d recent", size, published, recent)
	}
	if published < 3000-3000/8 {
		t.Errorf("only %d of 3000 terms published", published)
	}

	small := newTermCache()
	for i := range termCacheMax + 100 {
		small.rewrite(fmt.Appendf(nil, "%d", i), upper)
	}
	if n := len(*small.snap.Load()) + len(small.recent); n != termCacheMax {
		t.Errorf("%d entries, the bound is %d", n, termCacheMax)
	}
}
