package crawler

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gocolly/colly/v2"
)

// linkCases are pages written to trip a link scanner that does not read HTML as the parser does.
var linkCases = map[string]string{
	"base href":           `<html><head><base href="/goc/"></head><body><a href="a.html">A</a><a href="/b">B</a></body></html>`,
	"second base ignored": `<head><base href="http://x.example/one/"><base href="http://y.example/two/"></head><a href="p">p</a>`,
	"base without href":   `<head><base target="_blank"><base href="sub/"></head><a href="p">p</a>`,
	"raw text elements": `<script>var s = '<a href="/in-script">x</a>';</script><style>a[href="/css"]{}</style>` +
		`<noscript><a href="/in-noscript">n</a></noscript><textarea><a href="/in-textarea">t</a></textarea>` +
		`<title><a href="/in-title"></a></title><a href="/real">real</a>`,
	"nested and unclosed a": `<a href="/1">one <b>bold</b><a href="/2">two</a> after<a href="/3">three`,
	"upper case, repeats, entities": `<A HREF="/x?a=1&amp;b=2" href="/ignored" REL="NoFollow Next" TYPE="Text/HTML">  X &amp; Y  </A>` +
		`<LINK REL=alternate TYPE="application/rss+xml" HREF="/rss"><link rel=canonical href="/canon">`,
	"frameset":          `<html><head><title>t</title></head><frameset><frame src="/f1"><frame name=x><frame src="f2"></frameset></html>`,
	"iframes and areas": `<p><iframe src="/if">fallback <b>text</b></iframe><map><area href="/ar" alt=a><area nohref></map>`,
	"fragments and oddities": `<a href="#top">top</a><a href="">empty</a><a href="  /spaced  ">s</a><a href="javascript:void(0)">j</a>` +
		`<a href="mailto:a@b.c">m</a><a href="/bài-viết.html">vi</a><a href="/%zz">bad</a><a>no href</a>`,
	"svg and template":   `<svg><a href="/svg-a">svg</a></svg><template><a href="/tpl">t</a></template>`,
	"comments and cdata": `<!-- <a href="/commented">c</a> --><p>text<a href="/after">after</a>`,
}

// TestScanLinksMatchesTree fetches every HTML fixture and the cases above through colly twice:
// links found by the tokenizer (scanLinks, resolved by pending) against links colly's OnHTML
// finds in the parsed tree with the selector the crawler used before, resolved by colly.
func TestScanLinksMatchesTree(t *testing.T) {
	pages := map[string][]byte{}
	for name, body := range linkCases {
		pages[name] = []byte(body)
	}
	var files []string
	for _, glob := range []string{"../extract/testdata/*/*.html", "../extract/testdata/*/*/*.html", "testdata/*/*.html"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d HTML fixtures, want the extractor's", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[f] = b
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(pages[r.URL.Query().Get("p")])
	}))
	defer srv.Close()

	for name := range pages {
		t.Run(name, func(t *testing.T) {
			c := colly.NewCollector()
			var tree, scanned []link
			c.OnHTML("a[href], area[href], link[href], iframe[src], frame[src]", func(e *colly.HTMLElement) {
				attr := "href"
				if e.Name == "iframe" || e.Name == "frame" {
					attr = "src"
				}
				if abs := e.Request.AbsoluteURL(e.Attr(attr)); abs != "" {
					tree = append(tree, link{URL: abs, Text: strings.TrimSpace(e.Text),
						Rel: strings.ToLower(e.Attr("rel")), Tag: e.Name, Type: strings.ToLower(e.Attr("type"))})
				}
			})
			c.OnResponse(func(r *colly.Response) {
				base, hasBase, raw := scanLinks(r.Body, 0)
				p := &pending{}
				p.setBase(r.Request.URL.String(), base, hasBase)
				for _, l := range raw {
					if abs := p.absoluteURL(l.Ref); abs != "" {
						scanned = append(scanned, link{URL: abs, Text: l.Text, Rel: l.Rel, Tag: l.Tag, Type: l.Type})
					}
				}
			})
			u := srv.URL + "/dir/page.html?p=" + strings.ReplaceAll(name, " ", "+")
			if err := c.Visit(u); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(scanned, tree) {
				n := min(len(scanned), len(tree))
				for i := 0; i < n; i++ {
					if !reflect.DeepEqual(scanned[i], tree[i]) {
						t.Fatalf("link %d: scanned %+v, tree %+v", i, scanned[i], tree[i])
					}
				}
				t.Fatalf("scanned %d links, the tree has %d", len(scanned), len(tree))
			}
		})
	}
}

func TestScanLinksMax(t *testing.T) {
	body := []byte(strings.Repeat(`<a href="#x">f</a><a href="/p">p</a>`, 10))
	if _, _, links := scanLinks(body, 4); len(links) != 4 {
		t.Errorf("got %d links, want 4 (fragments not counted)", len(links))
	}
}
