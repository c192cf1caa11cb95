package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/bantin/bantin"
)

// Options configure a Crawler. Archiver, Frontier and Extract are required.
type Options struct {
	Archiver bantin.Archiver // writes WARC + catalog
	Frontier bantin.Frontier // persistent frontier and runs
	Indexer  bantin.Indexer  // may be nil
	// Extract turns a page into an article; Kind tells articles from listings.
	Extract   func(page []byte, u *url.URL, contentType string, sel bantin.Selectors) (*bantin.Article, error)
	UserAgent string // default "bantin/0.1 (+<Contact>)"
	Contact   string
	// Client is used for its Timeout and Transport; redirects are never followed by it (the
	// crawler records them). Default: a client with compression disabled and a 30 s timeout.
	Client        *http.Client
	Now           func() time.Time
	Progress      Progress
	MaxBodySize   int64         // default 20 MiB; larger bodies are skipped with a logged reason
	Retries       int           // default 3; negative means none
	RetryBase     time.Duration // first backoff, doubled per retry; default 500 ms
	MaxRetryAt    time.Duration // cap on Retry-After and backoff waits; default 30 s
	MaxCrawlDelay time.Duration // cap on robots.txt Crawl-delay; default 30 s
	Limits        Limits        // trap guards; zero fields take DefaultLimits
	Logger        *slog.Logger  // default slog.Default()
}

// Crawler runs crawls. It is safe to run several sites at once; one site must not be crawled
// twice at the same time (Schedule makes sure of that).
type Crawler struct {
	opts Options
	log  *slog.Logger
}

// DefaultContact is named in the User-Agent when Options.Contact is empty.
const DefaultContact = "https://github.com/bantin/bantin"

// New checks the options and fills in defaults. It fails with bantin.ErrInvalid when a
// required dependency is missing.
func New(opts Options) (*Crawler, error) {
	if opts.Archiver == nil || opts.Frontier == nil || opts.Extract == nil {
		return nil, fmt.Errorf("crawler: Archiver, Frontier and Extract are required: %w", bantin.ErrInvalid)
	}
	if opts.Contact == "" {
		opts.Contact = DefaultContact
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "bantin/0.1 (+" + opts.Contact + ")"
	}
	if opts.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DisableCompression = true
		tr.MaxIdleConnsPerHost = 16
		opts.Client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	}
	if tr, ok := opts.Client.Transport.(*http.Transport); ok && !tr.DisableCompression {
		// Go would ask for gzip and undo it: the archive must hold what the server sent.
		tr = tr.Clone()
		tr.DisableCompression = true
		cl := *opts.Client
		cl.Transport = tr
		opts.Client = &cl
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Progress == nil {
		opts.Progress = NopProgress{}
	}
	if opts.MaxBodySize <= 0 {
		opts.MaxBodySize = 20 << 20
	}
	switch {
	case opts.Retries == 0:
		opts.Retries = 3
	case opts.Retries < 0:
		opts.Retries = 0
	}
	if opts.RetryBase <= 0 {
		opts.RetryBase = 500 * time.Millisecond
	}
	if opts.MaxRetryAt <= 0 {
		opts.MaxRetryAt = 30 * time.Second
	}
	if opts.MaxCrawlDelay <= 0 {
		opts.MaxCrawlDelay = 30 * time.Second
	}
	opts.Limits = opts.Limits.withDefaults()
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Crawler{opts: opts, log: log}, nil
}

// scope holds a site's compiled rules.
type scope struct {
	hosts    map[string]bool // host[:port] as in canonical URLs
	article  []*regexp.Regexp
	listing  []*regexp.Regexp
	exclude  []*regexp.Regexp
	robots   map[string]*robots
	guard    *trapGuard
	maxChain int
}

func compileAll(list []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range list {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %v: %w", p, err, bantin.ErrInvalid)
		}
		out = append(out, re)
	}
	return out, nil
}

func newScope(site *bantin.Site, lim Limits, now func() time.Time) (*scope, error) {
	if err := checkSite(site); err != nil {
		return nil, fmt.Errorf("site %s: %w", site.Name, errors.Join(err, bantin.ErrInvalid))
	}
	s := &scope{hosts: map[string]bool{}, robots: map[string]*robots{}, guard: newTrapGuard(lim, now), maxChain: lim.MaxChain}
	for _, h := range site.Hosts {
		if c, err := Canonicalize("http://" + h + "/"); err == nil {
			u, _ := url.Parse(c)
			s.hosts[u.Host] = true
		}
		s.hosts[h] = true
	}
	var err error
	if s.article, err = compileAll(site.ArticlePatterns); err != nil {
		return nil, err
	}
	if s.listing, err = compileAll(site.ListingPatterns); err != nil {
		return nil, err
	}
	if s.exclude, err = compileAll(site.Exclude); err != nil {
		return nil, err
	}
	return s, nil
}

// allow returns "" when the canonical URL c may be fetched, or why not.
func (s *scope) allow(u *url.URL, c string) string {
	if !s.hosts[u.Host] {
		return "off site"
	}
	for _, re := range s.exclude {
		if re.MatchString(c) {
			return "excluded"
		}
	}
	pq := u.EscapedPath()
	if u.RawQuery != "" {
		pq += "?" + u.RawQuery
	}
	if !s.robots[u.Host].allowed(pq) {
		return "robots.txt"
	}
	return s.guard.check(u, c)
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

var attachmentExt = regexp.MustCompile(`(?i)\.(pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z|jpe?g|png|gif|webp|mp4|mp3)$`)

// guessKind names what a URL probably is before fetching it.
func (s *scope) guessKind(u *url.URL, c string) string {
	switch {
	case attachmentExt.MatchString(u.Path):
		return "attachment"
	case matchAny(s.article, c):
		return "article"
	case matchAny(s.listing, c):
		return "listing"
	case strings.HasSuffix(u.Path, ".xml") || strings.HasSuffix(u.Path, ".xml.gz"):
		return "sitemap"
	}
	return "other"
}
