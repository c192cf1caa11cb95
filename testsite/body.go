package testsite

import (
	"fmt"
	"net/url"
	"time"
)

// family renders one kind of portal: its URL scheme and its markup.
type family interface {
	name() string
	articlePath(p *portal, n int) string
	listingPath(p *portal, c, page int) string
	feedPath() string
	// route maps a request path and query to a page; ok is false for unknown paths.
	route(p *portal, u *url.URL) (r route, ok bool)
	home(w *page, p *portal, now time.Time)
	listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int)
	article(w *page, p *portal, now time.Time, a *article)
}

// route is what a request asks for.
type route struct {
	kind string // "home", "listing", "article"
	n    int    // article number
	cat  int
	page int
}

// bodyStyle is how a family marks up paragraphs of an article body.
type bodyStyle struct {
	p        string // opening tag of a paragraph
	span     bool   // wrap paragraph text in a styled span, as pasted from Word
	heading  string // tag of in-body headings: h2, h3 or strong (inside <p>)
	divParas bool   // some paragraphs as <div> instead of <p>
	brParas  bool   // some articles write plain paragraphs as text separated by <br><br>
	seeAlso  string // href of an in-body "Xem thêm" link line ("" for none)
	seeTitle string
}

func imagePath(n, k int) string {
	ext := "jpg"
	if k%2 == 0 {
		ext = "png"
	}
	return fmt.Sprintf("/upload/images/%d/tin-%d-%d.%s", 2020+n%5, n, k, ext)
}

// body writes the article body blocks; the text of every block is what paragraphs() returns.
func (w *page) body(a *article, bs bodyStyle) {
	r := newRng(uint64(a.N), 0xb0d1)
	empties := r.chance(0.3)
	brMode := bs.brParas && r.chance(0.35)
	seeAt := -1
	if bs.seeAlso != "" && r.chance(0.3) && len(a.Blocks) > 3 {
		seeAt = 1 + r.intn(len(a.Blocks)-2)
	}
	para := func(text string, i int) {
		if brMode {
			w.f("%s<br>\n<br>\n", esc(text))
			return
		}
		open, close := bs.p, "</p>"
		if bs.divParas && i%4 == 3 {
			open, close = "<div>", "</div>"
		}
		if bs.span {
			w.f("%s<span style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;\">%s</span>%s\n", open, esc(text), close)
		} else {
			w.f("%s%s%s\n", open, esc(text), close)
		}
	}
	for i, b := range a.Blocks {
		if i == seeAt {
			// an in-body link line to another article: boilerplate, not in the truth
			w.f("<p><strong>Xem thêm:</strong> <a href=\"%s\">%s</a></p>\n", esc(bs.seeAlso), esc(bs.seeTitle))
		}
		if empties && i > 0 && i%3 == 0 {
			w.f("<p>&nbsp;</p>\n")
		}
		switch b.kind {
		case bPara, bNumbered:
			para(b.text, i)
		case bHeading:
			switch bs.heading {
			case "strong":
				w.f("<p><strong>%s</strong></p>\n", esc(b.text))
			default:
				w.f("<%s>%s</%s>\n", bs.heading, esc(b.text), bs.heading)
			}
		case bOL, bUL:
			tag := "ul"
			if b.kind == bOL {
				tag = "ol"
			}
			w.f("<%s>\n", tag)
			for _, it := range b.items {
				w.f("<li>%s</li>\n", esc(it))
			}
			w.f("</%s>\n", tag)
		case bTable:
			w.f("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"width:100%%;border-collapse:collapse\">\n<tbody>\n")
			for r, row := range b.rows {
				w.f("<tr>")
				for _, c := range row {
					if r == 0 {
						w.f("<td style=\"text-align:center\"><strong>%s</strong></td>", esc(c))
					} else {
						w.f("<td>%s</td>", esc(c))
					}
				}
				w.f("</tr>\n")
			}
			w.f("</tbody>\n</table>\n")
		case bImage:
			src := imagePath(a.N, b.img)
			switch b.style {
			case 0:
				w.f("<figure class=\"image\"><img src=\"%s\" alt=\"%s\" width=\"600\"><figcaption>%s</figcaption></figure>\n", src, esc(b.caption), esc(b.caption))
			case 1:
				w.f("<table align=\"center\" border=\"0\" cellpadding=\"3\" cellspacing=\"0\" style=\"width:500px\"><tbody><tr><td><img alt=\"\" src=\"%s\" style=\"width:500px\"></td></tr><tr><td style=\"text-align:center\"><span style=\"font-size:12px\"><em>%s</em></span></td></tr></tbody></table>\n", src, esc(b.caption))
			case 2:
				w.f("<p style=\"text-align:center\"><img src=\"%s\" alt=\"\"></p>\n<p style=\"text-align:center\"><em>%s</em></p>\n", src, esc(b.caption))
			default:
				w.f("<div style=\"text-align:center\"><img src=\"%s\" title=\"%s\"><br><em>%s</em></div>\n", src, esc(b.caption), esc(b.caption))
			}
		case bSignature:
			w.f("<p style=\"text-align:right\"><strong>%s</strong></p>\n", esc(b.text))
		case bSource:
			w.f("<p style=\"text-align:right\"><em>%s</em></p>\n", esc(b.text))
		}
	}
}

// seeAlso returns the link of an in-body "Xem thêm" line: the previous article of a's category.
func (p *portal) seeAlso(now time.Time, a *article) (href, title string) {
	ns := p.older(now, a.N, 1)
	if len(ns) == 0 {
		return "", ""
	}
	_, v, _ := p.state(ns[0], now)
	return p.fam.articlePath(p, ns[0]), p.title(ns[0], v)
}
