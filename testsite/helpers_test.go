package testsite

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// startServer starts a simulator for one test and closes it at the end.
func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var client = &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// get fetches a URL and returns the status, headers and body.
func get(t *testing.T, url string, hdr ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("request %s: %v", url, err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return resp.StatusCode, resp.Header, b
}

// decodePage turns served bytes into NFC UTF-8 text, decoding windows-1258 when declared.
func decodePage(t *testing.T, ctype string, b []byte) string {
	t.Helper()
	if strings.Contains(strings.ToLower(ctype), "windows-1258") {
		d, err := charmap.Windows1258.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatalf("decode windows-1258: %v", err)
		}
		b = d
	}
	return norm.NFC.String(string(b))
}

var blockTags = map[string]bool{"p": true, "div": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true, "h4": true, "br": true, "figcaption": true, "table": true, "ul": true, "ol": true, "section": true, "article": true, "header": true, "footer": true, "figure": true}

var spaces = regexp.MustCompile(`\s+`)

// visibleText returns the text a reader sees: no script, style or head; cells end with " | ",
// blocks with a newline; whitespace collapsed.
func visibleText(t *testing.T, page string) string {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(spaces.ReplaceAllString(b.String(), " "))
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style" || n == "head" || n == "title":
				skip++
			case blockTags[n]:
				b.WriteString("\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style" || n == "head" || n == "title":
				skip--
			case n == "td" || n == "th":
				b.WriteString(" | ")
			case blockTags[n]:
				b.WriteString("\n")
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

func collapse(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// hrefs returns the href values of a page, in order.
func hrefs(page []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" {
				out = append(out, string(v))
			}
			if !more {
				break
			}
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}
