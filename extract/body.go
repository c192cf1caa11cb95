package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// stat holds what scoring knows of one element.
type stat struct {
	text   int // non-space runes of all text below
	link   int // of which inside <a href>
	commas int
	score  float64
	scored bool // a candidate: some paragraph gave it score
	weight int  // class/id weight
	heads  int  // links below with headline-long text (teasers of a listing)
	tagBox bool // class/id says it holds the article's tags
	neg    bool // class/id says boilerplate
	pos    bool // class/id says body
	// Filled by markRepeated when a Site is given: lines of text below, of which repeated
	// across the site's pages and dropped as such; boiler when every line below is dropped.
	lines, repLines, dropLines int
	boiler                     bool
}

func (s *stat) linkDensity() float64 {
	if s == nil || s.text == 0 {
		return 0
	}
	return float64(s.link) / float64(s.text)
}

// measureAll fills st for root and every element below it.
func measureAll(root *html.Node, st map[*html.Node]*stat) {
	s := &stat{}
	st[root] = s
	m := measurer{st: st}
	s.text, s.link, s.commas = m.measure(root, false)
}

// measurer fills a stat map; prev, when set, supplies class verdicts already computed.
type measurer struct {
	st, prev map[*html.Node]*stat
	buf      []string
}

// remeasure measures again after pruning, keeping the class verdicts of prev.
func remeasure(root *html.Node, prev map[*html.Node]*stat) map[*html.Node]*stat {
	st := make(map[*html.Node]*stat, len(prev))
	s := &stat{}
	if p := prev[root]; p != nil {
		*s = stat{weight: p.weight, neg: p.neg, pos: p.pos, tagBox: p.tagBox}
	}
	st[root] = s
	m := measurer{st: st, prev: prev}
	s.text, s.link, s.commas = m.measure(root, false)
	return st
}

// measure fills st with text and link lengths of every element below n.
func (m *measurer) measure(n *html.Node, inLink bool) (text, link, commas int) {
	st := m.st
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			l := runeLen(c.Data)
			text += l
			if inLink {
				link += l
			}
			commas += strings.Count(c.Data, ",")
		case html.ElementNode:
			if dropTag(c.DataAtom) {
				continue
			}
			s := st[c]
			if s == nil {
				s = &stat{}
				st[c] = s
				if p := m.prev[c]; p != nil {
					s.weight, s.neg, s.pos, s.tagBox = p.weight, p.neg, p.pos, p.tagBox
				} else {
					var raw string
					m.buf, raw = classTokens(c, m.buf)
					s.weight, s.neg, s.pos = classWeight(m.buf, raw)
					for _, t := range m.buf {
						if t == "tags" || t == "tukhoa" || t == "keywords" {
							s.tagBox = true
						}
					}
				}
			}
			a := c.DataAtom == atom.A && hasAttr(c, "href")
			s.text, s.link, s.commas = m.measure(c, inLink || a)
			s.heads = 0
			if a && s.text >= 20 {
				s.heads = 1
			} else {
				for k := c.FirstChild; k != nil; k = k.NextSibling {
					if ks := st[k]; ks != nil && k.Type == html.ElementNode {
						s.heads += ks.heads
					}
				}
			}
			text += s.text
			link += s.link
			commas += s.commas
		}
	}
	return text, link, commas
}

// prune removes hidden elements and blocks whose class or id says boilerplate, unless they hold
// a large share of the page's own (non-link) text: a wrapper misnamed "has-sidebar" survives.
func prune(root *html.Node, st map[*html.Node]*stat, keep func(*html.Node) bool) {
	rs := st[root]
	if rs == nil {
		return
	}
	total := rs.text - rs.link
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode {
				removeNode(c)
			} else if c.Type == html.ElementNode {
				s := st[c]
				switch {
				case keep(c):
					walk(c)
				case dropTag(c.DataAtom) || hidden(c):
					removeNode(c)
				case s != nil && unlikely(c, s) && float64(s.text-s.link) < 0.3*float64(total):
					removeNode(c)
				default:
					walk(c)
				}
			}
			c = next
		}
	}
	walk(root)
}

// unlikely reports an element that is boilerplate by tag or class.
func unlikely(n *html.Node, s *stat) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.A, atom.Main:
		return false
	case atom.Nav, atom.Footer, atom.Aside, atom.Menu:
		return true
	case atom.Form:
		// ASP.NET pages wrap everything in one form; small forms are comment boxes.
		return s.text < 400 && s.link < 100
	}
	if role := attr(n, "role"); role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" {
		return true
	}
	if attr(n, "itemprop") == "articleBody" {
		return false
	}
	return s.neg && !s.pos
}

// candidateInit is readability's starting score of a candidate by tag.
func candidateInit(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Main, atom.Section:
		return 5
	case atom.Pre, atom.Td, atom.Blockquote:
		return 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		return -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		return -5
	}
	return 0
}

// paragraphLike elements hand their score to their parent; other text owners (a div or td
// holding text and <br>s) are candidates themselves.
func paragraphLike(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Li, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Figcaption,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Caption, atom.Address:
		return true
	}
	return false
}

// score distributes paragraph scores to ancestors and returns the candidates.
func score(root *html.Node, st map[*html.Node]*stat) []*html.Node {
	// A text owner's paragraphs: a div or td that separates them with <br><br> rather than
	// <p> gets one score per paragraph, as if they were <p>s (readability rewrites them so).
	type seg struct{ text, commas int }
	type own struct {
		text      int
		segs      []seg
		cur       seg
		pendingBr bool
	}
	owners := map[*html.Node]*own{}
	var order []*html.Node
	var walk func(n, owner *html.Node)
	walk = func(n, owner *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if owner == nil {
					continue
				}
				l := runeLen(c.Data)
				if l == 0 {
					continue
				}
				o := owners[owner]
				if o == nil {
					o = &own{}
					owners[owner] = o
					order = append(order, owner)
				}
				o.text += l
				o.cur.text += l
				o.cur.commas += strings.Count(c.Data, ",") + strings.Count(c.Data, "，")
				o.pendingBr = false
			case html.ElementNode:
				if c.DataAtom == atom.Br || c.DataAtom == atom.Hr {
					if o := owners[owner]; o != nil && o.cur.text > 0 {
						if o.pendingBr || c.DataAtom == atom.Hr {
							o.segs = append(o.segs, o.cur)
							o.cur, o.pendingBr = seg{}, false
						} else {
							o.pendingBr = true
						}
					}
					continue
				}
				next := owner
				if isBlock(c.DataAtom) {
					next = c
				}
				walk(c, next)
			}
		}
	}
	walk(root, root)

	var cands []*html.Node
	for _, p := range order {
		o := owners[p]
		if o.text < 25 {
			continue
		}
		ps := st[p]
		if ps != nil && ps.text > 0 && float64(ps.link)/float64(ps.text) > 0.5 && paragraphLike(p.DataAtom) {
			continue
		}
		if o.text <= 200 && isBoilerLine(inlineText(p)) {
			continue // footers, counters, share lines score nothing
		}
		if ps != nil && ps.boiler {
			continue // the site's template, known by repetition
		}
		segs := append(o.segs, o.cur)
		if len(segs) > 1 && paragraphLike(p.DataAtom) {
			segs = []seg{{o.text, 0}}
			for _, g := range append(o.segs, o.cur) {
				segs[0].commas += g.commas
			}
		}
		for _, g := range segs {
			if g.text < 25 && len(segs) > 1 {
				continue
			}
			scoreUp(p, st, &cands, 1+float64(g.commas)+min(float64(g.text)/100, 3))
		}
	}
	for _, c := range cands {
		s := st[c]
		s.score *= 1 - s.linkDensity()
	}
	return cands
}

// scoreUp gives a paragraph's score sc to the element p that owns its text (or, for a <p>,
// its parent) and, diminishing, to their ancestors; elements scored the first time become
// candidates.
func scoreUp(p *html.Node, st map[*html.Node]*stat, cands *[]*html.Node, sc float64) {
	start := p
	if paragraphLike(p.DataAtom) {
		start = p.Parent
	}
	level := 0
	for a := start; a != nil && a.Type == html.ElementNode && level < 5; a = a.Parent {
		s := st[a]
		if s == nil {
			break
		}
		if !s.scored {
			s.scored = true
			s.score = candidateInit(a)
			if s.weight < 0 || s.text-s.link >= 300 {
				// A body-like class name counts only for a block with text of its own.
				s.score += float64(s.weight)
			}
			if attr(a, "itemprop") == "articleBody" {
				s.score += 50
			}
			*cands = append(*cands, a)
		}
		div := 1.0
		switch {
		case level == 1:
			div = 2
		case level > 1:
			div = float64(level * 3)
		}
		s.score += sc / div
		level++
	}
}

// topCandidate picks the element holding the article body, readability style.
func topCandidate(root *html.Node, st map[*html.Node]*stat, cands []*html.Node) *html.Node {
	var top *html.Node
	best := -1e9
	for _, c := range cands {
		if c.DataAtom == atom.Body || c.DataAtom == atom.Html {
			continue
		}
		if s := st[c]; s.score > best {
			best, top = s.score, c
		}
	}
	if top == nil {
		return root
	}
	// Several strong candidates under one ancestor: the ancestor holds the article.
	var alts []*html.Node
	for _, c := range cands {
		if c != top && st[c].score >= 0.75*best && !isAncestor(c, top) && !isAncestor(top, c) {
			alts = append(alts, c)
		}
	}
	if len(alts) >= 3 {
		for p := top.Parent; p != nil && p.DataAtom != atom.Body; p = p.Parent {
			n := 0
			for _, a := range alts {
				if isAncestor(p, a) {
					n++
				}
			}
			if n >= 3 {
				top = p
				break
			}
		}
	}
	// Climb while the parent scores better.
	last := st[top].score
	threshold := last / 3
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.Type == html.ElementNode; p = p.Parent {
		ps := st[p]
		if ps == nil || !ps.scored {
			continue
		}
		if ps.score < threshold {
			break
		}
		if ps.score > last {
			top = p
			break
		}
		last = ps.score
	}
	// A lone child is the same block as its parent.
	for p := top.Parent; p != nil && p.DataAtom != atom.Body && p.Type == html.ElementNode; p = p.Parent {
		if elementChildren(p) != 1 {
			break
		}
		top = p
	}
	return top
}

func elementChildren(n *html.Node) int {
	k := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			k++
		} else if c.Type == html.TextNode && runeLen(c.Data) > 0 {
			k += 2
		}
	}
	return k
}

// withSiblings returns top plus those siblings that read as more of the same article.
func withSiblings(top *html.Node, st map[*html.Node]*stat) []*html.Node {
	if top.Parent == nil || top.DataAtom == atom.Body {
		return []*html.Node{top}
	}
	ts := st[top]
	threshold := max(10, ts.score*0.2)
	cls := attr(top, "class")
	var out []*html.Node
	for c := top.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top {
			out = append(out, c)
			continue
		}
		if c.Type != html.ElementNode {
			continue
		}
		s := st[c]
		if s == nil {
			continue
		}
		bonus := 0.0
		if cls != "" && attr(c, "class") == cls {
			bonus = ts.score * 0.2
		}
		if s.scored && s.score+bonus >= threshold && !s.neg {
			out = append(out, c)
			continue
		}
		if c.DataAtom == atom.P {
			ld := s.linkDensity()
			txt := nodeText(c)
			l := runeLen(txt)
			if (l > 80 && ld < 0.25) || (l > 0 && l <= 80 && ld == 0 && strings.Contains(txt, ". ")) {
				out = append(out, c)
			}
		}
	}
	return out
}

// inlineText returns the text of n up to its first nested block.
func inlineText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if !isBlock(c.DataAtom) && !dropTag(c.DataAtom) {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return collapse(b.String())
}
