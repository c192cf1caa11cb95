package testsite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// php models a home-grown PHP portal: table layout, #news-title, #news-des, #news-detail,
// /trang-N paging and .html article URLs.
type php struct{}

func (php) name() string { return "php" }

func (php) articlePath(p *portal, n int) string {
	return fmt.Sprintf("/tin-tuc/%s-%d.html", p.slug(n), n)
}

func (php) listingPath(p *portal, c, page int) string {
	if page <= 1 {
		return "/danh-muc/" + p.cats[c].Slug
	}
	return fmt.Sprintf("/danh-muc/%s/trang-%d", p.cats[c].Slug, page)
}

func (php) feedPath() string { return "/rss.xml" }

func (php) route(p *portal, u *url.URL) (route, bool) {
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case u.Path == "/" || u.Path == "/index.php":
		return route{kind: "home"}, true
	case len(parts) == 2 && parts[0] == "tin-tuc" && strings.HasSuffix(parts[1], ".html"):
		if n, ok := trailingNumber(strings.TrimSuffix(parts[1], ".html")); ok {
			return route{kind: "article", n: n}, true
		}
	case parts[0] == "danh-muc" && (len(parts) == 2 || len(parts) == 3):
		c := catIndex(p, parts[1])
		if c < 0 {
			return route{}, false
		}
		pg := 1
		if len(parts) == 3 {
			s, ok := strings.CutPrefix(parts[2], "trang-")
			var err error
			if pg, err = strconv.Atoi(s); !ok || err != nil {
				return route{}, false
			}
		}
		return route{kind: "listing", cat: c, page: pg}, true
	}
	return route{}, false
}

const phpCSS = "body{font-family:Tahoma,Arial;font-size:12px;margin:0}.tieude{background:#0b5394;color:#fff;padding:4px}#news-title{font-size:18px;color:#c00}#news-des{font-weight:bold}"

func (h php) frame(w *page, p *portal, now time.Time, title, canonical string, a *article, main func()) {
	if a != nil && !phpCanonical(a.N) {
		canonical = "" // old PHP portals often print no canonical link
	}
	w.head(p, title, canonical, a, a != nil && a.N%2 == 0, phpCSS)
	w.f("<body>\n<table width=\"1000\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" id=\"khung\">\n<tr><td colspan=\"3\" class=\"banner\" style=\"background:url(/images/banner.jpg) no-repeat;height:150px\"><div class=\"ngay-thang\" id=\"clock\"></div></td></tr>\n")
	w.f("<tr><td colspan=\"3\">")
	w.menu(p, "div", "menu-ngang", "menu")
	w.f("</td></tr>\n<tr><td width=\"200\" valign=\"top\" class=\"cot-trai\">\n")
	w.searchBox("frmSearch", "timkiem", "/tim-kiem.php", "q")
	w.f("<div class=\"tieude\">Danh mục</div><ul class=\"dm\">")
	for c := range p.cats {
		w.f("<li><a href=\"%s\">%s</a></li>", esc(h.listingPath(p, c, 1)), esc(p.cats[c].Name))
	}
	w.f("</ul>\n")
	w.websiteLinks("box-lienket", false)
	w.counter(p, now, "box-thongke")
	w.f("</td>\n<td valign=\"top\" class=\"cot-giua\">\n")
	main()
	w.f("</td>\n<td width=\"220\" valign=\"top\" class=\"cot-phai\">\n")
	w.linkList(p, now, "Tin mới", "box-tinmoi", p.newest(now, 1, 0, 0, 8), false)
	w.linkList(p, now, "Tin xem nhiều", "box-xemnhieu", p.mostRead(now, 6), false)
	w.f("<div class=\"box-qc\"><a href=\"https://dichvucong.gov.vn\"><img src=\"/images/dvc.gif\" alt=\"Dịch vụ công\"></a></div>\n</td></tr>\n<tr><td colspan=\"3\">")
	w.footer(p, "div", "chantrang")
	w.f("</td></tr>\n</table>\n")
	w.scripts()
	w.f("</body>\n</html>\n")
}

func (h php) home(w *page, p *portal, now time.Time) {
	h.frame(w, p, now, "Trang chủ", p.base+"/", nil, func() {
		w.f("<div class=\"tinnoibat\">\n")
		for i, n := range p.newest(now, 1, 0, 0, 5) {
			_, v, _ := p.state(n, now)
			if i == 0 {
				a := p.article(n, now)
				w.f("<div class=\"tin-chinh\"><a href=\"%s\"><img src=\"%s\" width=\"250\"></a><h2><a href=\"%s\">%s</a></h2><p>%s</p></div>\n", esc(h.articlePath(p, n)), imagePath(n, 1), esc(h.articlePath(p, n)), esc(a.Title), esc(a.Lead))
				continue
			}
			w.f("<div class=\"tin-phu\"><a href=\"%s\">%s</a></div>\n", esc(h.articlePath(p, n)), esc(p.title(n, v)))
		}
		w.f("</div>\n")
		for c := range p.cats {
			ns, _ := p.catPage(now, c, 1)
			if len(ns) > 5 {
				ns = ns[:5]
			}
			w.f("<div class=\"tieude\"><a href=\"%s\">%s</a></div>", esc(h.listingPath(p, c, 1)), esc(p.cats[c].Name))
			w.linkList(p, now, "", "ds-tin", ns, true)
		}
	})
}

func (h php) listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int) {
	h.frame(w, p, now, p.cats[c].Name, p.base+h.listingPath(p, c, pg), nil, func() {
		w.f("<div class=\"tieude\">%s</div>\n<table class=\"ds-tin\" width=\"100%%\">\n", esc(p.cats[c].Name))
		for _, n := range ns {
			a := p.article(n, now)
			w.f("<tr><td width=\"120\"><img src=\"%s\" width=\"110\"></td><td><a class=\"tieude-tin\" href=\"%s\">%s</a><br><span class=\"ngay\">%s</span><br>%s</td></tr>\n", imagePath(n, 1), esc(h.articlePath(p, n)), esc(a.Title), a.Published.Format("02/01/2006"), esc(a.Lead))
		}
		w.f("</table>\n<div class=\"phantrang\">")
		for i := 1; i <= pages; i++ {
			if i == pg {
				w.f("<b>[%d]</b> ", i)
			} else if i <= 5 || i == pages || (i >= pg-3 && i <= pg+3) {
				w.f("<a href=\"%s\">%d</a> ", esc(h.listingPath(p, c, i)), i)
			}
		}
		w.f("</div>\n")
	})
}

func (h php) article(w *page, p *portal, now time.Time, a *article) {
	canon := p.base + h.articlePath(p, a.N)
	h.frame(w, p, now, a.Title, canon, a, func() {
		w.f("<div class=\"duongdan\"><a href=\"/\">Trang chủ</a> &gt; <a href=\"%s\">%s</a></div>\n", esc(h.listingPath(p, a.Cat, 1)), esc(p.cats[a.Cat].Name))
		w.f("<div class=\"chitiet\">\n<h1 id=\"news-title\">%s</h1>\n<div class=\"ngaydang\">%s", esc(a.Title), dateText(a.Published, a.DateOnly, 2))
		if !a.DateOnly {
			w.f(" - %s", a.Published.Format("15:04"))
		}
		w.f(" | Lượt xem: %d</div>\n<div id=\"news-des\">%s</div>\n<div id=\"news-detail\">\n", a.Views, esc(a.Lead))
		sa, st := p.seeAlso(now, a)
		w.body(a, bodyStyle{p: "<p>", heading: "strong", brParas: true, seeAlso: sa, seeTitle: st})
		w.f("</div>\n")
		if a.Author != "" {
			w.f("<div class=\"tacgia\" align=\"right\"><b>%s</b></div>\n", esc(a.Author))
		}
		w.attachment("dinhkem", a)
		w.f("<div class=\"congcu\"><a href=\"%s?print=1\" target=\"_blank\"><img src=\"/images/print.gif\"> In bài</a> <a href=\"javascript:history.back()\">Quay lại</a></div>\n", esc(h.articlePath(p, a.N)))
		w.rating(p, "danhgia", a)
		w.comments(p, "binhluan", "frmComment")
		w.f("</div>\n")
		w.linkList(p, now, "Các tin khác", "box-tin-khac", p.older(now, a.N, 10), true)
	})
}

// phpCanonical reports whether article n's page has a canonical link: two in three do.
func phpCanonical(n int) bool { return n%3 != 1 }
