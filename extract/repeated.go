package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A block of a page, for the Site model: one line of collectLines (the text of one block
// element up to its nested blocks and <br>s) still in the page after pruning.
type siteUnit struct {
	node *html.Node // the block element owning the text
	text string
	fp   uint64 // hash of the normalised text and of the markup around it
	data bool   // figures only (a table cell): never learnt, never repeated
	rep  bool   // the site shows it on many pages
	keep bool   // repeated, but article text all the same (signature, caption, heading...)
}

// markRepeated learns the page's blocks in site and flags in st the elements whose text is
// all boilerplate by repetition (stat.boiler): they score nothing when the body container is
// chosen and the text writer skips them. A repeated block stays in the text when it reads as
// the article's own: a signature or source line, a date or byline, a picture's caption, a
// heading followed by the article's own text, or a block marked up like the article's
// paragraphs beside it (a standard closing line, a table's header row). Elements holding
// protect (the headline) are never flagged.
func markRepeated(site *Site, body *html.Node, lines []line, st map[*html.Node]*stat, pageURL *url.URL, title string, protect *html.Node) {
	units := make([]siteUnit, 0, len(lines))
	for _, l := range lines {
		if st[l.node] == nil {
			continue // pruned with known boilerplate
		}
		if !hasLetter(l.text) {
			if hasDigit(l.text) {
				// A figure (a table cell): data, never learnt nor judged repeated.
				units = append(units, siteUnit{node: l.node, text: l.text, data: true})
			}
			continue
		}
		units = append(units, siteUnit{node: l.node, text: l.text, fp: textHash(l.text)*31 + pathHash(l.node)})
	}
	if len(units) == 0 {
		return
	}
	// A block counts once per page.
	idx := make(map[uint64]int, len(units))
	fps := make([]uint64, 0, len(units))
	for _, u := range units {
		if u.data {
			continue
		}
		if _, ok := idx[u.fp]; !ok {
			idx[u.fp] = len(fps)
			fps = append(fps, u.fp)
		}
	}
	rep := site.observe(pageKeys(pageURL, title), fps)
	any := false
	for i := range units {
		if units[i].data {
			continue
		}
		units[i].rep = rep[idx[units[i].fp]]
		any = any || units[i].rep
	}
	if !any {
		return
	}

	// Lines and repeated lines below each element.
	for _, u := range units {
		for a := u.node; a != nil; a = a.Parent {
			s := st[a]
			if s == nil {
				break
			}
			s.lines++
			if u.rep {
				s.repLines++
			}
			if a == body {
				break
			}
		}
	}
	for i := len(units) - 1; i >= 0; i-- {
		u := &units[i]
		if !u.rep {
			continue
		}
		if protect != nil && (isAncestor(u.node, protect) || isAncestor(protect, u.node)) {
			u.keep = true
			continue
		}
		// Cheap structural tests first; the text patterns last.
		e := repeatedBlock(u.node, body, st)
		u.keep = inFlow(e, st) || inDataTable(e, st) || hasImage(e) || hasImage(prevElement(e)) ||
			(headingLike(u.node, u.text) && i+1 < len(units) && ownText(units[i+1], st)) ||
			signatureLike(u.text)
	}

	// Flag the elements whose lines are all dropped.
	for _, u := range units {
		if !u.rep || u.keep {
			continue
		}
		for a := u.node; a != nil; a = a.Parent {
			s := st[a]
			if s == nil {
				break
			}
			s.dropLines++
			if a == body {
				break
			}
		}
	}
	for _, u := range units {
		for a := u.node; a != nil && a != body; a = a.Parent {
			s := st[a]
			if s == nil || s.dropLines < s.lines || (protect != nil && isAncestor(a, protect)) {
				break
			}
			s.boiler = true
		}
	}
}

// ownText reports a block that is the article's own text: not repeated across the site (or
// kept all the same), and not a list of links.
func ownText(u siteUnit, st map[*html.Node]*stat) bool {
	if u.rep && !u.keep {
		return false
	}
	s := st[u.node]
	return s != nil && s.linkDensity() < 0.5
}

// repeatedBlock returns the largest element around n whose lines are all repeated.
func repeatedBlock(n, body *html.Node, st map[*html.Node]*stat) *html.Node {
	e := n
	for p := n.Parent; p != nil && p != body; p = p.Parent {
		s := st[p]
		if s == nil || s.repLines < s.lines {
			break
		}
		e = p
	}
	return e
}

// inFlow reports a block set among the article's paragraphs with the same markup as them: a
// sibling with the same tag and class holds text that is not repeated.
func inFlow(e *html.Node, st map[*html.Node]*stat) bool {
	if e.Parent == nil {
		return false
	}
	cls := attr(e, "class")
	for c := e.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c == e || c.Type != html.ElementNode || c.DataAtom != e.DataAtom || c.Data != e.Data || attr(c, "class") != cls {
			continue
		}
		if s := st[c]; s != nil && s.repLines < s.lines {
			return true
		}
	}
	return false
}

// inDataTable reports a part of a table (a header row, a cell) whose table holds text that is
// not repeated: the table is the article's, and its header belongs to it.
func inDataTable(e *html.Node, st map[*html.Node]*stat) bool {
	switch e.DataAtom {
	case atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption:
	default:
		return false
	}
	for t := e.Parent; t != nil; t = t.Parent {
		if t.DataAtom == atom.Table {
			s := st[t]
			return s != nil && s.repLines < s.lines
		}
	}
	return false
}

// headingLike reports a short heading: h1-h6, or a paragraph that is wholly bold.
func headingLike(n *html.Node, text string) bool {
	if runeLen(text) > 100 {
		return false
	}
	if isHeading(n.DataAtom) {
		return true
	}
	c := onlyChildElement(n)
	return c != nil && (c.DataAtom == atom.Strong || c.DataAtom == atom.B)
}

// signatureLike reports a line that signs or sources the article: "Minh Thu - Phòng VHTT",
// "Theo Báo Quảng Ninh", "Nguồn: ...", "Tác giả: ...", "Ảnh: ...", an office's name. (Date
// lines need no such care: the dates are read from the page before any pruning, and the text
// writer leaves date lines out anyway.)
func signatureLike(t string) bool {
	if len(t) > 480 || utf8.RuneCountInString(t) > 120 {
		return false
	}
	low := strings.ToLower(t)
	for _, p := range []string{"nguồn", "theo ", "tin:", "tin, ảnh", "tin và ảnh", "tin - ảnh", "bài, ảnh",
		"bài và ảnh", "bài:", "ảnh:", "tác giả", "người viết", "phóng viên"} {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	name, _, dash := strings.Cut(t, " - ")
	if !dash {
		name, _, dash = strings.Cut(t, " – ")
	}
	name = strings.TrimSpace(name)
	if shortSign(name) {
		return true
	}
	// A name alone, or a name and an office; not a heading set in capitals ("THÔNG BÁO").
	if nameLike(name) && (dash || !allUpper(name)) && !strings.HasSuffix(t, ".") {
		return true
	}
	return unitSignature([]string{t}, []bool{true}) != "" || labelledAuthor(t) != ""
}

func allUpper(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// hasImage reports an <img> in n or below.
func hasImage(n *html.Node) bool {
	if n == nil {
		return false
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.Img {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasImage(c) {
			return true
		}
	}
	return false
}

// prevElement returns the element before n among its siblings, or nil.
func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// FNV-1a, 64 bits.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func fnvRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		h ^= uint64(r)
		return h * fnvPrime
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	for i := 0; i < n; i++ {
		h ^= uint64(b[i])
		h *= fnvPrime
	}
	return h
}

// textHash hashes a line's text folded to lower case with every run of digits as one "0":
// a visit counter or a date in a widget is the same block on every page.
func textHash(s string) uint64 {
	h := uint64(fnvOffset)
	digits := false
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case r >= '0' && r <= '9':
				if !digits {
					h = (h ^ '0') * fnvPrime
				}
				digits = true
				continue
			case r >= 'A' && r <= 'Z':
				r += 'a' - 'A'
			}
			digits = false
			h = (h ^ uint64(r)) * fnvPrime
			continue
		}
		if unicode.IsDigit(r) {
			if !digits {
				h = (h ^ '0') * fnvPrime
			}
			digits = true
			continue
		}
		digits = false
		h = fnvRune(h, unicode.ToLower(r))
	}
	return h
}

// pathHash hashes the tag and class of a block element and of its parent and grandparent
// (digits dropped from classes), so that the same words in another place of the markup, say
// an article's sapo quoted by a teaser elsewhere, count as another block.
func pathHash(n *html.Node) uint64 {
	h := uint64(fnvOffset)
	for k := 0; n != nil && n.Type == html.ElementNode && k < 3; n, k = n.Parent, k+1 {
		h = fnvString(h, n.Data)
		h = fnvRune(h, '.')
		cls := attr(n, "class")
		for i := 0; i < len(cls); i++ {
			c := cls[i]
			switch {
			case c >= '0' && c <= '9':
				continue
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime
		}
		h = fnvRune(h, '/')
		if n.DataAtom == atom.Body {
			break
		}
	}
	return h
}

// pageKeys identify a page: its URL without the fragment, and its title when it has one. A
// page whose URL or title was learnt before is not learnt again.
func pageKeys(u *url.URL, title string) []uint64 {
	var keys []uint64
	if u != nil {
		v := *u
		v.Fragment, v.RawFragment = "", ""
		if s := v.String(); s != "" {
			keys = append(keys, fnvString(fnvString(fnvOffset, "u "), s))
		}
	}
	if t := fold(title); t != "" {
		keys = append(keys, fnvString(fnvString(fnvOffset, "t "), t))
	}
	return keys
}
