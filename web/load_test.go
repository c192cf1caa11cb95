package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index"
	"github.com/bantin/bantin/search"
	"github.com/bantin/bantin/web/loadgen"
)

// BenchmarkLoad runs 50 concurrent clients against / and /api/search for a bounded time and
// prints p50/p99 latency and the error count (target: zero errors, p99 < 200 ms). It runs once
// whatever b.N is:
//
//	go test ./web -run '^$' -bench BenchmarkLoad -benchtime 1x
//
// Without BANTIN_LOAD_URL it builds a real index (search + index packages) of
// BANTIN_LOAD_DOCS synthetic Vietnamese articles (default 5000) and keeps indexing new ones
// while the clients search, as a crawl would. With BANTIN_LOAD_URL=http://127.0.0.1:8080 it
// loads that running `bantin serve` instead (start a crawl beside it to measure under writes).
// BANTIN_LOAD_WRITE=0 turns the concurrent writer off (to tell the cost of writes apart);
// BANTIN_LOAD_CACHE=0 turns the search result cache off (to tell what it saves).
// BANTIN_LOAD_SECONDS sets the duration (default 10), BANTIN_LOAD_CLIENTS the clients (50).
//
// As baselines it first loads /healthz (no search) and, in-process, the same paths over an
// in-memory fake searcher (the web layer's own cost), with the same clients, and reports the
// ratios of the real p99 to theirs.
func BenchmarkLoad(b *testing.B) {
	secs := envInt("BANTIN_LOAD_SECONDS", 10)
	clients := envInt("BANTIN_LOAD_CLIENTS", 50)
	cfg := loadgen.Config{BaseURL: os.Getenv("BANTIN_LOAD_URL"), Clients: clients, Duration: time.Duration(secs) * time.Second}
	var webOnly *loadgen.Report
	if cfg.BaseURL == "" { // the same pages over a searcher that costs nothing: web's own share
		fake := &fakeSearcher{hits: synthHits(2000)}
		srv, err := New(Options{Searcher: fake, Logger: quietLogger()})
		if err != nil {
			b.Fatal(err)
		}
		wcfg := cfg
		wcfg.Handler, wcfg.Duration = srv.Handler(), cfg.Duration/5
		rep, err := loadgen.Run(context.Background(), wcfg)
		if err != nil {
			b.Fatal(err)
		}
		webOnly = &rep
	}
	var stopWriter func() int
	var searcher *search.Searcher
	if cfg.BaseURL == "" {
		docs := envInt("BANTIN_LOAD_DOCS", 5000)
		h, s, stop := loadServer(b, docs)
		cfg.Handler, searcher, stopWriter = h, s, stop
	}
	base := cfg
	base.Paths = []string{"/healthz"}
	base.Duration = cfg.Duration / 5
	baseline, err := loadgen.Run(context.Background(), base)
	if err != nil {
		b.Fatal(err)
	}
	// Warm-up, not measured: every path once, as a server that has been up for a while has
	// seen them (what a cold cache costs is the report's max and the per-path figures of a
	// BANTIN_LOAD_CACHE=0 run).
	warm := cfg
	warm.Paths = loadgen.DefaultPaths
	if len(cfg.Paths) > 0 {
		warm.Paths = cfg.Paths
	}
	warm.Clients, warm.Requests = 2, len(warm.Paths)
	warmRep, err := loadgen.Run(context.Background(), warm)
	if err != nil {
		b.Fatal(err)
	}
	rep, err := loadgen.Run(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	written := 0
	if stopWriter != nil {
		written = stopWriter()
	}
	fmt.Printf("baseline /healthz, %d clients:\n%s", clients, baseline)
	if webOnly != nil {
		fmt.Printf("web layer only (same paths, in-memory fake searcher), %d clients:\n%s", clients, webOnly)
	}
	fmt.Printf("warm-up (not measured): %d requests, p50 %s, max %s\n", warmRep.Requests, warmRep.P50.Round(time.Millisecond), warmRep.Max.Round(time.Millisecond))
	fmt.Printf("search and pages, %d clients, %d articles indexed meanwhile:\n%s", clients, written, rep)
	if searcher != nil {
		st := searcher.CacheStats()
		all := max(st.Hits+st.Stale+st.Misses, 1)
		fmt.Printf("result cache: %d current, %d stale while refreshed, %d searched (%.0f%% searched; BANTIN_LOAD_CACHE=0 turns it off)\n",
			st.Hits, st.Stale, st.Misses, 100*float64(st.Misses)/float64(all))
	}
	ratio := float64(rep.P99) / float64(max(baseline.P99, time.Microsecond))
	if webOnly != nil {
		fmt.Printf("p99 real search / web layer only: %.1fx\n", float64(rep.P99)/float64(max(webOnly.P99, time.Microsecond)))
	}
	fmt.Printf("p99 search/baseline ratio: %.1fx; target: 0 errors (got %d), p99 < 200ms (got %s)\n",
		ratio, rep.Errors, rep.P99.Round(100*time.Microsecond))
	b.ReportMetric(float64(rep.P50.Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(rep.P99.Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(rep.Errors), "errors")
	b.ReportMetric(float64(rep.Requests)/rep.Elapsed.Seconds(), "req/s")
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// Words of department news, to make synthetic articles whose queries hit a realistic share.
var loadVocab = strings.Fields(`ủy ban nhân dân tỉnh sở văn hóa thể thao du lịch giáo dục đào tạo y tế
chuyển đổi số hội nghị triển khai kế hoạch năm công tác cán bộ công chức viên chức đoàn thanh niên
phong trào thi đua khen thưởng dự án đầu tư xây dựng nông thôn mới kinh tế xã hội an sinh
lễ hội truyền thống di tích lịch sử bảo tàng thư viện nghệ thuật biểu diễn giải bóng đá học sinh
giáo viên trường học bệnh viện tiêm chủng phòng chống dịch bệnh thông báo tuyển dụng quyết định
ban hành hướng dẫn thực hiện kiểm tra giám sát báo cáo tổng kết đánh giá kết quả nhiệm vụ`)

var loadSites = []string{"sovhttdl", "sogddt", "soyte", "sotttt", "ubnd"}

// loadWords is the synthetic vocabulary: the department words first (the most frequent), then
// made-up syllable pairs for the long tail, drawn with a Zipf law like real text, so that a
// query matches a realistic share of the articles rather than all of them.
var loadWords = func() []string {
	words := append([]string(nil), loadVocab...)
	onsets := strings.Fields("b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x")
	rhymes := strings.Fields("a ai an ang anh ao au ay e em en eo ê ên ết i ia im in inh iu o oa oai oan oc oi om on ong ô ôi ôn ông ơ ơi ơn u ua ui um un ung uy ư ưa ưng ươi ương")
	tones := []string{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 20000 {
		syl := func() string {
			return norm.NFC.String(onsets[r.IntN(len(onsets))] + rhymes[r.IntN(len(rhymes))] + tones[r.IntN(len(tones))])
		}
		words = append(words, syl()+" "+syl())
	}
	return words
}()

func synthEntry(r *rand.Rand, i int) bantin.Entry {
	zipf := rand.NewZipf(rand.New(rand.NewPCG(uint64(i), 9)), 1.1, 4, uint64(len(loadWords)-1))
	words := func(n int) string {
		var b strings.Builder
		for k := range n {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(loadWords[zipf.Uint64()])
		}
		return b.String()
	}
	var paras []string
	for range 3 + r.IntN(6) {
		paras = append(paras, words(30+r.IntN(60))+".")
	}
	site := loadSites[i%len(loadSites)]
	pub := time.Date(2018, 1, 1, 8, 0, 0, 0, bantin.Location).Add(time.Duration(r.IntN(8*365*24)) * time.Hour)
	u := fmt.Sprintf("http://%s.test/tin/%d", site, i)
	return bantin.Entry{ID: bantin.ArticleID(u), Site: site, FirstSeen: pub, LastSeen: pub, Versions: 1,
		Article: bantin.Article{URL: u, Title: words(8 + r.IntN(6)), Published: bantin.Timestamp{Time: pub},
			Author: "Phòng " + words(2), Lead: words(25), Text: strings.Join(paras, "\n\n"), Lang: "vi", Kind: bantin.KindArticle}}
}

// loadServer builds an index of docs synthetic articles and a Server over it, and starts a
// writer that keeps indexing new articles (flushing every 50) until stop is called; stop
// returns how many it indexed.
func loadServer(b *testing.B, docs int) (h http.Handler, s *search.Searcher, stop func() int) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "index")
	ix, err := index.Open(dir, index.Options{})
	if err != nil {
		b.Fatalf("open index: %v", err)
	}
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Now()
	for i := range docs {
		if err := ix.Index(ctx, synthEntry(r, i)); err != nil {
			b.Fatalf("index: %v", err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		b.Fatalf("flush: %v", err)
	}
	fmt.Printf("indexed %d synthetic articles in %s\n", docs, time.Since(t0).Round(time.Millisecond))
	sopts := search.Options{}
	if os.Getenv("BANTIN_LOAD_CACHE") == "0" {
		sopts.CacheSize = -1
	}
	s = search.New(ix, sopts)
	srv, err := New(Options{Searcher: s, Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	written := 0
	wg.Add(1)
	if os.Getenv("BANTIN_LOAD_WRITE") == "0" {
		wg.Done()
		cancel()
		return srv.Handler(), s, func() int { ix.Close(); return 0 }
	}
	go func() { // the "crawl": a steady trickle of new articles while the clients search
		defer wg.Done()
		wr := rand.New(rand.NewPCG(3, 4))
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-wctx.Done():
				return
			case <-tick.C:
			}
			if err := ix.Index(wctx, synthEntry(wr, docs+written)); err != nil {
				return
			}
			written++
			if written%50 == 0 {
				if err := ix.Flush(wctx); err != nil && wctx.Err() == nil {
					fmt.Printf("writer: flush: %v\n", err)
				}
			}
		}
	}()
	return srv.Handler(), s, func() int {
		cancel()
		wg.Wait()
		ix.Close()
		return written
	}
}

// BenchmarkHandlers measures the web layer alone (an in-memory fake searcher of 2,000 hits):
// what each page costs on top of the search.
func BenchmarkHandlers(b *testing.B) {
	fake := &fakeSearcher{hits: synthHits(2000)}
	_, a := newFixtures()
	srv, err := New(Options{Searcher: fake, Archive: a, Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	for _, path := range []string{"/", "/?q=" + url.QueryEscape("chuyển đổi"), "/api/search?q=UBND&limit=20",
		"/articles/a1b2c3d4e5f60001", "/sites", "/healthz"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if rec := do(b, h, "GET", path); rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// synthHits returns n hits made from synthetic articles, with a highlighted first word.
func synthHits(n int) []bantin.Hit {
	r := rand.New(rand.NewPCG(5, 6))
	var hits []bantin.Hit
	for i := range n {
		e := synthEntry(r, i)
		first, rest, _ := strings.Cut(e.Article.Lead, " ")
		hits = append(hits, bantin.Hit{ID: e.ID, URL: e.Article.URL, Title: e.Article.Title, Site: e.Site,
			Published: e.Article.Published, Score: 1, Snippet: "<mark>" + first + "</mark> " + rest})
	}
	return hits
}
