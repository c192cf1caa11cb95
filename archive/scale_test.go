package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

// fillCatalog inserts n articles (one version each) and n frontier rows straight into the
// catalog in one transaction: setup for scale benchmarks, not a path bantin uses.
func fillCatalog(b *testing.B, a *Archive, n int) {
	b.Helper()
	ctx := context.Background()
	err := a.inTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			u := fmt.Sprintf("http://127.0.0.1:8080/tin-tuc/%d.html", i)
			art := article(u, fmt.Sprint("Tiêu đề ", i), benchBody[:2000])
			js, _ := json.Marshal(art)
			id := bantin.ArticleID(u)
			site := fmt.Sprint("so", i%10)
			if _, err := tx.ExecContext(ctx, `INSERT INTO articles (id, canonical_url, site, first_seen, last_seen, current_version, published_at) VALUES (?, ?, ?, ?, ?, 1, ?)`,
				id, u, site, nanos(baseTime), nanos(baseTime), art.Published.UnixNano()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO versions (article_id, n, capture_id, captured_at, content_hash, title, published, author, lead, text, images, attachments, article_json)
				VALUES (?, 1, 0, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?)`, id, nanos(baseTime), ContentHash(art), art.Title, art.Published.String(), art.Author, art.Lead, art.Text, string(js)); err != nil {
				return err
			}
			state := bantin.StateDone
			if i%4 == 0 {
				state = bantin.StateQueued
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, site, depth, state, next_due) VALUES (?, ?, ?, ?, ?)`,
				u, site, i%5, state, nanos(baseTime.Add(time.Duration(i%48)*time.Hour))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScale100k measures the read paths on a catalog of 100,000 articles and frontier
// rows: a full Entries walk (with the Go heap in use sampled during it), DueURLs and Stats.
//
//	go test -run XXX -bench Scale -benchtime 1x ./archive/
func BenchmarkScale100k(b *testing.B) {
	const n = 100_000
	ctx := context.Background()
	a, err := Open(ctx, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	fillCatalog(b, a, n)
	b.ResetTimer()
	for b.Loop() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base, peak := ms.HeapInuse, ms.HeapInuse
		start := time.Now()
		count := 0
		err := a.Entries(ctx, EntryFilter{}, func(e bantin.Entry) error {
			count++
			if count%10000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			return nil
		})
		if err != nil || count != n {
			b.Fatalf("Entries: %d, %v", count, err)
		}
		walk := time.Since(start)
		b.ReportMetric(float64(n)/walk.Seconds(), "entries/s")
		b.ReportMetric(float64(peak-base)/(1<<20), "walk-heap-MiB")

		start = time.Now()
		const dueCalls = 50
		for range dueCalls {
			due, err := a.DueURLs(ctx, "so3", baseTime.Add(24*time.Hour), 100)
			if err != nil || len(due) != 100 {
				b.Fatalf("DueURLs: %d, %v", len(due), err)
			}
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/dueCalls, "dueurls-µs")

		start = time.Now()
		st, err := a.Stats(ctx)
		if err != nil || st.Articles != n {
			b.Fatalf("Stats: %+v %v", st, err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds()), "stats-µs")
	}
}
