package testsite

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// wordpress models a unit's WordPress site: /YYYY/MM/DD/slug/ permalinks, ?p=N short links,
// /category/x/page/N/ paging, widgets and Yoast-style metadata.
type wordpress struct{}

func (wordpress) name() string { return "wordpress" }

func (wordpress) articlePath(p *portal, n int) string {
	t := p.published(n)
	return fmt.Sprintf("/%s/%s-%d/", t.Format("2006/01/02"), p.slug(n), n)
}

func (wordpress) listingPath(p *portal, c, page int) string {
	if page <= 1 {
		return "/category/" + p.cats[c].Slug + "/"
	}
	return fmt.Sprintf("/category/%s/page/%d/", p.cats[c].Slug, page)
}

func (wordpress) feedPath() string { return "/feed/" }

func (wp wordpress) route(p *portal, u *url.URL) (route, bool) {
	if u.Path == "/" {
		if s := u.Query().Get("p"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return route{}, false
			}
			return route{kind: "article", n: n}, true
		}
		return route{kind: "home"}, true
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch {
	case parts[0] == "category" && len(parts) >= 2:
		c := catIndex(p, parts[1])
		if c < 0 {
			return route{}, false
		}
		pg := 1
		if len(parts) == 4 && parts[2] == "page" {
			pg, _ = strconv.Atoi(parts[3])
		} else if len(parts) != 2 {
			return route{}, false
		}
		return route{kind: "listing", cat: c, page: pg}, true
	case len(parts) == 4 && len(parts[0]) == 4:
		if n, ok := trailingNumber(parts[3]); ok && "/"+strings.Join(parts, "/")+"/" == wp.articlePath(p, n) {
			return route{kind: "article", n: n}, true
		}
	}
	return route{}, false
}

const wpCSS = "img.wp-smiley,img.emoji{display:inline!important;border:none!important}.screen-reader-text{clip:rect(1px,1px,1px,1px);position:absolute!important}"

func (wp wordpress) frame(w *page, p *portal, now time.Time, title, canonical string, a *article, bodyClass string, main func()) {
	w.head(p, title, canonical, a, true, wpCSS)
	w.f("<body class=\"%s wp-embed-responsive\">\n<div id=\"page\" class=\"site\"><a class=\"skip-link screen-reader-text\" href=\"#content\">Chuyển đến nội dung</a>\n", bodyClass)
	w.f("<header id=\"masthead\" class=\"site-header\"><div class=\"site-branding\"><p class=\"site-title\"><a href=\"/\" rel=\"home\">%s</a></p><p class=\"site-description\">Trang thông tin điện tử</p></div>\n", esc(p.dept.Name))
	w.menu(p, "nav", "main-navigation", "site-navigation")
	w.f("</header>\n<div id=\"content\" class=\"site-content\"><div id=\"primary\" class=\"content-area\"><main id=\"main\" class=\"site-main\">\n")
	main()
	w.f("</main></div>\n<aside id=\"secondary\" class=\"widget-area\">\n<section id=\"search-2\" class=\"widget widget_search\">")
	w.searchBox("searchform", "search-form", "/", "s")
	w.f("</section>\n<section id=\"recent-posts-2\" class=\"widget widget_recent_entries\">")
	w.linkList(p, now, "Tin mới", "recent-posts", p.newest(now, 1, 0, 0, 5), true)
	w.f("</section>\n<section id=\"custom_html-3\" class=\"widget_text widget widget_custom_html\">")
	w.linkList(p, now, "Tin xem nhiều", "textwidget custom-html-widget", p.mostRead(now, 5), false)
	w.f("</section>\n<section id=\"text-4\" class=\"widget widget_text\">")
	w.websiteLinks("textwidget", true)
	w.f("</section>\n<section id=\"counter-2\" class=\"widget widget_counter\">")
	w.counter(p, now, "wpstatistics")
	w.f("</section>\n</aside>\n</div>\n<footer id=\"colophon\" class=\"site-footer\">")
	w.footer(p, "div", "site-info")
	w.f("</footer>\n</div>\n")
	w.scripts()
	w.f("<script src=\"/wp-includes/js/wp-embed.min.js?ver=6.4.2\"></script>\n</body>\n</html>\n")
}

func (wp wordpress) home(w *page, p *portal, now time.Time) {
	wp.frame(w, p, now, "", p.base+"/", nil, "home blog", func() {
		for _, n := range p.newest(now, 1, 0, 0, 8) {
			a := p.article(n, now)
			w.f("<article id=\"post-%d\" class=\"post-%d post type-post status-publish format-standard hentry\"><header class=\"entry-header\"><h2 class=\"entry-title\"><a href=\"%s\" rel=\"bookmark\">%s</a></h2></header><div class=\"entry-summary\"><p>%s</p></div></article>\n", n, n, esc(wp.articlePath(p, n)), esc(a.Title), esc(a.Lead))
		}
		w.f("<nav class=\"navigation posts-navigation\"><a href=\"%s\">Các tin cũ hơn</a></nav>\n", esc(wp.listingPath(p, 0, 1)))
	})
}

func (wp wordpress) listing(w *page, p *portal, now time.Time, c, pg int, ns []int, pages int) {
	wp.frame(w, p, now, p.cats[c].Name, p.base+wp.listingPath(p, c, pg), nil, "archive category category-"+p.cats[c].Slug, func() {
		w.f("<header class=\"page-header\"><h1 class=\"page-title\">Chuyên mục: <span>%s</span></h1></header>\n", esc(p.cats[c].Name))
		for _, n := range ns {
			_, v, _ := p.state(n, now)
			w.f("<article id=\"post-%d\" class=\"post-%d post type-post hentry\"><h2 class=\"entry-title\"><a href=\"%s\" rel=\"bookmark\">%s</a></h2><div class=\"entry-meta\"><time class=\"entry-date published\" datetime=\"%s\">%s</time></div></article>\n",
				n, n, wp.articlePath(p, n), esc(p.title(n, v)), p.published(n).Format(time.RFC3339), p.published(n).Format("02/01/2006"))
		}
		w.f("<nav class=\"navigation pagination\"><div class=\"nav-links\">")
		if pg > 1 {
			w.f("<a class=\"prev page-numbers\" href=\"%s\">&laquo; Trước</a>", esc(wp.listingPath(p, c, pg-1)))
		}
		for i := 1; i <= pages; i++ {
			if i == pg {
				w.f("<span aria-current=\"page\" class=\"page-numbers current\">%d</span>", i)
			} else if i <= 2 || i == pages || (i >= pg-1 && i <= pg+1) {
				w.f("<a class=\"page-numbers\" href=\"%s\">%d</a>", esc(wp.listingPath(p, c, i)), i)
			}
		}
		if pg < pages {
			w.f("<a class=\"next page-numbers\" href=\"%s\">Sau &raquo;</a>", esc(wp.listingPath(p, c, pg+1)))
		}
		w.f("</div></nav>\n")
	})
}

func (wp wordpress) article(w *page, p *portal, now time.Time, a *article) {
	canon := p.base + wp.articlePath(p, a.N)
	wp.frame(w, p, now, a.Title, canon, a, fmt.Sprintf("post-template-default single single-post postid-%d single-format-standard", a.N), func() {
		w.jsonLD(a, canon)
		w.f("<article id=\"post-%d\" class=\"post-%d post type-post status-publish format-standard has-post-thumbnail hentry category-%s\">\n", a.N, a.N, p.cats[a.Cat].Slug)
		w.f("<header class=\"entry-header\"><h1 class=\"entry-title\">%s</h1><div class=\"entry-meta\"><span class=\"posted-on\">Đăng ngày <time class=\"entry-date published\" datetime=\"%s\">%s</time></span>", esc(a.Title), isoDate(a.Published, a.DateOnly), dateText(a.Published, a.DateOnly, 4))
		if a.Author != "" {
			w.f("<span class=\"byline\"> bởi <span class=\"author vcard\"><a class=\"url fn n\" href=\"/author/%s/\">%s</a></span></span>", slugify(a.Author), esc(a.Author))
		}
		w.f("</div></header>\n")
		if a.Lead != "" {
			w.f("<div class=\"td-post-sub-title\">%s</div>\n", esc(a.Lead))
		}
		w.f("<div class=\"entry-content\">\n")
		sa, st := p.seeAlso(now, a)
		w.body(a, bodyStyle{p: "<p>", heading: "h3", seeAlso: sa, seeTitle: st})
		w.f("<div class=\"sharedaddy sd-sharing-enabled\"><div class=\"robots-nocontent sd-block sd-social\"><h3 class=\"sd-title\">Chia sẻ:</h3>")
		w.share("sd-content", canon)
		w.f("</div></div>\n")
		w.rating(p, "post-ratings", a)
		w.f("</div>\n<footer class=\"entry-footer\">")
		w.attachment("wp-block-file", a)
		w.tagLinks("tags-links", a.Tags, "/tag/")
		w.f("</footer>\n</article>\n")
		w.linkList(p, now, "Bài viết liên quan", "jp-relatedposts", p.older(now, a.N, 5), true)
		w.comments(p, "comment-respond", "respond")
	})
}
