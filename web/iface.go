package web

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/bantin/bantin"
)

// Searcher is what web needs of the search package. Search answers one page of results; Each
// calls fn for every hit of the query with no cap (used by the exports), in result order, and
// stops at the first error fn returns.
//
// A bantin.Searcher without Each is accepted too (see Options.Searcher): exports then page
// through Search with the Next cursor.
type Searcher interface {
	bantin.Searcher
	Each(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error
}

// Archive is what web needs of the archive package (the catalog and the WARC files). Methods
// return an error wrapping bantin.ErrNotFound for unknown ids.
type Archive interface {
	// Entry returns the article with its current version.
	Entry(ctx context.Context, id string) (bantin.Entry, error)
	// Versions returns every version of the article, oldest (N=1) first.
	Versions(ctx context.Context, id string) ([]bantin.Version, error)
	// CapturesOf returns the captures of a URL, oldest first.
	CapturesOf(ctx context.Context, url string) ([]bantin.Capture, error)
	// Capture returns one capture by its id.
	Capture(ctx context.Context, id int64) (bantin.Capture, error)
	// OpenRecord opens the archived HTTP response of a capture (for a revisit record: the
	// response it refers to). The caller closes Record.Body.
	OpenRecord(ctx context.Context, c bantin.Capture) (*Record, error)
	// Sites returns every site the catalog knows with its counts.
	Sites(ctx context.Context) ([]SiteStats, error)
	// Runs returns the latest crawl runs, newest first; site "" means every site.
	Runs(ctx context.Context, site string, limit int) ([]bantin.Run, error)
}

// Record is an archived HTTP response as the WARC holds it.
type Record struct {
	Status int
	Header http.Header
	Body   io.ReadCloser // the payload, content-encoding already undone
}

// SiteStats is one site as the catalog counts it.
type SiteStats struct {
	Name     string      `json:"name"`
	Articles int         `json:"articles"`
	Captures int         `json:"captures"`
	LastRun  *bantin.Run `json:"last_run,omitempty"`
	// NextRun is filled by web from Options.NextRun; archives leave it zero.
	NextRun time.Time `json:"next_run,omitzero"`
}
