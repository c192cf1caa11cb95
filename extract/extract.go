package extract

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/bantin/bantin"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Options tune one extraction.
type Options struct {
	ContentType string           // HTTP Content-Type header value, for the charset ("" if unknown)
	Selectors   bantin.Selectors // optional per-site overrides; zero value = generic only
	// Site, when set, is the model of the page's site shared by the extractions of its
	// pages: the page's blocks are learnt in it, and text it has seen repeated on many pages
	// is dropped as boilerplate. Results then depend on the pages extracted before (see
	// Site). Nil keeps extraction pure: the same bytes always give the same article.
	Site *Site
}

// Article extracts the article of one page. It is pure (no network, no global mutable state)
// and safe for concurrent use, unless opts.Site is set: then the result also depends on the
// pages of the site extracted before with the same Site. The result's Kind is bantin.KindArticle, or bantin.KindListing
// for home, category and search pages that are mostly links with no article body. It returns
// an error only for input it cannot read at all (an empty page); it never panics.
func Article(page []byte, pageURL *url.URL, opts Options) (a *bantin.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("extract %s: internal error: %v", urlString(pageURL), r)
		}
	}()
	s, err := Decode(page, opts.ContentType)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", urlString(pageURL), err)
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		// The parser refuses absurd nesting (more than 512 open elements): flatten the
		// deepest levels and try again.
		root, err = html.Parse(strings.NewReader(flattenDeep(s, 200)))
		if err != nil {
			return nil, fmt.Errorf("extract %s: parse html: %w", urlString(pageURL), err)
		}
	}
	return run(root, pageURL, opts), nil
}

func urlString(u *url.URL) string {
	if u == nil {
		return "(no url)"
	}
	return u.String()
}

// run is the extraction pipeline over a parsed page.
func run(root *html.Node, pageURL *url.URL, opts Options) *bantin.Article {
	if pageURL == nil {
		pageURL = &url.URL{}
	}
	m := collectMeta(root)
	body := findBody(root)
	a := &bantin.Article{URL: pageURL.String(), Kind: bantin.KindArticle}
	if m.canonical != "" {
		a.Canonical = resolve(pageURL, m.canonical)
	}
	sel := opts.Selectors
	var doc *goquery.Document
	if sel.Title != "" || sel.Body != "" || sel.Published != "" || sel.Author != "" || len(sel.Remove) > 0 {
		doc = goquery.NewDocumentFromNode(root)
		for _, r := range sel.Remove {
			if r = strings.TrimSpace(r); r != "" {
				doc.Find(r).Remove()
			}
		}
	}

	// Metadata that needs the page before boilerplate is pruned.
	lines := collectLines(body)
	head := chooseTitle(m, body)
	headFromLine := false
	if head.node == nil && head.text != "" {
		// The headline shown in a plain block (<div class="tieu-de">) rather than a heading.
		ft := fold(head.text)
		for _, l := range lines {
			if fold(l.text) == ft && !inLink(l.node) {
				head.node, headFromLine = l.node, true
				break
			}
		}
	}
	a.Title = head.text
	if t := selText(doc, sel.Title); t != "" {
		a.Title, head.node = t, nil
	}
	a.Published, a.Modified = pageDates(m, lines, head.node)
	if v := selText(doc, sel.Published); v != "" {
		if t, ok := ParseDate(v); ok {
			a.Published = t
		}
	}
	byline := bylineAuthor(m, lines, head.node)

	// The body.
	st := make(map[*html.Node]*stat, 1024)
	measureAll(body, st)
	a.Tags = collectTags(m, st, lines)
	var nodes []*html.Node
	if doc != nil && sel.Body != "" {
		doc.Find(sel.Body).Each(func(_ int, s *goquery.Selection) { nodes = append(nodes, s.Nodes...) })
	}
	keep := func(n *html.Node) bool {
		return (head.node != nil && isAncestor(n, head.node)) || attr(n, "itemprop") == "articleBody"
	}
	if len(nodes) == 0 {
		prune(body, st, keep)
		st = remeasure(body, st)
		if opts.Site != nil {
			markRepeated(opts.Site, body, lines, st, pageURL, head.text, head.node)
		}
		cands := score(body, st)
		top := topCandidate(body, st, cands)
		nodes = withSiblings(top, st)
	}
	if (head.node == nil || headFromLine && siteNamed(head.text)) && doc == nil {
		// No heading showed the title (or only a banner line repeating a <title> that is the
		// site's name): old portals print it in a styled block above the body.
		if h := headlineNearBody(m, lines, nodes); h.node != nil && h.node != head.node {
			head = h
			a.Title = h.text
			if p, md := pageDates(m, lines, head.node); !p.IsZero() {
				a.Published, a.Modified = p, md
			} else if i := headlineIndex(lines, head.node); i > 0 {
				// The date closing the breadcrumb line right above the headline (pruned with
				// the breadcrumb, so pageDates no longer sees it as the headline's neighbour).
				if p, md, ok := metaLineDates(lines[i-1].text); ok {
					a.Published, a.Modified = p, md
				}
			}
			if byline == "" {
				byline = bylineAuthor(m, lines, head.node)
			}
		}
	}
	if a.Published.IsZero() {
		a.Published, a.Modified = datesAroundBody(lines, nodes, a.Modified)
	}
	skip := map[*html.Node]bool{}
	w := newTextWriter(st, pageURL, skip)
	w.vi = isVietnamese(m, lines)
	if head.node != nil && inAny(nodes, head.node) {
		// The headline is inside the body container: what comes before it is not body text.
		w.waitFor = head.node
		for _, n := range nodes {
			if isAncestor(n, head.node) {
				break
			}
			skip[n] = true
		}
	}
	if head.node != nil {
		skip[head.node] = true
	}
	for _, n := range nodes {
		if w.cut {
			break
		}
		if skip[n] {
			continue
		}
		w.flush()
		w.node(n)
	}
	w.flush()
	closing := w.trailingByline()
	a.Images = w.images
	if a.Images == nil {
		a.Images = []bantin.Image{}
	}
	a.Lead = w.lead
	if a.Lead == "" {
		a.Lead = leadBefore(nodes, st)
	}
	if a.Lead == "" {
		if a.Lead = leadFromMeta(m, w.paras); a.Lead != "" && w.vi {
			w.paras, w.emph = w.paras[1:], w.emph[1:]
		}
	}
	a.Text = w.text()
	if ldText := paragraphsOf(m.ld.body); runeLen(ldText) >= 200 && runeLen(a.Text)*2 < runeLen(ldText) {
		// The page's own schema.org articleBody holds far more than the markup gave: a
		// script-rendered or paywalled body.
		a.Text = ldText
	}
	a.Author = byline
	if a.Author == "" {
		a.Author = closing
	}
	if a.Author == "" {
		a.Author = bylineAfter(nodes)
	}
	if a.Author == "" {
		a.Author = signatureName(w.paras)
	}
	if a.Author == "" {
		a.Author = unitSignature(w.paras, w.emph)
	}
	if v := selText(doc, sel.Author); v != "" {
		a.Author = cleanAuthor(v)
	}
	a.Attachments = attachments(nodes, pageURL)
	a.Lang = language(m, a.Text)
	if a.Title == "" && len(w.paras) > 0 {
		a.Title = truncateRunes(w.paras[0], 120)
	}
	if isListing(st, nodes, w, lines, head.node) {
		a.Kind = bantin.KindListing
	}
	return a
}

func inAny(nodes []*html.Node, n *html.Node) bool {
	for _, c := range nodes {
		if isAncestor(c, n) {
			return true
		}
	}
	return false
}

func selText(doc *goquery.Document, sel string) string {
	if doc == nil || strings.TrimSpace(sel) == "" {
		return ""
	}
	s := doc.Find(sel).First()
	if s.Length() == 0 {
		return ""
	}
	if v, ok := s.Attr("datetime"); ok {
		return v
	}
	return nodeText(s.Nodes[0])
}

func findBody(root *html.Node) *html.Node {
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != nil {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			found = n
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if found == nil {
		return root
	}
	return found
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// isVietnamese reports a page declared or written in Vietnamese.
func isVietnamese(m *meta, lines []line) bool {
	if l := language(m, ""); l != "" {
		return l == "vi"
	}
	var b strings.Builder
	for _, l := range lines {
		if b.Len() > 4000 {
			break
		}
		b.WriteString(l.text)
		b.WriteByte(' ')
	}
	return looksVietnamese(b.String())
}

// paragraphsOf normalises plain text into paragraphs separated by blank lines.
func paragraphsOf(s string) string {
	if s == "" {
		return ""
	}
	if strings.Contains(s, "<") && strings.Contains(s, ">") {
		if n, err := html.Parse(strings.NewReader(s)); err == nil {
			var out []string
			for _, l := range collectLines(n) {
				out = append(out, l.text)
			}
			return strings.Join(out, "\n\n")
		}
	}
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = collapse(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// flattenDeep re-serialises a page dropping the start and end tags of elements nested deeper
// than limit; their text stays.
func flattenDeep(s string, limit int) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	depth := 0
	dropped := map[string]int{}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			if depth >= limit {
				dropped[string(name)]++
				continue
			}
			depth++
		case html.EndTagToken:
			name, _ := z.TagName()
			if dropped[string(name)] > 0 {
				dropped[string(name)]--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		b.Write(z.Raw())
	}
}
