// Package loadgen drives concurrent HTTP clients against bantin's web server for a bounded
// time and reports latency percentiles and errors. It is the load benchmark of issue 7: the
// web package's BenchmarkLoad runs it against an in-process handler, and an operator can point
// it at a running `bantin serve` (BANTIN_LOAD_URL) while a crawl writes to the same data.
//
// It owns request generation and measurement only; it knows nothing of search or the archive.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config says what to load and for how long.
type Config struct {
	// BaseURL is the server to load ("http://127.0.0.1:8080"). Empty: Handler is served on a
	// loopback httptest server for the run.
	BaseURL string
	Handler http.Handler
	// Clients is the number of concurrent clients (default 50).
	Clients int
	// Duration bounds the run (default 10 s); Requests, when > 0, stops it earlier after that
	// many requests in total.
	Duration time.Duration
	Requests int
	// Paths are requested in turn by each client, e.g. "/api/search?q=ubnd", "/". Default:
	// DefaultPaths.
	Paths []string
	// Timeout bounds one request (default 10 s); a request that exceeds it is an error.
	Timeout time.Duration
}

// DefaultPaths mix the pages and API calls researchers make: the home page, searches with and
// without diacritics, abbreviations, phrases, boolean queries and prefixes, each also as a
// second page, filtered by a site and by dates, and sorted by date: 49 distinct requests, so
// that a result cache answers only what many clients really ask again.
var DefaultPaths = func() []string {
	queries := []string{
		"ủy ban nhân dân", "chuyển đổi số", `"văn hóa"`, "giáo dục OR y tế", "UBND", "văn*",
		"hoi nghi", "lễ hội truyền thống", "tuyen dung giao vien", `"nông thôn mới" AND đầu tư`,
		"bệnh viện NOT dịch", "thi đua khen thưởng", "HĐND", "di tích lịch sử", "kế hoạch năm",
		"bảo tàng OR thư viện",
	}
	paths := []string{"/"}
	for i, q := range queries {
		e := url.QueryEscape(q)
		paths = append(paths, "/?q="+e, "/api/search?q="+e+"&offset=10")
		switch i % 3 {
		case 0:
			paths = append(paths, "/?q="+e+"&site=soyte&sort=newest")
		case 1:
			paths = append(paths, "/api/search?q="+e+"&from=2021-01-01&to=2022-12-31&limit=20")
		default:
			paths = append(paths, "/?q="+e+"&sort=oldest")
		}
	}
	return paths
}()

// Report is what one run measured.
type Report struct {
	Requests int
	Errors   int            // transport errors, timeouts and 5xx answers
	Statuses map[int]int    // answers by HTTP status
	ErrorLog []string       // up to 10 distinct error descriptions
	P50, P90 time.Duration  // latency percentiles over all requests
	P99, Max time.Duration  //
	PerPath  map[string]Pct // latency per path
	Elapsed  time.Duration
}

// Pct holds the percentiles of one path.
type Pct struct {
	N             int
	P50, P99, Max time.Duration
}

// String formats the report as a few lines for a benchmark log.
func (r Report) String() string {
	var b strings.Builder
	rps := float64(r.Requests) / r.Elapsed.Seconds()
	fmt.Fprintf(&b, "requests=%d errors=%d elapsed=%s rps=%.0f p50=%s p90=%s p99=%s max=%s\n",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), rps, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max))
	var codes []int
	for c := range r.Statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "  status %d: %d\n", c, r.Statuses[c])
	}
	var paths []string
	for p := range r.PerPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s := r.PerPath[p]
		fmt.Fprintf(&b, "  %-60s n=%d p50=%s p99=%s max=%s\n", p, s.N, ms(s.P50), ms(s.P99), ms(s.Max))
	}
	for _, e := range r.ErrorLog {
		fmt.Fprintf(&b, "  error: %s\n", e)
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

type sample struct {
	path string
	d    time.Duration
}

// Run loads the server until Duration passes, Requests are done or ctx ends, and reports.
// It fails only when the configuration is unusable; failed requests are counted, not returned.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if cfg.Clients <= 0 {
		cfg.Clients = 50
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if len(cfg.Paths) == 0 {
		cfg.Paths = DefaultPaths
	}
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	if base == "" {
		if cfg.Handler == nil {
			return Report{}, errors.New("loadgen: need a BaseURL or a Handler")
		}
		ts := httptest.NewServer(cfg.Handler)
		defer ts.Close()
		base = ts.URL
	}
	if _, err := url.Parse(base); err != nil {
		return Report{}, fmt.Errorf("loadgen: base URL %q: %w", base, err)
	}
	tr := &http.Transport{MaxIdleConns: cfg.Clients, MaxIdleConnsPerHost: cfg.Clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var (
		mu       sync.Mutex
		samples  []sample
		statuses = map[int]int{}
		errs     int
		errLog   []string
		started  int
	)
	fail := func(msg string) {
		errs++
		if len(errLog) < 10 && !slices.Contains(errLog, msg) {
			errLog = append(errLog, msg)
		}
	}
	begin := time.Now()
	var wg sync.WaitGroup
	for range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				if cfg.Requests > 0 && started >= cfg.Requests {
					mu.Unlock()
					return
				}
				path := cfg.Paths[started%len(cfg.Paths)] // in turn, so every path gets its share
				started++
				mu.Unlock()
				t0 := time.Now()
				status, err := get(ctx, client, base+path)
				d := time.Since(t0)
				if ctx.Err() != nil && err != nil {
					return // the run ended mid-request: neither a sample nor an error
				}
				mu.Lock()
				samples = append(samples, sample{path, d})
				switch {
				case err != nil:
					fail(fmt.Sprintf("GET %s: %v", path, err))
				case status >= 500:
					statuses[status]++
					fail(fmt.Sprintf("GET %s: status %d", path, status))
				default:
					statuses[status]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r := Report{Requests: len(samples), Errors: errs, Statuses: statuses, ErrorLog: errLog,
		Elapsed: time.Since(begin), PerPath: map[string]Pct{}}
	all := make([]time.Duration, len(samples))
	byPath := map[string][]time.Duration{}
	for i, s := range samples {
		all[i] = s.d
		byPath[s.path] = append(byPath[s.path], s.d)
	}
	r.P50, r.P90, r.P99, r.Max = pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100)
	for p, ds := range byPath {
		r.PerPath[p] = Pct{N: len(ds), P50: pct(ds, 50), P99: pct(ds, 99), Max: pct(ds, 100)}
	}
	return r, nil
}

func get(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Language", "vi")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return resp.StatusCode, fmt.Errorf("read body: %w", err)
	}
	return resp.StatusCode, nil
}

// pct returns the p-th percentile (nearest rank) of ds; it sorts ds.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	i := (len(ds)*p+99)/100 - 1
	return ds[max(0, min(i, len(ds)-1))]
}
