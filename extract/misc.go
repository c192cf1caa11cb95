package extract

import (
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/bantin/bantin"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// collectTags reads article tags: article:tag, JSON-LD keywords, rel=tag links, and the
// links of a block classed as tags or labelled "Từ khóa:" / "Tags:".
func collectTags(m *meta, st map[*html.Node]*stat, lines []line) []string {
	tags := []string{}
	seen := map[string]bool{}
	add := func(t string) {
		t = strings.Trim(collapse(t), " ,;#")
		if t == "" || len(t) > 120 || seen[strings.ToLower(t)] {
			return
		}
		seen[strings.ToLower(t)] = true
		tags = append(tags, t)
	}
	for _, t := range m.articleTag {
		add(t)
	}
	for _, t := range m.ld.keywords {
		add(t)
	}
	for _, a := range m.tagLinks {
		add(nodeText(a))
	}
	if len(tags) > 0 {
		return tags
	}
	linksOf := func(n *html.Node) bool {
		links := 0
		eachLink(n, func(a *html.Node) {
			if t := nodeText(a); links < 30 && runeLen(t) <= 50 {
				add(t)
			}
			links++
		})
		return links > 0
	}
	for _, l := range lines {
		low := lowerPrefix(l.text, 40) // the labels below are at most 11 bytes lowered; a rune lowers to no less than a third of its bytes
		for _, p := range []string{"từ khóa", "từ khoá", "tags:", "tag:", "thẻ:", "keywords:"} {
			if strings.HasPrefix(low, p) && linksOf(l.node) {
				return tags
			}
		}
	}
	for _, n := range elementsOf(st) {
		if s := st[n]; s.tagBox && s.link > 0 && s.link <= 1500 && linksOf(n) {
			return tags
		}
	}
	return tags
}

// firstText returns the first non-empty text directly in n or its first inline child.
func firstText(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if t := collapse(c.Data); t != "" {
				return t
			}
		case html.ElementNode:
			if c.DataAtom == atom.A {
				return ""
			}
			if !isBlock(c.DataAtom) || c.DataAtom == atom.Div || c.DataAtom == atom.P {
				if t := firstText(c); t != "" {
					return t
				}
			}
			return ""
		}
	}
	return ""
}

func eachLink(n *html.Node, f func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.A && attr(c, "href") != "" {
			f(c)
			continue
		}
		eachLink(c, f)
	}
}

var attachExt = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".xls": true,
	".xlsx": true, ".ppt": true, ".pptx": true, ".zip": true, ".rar": true, ".7z": true,
	".odt": true, ".ods": true, ".rtf": true}

// attachments lists linked files in the article area: the body and its siblings.
func attachments(nodes []*html.Node, base *url.URL) []bantin.Attachment {
	out := []bantin.Attachment{}
	if len(nodes) == 0 {
		return out
	}
	area := nodes[0].Parent
	if area == nil || area.DataAtom == atom.Html {
		area = nodes[0]
	}
	seen := map[string]bool{}
	eachLink(area, func(a *html.Node) {
		href := attr(a, "href")
		if !maybeFile(href) {
			return
		}
		abs := resolve(base, href)
		if abs == "" || seen[abs] {
			return
		}
		u, err := url.Parse(abs)
		if err != nil {
			return
		}
		ext := strings.ToLower(path.Ext(u.Path))
		lowURL := strings.ToLower(abs)
		isFile := attachExt[ext]
		if !isFile {
			for _, p := range []string{"download", "taive", "tai-ve", "attachment", "dinhkem", "dinh-kem", "getfile", "file.aspx", "fileid="} {
				if strings.Contains(lowURL, p) {
					isFile = true
					break
				}
			}
			if !isFile {
				q := u.RawQuery
				for _, e := range []string{".pdf", ".doc", ".xls", ".zip", ".rar", ".ppt"} {
					if strings.Contains(strings.ToLower(q), e) {
						isFile = true
					}
				}
			}
		}
		if !isFile {
			return
		}
		seen[abs] = true
		name := nodeText(a)
		if name == "" {
			name = collapse(attr(a, "title"))
		}
		if name == "" {
			name = path.Base(u.Path)
			if un, err := url.PathUnescape(name); err == nil {
				name = un
			}
		}
		out = append(out, bantin.Attachment{URL: abs, Name: name})
	})
	return out
}

// language returns the page language as a primary subtag ("vi"), or a guess from the text.
func language(m *meta, text string) string {
	for _, l := range []string{m.lang, m.props["content-language"], m.props["og:locale"], m.props["language"], m.props["dc.language"]} {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		if i := strings.IndexAny(l, "-_,; "); i > 0 {
			l = l[:i]
		}
		if len(l) >= 2 && len(l) <= 3 {
			return l
		}
	}
	if looksVietnamese(text) {
		return "vi"
	}
	return ""
}

// looksVietnamese counts letters only Vietnamese uses among the first runes of text.
func looksVietnamese(text string) bool {
	viet, letters := 0, 0
	for i, r := range text {
		if i > 4000 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			letters++
			continue
		}
		switch {
		case r == 'đ' || r == 'Đ' || r == 'ơ' || r == 'Ơ' || r == 'ư' || r == 'Ư' || r == 'ă' || r == 'Ă':
			viet++
			letters++
		case r >= 0x1EA0 && r <= 0x1EF9: // Latin Extended Additional: Vietnamese tone letters
			viet++
			letters++
		}
	}
	return letters > 0 && viet*20 >= letters
}

var leadWords = map[string]bool{"sapo": true, "lead": true, "summary": true, "description": true,
	"desc": true, "tomtat": true, "trichyeu": true, "mota": true, "intro": true, "excerpt": true,
	"abstract": true, "chapeau": true, "teaser": true, "subtitle": true, "short": true,
	"standfirst": true, "deck": true, "tomluoc": true, "gioithieu": true, "des": true}

// isLeadNode reports an element whose class names it the sapo (lead paragraph).
func isLeadNode(n *html.Node, buf *[]string) bool {
	var raw string
	*buf, raw = classTokens(n, *buf)
	for _, t := range *buf {
		if leadWords[t] {
			return true
		}
	}
	return strings.Contains(raw, "sapo") || strings.Contains(raw, "tomtat") || strings.Contains(raw, "trichyeu") ||
		strings.Contains(raw, "subtitle") || strings.Contains(raw, "sub-title") || strings.Contains(raw, "sub_title")
}

// leadFromMeta uses the meta description as the lead when the body starts with it.
func leadFromMeta(m *meta, paras []string) string {
	d := m.props["og:description"]
	if d == "" {
		d = m.props["description"]
	}
	if d == "" || len(paras) == 0 {
		return ""
	}
	if fold(paras[0]) == fold(d) {
		return paras[0]
	}
	return ""
}

// leadBefore finds the sapo just before the body container: a lead-classed or bold block.
func leadBefore(nodes []*html.Node, st map[*html.Node]*stat) string {
	if len(nodes) == 0 {
		return ""
	}
	var buf []string
	seen := 0
	for c := nodes[0].PrevSibling; c != nil && seen < 3; c = c.PrevSibling {
		if c.Type != html.ElementNode {
			continue
		}
		s := st[c]
		if s == nil || s.text == 0 {
			continue
		}
		seen++
		if s.text < 30 || s.text > 1000 || s.link > 0 || hasBlockChild(c) {
			continue
		}
		if isLeadNode(c, &buf) || boldParagraph(c) {
			return nodeText(c)
		}
	}
	return ""
}

// bylineAfter reads a byline printed right after the body container: "Tác giả: X", or a
// bold or right-aligned block holding only a name, or an element classed as the author.
func bylineAfter(nodes []*html.Node) string {
	if len(nodes) == 0 {
		return ""
	}
	last := nodes[len(nodes)-1]
	var buf []string
	for n, depth := last, 0; n != nil && depth < 3; n, depth = n.Parent, depth+1 {
		for c := n.NextSibling; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode && runeLen(c.Data) > 0 {
				return ""
			}
			if c.Type != html.ElementNode || dropTag(c.DataAtom) {
				continue
			}
			t := nodeText(c)
			if t == "" {
				continue
			}
			if a := labelledAuthor(t); a != "" {
				return a
			}
			if nameLike(t) && (emphasized(c) || authorClass(c, &buf)) {
				return t
			}
			return ""
		}
	}
	return ""
}

// authorClass reports an element whose class or id names it the author.
func authorClass(n *html.Node, buf *[]string) bool {
	var raw string
	*buf, raw = classTokens(n, *buf)
	for _, t := range *buf {
		switch t {
		case "author", "byline", "tacgia", "writer", "nguoiviet":
			return true
		}
	}
	return strings.Contains(raw, "tacgia") || strings.Contains(raw, "author")
}

// maybeFile is a cheap test before a link is parsed: does it look like a file or a download?
func maybeFile(href string) bool {
	if len(href) > 4096 {
		return false
	}
	low := strings.ToLower(href)
	for ext := range attachExt {
		if strings.Contains(low, ext) {
			return true
		}
	}
	for _, p := range []string{"download", "taive", "tai-ve", "attachment", "dinhkem", "dinh-kem", "getfile", "file.aspx", "fileid="} {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

// lowerPrefix returns strings.ToLower of s's first n bytes or so, cut at a rune boundary:
// enough to test lower-case prefixes shorter than n bytes without lowering a whole paragraph.
func lowerPrefix(s string, n int) string {
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return strings.ToLower(s)
}
