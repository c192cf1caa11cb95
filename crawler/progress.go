package crawler

import (
	"time"

	"github.com/bantin/bantin"
)

// Stats is a snapshot of a running crawl, for progress displays.
type Stats struct {
	Site      string
	RunID     int64
	Fetched   int // responses received (retries and robots.txt included)
	Queued    int // waiting in this run's queue
	InFlight  int
	Errors    int
	New       int
	Changed   int
	Unchanged int
	Gone      int
	Elapsed   time.Duration
	Rate      float64 // responses per second since the run started
	URL       string  // the URL last done
}

// Progress receives a crawl's progress. Update is called from the crawl's worker goroutines,
// possibly at the same time and hundreds of times a second: implementations lock and throttle
// what they draw.
type Progress interface {
	// Started is called once per run, before the first request.
	Started(site string, runID int64)
	// Update is called after every page.
	Update(s Stats)
	// Finished is called once per run with its final counts and the error Run returns.
	Finished(r bantin.Run, err error)
}

// NopProgress discards progress.
type NopProgress struct{}

// Started implements Progress.
func (NopProgress) Started(string, int64) {}

// Update implements Progress.
func (NopProgress) Update(Stats) {}

// Finished implements Progress.
func (NopProgress) Finished(bantin.Run, error) {}
