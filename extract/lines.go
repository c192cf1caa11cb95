package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bantin/bantin"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// line is one block of visible text of the whole page, before boilerplate is pruned: dates
// and bylines are read from the lines around the headline.
type line struct {
	node *html.Node // the block element the text belongs to
	text string
}

func collectLines(body *html.Node) []line {
	var out []line
	var b strings.Builder
	var owner *html.Node
	flush := func() {
		if b.Len() > 0 {
			if t := collapse(b.String()); t != "" {
				out = append(out, line{owner, t})
			}
			b.Reset()
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if b.Len() == 0 {
					owner = n
					for owner.Parent != nil && !isBlock(owner.DataAtom) {
						owner = owner.Parent
					}
				}
				b.WriteString(c.Data)
			case html.ElementNode:
				if dropTag(c.DataAtom) || hidden(c) {
					continue
				}
				if isBlock(c.DataAtom) {
					flush()
					walk(c)
					flush()
				} else {
					walk(c)
				}
			}
		}
	}
	walk(body)
	flush()
	return out
}

// headlineIndex returns the index of the first line inside the headline, or -1.
func headlineIndex(lines []line, head *html.Node) int {
	if head == nil {
		return -1
	}
	for i, l := range lines {
		if isAncestor(head, l.node) || isAncestor(l.node, head) {
			return i
		}
	}
	return -1
}

var modLabels = []string{"cập nhật", "sửa đổi", "chỉnh sửa", "updated", "modified", "last update"}
var pubLabels = []string{"ngày đăng", "đăng ngày", "đăng lúc", "ngày xuất bản", "xuất bản", "ngày tạo", "published", "posted", "ngày ban hành", "thời gian đăng", "đăng tải"}

// metaLineDates reads the dates of a short metadata line ("Ngày đăng: 15/09/2023 | Cập nhật:
// 16/09/2023 10:00"). A line whose text is mostly not the date (a sentence) gives nothing.
func metaLineDates(t string) (pub, mod bantin.Timestamp, ok bool) {
	if utf8.RuneCountInString(t) > 160 || !hasDigit(t) {
		return pub, mod, false
	}
	low := strings.ToLower(t)
	rest, off := t, 0
	covered := 0
	for k := 0; k < 3; k++ {
		dm, found := findDate(rest)
		if !found {
			break
		}
		covered += utf8.RuneCountInString(rest[dm.start:dm.end])
		before := low[:off+dm.start]
		isMod := lastLabel(before, modLabels) > lastLabel(before, pubLabels)
		if isMod {
			if mod.IsZero() {
				mod = dm.ts
			}
		} else if pub.IsZero() {
			pub = dm.ts
		}
		off += dm.end
		rest = t[off:]
	}
	if pub.IsZero() && mod.IsZero() {
		return pub, mod, false
	}
	other := utf8.RuneCountInString(t) - covered
	if other > 70 {
		return bantin.Timestamp{}, bantin.Timestamp{}, false
	}
	if pub.IsZero() {
		pub, mod = mod, bantin.Timestamp{}
	}
	return pub, mod, true
}

func lastLabel(s string, labels []string) int {
	best := -1
	for _, l := range labels {
		if i := strings.LastIndex(s, l); i > best {
			best = i
		}
	}
	return best
}

// pageDates picks the published and modified times: machine-readable markup first, then the
// visible metadata lines next to the headline (never a related-news list or a counter, which
// lie far from it).
func pageDates(m *meta, lines []line, head *html.Node) (pub, mod bantin.Timestamp) {
	pub, mod = m.metaDate()
	if !pub.IsZero() && !pub.DateOnly {
		return pub, mod
	}
	vp, vm := visibleDates(m, lines, head)
	switch {
	case pub.IsZero():
		pub = vp
	case !vp.IsZero() && !vp.DateOnly && sameDay(pub, vp):
		pub = vp
	}
	if mod.IsZero() {
		mod = vm
	}
	return pub, mod
}

func sameDay(a, b bantin.Timestamp) bool {
	x, y := a.In(bantin.Location), b.In(bantin.Location)
	return x.Year() == y.Year() && x.YearDay() == y.YearDay()
}

func visibleDates(m *meta, lines []line, head *html.Node) (pub, mod bantin.Timestamp) {
	h := headlineIndex(lines, head)
	if h < 0 {
		// No headline: a <time> element is the best remaining hint.
		for _, n := range m.timeNodes {
			if t, ok := dateOfNode(n); ok {
				return t, mod
			}
		}
		return pub, mod
	}
	long := 0
	for i := h + 1; i < len(lines) && i <= h+15; i++ {
		t := lines[i].text
		if isCutLine(t) {
			break
		}
		if p, md, ok := metaLineDates(t); ok {
			return p, md
		}
		if t2, ok := timeInside(lines[i].node); ok {
			return t2, mod
		}
		if runeLen(t) > 150 {
			if long++; long >= 3 {
				break
			}
		}
	}
	scope := head.Parent
	if scope != nil && scope.Parent != nil {
		scope = scope.Parent
	}
	for i := h - 1; i >= 0 && i >= h-4; i-- {
		if !isAncestor(scope, lines[i].node) {
			break
		}
		if p, md, ok := metaLineDates(lines[i].text); ok {
			return p, md
		}
	}
	return pub, mod
}

// timeInside reads a <time datetime> inside a metadata line.
func timeInside(n *html.Node) (bantin.Timestamp, bool) {
	if n == nil {
		return bantin.Timestamp{}, false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Time && attr(c, "datetime") != "" {
			return ParseDate(attr(c, "datetime"))
		}
	}
	return bantin.Timestamp{}, false
}

var authorLabels = []string{"tác giả", "người viết", "bài và ảnh", "bài, ảnh", "bài & ảnh", "bài/ảnh", "tin, ảnh", "tin và ảnh", "phóng viên", "người đăng", "đăng bởi", "viết bởi", "người gửi", "by"}

// bylineAuthor reads the author from markup or a labelled byline near the headline.
func bylineAuthor(m *meta, lines []line, head *html.Node) string {
	if n := m.itemprops["author"]; n != nil {
		if t := cleanAuthor(nodeText(n)); t != "" && runeLen(t) <= 80 {
			return t
		}
	}
	if m.ld.author != "" {
		return m.ld.author
	}
	h := headlineIndex(lines, head)
	if h >= 0 {
		for i := max(0, h-3); i < len(lines) && i <= h+12; i++ {
			if i == h {
				continue
			}
			if a := labelledAuthor(lines[i].text); a != "" {
				return a
			}
		}
	}
	if a := m.props["author"]; a != "" && !strings.EqualFold(a, m.props["og:site_name"]) && runeLen(a) <= 60 && !strings.Contains(a, ".") {
		return a
	}
	return ""
}

// labelledAuthor reads "Tác giả: Minh Thu" style lines.
func labelledAuthor(t string) string {
	if utf8.RuneCountInString(t) > 120 {
		return ""
	}
	low := strings.ToLower(t)
	for _, l := range authorLabels {
		i := strings.Index(low, l)
		if i < 0 || (i > 0 && unicode.IsLetter(rune(low[i-1]))) || (l == "by" && i != 0) {
			continue // "by" only opens an English byline: "By Jane Doe"
		}
		rest := t[i+len(l):]
		rest = strings.TrimLeft(rest, " ")
		if l != "by" && !strings.HasPrefix(rest, ":") {
			continue
		}
		rest = strings.TrimLeft(rest, ": ")
		if j := strings.IndexAny(rest, "|\n"); j >= 0 {
			rest = rest[:j]
		}
		if dm, ok := findDate(rest); ok {
			rest = rest[:dm.start]
		}
		for _, stop := range []string{" - Ngày", " Ngày đăng", " Cập nhật", " Lượt xem", "  "} {
			if j := strings.Index(rest, stop); j >= 0 {
				rest = rest[:j]
			}
		}
		if a := cleanAuthor(rest); a != "" && utf8.RuneCountInString(a) <= 60 {
			return a
		}
	}
	return ""
}

func cleanAuthor(s string) string {
	s = collapse(s)
	low := strings.ToLower(s)
	for _, l := range authorLabels {
		if strings.HasPrefix(low, l) {
			s = strings.TrimLeft(s[len(l):], " :")
			break
		}
	}
	return strings.Trim(s, " -–—|,;:()")
}

// signatureName returns the author named by the closing signature: "Minh Thu - Phòng Văn
// hóa" gives "Minh Thu", "Theo Báo Nhân Dân" gives "Báo Nhân Dân". Source lines ("Nguồn: ...")
// are skipped; "" when the body ends otherwise.
func signatureName(paras []string) string {
	for i := len(paras) - 1; i >= 0 && i >= len(paras)-2; i-- {
		p := paras[i]
		low := strings.ToLower(p)
		if strings.HasPrefix(low, "nguồn") {
			continue
		}
		if len(p) > 400 || utf8.RuneCountInString(p) > 80 || strings.HasSuffix(p, ".") || strings.HasSuffix(p, ":") {
			return ""
		}
		if rest, ok := strings.CutPrefix(p, "Theo "); ok {
			return strings.TrimSpace(rest)
		}
		if rest, ok := strings.CutPrefix(p, "Ảnh:"); ok {
			// A closing photo credit names the author of photo news.
			if rest = strings.TrimSpace(rest); nameLike(rest) {
				return rest
			}
			return ""
		}
		name, _, found := strings.Cut(p, " - ")
		if !found {
			name, _, found = strings.Cut(p, " – ")
		}
		if !found {
			name = p
		}
		name = strings.TrimSpace(name)
		if nameLike(name) || shortSign(name) {
			return name
		}
		return ""
	}
	return ""
}

// shortSign reports signatures such as "P.V", "T.H" or "PV".
func shortSign(s string) bool {
	if s == "" || len(s) > 8 || strings.Contains(s, " ") {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '.' {
			return false
		}
	}
	return true
}

// datesAroundBody is the fallback when no date stands by the headline: a date line at the
// top or the foot of the body ("Ngày cập nhật: 15/09/2023" under the text), never past a
// related-news heading.
func datesAroundBody(lines []line, nodes []*html.Node, mod bantin.Timestamp) (bantin.Timestamp, bantin.Timestamp) {
	first, last := -1, -1
	for i, l := range lines {
		if inAny(nodes, l.node) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return bantin.Timestamp{}, mod
	}
	try := func(i int) (bantin.Timestamp, bantin.Timestamp, bool) {
		p, m, ok := metaLineDates(lines[i].text)
		if ok && mod.IsZero() {
			mod = m
		}
		return p, mod, ok
	}
	for i := first; i < len(lines) && i <= first+3; i++ {
		if p, m, ok := try(i); ok {
			return p, m
		}
	}
	for i := max(first, last-4); i < len(lines) && i <= last+6; i++ {
		if i > last && isCutLine(lines[i].text) {
			break
		}
		if p, m, ok := try(i); ok {
			return p, m
		}
	}
	return bantin.Timestamp{}, mod
}

// unitWords open the name of an office or agency in a closing signature.
var unitWords = []string{"Phòng ", "Văn phòng ", "Chi cục ", "Trung tâm ", "Ban ", "Sở ", "Cục ", "Ủy ban ",
	"Uỷ ban ", "UBND ", "Báo ", "Đài ", "Tạp chí ", "Hội ", "Công an ", "Bệnh viện ", "Trường ", "Viện ",
	"Thanh tra ", "Tổ ", "Đoàn ", "Bộ phận "}

// unitSignature returns the office that signs the article: a last paragraph set apart (bold
// or right-aligned) that is only the name of a unit ("Phòng Nghiệp vụ Y", "Văn phòng Sở").
// It stays in the text; "" when the body ends otherwise.
func unitSignature(paras []string, emph []bool) string {
	if len(paras) == 0 || len(emph) != len(paras) || !emph[len(paras)-1] {
		return ""
	}
	p := paras[len(paras)-1]
	if runeLen(p) > 60 || strings.ContainsAny(p, ".:;,!?") || len(strings.Fields(p)) > 9 {
		return ""
	}
	for _, w := range unitWords {
		if strings.HasPrefix(p, w) {
			return p
		}
	}
	return ""
}
