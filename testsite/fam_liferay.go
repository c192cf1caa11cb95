package testsite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// liferay models VNPT portals built on Liferay: portlets with p_p_id_..._INSTANCE_... ids,
// asset-publisher URLs and _cur=N paging.
type liferay struct{}

func (liferay) name() string { return "liferay" }

func lrInstance(p *portal) string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := newRng(p.key, 77)
	b := make([]byte, 12)
	for i := range b {
		b[i] = letters[r.intn(len(letters))]
	}
	return string(b)
}

func (liferay) articlePath(p *portal, n int) string {
	return fmt.Sprintf("/%s/-/asset_publisher/%s/content/%s-%d", p.cats[n%len(p.cats)].Slug, lrInstance(p), p.slug(n), n)
}

func (liferay) listingPath(p *portal, c, page int) string {
	if page <= 1 {
		return "/" + p.cats[c].Slug
	}
	inst := lrInstance(p)
	return fmt.Sprintf("/%s?p_p_id=101_INSTANCE_%s&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view&_101_INSTANCE_%s_cur=%d&_101_INSTANCE_%s_delta=%d", p.cats[c].Slug, inst, inst, page, inst, p.pageSize)
}

func (liferay) feedPath() string { return "/rss" }

func (l liferay) route(p *portal, u *url.URL) (route, bool) {
	path := u.Path
	if path == "/" || path == "/home" || path == "/web/guest/trang-chu" {
		return route{kind: "home"}, true
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	c := catIndex(p, parts[0])
	if c < 0 {
		return route{}, false
	}
	if len(parts) == 1 {
		pg := 1
		for k, v := range u.Query() {
			if strings.HasSuffix(k, "_cur") && len(v) > 0 {
				pg, _ = strconv.Atoi(v[0])
			}
		}
		return route{kind: "listing", cat: c, page: pg}, true
	}
	if len(parts) == 6 && parts[1] == "-" && parts[2] == "asset_publisher" && parts[4] == "content" {
		if n, ok := trailingNumber(parts[5]); ok && n%len(p.cats) == c {
			return route{kind: "article", n: n}, true
		}
	}
	return route{}, false
}

const lrCSS = ".portlet-boundary{margin-bottom:15px}.portlet-title-text{font-weight:bold;color:#b30000}.asset-metadata{color:#888;font-size:12px}#navigation ul li{display:inline-block;padding:8px}"

func (l liferay) frame(w *page, p *portal, now time.Time, title, canonical string, a *article, main func()) {
	w.head(p, title, canonical, a, true, lrCSS)
	w.f("<body class=\"yui3-skin-sam controls-visible guest-site signed-out public-page site\">\n<a href=\"#main-content\" id=\"skip-to-content\">Bỏ qua nội dung</a>\n")
	w.f("<div class=\"container-fluid\" id=\"wrapper\">\n<header id=\"banner\" role=\"banner\"><div id=\"heading\"><a class=\"logo custom-logo\" href=\"/\" title=\"%s\"><img alt=\"%s\" src=\"/image/layout_set_logo?img_id=%d\" height=\"120\"></a><span id=\"clock\"></span></div>\n", esc(p.dept.Name), esc(p.dept.Name), p.key%100000)
	w.searchBox("_3_fm", "form-search", "/tim-kiem", "_3_keywords")
	w.f("</header>\n")
	w.menu(p, "nav", "sort-pages modify-pages navbar site-navigation", "navigation")
	w.f("<div id=\"content\"><div class=\"columns-2\" id=\"main-content\" role=\"main\"><div class=\"portlet-layout row-fluid\">\n<div class=\"portlet-column portlet-column-first span8\" id=\"column-1\">\n")
	main()
	w.f("</div>\n<div class=\"portlet-column portlet-column-last span4\" id=\"column-2\">\n")
	w.f("<div class=\"portlet-boundary portlet-boundary_101_ portlet-static portlet-asset-publisher\" id=\"p_p_id_101_INSTANCE_tinmoi%d_\"><div class=\"portlet-body\">", p.key%97)
	w.linkList(p, now, "Tin mới", "portlet-content list-news", p.newest(now, 1, 0, 0, 6), false)
	w.f("</div></div>\n<div class=\"portlet-boundary portlet-boundary_101_ portlet-static\" id=\"p_p_id_101_INSTANCE_xemnhieu%d_\"><div class=\"portlet-body\">", p.key%89)
	w.linkList(p, now, "Tin xem nhiều", "portlet-content most-viewed", p.mostRead(now, 5), false)
	w.f("</div></div>\n<div class=\"portlet-boundary portlet-boundary_56_\" id=\"p_p_id_56_INSTANCE_lienket_\"><div class=\"portlet-body\">")
	w.websiteLinks("journal-content-article lienket", true)
	w.f("</div></div>\n<div class=\"portlet-boundary\" id=\"p_p_id_thongke_WAR_vnptportlet_\">")
	w.counter(p, now, "portlet-body thongke")
	w.f("</div>\n</div>\n</div></div></div>\n")
	w.footer(p, "footer", "footer-wrapper")
	w.scripts()
	w.f("<script>Liferay.Portlet.onLoad({canEditTitle:false,columnPos:0,isStatic:'end',namespacedId:'p_p_id_101_INSTANCE_%s_',portletId:'101_INSTANCE_%s'});</script>\n</div>\n</body>\n</html>\n", lrInstance(p), lrInstance(p))
}

func (l liferay) home(w *page, p *portal, now time.Time) {
	l.frame(w, p, now, "", p.base+"/", nil, func() {
		featured := p.newest(now, 1, 0, 0, 5)
		w.f("<div class=\"portlet-boundary portlet-boundary_101_\" id=\"p_p_id_101_INSTANCE_noibat_\"><div class=\"portlet-body\"><div class=\"tin-noi-bat\">\n")
		for i, n := range featured {
			_, v, _ := p.state(n, now)
			w.f("<div class=\"asset-abstract%s\"><h3 class=\"asset-title\"><a href=\"%s\">%s</a></h3>", map[bool]string{true: " first", false: ""}[i == 0], esc(l.articlePath(p, n)), esc(p.title(n, v)))
			if i == 0 {
				a := p.article(n, now)
				w.f("<div class=\"asset-summary\">%s</div>", esc(a.Lead))
			}
			w.f("</div>\n")
		}
		w.f("</div></div></div>\n")
		for c := range p.cats {
			w.f("<div class=\"portlet-boundary\" id=\"p_p_id_101_INSTANCE_cat%d_\"><span class=\"portlet-title-text\"><a href=\"%s\">%s</a></span>", c, esc(l.listingPath(p, c, 1)), esc(p.cats[c].Name))
			ns, _ := p.catPage(now, c, 1)
			if len(ns) > 4 {
				ns = ns[:4]
			}
			w.linkList(p, now, "", "portlet-body", ns, true)
			w.f("</div>\n")
		}
	})
}

func (l liferay) listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int) {
	inst := lrInstance(p)
	l.frame(w, p, now, p.cats[c].Name, p.base+l.listingPath(p, c, pg), nil, func() {
		w.f("<div class=\"portlet-boundary portlet-boundary_101_ portlet-asset-publisher\" id=\"p_p_id_101_INSTANCE_%s_\"><div class=\"portlet-body\">\n", inst)
		w.breadcrumb(p, "breadcrumb breadcrumb-horizontal", c)
		w.f("<h2 class=\"portlet-title-text\">%s</h2>\n", esc(p.cats[c].Name))
		back := url.QueryEscape(p.base + l.listingPath(p, c, pg))
		for _, n := range ns {
			_, v, _ := p.state(n, now)
			w.f("<div class=\"asset-abstract\"><h3 class=\"asset-title\"><a href=\"%s?redirect=%s\">%s</a></h3><span class=\"metadata-publish-date\">%s</span></div>\n",
				l.articlePath(p, n), back, esc(p.title(n, v)), p.published(n).Format("02/01/2006"))
		}
		w.f("<div class=\"taglib-page-iterator\"><div class=\"search-results\">Trang %d / %d</div><ul class=\"pager lfr-pagination-buttons\">", pg, pages)
		if pg > 1 {
			w.f("<li><a href=\"%s\">Đầu</a></li><li><a href=\"%s\">&larr; Trước</a></li>", esc(l.listingPath(p, c, 1)), esc(l.listingPath(p, c, pg-1)))
		}
		if pg < pages {
			w.f("<li><a href=\"%s\">Tiếp &rarr;</a></li><li><a href=\"%s\">Cuối</a></li>", esc(l.listingPath(p, c, pg+1)), esc(l.listingPath(p, c, pages)))
		}
		w.f("</ul></div>\n</div></div>\n")
	})
}

func (l liferay) article(w *page, p *portal, now time.Time, a *article) {
	canon := p.base + l.articlePath(p, a.N)
	l.frame(w, p, now, a.Title, canon, a, func() {
		w.f("<div class=\"portlet-boundary portlet-boundary_101_ portlet-asset-publisher\" id=\"p_p_id_101_INSTANCE_%s_\"><div class=\"portlet-body\">\n", lrInstance(p))
		w.breadcrumb(p, "breadcrumb breadcrumb-horizontal", a.Cat)
		w.f("<div class=\"asset-full-content show-asset-title\">\n<h3 class=\"header-title\"><span>%s</span></h3>\n", esc(a.Title))
		w.f("<div class=\"asset-metadata\"><span class=\"metadata-entry metadata-publish-date\">%s</span> <span class=\"metadata-entry metadata-view-count\">Lượt xem: %d</span></div>\n", dateText(a.Published, a.DateOnly, 0), a.Views)
		w.f("<div class=\"asset-content\" id=\"_101_INSTANCE_%s_%d\">\n<div class=\"journal-content-article\">\n", lrInstance(p), a.N)
		if a.Lead != "" {
			w.f("<p class=\"sapo\"><strong>%s</strong></p>\n", esc(a.Lead))
		}
		w.f("<div class=\"noidung\">\n")
		sa, st := p.seeAlso(now, a)
		w.body(a, bodyStyle{p: "<p style=\"text-align: justify;\">", heading: "strong", seeAlso: sa, seeTitle: st})
		w.f("</div>\n")
		if a.Author != "" {
			w.f("<p class=\"tacgia\" style=\"text-align:right\"><strong>%s</strong></p>\n", esc(a.Author))
		}
		w.f("</div>\n")
		w.attachment("asset-attachments", a)
		w.rating(p, "taglib-ratings stars", a)
		w.share("taglib-social-bookmarks", canon)
		w.tagLinks("taglib-asset-tags-summary", a.Tags, "/tim-kiem?tag=")
		w.f("</div>\n")
		w.linkList(p, now, "Các tin khác", "asset-links other-news", p.older(now, a.N, 8), true)
		w.comments(p, "taglib-discussion", "_101_INSTANCE_discussion")
		w.f("</div>\n</div></div>\n")
	})
}
