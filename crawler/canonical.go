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
			variantParams[lk] || (variantKeys[lk] && variantValues[strings.ToLower(dv)]) {
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
	"currentpage": true, "pi": true,
}

// pagePath matches a trailing page number in a path: /page/2, /trang-3, /p/4, _p5, -trang-6.
var pagePath = regexp.MustCompile(`(?i)(?:/(?:page|trang|p)[/-]?|[-_](?:p|page|trang)-?)(\d+)(?:\.[a-z]+)?/?$`)

// listingKey returns a URL without its page number, and that number (1 when it has none).
func listingKey(u *url.URL) (string, int) {
	n := 1
	p := u.Path
	if m := pagePath.FindStringSubmatchIndex(p); m != nil {
		n, _ = strconv.Atoi(p[m[2]:m[3]])
		p = p[:m[0]]
	}
	q := u.Query()
	for k := range q {
		if pageParams[strings.ToLower(k)] {
			if v, err := strconv.Atoi(q.Get(k)); err == nil {
				n = v
			}
			q.Del(k)
		}
	}
	return u.Host + strings.TrimSuffix(p, "/") + "?" + q.Encode(), n
}

// isPagination reports whether link is another page of the listing page is on, and its page
// number.
func isPagination(page, link *url.URL, text, rel string) (bool, int) {
	pk, _ := listingKey(page)
	lk, n := listingKey(link)
	if pk == lk && page.String() != link.String() {
		return true, n
	}
	rel = strings.ToLower(rel)
	if strings.Contains(rel, "next") || strings.Contains(rel, "prev") {
		return true, n
	}
	return false, n
}
