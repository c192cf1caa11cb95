package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headline is the chosen title and, when the page shows it, the element that shows it.
type headline struct {
	node *html.Node
	text string
}

var titleSeps = []string{" - ", " | ", " – ", " — ", " :: ", " » ", " « ", " · ", " / "}

// chooseTitle prefers the visible heading that the page's own metadata (og:title, JSON-LD
// headline, <title>) confirms; then the metadata title with the site name trimmed.
func chooseTitle(m *meta, body *html.Node) headline {
	refs := []string{m.props["og:title"], m.ld.headline, m.props["twitter:title"], m.props["title"], m.props["headline"]}
	for i := range refs {
		refs[i] = fold(refs[i])
	}
	full := fold(m.title)
	var best *html.Node
	bestScore := 0
	bestText := ""
	var buf []string
	for _, h := range m.headings {
		if !isAncestor(body, h) {
			continue
		}
		t := nodeText(h)
		n := utf8.RuneCountInString(t)
		if n < 4 || n > 400 {
			continue
		}
		ft := fold(t)
		sc := 0
		for _, r := range refs {
			if r == "" {
				continue
			}
			switch {
			case r == ft:
				sc = max(sc, 10)
			case strings.HasPrefix(r, ft) && len(ft)*10 >= len(r)*6, strings.HasPrefix(ft, r) && len(r)*10 >= len(ft)*6:
				sc = max(sc, 6)
			}
		}
		if full != "" {
			switch {
			case full == ft:
				sc = max(sc, 8)
			case hasSegment(full, ft):
				sc = max(sc, 7)
			}
		}
		if attr(h, "itemprop") == "headline" {
			sc += 6
		}
		switch h.DataAtom {
		case atom.H1:
			sc += 3
		case atom.H2:
			sc++
		}
		if inLink(h) {
			sc -= 4
		}
		if boilerAncestor(h, &buf) {
			sc -= 10
		}
		if sc > bestScore {
			best, bestScore, bestText = h, sc, t
		}
	}
	if best != nil && bestScore >= 9 {
		return headline{best, bestText}
	}
	for _, r := range []string{m.props["og:title"], m.ld.headline, m.props["twitter:title"]} {
		if r != "" {
			return headline{findHeading(m, body, r), trimSiteName(r, m.props["og:site_name"])}
		}
	}
	if best != nil && bestScore >= 3 && best.DataAtom == atom.H1 {
		return headline{best, bestText}
	}
	// A single h1 outside boilerplate is the headline on pages with no metadata.
	var h1 *html.Node
	count := 0
	for _, h := range m.headings {
		if h.DataAtom == atom.H1 && isAncestor(body, h) && !boilerAncestor(h, &buf) && !inLink(h) && runeLen(nodeText(h)) >= 4 {
			if h1 == nil {
				h1 = h
			}
			count++
		}
	}
	if h1 != nil && count == 1 {
		return headline{h1, nodeText(h1)}
	}
	if m.title != "" {
		t := trimSiteName(m.title, m.props["og:site_name"])
		return headline{findHeading(m, body, t), t}
	}
	if best != nil {
		return headline{best, bestText}
	}
	return headline{}
}

// findHeading returns the heading whose text is t, if any.
func findHeading(m *meta, body *html.Node, t string) *html.Node {
	ft := fold(t)
	for _, h := range m.headings {
		if isAncestor(body, h) && fold(nodeText(h)) == ft {
			return h
		}
	}
	return nil
}

// hasSegment reports whether full, split at title separators, starts or ends with t.
func hasSegment(full, t string) bool {
	if t == "" {
		return false
	}
	for _, sep := range titleSeps {
		if strings.HasPrefix(full, t+strings.TrimSpace(sep)) || strings.HasPrefix(full, t+sep) ||
			strings.HasSuffix(full, sep+t) {
			return true
		}
	}
	return false
}

// trimSiteName drops the site name from a <title> or og:title.
func trimSiteName(t, site string) string {
	t = collapse(t)
	if site = collapse(site); site != "" && site != t {
		for _, sep := range titleSeps {
			if s, ok := strings.CutSuffix(t, sep+site); ok {
				return strings.TrimSpace(s)
			}
			if s, ok := strings.CutPrefix(t, site+sep); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	for _, sep := range titleSeps {
		i := strings.LastIndex(t, sep)
		if i > 0 && siteLike(t[i+len(sep):]) && utf8.RuneCountInString(t[:i]) >= 10 {
			return strings.TrimSpace(t[:i])
		}
		j := strings.Index(t, sep)
		if j > 0 && siteNamed(t[:j]) && !siteNamed(t[j+len(sep):]) && utf8.RuneCountInString(t[j+len(sep):]) >= 10 {
			return strings.TrimSpace(t[j+len(sep):])
		}
	}
	return t
}

// siteLike reports a trailing title segment that names a site rather than a story.
func siteLike(s string) bool {
	s = strings.TrimSpace(s)
	return siteNamed(s) || (strings.Count(s, " ") <= 3 && utf8.RuneCountInString(s) <= 30)
}

// siteNamed reports a segment that starts like the name of an organisation or a site.
func siteNamed(s string) bool {
	low := strings.ToLower(strings.TrimSpace(s))
	for _, w := range []string{"sở ", "cổng thông tin", "trang thông tin", "ubnd", "ủy ban", "uỷ ban", "bộ ", "portal", "website", "trang chủ", "báo ", "tạp chí", "trung tâm", "news", "times", "post"} {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	for _, w := range []string{".com", ".vn", ".net", ".org"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// fold normalises a title for comparison.
func fold(s string) string { return strings.ToLower(collapse(s)) }

func inLink(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	// A heading whose only content is a link is a list item.
	if c := onlyChildElement(n); c != nil && c.DataAtom == atom.A {
		return true
	}
	return false
}

// boilerAncestor reports a node inside navigation, sidebars or related lists.
func boilerAncestor(n *html.Node, buf *[]string) bool {
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav, atom.Aside, atom.Footer, atom.Header:
			if p.DataAtom != atom.Header || !hasHeadingAncestorArticle(p) {
				return true
			}
		}
		var raw string
		*buf, raw = classTokens(p, *buf)
		if _, neg, _ := classWeight(*buf, raw); neg {
			return true
		}
	}
	return false
}

// hasHeadingAncestorArticle reports a <header> inside an <article> (the article's own header).
func hasHeadingAncestorArticle(h *html.Node) bool {
	for p := h.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// headlineNearBody finds the headline of a page whose headings and metadata did not show it:
// old portals print it in a styled block (<div class="tieude">, <font size="4"><b>) right
// above the body, and their <title> holds only the site name or "Site | Headline". It looks
// at the few text lines before the body's first paragraph and scores each by the <title>
// naming it, a title-like class, bold or large type, and a date line right after it.
func headlineNearBody(m *meta, lines []line, nodes []*html.Node) headline {
	first := -1
	for i, l := range lines {
		if inAny(nodes, l.node) && runeLen(l.text) >= 100 {
			first = i
			break
		}
	}
	if first < 0 {
		return headline{}
	}
	full := fold(m.title)
	var buf []string
	var best headline
	bestScore := 0
	for i := first - 1; i >= 0 && i >= first-8; i-- {
		l := lines[i]
		n := runeLen(l.text)
		if n < 10 || n > 250 || len(strings.Fields(l.text)) < 3 || inLink(l.node) || linkText(l.node) > 0 {
			continue
		}
		if _, _, ok := metaLineDates(l.text); ok {
			continue
		}
		if w := textWrapper(l.node, l.text); w != nil {
			l.node = w // <span class="TieuDeTin">...</span><br> inside a layout cell
		}
		ft := fold(l.text)
		if (ft == full && siteNamed(l.text)) || isBoilerLine(l.text) || labelledAuthor(l.text) != "" || boilerAncestor(l.node, &buf) {
			continue
		}
		sc := 0
		if full != "" && ft != full && (hasSegment(full, ft) || (n >= 20 && strings.Contains(full, ft))) {
			sc += 4
		}
		if titleClass(l.node, &buf) {
			sc += 3
		}
		if prominent(l.node) {
			sc += 2
		}
		if i+1 < len(lines) {
			if _, _, ok := metaLineDates(lines[i+1].text); ok {
				sc++
			}
		}
		if sc > bestScore {
			best, bestScore = headline{l.node, l.text}, sc
		}
	}
	if bestScore >= 3 {
		return best
	}
	return headline{}
}

// textWrapper returns the inline element below block that holds exactly the line text, when
// the block holds more lines than this one; nil otherwise.
func textWrapper(block *html.Node, text string) *html.Node {
	if collapse(nodeText(block)) == text {
		return nil
	}
	var found *html.Node
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil && found == nil && depth < 4; c = c.NextSibling {
			if c.Type != html.ElementNode || isBlock(c.DataAtom) {
				continue
			}
			if collapse(nodeText(c)) == text {
				found = c
				return
			}
			walk(c, depth+1)
		}
	}
	walk(block, 0)
	return found
}

// linkText counts the runes of n's text inside links.
func linkText(n *html.Node) int {
	count := 0
	var walk func(*html.Node, bool)
	walk = func(x *html.Node, in bool) {
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if in {
					count += runeLen(collapse(c.Data))
				}
			case html.ElementNode:
				walk(c, in || c.DataAtom == atom.A)
			}
		}
	}
	walk(n, false)
	return count
}

// titleClass reports a block (or its parent) whose class or id names a title: "title",
// "tieude", "tieu-de", "heading", "headline", "ArticleHeader".
func titleClass(n *html.Node, buf *[]string) bool {
	for p, depth := n, 0; p != nil && p.Type == html.ElementNode && depth < 2; p, depth = p.Parent, depth+1 {
		var raw string
		*buf, raw = classTokens(p, *buf)
		low := strings.ToLower(raw)
		if strings.Contains(low, "tieude") || strings.Contains(low, "tieu-de") || strings.Contains(low, "tieu_de") {
			return true
		}
		for _, t := range *buf {
			switch t {
			case "title", "heading", "headline", "header", "tit":
				return true
			}
		}
	}
	return false
}

// prominent reports a block whose whole text is set bold or large: a chain of single children
// reaching <b>, <strong>, a heading or <font size="4"> and up.
func prominent(n *html.Node) bool {
	for c := n; c != nil; c = onlyChildElement(c) {
		switch c.DataAtom {
		case atom.B, atom.Strong, atom.H1, atom.H2, atom.H3, atom.H4:
			return true
		case atom.Font:
			if sz := strings.TrimPrefix(attr(c, "size"), "+"); sz >= "4" && len(sz) == 1 {
				return true
			}
		}
		if st := strings.ToLower(attr(c, "style")); strings.Contains(st, "bold") || strings.Contains(st, "font-size") {
			return true
		}
	}
	return false
}
