package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bantin/bantin"
	"github.com/gocolly/colly/v2"
	whatwg "github.com/nlnwa/whatwg-url/url"
)

// taskHeader carries a fetch's id from colly to captureTransport; it is removed before sending.
const taskHeader = "X-Bantin-Task"

// fetchResult is one HTTP exchange as the crawler sees it.
type fetchResult struct {
	Status   int
	Header   http.Header
	Raw      []byte // as the server sent it (what the archive holds)
	Body     []byte // Raw with any Content-Encoding undone (capped); what extraction reads
	Capture  bantin.Capture
	TooLarge bool // body beyond MaxBodySize: not archived, skipped
	Links    []link
}

// link is an href found on an HTML page.
type link struct {
	URL  string // absolute, as written
	Text string
	Rel  string
	Tag  string // a, link, area, iframe
	Type string // the type attribute of <link>

	res *resolved // URL resolved and canonicalised, shared with the run's other pages
}

// canonical returns the link's canonical URL, parsed (read only) and as a string, working
// them out once per link (looksLikeListing and candidates both need them).
func (l *link) canonical() (*url.URL, string, error) {
	rs := l.resolved()
	return rs.cu, rs.canon, rs.err
}

// allow returns the scope's verdict on the link's canonical URL (see resolved.allow).
func (l *link) allow(sc *scope) string { return l.resolved().allow(sc) }

// resolved returns what the link resolves to, working it out on first use for a link made
// without the run's cache.
func (l *link) resolved() *resolved {
	if l.res == nil {
		l.res = newResolved(l.URL)
	}
	return l.res
}

// pending is one fetch travelling through colly.
type pending struct {
	ctx    context.Context
	res    *fetchResult
	ex     *bantin.Exchange // to archive once colly is done with the response
	err    error
	site   string
	run    int64
	base   *whatwg.Url // the page's base URL, parsed once for all its links
	origin string      // originOf(base): the cache key of path-absolute links
}

// urlParser resolves links as colly's Request.AbsoluteURL does (the same options).
var urlParser = whatwg.NewParser(whatwg.WithPercentEncodeSinglePercentSign())

// setBase sets the base URL of the page's links as colly's Request.AbsoluteURL has it: the
// page's <base href> resolved against the page's URL when it has one and it resolves, else the
// page's URL.
func (p *pending) setBase(page, baseHref string, hasBase bool) {
	if hasBase {
		if u, err := urlParser.ParseRef(page, baseHref); err == nil {
			if _, err := url.Parse(u.Href(false)); err == nil {
				page = u.Href(false)
			}
		}
	}
	p.base, _ = urlParser.Parse(page)
	p.origin = originOf(p.base)
}

// absoluteURL is colly's Request.AbsoluteURL with the base URL parsed once for all links (parsing
// it for every link was an eighth of a crawl's CPU): "" for a fragment-only or unparsable link.
func (p *pending) absoluteURL(ref string) string {
	if strings.HasPrefix(ref, "#") || p.base == nil {
		return ""
	}
	u, err := p.base.Parse(ref)
	if err != nil {
		return ""
	}
	return u.Href(false)
}

// captureTransport keeps every response exactly as received (at most max bytes of a body) for
// the archive, and hands colly only what colly should parse. The archiving itself happens in
// fetcher.once, after colly has released the host's limit slot, so that a slow disk does not
// hold back fetching; it still comes before anything else (extraction) reads the response.
type captureTransport struct {
	base  http.RoundTripper
	max   int64
	now   func() time.Time
	tasks sync.Map // id -> *pending
}

// emptyGzip is a valid gzip stream of nothing: colly insists on gunzipping *.xml.gz bodies.
var emptyGzip = func() []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Close()
	return b.Bytes()
}()

func (t *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	id := req.Header.Get(taskHeader)
	v, ok := t.tasks.Load(id)
	if !ok {
		return nil, fmt.Errorf("fetch %s: unknown task %q", req.URL, id)
	}
	p := v.(*pending)
	req = req.Clone(req.Context())
	req.Header.Del(taskHeader)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		p.err = err
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, t.max+1))
	resp.Body.Close()
	if err != nil {
		p.err = fmt.Errorf("read body: %w", err)
		return nil, p.err
	}
	res := &fetchResult{Status: resp.StatusCode, Header: resp.Header}
	p.res = res
	if int64(len(raw)) > t.max {
		res.TooLarge = true
		return colly200(req, resp, nil), nil
	}
	res.Raw = raw
	p.ex = &bantin.Exchange{
		URL: req.URL.String(), Method: req.Method, ReqHeader: req.Header,
		Status: resp.StatusCode, Proto: resp.Proto, RespHeader: resp.Header, Body: raw,
		FetchedAt: t.now(), Site: p.site, RunID: p.run,
	}
	res.Body = raw
	if enc := strings.ToLower(resp.Header.Get("Content-Encoding")); enc == "gzip" || enc == "x-gzip" {
		if res.Body, err = gunzipCapped(raw, t.max); err != nil {
			res.Body = nil
		}
	}
	var forColly []byte
	if resp.StatusCode >= 200 && resp.StatusCode < 300 && isHTML(resp.Header.Get("Content-Type")) {
		forColly = res.Body
	}
	return colly200(req, resp, forColly), nil
}

// colly200 builds the response colly sees: body only for HTML it should parse, no encoding.
func colly200(req *http.Request, resp *http.Response, body []byte) *http.Response {
	h := resp.Header.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	ct := strings.ToLower(h.Get("Content-Type"))
	if body == nil && (strings.HasSuffix(strings.ToLower(req.URL.Path), ".xml.gz") || strings.Contains(ct, "gzip")) {
		body = emptyGzip
	}
	return &http.Response{
		Status: resp.Status, StatusCode: resp.StatusCode, Proto: resp.Proto,
		ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor, Header: h,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req,
		Uncompressed: true,
	}
}

// archiveError marks a failure to archive: the run cannot go on without its source of truth.
type archiveError struct{ err error }

func (e *archiveError) Error() string { return e.err.Error() }
func (e *archiveError) Unwrap() error { return e.err }

func isHTML(ct string) bool {
	ct = strings.ToLower(ct)
	return ct == "" || strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml")
}

// fetcher fetches through one colly collector with per-host limit rules.
type fetcher struct {
	maxLinks  int // links kept per page (one more, so that the cut shows)
	c         *colly.Collector
	archiver  bantin.Archiver
	tr        *captureTransport
	seq       atomic.Int64
	retries   int
	maxWait   time.Duration
	baseDelay time.Duration
	onResp    func() // called once per response received (progress)
	links     *linkCache
}

func newFetcher(ctx context.Context, client *http.Client, tr *captureTransport, archiver bantin.Archiver, ua string) *fetcher {
	c := colly.NewCollector(colly.StdlibContext(ctx))
	// Set after NewCollector so COLLY_* environment variables cannot override them.
	c.UserAgent = ua
	c.IgnoreRobotsTxt = true // robots.txt is read by the crawler itself (Crawl-delay, Sitemap)
	c.AllowURLRevisit = true // the frontier decides what to fetch
	c.ParseHTTPErrorResponse = true
	c.MaxBodySize = 0 // captureTransport caps bodies
	c.DetectCharset = false
	c.Async = false
	c.MaxDepth = 0
	c.CacheDir = ""
	c.AllowedDomains = nil
	cl := *client
	cl.Transport = tr
	cl.Jar = nil
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.SetClient(&cl)
	f := &fetcher{c: c, tr: tr, archiver: archiver, links: newLinkCache()}
	c.OnResponse(func(r *colly.Response) {
		p, _ := r.Ctx.GetAny("pending").(*pending)
		if p == nil || p.res == nil || !hasLinks(r.Headers.Get("Content-Type"), r.Body) {
			return
		}
		base, hasBase, links := scanLinks(r.Body, f.maxLinks+1) // one more, so that the cut shows
		p.setBase(r.Request.URL.String(), base, hasBase)
		for _, l := range links {
			if rs := f.links.resolve(p, l.Ref); rs.abs != "" {
				p.res.Links = append(p.res.Links, link{URL: rs.abs, Text: l.Text, Rel: l.Rel, Tag: l.Tag, Type: l.Type, res: rs})
			}
		}
	})
	return f
}

// limit installs one limit rule for a host:port.
func (f *fetcher) limit(host string, parallelism int, delay time.Duration) error {
	return f.c.Limit(&colly.LimitRule{DomainGlob: globEscape(host), Parallelism: parallelism, Delay: delay})
}

func globEscape(s string) string {
	r := strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `]`, `\]`, `{`, `\{`, `}`, `\}`)
	return r.Replace(s)
}

// once performs one request; the error is a transport or archive error, never an HTTP status.
func (f *fetcher) once(ctx context.Context, u string, hdr http.Header, site string, run int64) (*fetchResult, error) {
	id := strconv.FormatInt(f.seq.Add(1), 10)
	p := &pending{ctx: ctx, site: site, run: run}
	f.tr.tasks.Store(id, p)
	defer f.tr.tasks.Delete(id)
	h := hdr.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(taskHeader, id)
	h.Set("User-Agent", f.c.UserAgent)
	cctx := colly.NewContext()
	cctx.Put("pending", p)
	err := f.c.Request(http.MethodGet, u, nil, cctx, h)
	if p.err != nil {
		return nil, p.err
	}
	if p.res == nil {
		if err == nil {
			err = errors.New("no response")
		}
		return nil, err
	}
	if p.ex != nil {
		c, err := f.archiver.Capture(ctx, p.ex)
		if err != nil {
			return nil, &archiveError{fmt.Errorf("archive %s: %w", u, err)}
		}
		p.res.Capture = c
	}
	if f.onResp != nil && !p.res.TooLarge {
		f.onResp()
	}
	return p.res, nil
}

// fetch performs a request with retries for transport errors, 5xx, 408 and 429, backing off
// exponentially and honouring Retry-After (capped). Every response, failed ones included, has
// been archived. It returns the last response, or the last error when there was none.
func (f *fetcher) fetch(ctx context.Context, u string, hdr http.Header, site string, run int64) (*fetchResult, int, error) {
	var (
		res      *fetchResult
		err      error
		attempts int
	)
	for attempt := 0; attempt <= f.retries; attempt++ {
		attempts++
		res, err = f.once(ctx, u, hdr, site, run)
		var ae *archiveError
		if errors.As(err, &ae) || ctx.Err() != nil {
			return nil, attempts, err
		}
		wait, retry := f.retryable(res, err, attempt)
		if !retry || attempt == f.retries {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, attempts, ctx.Err()
		case <-t.C:
		}
	}
	return res, attempts, err
}

func (f *fetcher) retryable(res *fetchResult, err error, attempt int) (time.Duration, bool) {
	backoff := f.baseDelay << attempt
	backoff += time.Duration(rand.Int64N(int64(backoff)/2 + 1))
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
			strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "read body") {
			return backoff, true
		}
		return backoff, true // other transport errors are usually transient too
	}
	if res.Status >= 500 || res.Status == 429 || res.Status == 408 {
		if ra := retryAfter(res.Header.Get("Retry-After"), time.Now()); ra > 0 {
			if ra > f.maxWait {
				ra = f.maxWait
			}
			return ra, true
		}
		return backoff, true
	}
	return 0, false
}

// retryAfter reads a Retry-After header: seconds or an HTTP date; 0 when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.Sub(now)
	}
	return 0
}
