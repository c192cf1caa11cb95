package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// isListing reports a page that is mostly links: no article body worth the name, or a list
// of teasers (home, category, search and tag pages) where the body would be. An article has
// its body right below its headline; a teaser list inside or beside it does not make it a
// listing unless the list is most of the "body".
func isListing(st map[*html.Node]*stat, nodes []*html.Node, w *textWriter, lines []line, head *html.Node) bool {
	if w.words < 80 && len(w.images) == 0 {
		return true
	}
	text, link := 0, 0
	for _, n := range nodes {
		if s := st[n]; s != nil {
			text += s.text
			link += s.link
		}
	}
	if text > 0 && float64(link)/float64(text) > 0.4 {
		return true
	}
	list, k, kt := teaserList(st)
	if k < 4 {
		return false
	}
	for _, n := range nodes {
		if isAncestor(n, list) || isAncestor(list, n) {
			return 2*kt >= text
		}
	}
	return !bodyBelowHeadline(lines, head, nodes) && w.words < 600
}

// bodyBelowHeadline reports a body that starts within a few lines after the headline.
func bodyBelowHeadline(lines []line, head *html.Node, nodes []*html.Node) bool {
	h := headlineIndex(lines, head)
	if h < 0 {
		return false
	}
	for i := h + 1; i < len(lines) && i <= h+8; i++ {
		if inAny(nodes, lines[i].node) {
			return true
		}
	}
	return false
}

// teaserList finds the largest list of teasers (children that each hold one or two links with
// headline-long text) outside navigation, sidebars and related-news boxes: the main content
// of a listing page. It returns the list's element, its number of teasers and their text length.
func teaserList(st map[*html.Node]*stat) (list *html.Node, teasers, teaserText int) {
	var best *html.Node
	bestN, bestText := 0, 0
	for _, n := range elementsOf(st) {
		s := st[n]
		if s.heads < 4 {
			continue
		}
		k, kt := 0, 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if cs := st[c]; cs != nil && cs.heads >= 1 && cs.heads <= 3 && startsWithHeadline(c, st) {
				k++
				kt += cs.text
			}
		}
		if k > bestN && !inBoilerplate(n, st) {
			best, bestN, bestText = n, k, kt
		}
	}
	return best, bestN, bestText
}

// inBoilerplate reports an element inside navigation, a sidebar or a related-news box, or one
// introduced by a "Tin liên quan" style heading.
func inBoilerplate(n *html.Node, st map[*html.Node]*stat) bool {
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav, atom.Aside, atom.Footer, atom.Menu:
			return true
		}
		if s := st[p]; s != nil && s.neg && !s.pos {
			return true
		}
		for h := p.PrevSibling; h != nil; h = h.PrevSibling {
			if h.Type == html.ElementNode {
				if hs := st[h]; hs != nil && hs.text > 0 && hs.text <= 60 && isCutLine(nodeText(h)) {
					return true
				}
				break
			}
		}
		if f := firstElement(p); f != nil && f != n {
			if fs := st[f]; fs != nil && fs.text > 0 && fs.text <= 60 && isCutLine(nodeText(f)) {
				return true
			}
		}
	}
	return false
}

func firstElement(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// startsWithHeadline reports a teaser: its first text is a link with headline-long text (in
// prose, links sit inside sentences).
func startsWithHeadline(n *html.Node, st map[*html.Node]*stat) bool {
	t := firstTextNode(n)
	if t == nil {
		return false
	}
	for p := t.Parent; p != nil && p != n.Parent; p = p.Parent {
		if p.DataAtom == atom.A {
			s := st[p]
			return s != nil && s.text >= 20
		}
	}
	return false
}

func firstTextNode(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if runeLen(c.Data) > 0 {
				return c
			}
		case html.ElementNode:
			if dropTag(c.DataAtom) {
				continue
			}
			if t := firstTextNode(c); t != nil {
				return t
			}
		}
	}
	return nil
}

// elementsOf returns the measured elements in document order (map order is random, and
// ties must break the same way on every run).
func elementsOf(st map[*html.Node]*stat) []*html.Node {
	var root *html.Node
	for n := range st {
		root = n
		break
	}
	if root == nil {
		return nil
	}
	for root.Parent != nil {
		if _, ok := st[root.Parent]; !ok {
			break
		}
		root = root.Parent
	}
	out := make([]*html.Node, 0, len(st))
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if _, ok := st[n]; ok {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}
