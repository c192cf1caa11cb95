package testsite

import (
	"fmt"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
)

func BenchmarkRenderArticle(b *testing.B) {
	for _, fam := range Families() {
		b.Run(fam, func(b *testing.B) {
			var size int
			cpu0 := cpuTime()
			for i := 0; b.Loop(); i++ {
				page, _, _ := RenderArticle(fam, 1, i%100000)
				size += len(page)
			}
			b.ReportMetric(float64(size)/float64(b.N), "bytes/page")
			// CPU time per page, which a loaded machine does not inflate as it does wall time
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkListing measures a deep listing page of a 100,000-article portal against the first
// page of the same portal (ratio printed), to show listings are index arithmetic.
func BenchmarkListing(b *testing.B) {
	tl := &timeline{seed: 1, start: DefaultStart, n0: 100000}
	p := newPortal("php", tl)
	p.base = OfflineBase
	for _, pg := range []int{1, 2400} {
		b.Run(fmt.Sprintf("page-%d", pg), func(b *testing.B) {
			for b.Loop() {
				var w page
				ns, pages := p.catPage(tl.start, 0, pg)
				p.fam.listing(&w, p, tl.start, 0, pg, ns, pages)
			}
		})
	}
}

// TestScale serves a portal of 100,000 articles: the deepest listing page, the last sitemap
// chunk and an old article answer without generating the rest.
func TestScale(t *testing.T) {
	s := startServer(t, Options{Articles: 100000, Families: []string{"wordpress", "liferay"}})
	for _, p := range s.portals {
		start := time.Now()
		_, pages := p.catPage(s.Now(), 1, 1)
		if pages < 1000 {
			t.Fatalf("%s: %d pages", p.Name, pages)
		}
		for _, u := range []string{
			p.base + p.fam.listingPath(p, 1, pages),
			p.base + p.fam.articlePath(p, 17),
			p.base + p.sitemapPath(),
		} {
			if st, _, _ := get(t, u); st != 200 {
				t.Fatalf("%s: %d", u, st)
			}
		}
		if p.sitemap {
			st, _, b := get(t, fmt.Sprintf("%s/sitemap-%d.xml", p.base, 100))
			if st != 200 || strings.Count(string(b), "<url>") < 900 {
				t.Fatalf("last sitemap chunk: %d", st)
			}
		}
		t.Logf("%s: %d listing pages; deepest page, an old article and sitemaps served in %v", p.Name, pages, time.Since(start))
	}
}

// TestVocabulary measures the generated text: distinct words and the rank-frequency spread.
func TestVocabulary(t *testing.T) {
	counts := map[string]int{}
	total := 0
	for n := 0; n < 400; n++ {
		_, _, tr := RenderArticle(Families()[n%5], 1, n)
		for _, w := range strings.FieldsFunc(strings.ToLower(tr.Title+" "+tr.Lead+" "+tr.Text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			counts[w]++
			total++
		}
	}
	freq := make([]int, 0, len(counts))
	for _, c := range counts {
		freq = append(freq, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(freq)))
	once := 0
	for _, c := range freq {
		if c == 1 {
			once++
		}
	}
	t.Logf("400 articles: %d words, %d distinct, %d seen once; top frequencies %v; rank 10/100/1000: %d/%d/%d",
		total, len(freq), once, freq[:5], freq[9], freq[99], freq[min(999, len(freq)-1)])
	if len(freq) < 2000 {
		t.Fatalf("only %d distinct words in 400 articles", len(freq))
	}
	// a long tail: many words are rare while the top words are very common
	if once < len(freq)/5 || freq[0] < 50*freq[len(freq)/2] {
		t.Fatalf("no Zipf-like spread: %d hapaxes of %d, top %d, median %d", once, len(freq), freq[0], freq[len(freq)/2])
	}
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
