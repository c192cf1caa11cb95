package testsite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// dnn models DotNetNuke (ASP.NET) portals with the EasyDNNnews module: dnn_ctrNNN_... ids and a
// pager that works only through __doPostBack, so crawlers find articles via sitemap and RSS.
type dnn struct{}

func (dnn) name() string { return "dnn" }

func (dnn) articlePath(p *portal, n int) string {
	return fmt.Sprintf("/tin-tuc/%s/ArticleId/%d/%s", p.cats[n%len(p.cats)].Slug, n, p.slug(n))
}

func (dnn) listingPath(p *portal, c, page int) string {
	return "/tin-tuc/" + p.cats[c].Slug
}

func (dnn) feedPath() string { return "/DesktopModules/EasyDNNNews/RSS.ashx" }

func (dnn) route(p *portal, u *url.URL) (route, bool) {
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case u.Path == "/" || strings.EqualFold(u.Path, "/Default.aspx") || strings.EqualFold(u.Path, "/trang-chu"):
		return route{kind: "home"}, true
	case len(parts) == 2 && parts[0] == "tin-tuc":
		if c := catIndex(p, parts[1]); c >= 0 {
			return route{kind: "listing", cat: c, page: 1}, true
		}
	case len(parts) >= 4 && parts[0] == "tin-tuc" && strings.EqualFold(parts[2], "ArticleId"):
		n, err := strconv.Atoi(parts[3])
		if err == nil && n >= 0 && catIndex(p, parts[1]) == n%len(p.cats) {
			return route{kind: "article", n: n}, true
		}
	}
	return route{}, false
}

const dnnCSS = ".DnnModule{margin-bottom:10px}.Head{font-weight:bold;color:#004a8f}.edn_metaDetails{font-size:11px;color:#999}"

func (d dnn) frame(w *page, p *portal, now time.Time, title, canonical string, a *article, main func()) {
	w.head(p, title, canonical, a, true, dnnCSS)
	w.f("<body id=\"Body\">\n<form method=\"post\" action=\"%s\" id=\"Form\" enctype=\"multipart/form-data\">\n", esc(strings.TrimPrefix(canonical, p.base)))
	w.f("<div class=\"aspNetHidden\"><input type=\"hidden\" name=\"__EVENTTARGET\" id=\"__EVENTTARGET\" value=\"\"><input type=\"hidden\" name=\"__EVENTARGUMENT\" id=\"__EVENTARGUMENT\" value=\"\"><input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"%s\"></div>\n", viewstate(p, now)[:600])
	w.f("<script type=\"text/javascript\">var theForm = document.forms['Form']; function __doPostBack(eventTarget, eventArgument) { if (!theForm.onsubmit || (theForm.onsubmit() != false)) { theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit(); } }</script>\n")
	w.f("<div id=\"siteWrapper\"><div id=\"dnn_HeaderPane\" class=\"HeaderPane\"><a id=\"dnn_dnnLOGO_hypLogo\" href=\"/\"><img id=\"dnn_dnnLOGO_imgLogo\" src=\"/Portals/0/logo.png\" alt=\"%s\"></a>\n", esc(p.dept.Name))
	w.searchBox("dnn_dnnSearch_ClassicSearch", "SearchContainer", "/tim-kiem", "Search")
	w.f("</div>\n")
	w.menu(p, "div", "dnnmega navbar", "dnn_dnnNAV_ctldnnNAV")
	w.f("<div id=\"dnn_BreadcrumbPane\" class=\"breadcrumb-pane\"><span id=\"dnn_dnnBREADCRUMB_lblBreadCrumb\"><a href=\"/\" class=\"SkinObject\">Trang chủ</a></span></div>\n")
	w.f("<div class=\"row\"><div id=\"dnn_ContentPane\" class=\"col-md-9 ContentPane\">\n")
	main()
	w.f("</div>\n<div id=\"dnn_RightPane\" class=\"col-md-3 RightPane\">\n<div class=\"DnnModule DnnModule-EasyDNNnews DnnModule-%d\"><a name=\"%d\"></a><div class=\"DNNContainer_Title\"><h2><span id=\"dnn_ctr%d_dnnTITLE_titleLabel\" class=\"Head\">Tin mới nhất</span></h2></div><div id=\"dnn_ctr%d_ContentPane\">", 700+p.key%99, 700+p.key%99, 700+p.key%99, 700+p.key%99)
	w.linkList(p, now, "", "edn_latest", p.newest(now, 1, 0, 0, 6), true)
	w.f("</div></div>\n<div class=\"DnnModule DnnModule-%d\"><div class=\"DNNContainer_Title\"><h2><span class=\"Head\">Tin xem nhiều</span></h2></div><div id=\"dnn_ctr%d_ContentPane\">", 800+p.key%99, 800+p.key%99)
	w.linkList(p, now, "", "edn_popular", p.mostRead(now, 5), false)
	w.f("</div></div>\n")
	w.websiteLinks("DnnModule lien-ket", true)
	w.counter(p, now, "DnnModule visitors-counter")
	w.f("</div></div>\n")
	w.footer(p, "div", "FooterPane")
	w.f("</div>\n</form>\n")
	w.scripts()
	w.f("<!--CDF(Javascript|/Resources/Shared/Scripts/dnn.modalpopup.js?cdv=%d)--></body>\n</html>\n", p.key%500)
}

func (d dnn) home(w *page, p *portal, now time.Time) {
	d.frame(w, p, now, "Trang chủ", p.base+"/", nil, func() {
		ctr := 400 + p.key%99
		w.f("<div class=\"DnnModule DnnModule-EasyDNNnews\"><div id=\"dnn_ctr%d_ModuleContent\" class=\"DNNModuleContent ModEasyDNNnewsC\"><div class=\"eds_news_list featured\">\n", ctr)
		for _, n := range p.newest(now, 1, 0, 0, 6) {
			_, v, _ := p.state(n, now)
			w.f("<div class=\"edn_article\"><h2 class=\"edn_articleTitle\"><a href=\"%s\">%s</a></h2><span class=\"edn_metaDetails\">%s</span></div>\n", esc(d.articlePath(p, n)), esc(p.title(n, v)), p.published(n).Format("02/01/2006"))
		}
		w.f("</div></div></div>\n")
		for c := range p.cats {
			w.f("<div class=\"DnnModule\"><h2 class=\"Head\"><a href=\"%s\">%s</a></h2></div>\n", esc(d.listingPath(p, c, 1)), esc(p.cats[c].Name))
		}
	})
}

func (d dnn) listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int) {
	d.frame(w, p, now, p.cats[c].Name, p.base+d.listingPath(p, c, 1), nil, func() {
		ctr := 400 + p.key%99
		w.f("<div class=\"DnnModule DnnModule-EasyDNNnews\"><div id=\"dnn_ctr%d_ModuleContent\" class=\"DNNModuleContent ModEasyDNNnewsC\"><h1 class=\"Head\">%s</h1><div class=\"eds_news_list\">\n", ctr, esc(p.cats[c].Name))
		for _, n := range ns {
			_, v, _ := p.state(n, now)
			w.f("<div class=\"edn_article edn_clearFix\"><h2 class=\"edn_articleTitle\"><a href=\"%s\">%s</a></h2><span class=\"edn_metaDetails\">%s</span></div>\n", esc(d.articlePath(p, n)), esc(p.title(n, v)), p.published(n).Format("02/01/2006 15:04"))
		}
		w.f("</div>\n<div class=\"article_pager\" id=\"dnn_ctr%d_ViewEasyDNNNewsMain_ctl00_pnlPager\">", ctr)
		for i := 1; i <= pages && i <= 10; i++ {
			if i == pg {
				w.f("<span class=\"active\">%d</span>", i)
			} else {
				w.f("<a href=\"javascript:__doPostBack('dnn$ctr%d$ViewEasyDNNNewsMain$ctl00$pager','Page$%d')\">%d</a>", ctr, i, i)
			}
		}
		w.f("</div></div></div>\n")
	})
}

func (d dnn) article(w *page, p *portal, now time.Time, a *article) {
	canon := p.base + d.articlePath(p, a.N)
	d.frame(w, p, now, a.Title, canon, a, func() {
		ctr := 400 + p.key%99
		w.jsonLD(a, canon)
		w.f("<div class=\"DnnModule DnnModule-EasyDNNnews\"><div id=\"dnn_ctr%d_ModuleContent\" class=\"DNNModuleContent ModEasyDNNnewsC\">\n<div class=\"eds_news_module_%d news eds_subCollection_news eds_news_Ozone\"><div class=\"edn_article edn_clearFix\">\n", ctr, ctr)
		w.f("<h1 class=\"edn_articleTitle\">%s</h1>\n<div class=\"edn_metaDetails\"><time>%s</time>", esc(a.Title), dateText(a.Published, a.DateOnly, 3))
		if a.Author != "" {
			w.f(" <span class=\"edn_articleAuthor\">Người viết: %s</span>", esc(a.Author))
		}
		w.f(" <span class=\"edn_articleViews\">%d lượt xem</span></div>\n", a.Views)
		if a.Lead != "" {
			w.f("<div class=\"edn_articleSummary\">%s</div>\n", esc(a.Lead))
		}
		w.f("<div class=\"edn_articleContent\">\n")
		w.body(a, bodyStyle{p: "<p>", heading: "h2"})
		w.f("</div>\n")
		w.attachment("edn_documentsWrapper", a)
		w.tagLinks("edn_articleTags", a.Tags, "/tim-kiem?tag=")
		w.share("edn_socialPrintWrapper", canon)
		w.rating(p, "edn_ratingsWrapper", a)
		w.f("</div></div>\n")
		w.linkList(p, now, "Các tin khác", "edn_relatedArticles", p.older(now, a.N, 8), true)
		w.comments(p, "edn_commentsWrapper", fmt.Sprintf("dnn_ctr%d_ViewEasyDNNNewsMain_ctl00_pnlCommentForm", ctr))
		w.f("</div></div>\n")
	})
}
