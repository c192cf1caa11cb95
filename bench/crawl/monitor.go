package crawl

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
)

// monitor is a crawler.Progress that sums the responses of every site and, every interval,
// prints a line with the pages so far, the rate over the last interval, the Go heap and the
// process's RSS, so that a rate that falls with crawl size, or memory that keeps growing,
// shows while the crawl runs. With a heap profile path it writes a heap profile whenever RSS
// reaches a new peak (the profile then shows what was live near the peak).
type monitor struct {
	out      io.Writer
	every    time.Duration
	heapPath string

	mu       sync.Mutex
	fetched  map[string]int
	articles map[string]int
	start    time.Time
	last     time.Time
	lastN    int
	peakRSS  float64
	maxHeap  float64
	stop     chan struct{}
	done     chan struct{}
}

func newMonitor(out io.Writer, every time.Duration, heapPath string) *monitor {
	now := time.Now()
	return &monitor{out: out, every: every, heapPath: heapPath, fetched: map[string]int{},
		articles: map[string]int{}, start: now, last: now, stop: make(chan struct{}), done: make(chan struct{})}
}

// Started implements crawler.Progress.
func (m *monitor) Started(string, int64) {}

// Update implements crawler.Progress.
func (m *monitor) Update(s crawler.Stats) {
	m.mu.Lock()
	m.fetched[s.Site] = s.Fetched
	m.articles[s.Site] = s.New + s.Changed + s.Unchanged
	m.mu.Unlock()
}

// Finished implements crawler.Progress.
func (m *monitor) Finished(r bantin.Run, err error) {
	m.mu.Lock()
	m.fetched[r.Site] = r.Fetched
	m.articles[r.Site] = r.New + r.Changed + r.Unchanged
	m.mu.Unlock()
}

// run prints a line every interval until close; with every <= 0 it only samples memory.
func (m *monitor) run() {
	defer close(m.done)
	every := m.every
	if every <= 0 {
		every = 2 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			m.sample(true)
			return
		case <-t.C:
			m.sample(m.every > 0)
		}
	}
}

func (m *monitor) close() {
	close(m.stop)
	<-m.done
}

func (m *monitor) sample(print bool) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap := float64(ms.HeapInuse) / (1 << 20)
	live := liveHeapMB()
	rss, hwm := procStatusMB("VmRSS:"), procStatusMB("VmHWM:")
	anon, file := procStatusMB("RssAnon:"), procStatusMB("RssFile:")
	m.mu.Lock()
	n, arts := 0, 0
	for site, f := range m.fetched {
		n += f
		arts += m.articles[site]
	}
	now := time.Now()
	rate := 0.0
	if d := now.Sub(m.last).Seconds(); d > 0 {
		rate = float64(n-m.lastN) / d
	}
	m.last, m.lastN = now, n
	newPeak := rss > m.peakRSS
	m.peakRSS = max(m.peakRSS, rss)
	m.maxHeap = max(m.maxHeap, heap)
	m.mu.Unlock()
	if newPeak && m.heapPath != "" {
		if f, err := os.Create(m.heapPath); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	if print {
		fmt.Fprintf(m.out, "  progress %6.0fs: pages %7d articles %7d  %6.1f pages/s (last interval)  heap %6.1f MB (live %6.1f)  RSS %6.1f MB (anon %6.1f, files %6.1f)  peak RSS %6.1f MB\n",
			now.Sub(m.start).Seconds(), n, arts, rate, heap, live, rss, anon, file, hwm)
	}
}

// liveHeapMB returns the heap the last garbage collection found live, in MB: what the
// soft memory limit cannot get below.
func liveHeapMB() float64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(s[0].Value.Uint64()) / (1 << 20)
}

// procStatusMB reads a kB field of /proc/self/status in MB; 0 where unknown.
func procStatusMB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseFloat(f[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}
