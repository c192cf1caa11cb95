package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bantin/bantin/archive/warc"
)

// benchBody is a portal-sized article page (about 30 KB of HTML).
var benchBody = "<html><body>" + strings.Repeat("<p>Ủy ban nhân dân thành phố Hà Nội thông báo kế hoạch năm 2026.</p>\n", 400) + "</body></html>"

// BenchmarkCapture measures Capture (WARC write + fsync + catalog commit) from one goroutine
// and from four per core (group commit), beside two baselines in the same run: gzip the same
// records and append them to a file, without and with an fsync per record (no catalog).
// Compare pages/s.
//
//	go test -run XXX -bench 'Capture' -benchtime 2000x ./archive/
func BenchmarkCapture(b *testing.B) {
	for _, sync := range []bool{false, true} {
		name := "baseline-gzip-append"
		if sync {
			name += "-fsync"
		}
		b.Run(name, func(b *testing.B) { benchBaseline(b, sync) })
	}
	benchArchive(b)
}

// benchBaseline gzips records and appends them to a file, with an fsync per record if sync.
func benchBaseline(b *testing.B, sync bool) {
	f, err := os.Create(filepath.Join(b.TempDir(), "x.warc.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(int64(len(benchBody)))
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		ex := exchange(fmt.Sprintf("http://127.0.0.1:8080/b/%d", i), benchBody)
		enc := warc.EncodeExchange(ex, baseTime, warc.Digest(ex.Body), nil)
		if _, err := f.Write(enc.Data); err != nil {
			b.Fatal(err)
		}
		if sync {
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pages/s")
}

// benchArchive runs Capture from one goroutine and from four per core.
func benchArchive(b *testing.B) {
	for _, cfg := range []struct {
		par    int
		noSync bool
	}{{1, false}, {4, false}, {1, true}} {
		par := cfg.par
		name := "archive-1goroutine"
		if par > 1 {
			name = fmt.Sprintf("archive-%dgoroutines", par*runtime.GOMAXPROCS(0))
		}
		if cfg.noSync {
			name += "-nosync"
		}
		b.Run(name, func(b *testing.B) {
			a, err := Open(context.Background(), b.TempDir(), Options{NoSync: cfg.noSync})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			b.SetBytes(int64(len(benchBody)))
			var n atomic.Int64
			b.SetParallelism(par)
			start := time.Now()
			if par == 1 {
				for i := 0; b.Loop(); i++ {
					if _, err := a.Capture(context.Background(), exchange(fmt.Sprintf("http://127.0.0.1:8080/b/%d", i), benchBody)); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						i := n.Add(1)
						if _, err := a.Capture(context.Background(), exchange(fmt.Sprintf("http://127.0.0.1:8080/b/%d", i), benchBody)); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "pages/s")
		})
	}
}

// BenchmarkSaveArticle measures filing a new article version (one transaction each).
func BenchmarkSaveArticle(b *testing.B) {
	a, err := Open(context.Background(), b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	c, err := a.Capture(context.Background(), exchange("http://127.0.0.1:8080/s", "x"))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		u := fmt.Sprintf("http://127.0.0.1:8080/s/%d", i)
		if _, _, err := a.SaveArticle(context.Background(), "s", c, article(u, "T", benchBody)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
}
