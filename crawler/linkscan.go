package crawler

import (
	"bytes"
	"net/http"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Links are read with HTML's tokenizer, not from a parsed tree: a crawl reads every page's links
// once and needs nothing else of the page, and building a tree (goquery, as colly's OnHTML
// does) cost about a tenth of a crawl's CPU. The tokenizer knows raw-text elements (script,
// style, noscript, textarea ...) as the parser does, so links in them are not links here either
// (TestScanLinksMatchesTree compares both on every HTML fixture).

// rawLink is a link element as written in the page.
type rawLink struct {
	Ref, Text, Rel, Tag, Type string
}

// hasLinks reports whether a response is an HTML page whose links are read, as colly decides
// it for OnHTML: by its Content-Type, sniffed from the body when there is none.
func hasLinks(contentType string, body []byte) bool {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, _ := strings.Cut(contentType, ";")
	switch strings.TrimSpace(strings.ToLower(mt)) {
	case "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// scanLinks returns the href of the page's first <base href> (found tells whether there is
// one) and its links: a[href], area[href], link[href], iframe[src] and frame[src], in document
// order, with the text inside each (trimmed). Fragment-only links ("#top") are left out; at
// most max links are returned (0: no limit).
func scanLinks(body []byte, max int) (base string, found bool, links []rawLink) {
	z := html.NewTokenizer(bytes.NewReader(body))
	open := -1 // index in links of the element whose text is being read
	var text strings.Builder
	closeText := func() {
		if open >= 0 {
			links[open].Text = strings.TrimSpace(text.String())
			open = -1
			text.Reset()
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			closeText()
			return base, found, links
		case html.TextToken:
			if open >= 0 {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); open >= 0 && (a == atom.A || a == atom.Iframe) && links[open].Tag == a.String() {
				closeText()
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			want := "href"
			switch a {
			case atom.A, atom.Area, atom.Link, atom.Base:
			case atom.Iframe, atom.Frame:
				want = "src"
			default:
				continue
			}
			if a == atom.A {
				closeText() // an <a> ends the one before it, as the parser does
			}
			var l rawLink
			var hasRef, hasRel, hasType bool // the first of repeated attributes counts, as in the parser
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch {
				case !hasRef && string(k) == want:
					l.Ref, hasRef = string(v), true
				case !hasRel && string(k) == "rel":
					l.Rel, hasRel = strings.ToLower(string(v)), true
				case !hasType && string(k) == "type":
					l.Type, hasType = strings.ToLower(string(v)), true
				}
			}
			switch {
			case !hasRef:
				continue
			case a == atom.Base:
				if !found {
					base, found = l.Ref, true
				}
				continue
			case strings.HasPrefix(l.Ref, "#"), max > 0 && len(links) >= max:
				continue
			}
			l.Tag = a.String()
			links = append(links, l)
			if tt == html.StartTagToken && (a == atom.A || a == atom.Iframe) {
				open = len(links) - 1
			}
		}
	}
}
