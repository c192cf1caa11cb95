package bantin

import (
	"context"
	"net/http"
	"time"
)

// Exchange is one HTTP request and the response as the server sent it, ready to archive.
type Exchange struct {
	URL       string
	Method    string
	ReqHeader http.Header
	// Status, Proto and RespHeader describe the response; Body is its payload exactly as
	// received (no content decoding was requested, so it is what the server sent).
	Status     int
	Proto      string
	RespHeader http.Header
	Body       []byte
	FetchedAt  time.Time
	IP         string // remote address when known
	Site       string
	RunID      int64
}

// Outcome says what storing an article changed.
type Outcome int

// Outcomes of Archiver.SaveArticle.
const (
	Unchanged Outcome = iota
	New
	Changed
)

// Archiver stores what the crawler fetches and remembers what it knows. Implemented by archive.
type Archiver interface {
	// Capture writes the exchange to a WARC file (a revisit record when the payload was seen
	// before) and files it in the catalog.
	Capture(ctx context.Context, ex *Exchange) (Capture, error)
	// SaveArticle files an extracted article from a capture: a new article, a new version of a
	// changed one, or only a last-seen update.
	SaveArticle(ctx context.Context, site string, c Capture, a *Article) (Entry, Outcome, error)
	// MarkGone records that a known article now answers 404/410; its versions stay.
	MarkGone(ctx context.Context, canonicalURL string, at time.Time) error
}

// Indexer makes entries searchable. Implemented by index.
type Indexer interface {
	Index(ctx context.Context, entries ...Entry) error
	Flush(ctx context.Context) error
}

// Searcher answers queries. Implemented by search (over a local index) and by a client of a
// running bantin process that holds the index.
type Searcher interface {
	Search(ctx context.Context, q Query) (*Result, error)
}

// Frontier states.
const (
	StateQueued = "queued" // to fetch (again) once NextDue has passed
	StateDone   = "done"   // fetched; revisit when NextDue passes
	StateFailed = "failed" // kept failing this run; retried on a later run
	StateGone   = "gone"   // answered 404/410
)

// FrontierURL is a URL the crawler knows of, with what it needs to revisit it politely.
type FrontierURL struct {
	URL          string    `json:"url"` // canonical
	Site         string    `json:"site"`
	Depth        int       `json:"depth"`
	Kind         string    `json:"kind"` // seed, listing, sitemap, feed, article, attachment, other
	State        string    `json:"state"`
	NextDue      time.Time `json:"next_due"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastStatus   int       `json:"last_status,omitempty"`
	Failures     int       `json:"failures,omitempty"`
	LastFetched  time.Time `json:"last_fetched,omitzero"`
}

// Frontier is the crawler's persistent memory of URLs, so that crawls resume after a crash and
// re-crawls fetch only what is due. Implemented by archive (the catalog).
type Frontier interface {
	// AddURLs inserts URLs not known yet and leaves known ones as they are.
	AddURLs(ctx context.Context, urls []FrontierURL) error
	// DueURLs returns up to limit URLs of a site whose state is queued, or done/failed with
	// NextDue at or before now, lowest depth first.
	DueURLs(ctx context.Context, site string, now time.Time, limit int) ([]FrontierURL, error)
	// LookupURL returns the stored row, or ErrNotFound.
	LookupURL(ctx context.Context, url string) (FrontierURL, error)
	// UpdateURL stores the row as given (insert or replace).
	UpdateURL(ctx context.Context, u FrontierURL) error
	// StartRun files a new run in state "running"; FinishRun stores its final counts and status.
	StartRun(ctx context.Context, site string, at time.Time) (Run, error)
	FinishRun(ctx context.Context, r Run) error
}
