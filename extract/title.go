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
		if h.DataAtom == atom.H1 && isAncestor(body, h) && !boilerAncestor(h, &buf) && runeLen(nodeText(h)) >= 4 {
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
