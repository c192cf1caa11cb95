package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bantin/bantin"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textWriter turns the chosen body elements into paragraphs, dropping boilerplate blocks
// that survived container selection, and collects the body's images.
type textWriter struct {
	st     map[*html.Node]*stat
	base   *url.URL
	skip   map[*html.Node]bool // title heading, byline lines
	paras  []string
	emph   []bool // paragraph was wholly bold or right-aligned (signatures, bylines)
	inEmph bool
	cur    strings.Builder
	cut    bool
	images []bantin.Image
	seen   map[string]bool
	words  int // runes written in paragraphs so far
	row    int // cells written in the current table row, -1 outside rows
	// waitFor is the headline when it lies inside the body container: nothing before it is
	// body text (breadcrumbs, category labels).
	waitFor *html.Node
	lead    string
	bold    int  // depth of <b>/<strong> being walked
	curBold int  // runes of the current paragraph written in bold
	vi      bool // the page is Vietnamese: a sapo is kept apart from the body
	buf     []string
}

func newTextWriter(st map[*html.Node]*stat, base *url.URL, skip map[*html.Node]bool) *textWriter {
	return &textWriter{st: st, base: base, skip: skip, seen: map[string]bool{}, row: -1}
}

func (w *textWriter) flush() {
	if w.cur.Len() == 0 {
		return
	}
	p := collapse(w.cur.String())
	bold := w.curBold
	w.cur.Reset()
	w.curBold = 0
	if p == "" || !hasLetterOrLongNumber(p) {
		return
	}
	if w.vi && w.lead == "" && len(w.paras) == 0 && w.words == 0 && bold >= runeLen(p)-2 &&
		runeLen(p) >= 60 && runeLen(p) <= 1000 && strings.HasSuffix(p, ".") {
		// A wholly bold first sentence run ended by <br><br>: the sapo of old portals.
		w.lead = p
		return
	}
	if isDateLabelLine(p) || (len(p) <= 200 && labelMatch(p, creditLabels)) {
		return
	}
	if runeLen(p) >= 20 {
		// The same paragraph again within a few paragraphs (or a truncated copy of it) is a
		// slideshow or a repeated caption; far apart it may be a real repetition (recipes).
		for i := len(w.paras) - 1; i >= 0 && i >= len(w.paras)-4; i-- {
			q := w.paras[i]
			if q == p || truncatedCopy(p, q) || truncatedCopy(q, p) {
				return
			}
		}
	}
	w.paras = append(w.paras, p)
	w.emph = append(w.emph, w.inEmph || bold >= runeLen(p))
	w.words += runeLen(p)
}

func (w *textWriter) curEmpty() bool { return runeLen(w.cur.String()) == 0 }

func (w *textWriter) text() string { return strings.Join(w.paras, "\n\n") }

// containerTag elements are dropped whole when they are mostly links.
func containerTag(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Table, atom.Aside, atom.Dl,
		atom.Header, atom.Footer, atom.Nav, atom.Form, atom.Span, atom.Center, atom.Tbody, atom.Tr:
		return true
	}
	return false
}

func (w *textWriter) walk(n *html.Node) {
	for c := n.FirstChild; c != nil && !w.cut; c = c.NextSibling {
		w.node(c)
	}
}

func (w *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		if w.waitFor == nil {
			w.cur.WriteString(n.Data)
			if w.bold > 0 {
				w.curBold += runeLen(collapse(n.Data))
			}
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if w.skip[n] || dropTag(n.DataAtom) {
		if n == w.waitFor {
			w.waitFor = nil
		}
		return
	}
	if w.waitFor != nil {
		if n == w.waitFor {
			w.waitFor = nil
			return
		}
		if !isAncestor(n, w.waitFor) {
			return
		}
		w.walk(n)
		return
	}
	s := w.st[n]
	if s != nil && s.boiler {
		// Text repeated on many pages of the site (Options.Site): its template.
		w.flush()
		return
	}
	block := isBlock(n.DataAtom)
	if s != nil && block && n.DataAtom != atom.Br && n.DataAtom != atom.Hr {
		if s.text == 0 {
			// Only images (or nothing): walk for pictures.
			w.flush()
			w.walk(n)
			w.flush()
			return
		}
		if s.text <= 150 {
			t := nodeText(n)
			if isCutLine(t) && (w.words > 150 || s.link > 0) {
				w.flush()
				if w.words > 150 {
					w.cut = true
				}
				return
			}
			if isBoilerLine(t) || isDateLabelLine(t) {
				w.flush()
				return
			}
			if w.words == 0 && w.curEmpty() {
				// Metadata lines between the headline and the body: dates, bylines.
				if _, _, ok := metaLineDates(t); ok {
					return
				}
				if labelledAuthor(t) != "" {
					return
				}
			}
		}
		if w.lead == "" && w.words == 0 && w.curEmpty() && s.text >= 30 && s.text <= 1000 &&
			!hasBlockChild(n) && (isLeadNode(n, &w.buf) || boldParagraph(n) || inLeadWrapper(n, &w.buf) || w.italicLead(n, s)) {
			w.lead = nodeText(n)
			if w.vi {
				// The sapo of Vietnamese news: reported as Lead, not repeated in the body.
				return
			}
		}
		if containerTag(n.DataAtom) && n.DataAtom != atom.Tr && n.DataAtom != atom.Tbody && s.link > 0 && s.linkDensity() > 0.5 {
			w.flush()
			return
		}
		if paragraphLike(n.DataAtom) && s.text > 0 && s.linkDensity() > 0.9 && s.text < 80 && n.DataAtom != atom.P {
			w.flush()
			return
		}
	}
	switch n.DataAtom {
	case atom.Br, atom.Hr:
		if w.row >= 0 {
			w.cur.WriteByte(' ')
			return
		}
		w.flush()
		return
	case atom.Img:
		w.image(n)
		return
	case atom.Tr:
		w.flush()
		saved := w.row
		w.row = 0
		w.walk(n)
		w.row = saved
		w.flush()
		return
	case atom.Td, atom.Th:
		if w.row >= 0 && !hasBlockChild(n) && !layoutCell(n) {
			if s != nil && s.text == 0 {
				w.walk(n) // image cells add no " | "
				return
			}
			if w.row > 0 {
				w.cur.WriteString(" | ")
			}
			w.row++
			w.walk(n)
			return
		}
		saved := w.row
		w.row = -1
		w.flush()
		w.walk(n)
		w.flush()
		w.row = saved
		return
	}
	if block {
		saved, savedEmph := w.row, w.inEmph
		if n.DataAtom != atom.Tbody && n.DataAtom != atom.Thead && n.DataAtom != atom.Tfoot {
			w.row = -1
		}
		w.flush()
		w.inEmph = savedEmph || emphasized(n)
		w.walk(n)
		w.flush()
		w.row, w.inEmph = saved, savedEmph
		return
	}
	if n.DataAtom == atom.B || n.DataAtom == atom.Strong {
		w.bold++
		w.walk(n)
		w.bold--
		return
	}
	w.walk(n)
}

// italicLead reports a wholly italic first paragraph of a Vietnamese body, a sentence long,
// with no picture before it (then it would be the picture's caption): the sapo of portals
// that set it in italics.
func (w *textWriter) italicLead(n *html.Node, s *stat) bool {
	if !w.vi || n.DataAtom != atom.P || len(w.images) > 0 || s.text < 60 {
		return false
	}
	c := onlyChildElement(n)
	return c != nil && (c.DataAtom == atom.Em || c.DataAtom == atom.I) && strings.HasSuffix(nodeText(n), ".")
}

// layoutCell reports the only cell of its row holding a run of <br>-separated text: old
// table-based portals put the whole article in one such cell, which is not a data value.
func layoutCell(n *html.Node) bool {
	if n.Parent == nil || n.Parent.DataAtom != atom.Tr {
		return false
	}
	for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
		if c != n && c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			return false
		}
	}
	brs := 0
	var count func(*html.Node)
	count = func(x *html.Node) {
		for c := x.FirstChild; c != nil && brs < 2; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if c.DataAtom == atom.Br {
					brs++
				} else {
					count(c)
				}
			}
		}
	}
	count(n)
	return brs >= 2
}

// inLeadWrapper reports the only child of a block classed as the sapo (<div class="sapo">
// <div class="ms-rtestate-field">...</div></div>).
func inLeadWrapper(n *html.Node, buf *[]string) bool {
	p := n.Parent
	return p != nil && p.Type == html.ElementNode && onlyChildElement(p) == n && isLeadNode(p, buf)
}

// hasBlockChild reports a table cell that holds paragraphs (layout tables), not a data value.
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.P, atom.Div, atom.Table, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3,
				atom.H4, atom.Blockquote, atom.Section:
				return true
			}
			if hasBlockChild(c) {
				return true
			}
		}
	}
	return false
}

// image records a body picture with its caption.
func (w *textWriter) image(n *html.Node) {
	src := imageSrc(n)
	if src == "" || strings.HasPrefix(src, "data:") {
		return
	}
	if wd := attr(n, "width"); wd != "" && len(wd) <= 2 && !strings.Contains(wd, "%") {
		return // icons and tracking pixels
	}
	abs := resolve(w.base, src)
	if abs == "" || w.seen[abs] {
		return
	}
	w.seen[abs] = true
	w.images = append(w.images, bantin.Image{Src: abs, Caption: caption(n)})
}

func imageSrc(n *html.Node) string {
	for _, k := range []string{"data-src", "data-original", "data-lazy-src", "src"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			return v
		}
	}
	return ""
}

// caption finds the caption of a picture: figcaption, a caption-classed or italic neighbour,
// the next table row of an image table, or the alt/title text.
func caption(img *html.Node) string {
	for p, depth := img.Parent, 0; p != nil && depth < 4; p, depth = p.Parent, depth+1 {
		if p.DataAtom == atom.Figure {
			for c := p.FirstChild; c != nil; c = c.NextSibling {
				if c.DataAtom == atom.Figcaption {
					return nodeText(c)
				}
			}
		}
		if p.DataAtom == atom.Tr {
			// Image table: caption in the next row.
			for r := p.NextSibling; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode {
					if t := nodeText(r); t != "" && runeLen(t) < 400 {
						return t
					}
					break
				}
			}
		}
		// Caption sibling after the picture's wrapper.
		for c := nextElement(p); c != nil; c = nil {
			if captionLike(c) {
				return nodeText(c)
			}
		}
		if p.DataAtom == atom.P || p.DataAtom == atom.Div {
			break
		}
	}
	for c := nextElement(img); c != nil; c = nil {
		if captionLike(c) {
			return nodeText(c)
		}
	}
	if t := collapse(attr(img, "title")); t != "" {
		return t
	}
	return collapse(attr(img, "alt"))
}

func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
		if c.Type == html.TextNode && runeLen(c.Data) > 0 {
			return nil
		}
	}
	return nil
}

// captionLike reports an element styled or named as a picture caption.
func captionLike(n *html.Node) bool {
	if n.DataAtom == atom.Figcaption {
		return true
	}
	raw := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	if strings.Contains(raw, "caption") || strings.Contains(raw, "chuthich") || strings.Contains(raw, "chu-thich") ||
		strings.Contains(raw, "image-desc") || strings.Contains(raw, "img-desc") || strings.Contains(raw, "photo-desc") {
		return true
	}
	if n.DataAtom == atom.Em || n.DataAtom == atom.I {
		return true
	}
	if n.DataAtom == atom.P || n.DataAtom == atom.Div || n.DataAtom == atom.Span {
		// <p><em>caption</em></p> or <p style="text-align:center"><i>...</i></p>
		only := onlyChildElement(n)
		if only != nil && (only.DataAtom == atom.Em || only.DataAtom == atom.I) {
			return runeLen(nodeText(n)) < 300
		}
	}
	return false
}

// onlyChildElement returns the single element child of n when n has no other content.
func onlyChildElement(n *html.Node) *html.Node {
	var one *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.ElementNode:
			if one != nil {
				return nil
			}
			one = c
		case html.TextNode:
			if runeLen(c.Data) > 0 {
				return nil
			}
		}
	}
	return one
}

// resolve makes ref absolute against base; "" for unusable references.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "javascript:") || strings.HasPrefix(ref, "#") {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// boldParagraph reports a <p> whose whole text is bold: the sapo of many portals.
func boldParagraph(n *html.Node) bool {
	if n.DataAtom != atom.P {
		return false
	}
	c := onlyChildElement(n)
	return c != nil && (c.DataAtom == atom.Strong || c.DataAtom == atom.B)
}

// emphasized reports a block set apart as a signature: right-aligned, or wholly bold.
func emphasized(n *html.Node) bool {
	if strings.EqualFold(attr(n, "align"), "right") {
		return true
	}
	if st := attr(n, "style"); st != "" && strings.Contains(strings.ReplaceAll(strings.ToLower(st), " ", ""), "text-align:right") {
		return true
	}
	c := onlyChildElement(n)
	return c != nil && (c.DataAtom == atom.Strong || c.DataAtom == atom.B)
}

// trailingByline removes a closing byline from the paragraphs and returns it: "Tác giả: X",
// or a final bold or right-aligned line that is only a name ("Nguyễn Văn A"). Signatures with
// a unit ("Minh Thu - Phòng Văn hóa") and source lines stay in the text.
func (w *textWriter) trailingByline() string {
	for i := len(w.paras) - 1; i >= 0 && i >= len(w.paras)-2; i-- {
		p := w.paras[i]
		a := labelledAuthor(p)
		if a == "" && w.emph[i] && i == len(w.paras)-1 && nameLike(p) && !strings.HasPrefix(p, "Theo ") {
			// "Theo Báo X" is a source line: it stays, and signatureName reads it.
			a = p
		}
		if a != "" {
			w.paras = append(w.paras[:i], w.paras[i+1:]...)
			w.emph = append(w.emph[:i], w.emph[i+1:]...)
			return a
		}
	}
	return ""
}

// nameLike reports a person's name: 2 to 5 capitalised words, no digits or punctuation.
func nameLike(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || runeLen(s) > 40 {
		return false
	}
	for _, wd := range words {
		r, _ := utf8.DecodeRuneInString(wd)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, c := range wd {
			if !unicode.IsLetter(c) && c != '.' {
				return false
			}
		}
	}
	return true
}

// hasLetterOrLongNumber rejects paragraphs that are only punctuation or a short counter ("6").
func hasLetterOrLongNumber(p string) bool {
	digits := 0
	for _, r := range p {
		if unicode.IsLetter(r) {
			return true
		}
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits > 4 || strings.Contains(p, "|")
}

// truncatedCopy reports a long paragraph cut short ("...") from another one: slideshows
// repeat captions that way. Short lines that merely start alike are different paragraphs.
func truncatedCopy(short, long string) bool {
	short, long = trimToggle(short), trimToggle(long)
	return len(short) >= 120 && len(long) >= len(short) && strings.HasPrefix(long, short)
}

// trimToggle drops the ellipsis and "more"/"less" toggles that end a collapsible caption.
func trimToggle(s string) string {
	for {
		t := strings.TrimRight(s, ".… ")
		for _, suf := range []string{" more", " less", " xem thêm", " thu gọn"} {
			t = strings.TrimSuffix(t, suf)
		}
		if t == s {
			return s
		}
		s = t
	}
}
