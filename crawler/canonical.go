package crawler

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
)

// dropParams are query keys that never change what a page shows: trackers and session ids.
var dropParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true, "mc_cid": true,
	"mc_eid": true, "_ga": true, "_gl": true, "igshid": true, "ref_src": true,
	"sid": true, "sessionid": true, "session_id": true, "phpsessid": true, "jsessionid": true,
	"aspsessionid": true, "cfid": true, "cftoken": true, "zenid": true, "osCsid": true,
}

// variantParams select a print or mobile rendering of the same page; they are folded away.
var variantParams = map[string]bool{
	"print": true, "printable": true, "printer": true, "mobile": true, "amp": true, "m": true,
}

// variantValues are values of view/layout/format/output keys that name a print or mobile variant.
var variantValues = map[string]bool{"print": true, "printable": true, "mobile": true, "amp": true, "m": true}

// returnParams carry a URL to go back to; they do not change the page.
var returnParams = map[string]bool{"redirect": true, "returnurl": true, "return_url": true, "backurl": true,
	"back_url": true, "returnto": true, "return_to": true}

var variantKeys = map[string]bool{"view": true, "layout": true, "format": true, "output": true, "mode": true, "type": true}

// variantSuffixes are trailing path segments of print/mobile variants ("/article/print").
var variantSuffixes = map[string]bool{"print": true, "amp": true, "mobile": true, "printable": true}

// sessionInPath matches ";jsessionid=..." style path parameters.
var sessionInPath = regexp.MustCompile(`(?i);(jsessionid|phpsessid|sessionid|sid)=[^/?#]*`)

// Canonicalize returns the canonical form of an absolute http(s) URL: lower-case scheme and
// host, default port dropped, no fragment, no utm_* / tracker / session-id parameters, print
// and mobile variants folded onto the page itself, dot segments resolved and the query sorted.
// It fails with bantin.ErrInvalid on a relative URL, another scheme or an unparsable string.
func Canonicalize(rawURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return "", fmt.Errorf("canonicalize %q: %v: %w", rawURL, err, bantin.ErrInvalid)
	}
	return canonicalURL(u)
}

func canonicalURL(in *url.URL) (string, error) {
	u := *in
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonicalize %q: scheme must be http or https: %w", in.String(), bantin.ErrInvalid)
	}
	if u.Host == "" {
		return "", fmt.Errorf("canonicalize %q: no host: %w", in.String(), bantin.ErrInvalid)
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	for _, p := range []string{"m.", "mobile.", "amp."} {
		if strings.HasPrefix(host, p) && strings.Count(host, ".") >= 2 {
			host = strings.TrimPrefix(host, p)
			break
		}
	}
	if host == "" {
		return "", fmt.Errorf("canonicalize %q: no host: %w", in.String(), bantin.ErrInvalid)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host

	p := sessionInPath.ReplaceAllString(u.Path, "")
	if p == "" {
		p = "/"
	}
	trailing := strings.HasSuffix(p, "/")
	p = path.Clean(p)
	if trailing && p != "/" {
		p += "/"
	}
	if base := path.Base(strings.TrimSuffix(p, "/")); variantSuffixes[strings.ToLower(base)] && p != "/" {
		p = path.Dir(strings.TrimSuffix(p, "/"))
		if trailing && p != "/" {
			p += "/"
		}
	}
	u.Path, u.RawPath = p, ""
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// canonicalQuery drops tracker, session and variant parameters and sorts the rest by key,
// keeping the order of repeated keys' values.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type kv struct{ k, v string }
	var kept []kv
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.QueryUnescape(k)
		if err != nil {
			dk = k
		}
		dv, err := url.QueryUnescape(v)
		if err != nil {
			dv = v
		}
		lk := strings.ToLower(dk)
		if strings.HasPrefix(lk, "utm_") || dropParams[lk] || strings.HasPrefix(lk, "aspsessionid") ||
			variantParams[lk] || returnParams[lk] || (variantKeys[lk] && variantValues[strings.ToLower(dv)]) {
			continue
		}
		kept = append(kept, kv{dk, dv})
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].k < kept[j].k })
	var b strings.Builder
	for i, p := range kept {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.v))
	}
	return b.String()
}

// pageParams are query keys that number the pages of a listing.
var pageParams = map[string]bool{
	"page": true, "p": true, "pg": true, "trang": true, "pageindex": true, "paged": true,
	"pagenum": true, "page_no": true, "pageno": true, "start": true, "offset": true, "pagenumber": true,
	"currentpage": true, "pi": true, "cur": true,
}

// pagePath matches a trailing page number in a path: /page/2, /trang-3, /p/4, _p5, -trang-6.
var pagePath = regexp.MustCompile(`(?i)(?:/(?:page|trang|p)[/-]?|[-_](?:p|page|trang)-?)(\d+)(?:\.[a-z]+)?/?$`)

// listingKey returns a URL without its page number, and that number (1 when it has none).
func listingKey(u *url.URL) (string, int) {
	n := 1
	p := u.Path
	if m := matchPagePath(p); m != nil {
		n, _ = strconv.Atoi(p[m[2]:m[3]])
		p = p[:m[0]]
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasSuffix(lk, "_delta") { // Liferay page size
			q.Del(k)
			continue
		}
		if pageParams[lk] || strings.HasSuffix(lk, "_cur") {
			if v, err := strconv.Atoi(q.Get(k)); err == nil {
				n = v
			}
			q.Del(k)
		}
	}
	return u.Host + strings.TrimSuffix(p, "/") + "?" + q.Encode(), n
}

// matchPagePath is pagePath.FindStringSubmatchIndex(p) without running the regexp over whole
// paths (a crawl called it for every link of every page). A match ends in the path's last run
// of digits, then an optional extension and slash, and starts with a page word of at most 7
// bytes right before those digits: paths not ending so cannot match, and the rest need only
// their tail examined.
func matchPagePath(p string) []int {
	end := len(p)
	if end > 0 && p[end-1] == '/' {
		end--
	}
	if dot := strings.LastIndexByte(p[:end], '.'); dot >= 0 && dot < end-1 && allLetters(p[dot+1:end]) {
		end = dot
	}
	i := end
	for i > 0 && p[i-1] >= '0' && p[i-1] <= '9' {
		i--
	}
	if i == end {
		return nil
	}
	start := max(i-8, 0)
	m := pagePath.FindStringSubmatchIndex(p[start:])
	for j := range m {
		if m[j] >= 0 {
			m[j] += start
		}
	}
	return m
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// pageKey is a page's listing key and page number, worked out once for all its links.
type pageKey struct {
	u   *url.URL
	s   string // u.String()
	key string
	n   int
}

func newPageKey(u *url.URL) pageKey {
	k, n := listingKey(u)
	return pageKey{u: u, s: u.String(), key: k, n: n}
}

// pagerWords are the texts of pager links that are not page numbers.
var pagerWords = map[string]bool{"»": true, "«": true, "›": true, "‹": true, ">": true, "<": true, ">>": true,
	"<<": true, "tiếp": true, "sau": true, "trước": true, "trang sau": true, "trang trước": true,
	"cuối": true, "đầu": true, "trang cuối": true, "trang đầu": true, "next": true, "prev": true,
	"previous": true, "last": true, "first": true, "tiếp theo": true, "xem tiếp": true}

// isPagination reports whether link is another page of the listing page is on, and its page
// number: the same URL but for a page number, a rel=next/prev link, or a link to the same path
// whose text is a page number or a pager word.
func isPagination(page, link *url.URL, text, rel string) (bool, int) {
	return newPageKey(page).isPagination(link, text, rel)
}

// isPagination is the package function for a page whose key is known.
func (pk pageKey) isPagination(link *url.URL, text, rel string) (bool, int) {
	page := pk.u
	lk, n := listingKey(link)
	if pk.s == link.String() {
		return false, n
	}
	if pk.key == lk {
		return n != pk.n, n // the same listing at another page number; else the same page
	}
	rel = strings.ToLower(rel)
	if strings.Contains(rel, "next") || strings.Contains(rel, "prev") {
		return true, n
	}
	if link.Host == page.Host && link.Path == page.Path && link.RawQuery != "" {
		t := strings.ToLower(strings.TrimSpace(text))
		if _, err := strconv.Atoi(t); err == nil || pagerWords[t] {
			return true, n
		}
	}
	return false, n
}

// pageNumber returns the page number a listing URL names (1 when none).
func pageNumber(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return 1
	}
	_, n := listingKey(u)
	return n
}
