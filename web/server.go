package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/search"
)

// Options configure a Server. Searcher is required; the rest may be left zero.
type Options struct {
	// Searcher answers queries. If it also implements Searcher (with Each), exports use Each;
	// otherwise they page through Search.
	Searcher bantin.Searcher
	// Archive serves articles, versions, snapshots, sites and runs. Nil: those pages answer 503.
	Archive Archive
	// Token guards POST /api/crawl ("Authorization: Bearer TOKEN"). Empty: crawling through
	// the API is refused with 403.
	Token string
	// TriggerCrawl starts a crawl of one site and returns its run id at once. ctx is the
	// request's: the crawl itself must not stop when it ends. Nil: /api/crawl is 404.
	TriggerCrawl func(ctx context.Context, site string) (runID int64, err error)
	// NextRun tells when a site is next scheduled (zero: not scheduled). May be nil.
	NextRun func(site string) time.Time
	// Logger receives access and error logs. Nil: slog.Default().
	Logger *slog.Logger
	// Now is the clock. Nil: time.Now.
	Now func() time.Time
	// RequestTimeout bounds every request but the exports. Zero: 10 s.
	RequestTimeout time.Duration
	// ExportTimeout bounds an export download. Zero: 30 min.
	ExportTimeout time.Duration
	// MaxSearches bounds the searches running at once (pages and API); more wait their turn
	// in order, within the request's time limit. Zero: 2 per CPU. Exports have their own
	// limit of 2 at once, so that long downloads never starve the searches.
	MaxSearches int
	// BaseURL is the public address used in permalinks ("https://host/prefix"). Empty: built
	// from the request's Host.
	BaseURL string
}

// Server is the HTTP front of bantin. Build it with New; it is safe for concurrent use.
type Server struct {
	opts   Options
	log    *slog.Logger
	each   func(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error
	pages  map[string]*template.Template
	static *staticFiles
	mux    *http.ServeMux
	slots  chan struct{} // one token per search allowed to run
	export chan struct{} // one token per export allowed to run
}

// New checks the options, parses the templates and hashes the static files once. It fails
// when Searcher is nil or a template does not parse.
func New(opts Options) (*Server, error) {
	if opts.Searcher == nil {
		return nil, fmt.Errorf("web: options: Searcher is required: %w", bantin.ErrInvalid)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 10 * time.Second
	}
	if opts.ExportTimeout <= 0 {
		opts.ExportTimeout = 30 * time.Minute
	}
	if opts.MaxSearches <= 0 {
		opts.MaxSearches = 2 * runtime.GOMAXPROCS(0)
	}
	s := &Server{opts: opts, log: opts.Logger, slots: make(chan struct{}, opts.MaxSearches),
		export: make(chan struct{}, 2)}
	if e, ok := opts.Searcher.(Searcher); ok {
		s.each = e.Each
	} else {
		s.each = func(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
			return search.EachHit(ctx, opts.Searcher, q, fn)
		}
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the whole site: pages, static files and the API, wrapped in the security
// headers, the per-request time limit, panic recovery and the access log.
func (s *Server) Handler() http.Handler {
	return s.middleware(s.mux)
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.handleSearchPage)
	m.HandleFunc("GET /articles/{id}", s.handleArticlePage)
	m.HandleFunc("GET /snapshot/{capture}", s.handleSnapshot)
	m.HandleFunc("GET /sites", s.handleSitesPage)
	m.HandleFunc("GET /export", s.handleExport)
	m.HandleFunc("GET /static/{file}", s.static.serve)

	m.HandleFunc("GET /api/search", s.handleAPISearch)
	m.HandleFunc("GET /api/articles/{id}", s.handleAPIArticle)
	m.HandleFunc("GET /api/sites", s.handleAPISites)
	m.HandleFunc("GET /api/runs", s.handleAPIRuns)
	m.HandleFunc("GET /api/export", s.handleExport)
	m.HandleFunc("POST /api/crawl", s.handleAPICrawl)
	m.HandleFunc("GET /healthz", s.handleHealth)
	m.HandleFunc("/api/", s.handleAPINotFound)
	m.HandleFunc("/", s.handleNotFound)
	s.mux = m
}

// NewHTTPServer returns an http.Server for h with the timeouts and header limits a public
// listener needs (slow clients cannot hold connections open for ever). Bind it to 127.0.0.1
// unless the operator asks otherwise.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// errStatus maps bantin error codes (and deadlines) to an HTTP status and a message safe to
// show: internal errors are not described to the client.
func errStatus(err error) (int, string) {
	switch {
	case errors.Is(err, bantin.ErrInvalid):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, bantin.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, bantin.ErrUnauthorized):
		return http.StatusUnauthorized, err.Error()
	case errors.Is(err, bantin.ErrLocked):
		return http.StatusConflict, err.Error()
	case errors.Is(err, bantin.ErrUnavailable), errors.Is(err, bantin.ErrIndexStale):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long and was stopped; narrow the query or try again"
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "request cancelled"
	default:
		return http.StatusInternalServerError, "internal error"
	}
}

// search runs one search when a slot is free. On a machine with few cores, fifty searches
// sharing the CPU all finish late; taking turns lets most finish early and keeps memory flat.
func (s *Server) search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	release, err := acquire(ctx, s.slots)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.opts.Searcher.Search(ctx, q)
}

// acquire waits for a slot of sem until ctx ends.
func acquire(ctx context.Context, sem chan struct{}) (release func(), err error) {
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("web: waiting for a free slot (%d busy): %w", cap(sem), ctx.Err())
	}
}
