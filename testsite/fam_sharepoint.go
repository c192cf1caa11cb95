package testsite

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// sharepoint models portals on Microsoft SharePoint: ctl00_PlaceHolderMain_... ids, a big
// __VIEWSTATE, Page=N paging, the title outside the body container and the lead as the first
// bold paragraph of the rich-text field.
type sharepoint struct{}

func (sharepoint) name() string { return "sharepoint" }

func (sharepoint) articlePath(p *portal, n int) string {
	return fmt.Sprintf("/Pages/chi-tiet-tin.aspx?ItemID=%d&l=%s", n, p.cats[n%len(p.cats)].Slug)
}

func (sharepoint) listingPath(p *portal, c, page int) string {
	if page <= 1 {
		return "/Pages/" + p.cats[c].Slug + ".aspx"
	}
	return fmt.Sprintf("/Pages/%s.aspx?Page=%d", p.cats[c].Slug, page)
}

func (sharepoint) feedPath() string { return "/_layouts/feed.aspx" }

func (sharepoint) route(p *portal, u *url.URL) (route, bool) {
	path := strings.ToLower(u.Path)
	switch {
	case path == "/" || path == "/pages/default.aspx" || path == "/pages/trang-chu.aspx":
		return route{kind: "home"}, true
	case path == "/pages/chi-tiet-tin.aspx":
		n, err := strconv.Atoi(u.Query().Get("ItemID"))
		if err != nil || n < 0 {
			return route{}, false
		}
		return route{kind: "article", n: n}, true
	case strings.HasPrefix(path, "/pages/") && strings.HasSuffix(path, ".aspx"):
		c := catIndex(p, strings.TrimSuffix(strings.TrimPrefix(path, "/pages/"), ".aspx"))
		if c < 0 {
			return route{}, false
		}
		pg := 1
		if s := u.Query().Get("Page"); s != "" {
			pg, _ = strconv.Atoi(s)
		}
		return route{kind: "listing", cat: c, page: pg}, true
	}
	return route{}, false
}

const spCSS = "#s4-ribbonrow{display:none}.ms-webpart-titleText{font-weight:bold}.news-date{color:#777}.ms-rtestate-field p{line-height:1.5em}"

func viewstate(p *portal, now time.Time) string {
	r := newRng(p.key, uint64(now.Unix()/3600), 9)
	b := make([]byte, 1500)
	for i := range b {
		b[i] = byte(r.next())
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (s sharepoint) frame(w *page, p *portal, now time.Time, title, canonical string, a *article, main func()) {
	w.head(p, title, canonical, a, false, spCSS)
	w.f("<body scroll=\"yes\" onload=\"javascript:_spBodyOnLoadWrapper();\">\n<form method=\"post\" action=\"./%s\" id=\"aspnetForm\">\n", esc(strings.TrimPrefix(canonical, p.base+"/")))
	w.f("<div class=\"aspNetHidden\"><input type=\"hidden\" name=\"__REQUESTDIGEST\" id=\"__REQUESTDIGEST\" value=\"0x%X\"><input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"%s\"></div>\n", p.key, viewstate(p, now))
	w.f("<div id=\"s4-workspace\"><div id=\"s4-bodyContainer\">\n<div id=\"ctl00_divHeader\" class=\"header\"><div class=\"banner\"><img src=\"/PublishingImages/banner.jpg\" alt=\"%s\"></div>\n", esc(p.dept.Name))
	w.searchBox("ctl00_PlaceHolderSearchArea_SmallSearchInputBox1", "ms-srch-sb", "/Pages/Search.aspx", "k")
	w.f("</div>\n")
	w.menu(p, "div", "ms-core-listMenu-horizontalBox topmenu", "zz13_TopNavigationMenu")
	w.f("<div id=\"contentRow\"><div id=\"sideNavBox\" class=\"ms-dialogHidden ms-forceWrap ms-noList\">\n")
	w.f("<div class=\"ms-webpart-zone\" id=\"ctl00_PlaceHolderLeftNavBar_wpzLeft\"><div class=\"ms-webpart-chrome\"><span class=\"ms-webpart-titleText\">Liên kết website</span>")
	w.websiteLinks("ms-wpContentDivSpace", false)
	w.f("</div></div></div>\n<div id=\"contentBox\" aria-live=\"polite\" aria-relevant=\"all\">\n<div id=\"DeltaPlaceHolderMain\">\n")
	main()
	w.f("</div></div>\n<div class=\"right-zone\" id=\"ctl00_PlaceHolderMain_RightZone\">\n")
	w.linkList(p, now, "Tin mới cập nhật", "ms-webpart-chrome ms-webpart-chrome-vertical", p.newest(now, 1, 0, 0, 7), true)
	w.linkList(p, now, "Tin đọc nhiều", "ms-webpart-chrome tindocnhieu", p.mostRead(now, 5), false)
	w.counter(p, now, "ms-webpart-chrome visitor")
	w.f("</div></div>\n")
	w.footer(p, "div", "ms-footer footer")
	w.f("</div></div>\n<script type=\"text/javascript\">//<![CDATA[\nvar _spPageContextInfo = {webServerRelativeUrl: \"\\u002f\", webLanguage: 1066, currentLanguage: 1066};\nfunction _spBodyOnLoadWrapper(){}\n//]]></script>\n</form>\n")
	w.scripts()
	w.f("</body>\n</html>\n")
}

func (s sharepoint) home(w *page, p *portal, now time.Time) {
	s.frame(w, p, now, "Trang chủ", p.base+"/", nil, func() {
		w.f("<div class=\"ms-webpart-zone\" id=\"ctl00_PlaceHolderMain_wpzHot\"><div id=\"ctl00_PlaceHolderMain_g_hotnews\" class=\"hot-news\">\n")
		for _, n := range p.newest(now, 1, 0, 0, 5) {
			_, v, _ := p.state(n, now)
			w.f("<div class=\"item\"><a href=\"%s\"><img src=\"%s\" alt=\"\"></a><a class=\"title\" href=\"%s\">%s</a></div>\n", esc(s.articlePath(p, n)), imagePath(n, 1), esc(s.articlePath(p, n)), esc(p.title(n, v)))
		}
		w.f("</div></div>\n")
		for c := range p.cats {
			ns, _ := p.catPage(now, c, 1)
			if len(ns) > 4 {
				ns = ns[:4]
			}
			w.f("<div class=\"ms-webpart-chrome\" id=\"ctl00_PlaceHolderMain_g_cat%d\"><h2 class=\"ms-webpart-titleText\"><a href=\"%s\">%s</a></h2>", c, esc(s.listingPath(p, c, 1)), esc(p.cats[c].Name))
			w.linkList(p, now, "", "ms-wpContentDivSpace", ns, false)
			w.f("</div>\n")
		}
	})
}

func (s sharepoint) listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int) {
	s.frame(w, p, now, p.cats[c].Name, p.base+s.listingPath(p, c, pg), nil, func() {
		w.breadcrumb(p, "ms-breadcrumb", c)
		w.f("<div id=\"ctl00_PlaceHolderMain_ctl01_pnlList\" class=\"list-news\">\n")
		for _, n := range ns {
			_, v, _ := p.state(n, now)
			a := p.article(n, now)
			w.f("<div class=\"news-item\"><a href=\"%s\" class=\"news-title\">%s</a> <span class=\"news-date\">(%s)</span><p class=\"news-sum\">%s</p></div>\n", esc(s.articlePath(p, n)), esc(p.title(n, v)), p.published(n).Format("02/01/2006"), esc(a.Lead))
		}
		w.f("</div>\n<div class=\"paging\" id=\"ctl00_PlaceHolderMain_ctl01_pager\">")
		for i := 1; i <= pages; i++ {
			if i == pg {
				w.f("<span class=\"current\">%d</span> ", i)
			} else if i <= 3 || i >= pages-1 || (i >= pg-2 && i <= pg+2) {
				w.f("<a href=\"%s\">%d</a> ", esc(s.listingPath(p, c, i)), i)
			}
		}
		w.f("</div>\n")
	})
}

func (s sharepoint) article(w *page, p *portal, now time.Time, a *article) {
	canon := p.base + s.articlePath(p, a.N)
	s.frame(w, p, now, a.Title, canon, a, func() {
		w.breadcrumb(p, "ms-breadcrumb", a.Cat)
		w.f("<h1 id=\"ctl00_PlaceHolderMain_lblTitle\" class=\"title-news\">%s</h1>\n", esc(a.Title))
		w.f("<div id=\"ctl00_PlaceHolderMain_pnlDate\" class=\"news-date\">%s</div>\n", dateText(a.Published, a.DateOnly, 1))
		w.f("<div id=\"ctl00_PlaceHolderMain_ctl02_pnlNewsDetail\" class=\"news-detail\">\n<div id=\"ctl00_PlaceHolderMain_RichHtmlField1__ControlWrapper_RichHtmlField\" class=\"ms-rtestate-field\" style=\"display:inline\" aria-labelledby=\"ctl00_PlaceHolderMain_RichHtmlField1_label\">\n")
		if a.Lead != "" {
			w.f("<p><strong>%s</strong></p>\n", esc(a.Lead))
		}
		w.body(a, bodyStyle{p: "<p class=\"MsoNormal\" style=\"text-align:justify\">", span: true, heading: "h3", divParas: true})
		w.f("</div>\n")
		if a.Author != "" {
			w.f("<div class=\"author\" id=\"ctl00_PlaceHolderMain_lblAuthor\">Tác giả: %s</div>\n", esc(a.Author))
		}
		w.f("</div>\n")
		w.attachment("ms-attachments", a)
		w.share("print-share", canon)
		w.rating(p, "ms-rating", a)
		w.linkList(p, now, "Tin liên quan", "related-news", p.older(now, a.N, 6), true)
		w.comments(p, "ms-comments", "ctl00_PlaceHolderMain_pnlComment")
	})
}
