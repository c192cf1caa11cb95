package testsite

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"time"
)

// page is an HTML page being written.
type page struct {
	bytes.Buffer
}

func (w *page) f(format string, args ...any) { fmt.Fprintf(w, format, args...) }

// esc escapes text for HTML.
func esc(s string) string { return html.EscapeString(s) }

var weekdays = []string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// dateText formats a publication time the way portals print it. style picks the format; a
// date-only article never shows a time of day.
func dateText(t time.Time, dateOnly bool, style int) string {
	d := t.Format("02/01/2006")
	hm := t.Format("15:04")
	switch style % 5 {
	case 0:
		if dateOnly {
			return weekdays[t.Weekday()] + ", " + d
		}
		return weekdays[t.Weekday()] + ", " + d + " " + hm
	case 1:
		if dateOnly {
			return d
		}
		return d + " | " + hm
	case 2:
		return "Ngày đăng: " + t.Format("02-01-2006")
	case 3:
		if dateOnly {
			return "Cập nhật ngày " + d
		}
		return "Cập nhật lúc " + hm + " ngày " + d
	default:
		if dateOnly {
			return fmt.Sprintf("Ngày %d tháng %d năm %d", t.Day(), int(t.Month()), t.Year())
		}
		return t.Format("02/01/2006 15:04:05")
	}
}

// isoDate is the machine-readable form for meta tags and JSON-LD.
func isoDate(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// head writes <head> with the title suffix, canonical link, feeds and optional metadata.
func (w *page) head(p *portal, title, canonical string, a *article, meta bool, styles string) {
	w.f("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"%s\">\n", p.charset)
	w.f("<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	if title == "" {
		w.f("<title>%s</title>\n", esc(p.dept.Name))
	} else {
		w.f("<title>%s - %s</title>\n", esc(title), esc(p.dept.Name))
	}
	if canonical != "" {
		w.f("<link rel=\"canonical\" href=\"%s\">\n", esc(canonical))
	}
	if p.feeds {
		w.f("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"%s\" href=\"%s\">\n", esc(p.dept.Name), p.base+p.fam.feedPath())
	}
	w.f("<link rel=\"shortcut icon\" href=\"/favicon.ico\">\n<link rel=\"stylesheet\" href=\"/css/main.css?v=%d\">\n", p.key%1000)
	if a != nil && meta {
		desc := a.Lead
		if desc == "" {
			desc = a.Title
		}
		w.f("<meta name=\"description\" content=\"%s\">\n", esc(desc))
		w.f("<meta property=\"og:title\" content=\"%s\">\n<meta property=\"og:type\" content=\"article\">\n", esc(a.Title))
		if canonical != "" {
			w.f("<meta property=\"og:url\" content=\"%s\">\n", esc(canonical))
		}
		w.f("<meta property=\"article:published_time\" content=\"%s\">\n", isoDate(a.Published, a.DateOnly))
		if a.Version > 0 {
			w.f("<meta property=\"article:modified_time\" content=\"%s\">\n", a.Modified.Format(time.RFC3339))
		}
		w.f("<meta name=\"keywords\" content=\"%s\">\n", esc(strings.Join(a.Tags, ", ")))
	}
	w.f("<style type=\"text/css\">%s</style>\n", styles)
	w.f("<script type=\"text/javascript\">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-%d-1']); _gaq.push(['_trackPageview']);</script>\n", 10000000+p.key%8999999)
	w.f("</head>\n")
}

// jsonLD writes a NewsArticle block.
func (w *page) jsonLD(a *article, url string) {
	w.f("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":%q,\"datePublished\":%q,\"dateModified\":%q,\"mainEntityOfPage\":%q", a.Title, isoDate(a.Published, a.DateOnly), a.Modified.Format(time.RFC3339), url)
	if a.Author != "" {
		w.f(",\"author\":{\"@type\":\"Person\",\"name\":%q}", a.Author)
	}
	w.f("}</script>\n")
}

// menu writes the main navigation: home plus every category and a few fixed sections.
func (w *page) menu(p *portal, tag, cls, id string) {
	w.f("<%s class=\"%s\" id=\"%s\"><ul>\n<li class=\"first\"><a href=\"/\">Trang chủ</a></li>\n", tag, cls, id)
	w.f("<li><a href=\"/gioi-thieu\">Giới thiệu</a><ul class=\"sub\"><li><a href=\"/gioi-thieu/chuc-nang-nhiem-vu\">Chức năng nhiệm vụ</a></li><li><a href=\"/gioi-thieu/co-cau-to-chuc\">Cơ cấu tổ chức</a></li></ul></li>\n")
	for c := range p.cats {
		w.f("<li><a href=\"%s\">%s</a></li>\n", esc(p.fam.listingPath(p, c, 1)), esc(p.cats[c].Name))
	}
	w.f("<li><a href=\"/van-ban\">Văn bản</a></li><li><a href=\"/thu-tuc-hanh-chinh\">Thủ tục hành chính</a></li><li><a href=\"/lien-he\">Liên hệ</a></li>\n</ul></%s>\n", tag)
}

func (w *page) searchBox(id, cls, action, param string) {
	w.f("<form id=\"%s\" class=\"%s\" action=\"%s\" method=\"get\"><input type=\"text\" name=\"%s\" placeholder=\"Nhập từ khóa tìm kiếm...\" title=\"Tìm kiếm\"><button type=\"submit\">Tìm kiếm</button></form>\n", id, cls, action, param)
}

func (w *page) breadcrumb(p *portal, cls string, c int) {
	w.f("<div class=\"%s\"><a href=\"/\">Trang chủ</a> <span>&raquo;</span> <a href=\"%s\">%s</a></div>\n", cls, esc(p.fam.listingPath(p, c, 1)), esc(p.cats[c].Name))
}

// skin is the markup a family uses for the boilerplate blocks every portal has, so that no
// single class name or structure marks boilerplate across portals.
type skin struct {
	listHead     string // format of a list's heading (%s: title)
	listDate     string // format of a date after a link (%s: dd/mm/yyyy)
	listStyle    int    // 0 <ul><li>, 1 <div> items, 2 <table> rows
	commentsHead string
	rateTag      string
}

var skins = map[string]skin{
	"liferay":    {listHead: "<div class=\"portlet-title\"><span class=\"portlet-title-text\">%s</span></div>", listDate: " <span class=\"metadata-entry\">(%s)</span>", commentsHead: "Ý kiến bạn đọc", rateTag: "div"},
	"sharepoint": {listHead: "<h3 class=\"ms-webpart-titleText\"><span>%s</span></h3>", listDate: " <i>(%s)</i>", listStyle: 1, commentsHead: "Gửi ý kiến", rateTag: "span"},
	"dnn":        {listHead: "<h2 class=\"edn_relatedTitle\">%s</h2>", listDate: " <em class=\"edn_date\">%s</em>", commentsHead: "Bình luận", rateTag: "div"},
	"php":        {listHead: "<div class=\"tieude\">%s</div>", listDate: " <font color=\"#888888\">(%s)</font>", listStyle: 2, commentsHead: "Ý kiến của bạn", rateTag: "p"},
	"wordpress":  {listHead: "<h2 class=\"widget-title\">%s</h2>", listDate: " <span class=\"post-date\">%s</span>", commentsHead: "Để lại bình luận", rateTag: "div"},
}

// linkList writes a titled list of article links, with dates when withDate.
func (w *page) linkList(p *portal, now time.Time, title, cls string, ns []int, withDate bool) {
	if len(ns) == 0 {
		return
	}
	sk := skins[p.Family]
	w.f("<div class=\"%s\">", cls)
	if title != "" {
		w.f(sk.listHead, title)
	}
	open, item, end, close := "<ul>\n", "<li>", "</li>\n", "</ul>"
	switch sk.listStyle {
	case 1:
		open, item, end, close = "\n", "<div class=\"item\">", "</div>\n", ""
	case 2:
		open, item, end, close = "<table width=\"100%\" cellpadding=\"2\">\n", "<tr><td><img src=\"/images/bullet.gif\"> ", "</td></tr>\n", "</table>"
	}
	w.f("%s", open)
	for _, n := range ns {
		_, v, _ := p.state(n, now)
		w.f("%s<a href=\"%s\">%s</a>", item, esc(p.fam.articlePath(p, n)), esc(p.title(n, v)))
		if withDate {
			w.f(sk.listDate, p.published(n).Format("02/01/2006"))
		}
		w.f("%s", end)
	}
	w.f("%s</div>\n", close)
}

// mostRead returns articles chosen per simulated day from the live ones.
func (p *portal) mostRead(now time.Time, k int) []int {
	total := p.count(now)
	r := newRng(uint64(p.tl.seed), p.key, uint64(now.Unix()/86400), 5)
	var out []int
	seen := map[int]bool{}
	for i := 0; i < k*4 && len(out) < k && total > 0; i++ {
		n := total - 1 - r.zipf(total, 1.1)
		if live, _, _ := p.state(n, now); live && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

var linkedSites = []string{
	"Cổng thông tin điện tử Chính phủ|https://chinhphu.vn",
	"Bộ Văn hóa, Thể thao và Du lịch|https://bvhttdl.gov.vn",
	"Cổng Dịch vụ công quốc gia|https://dichvucong.gov.vn",
	"Báo điện tử Đảng Cộng sản Việt Nam|https://dangcongsan.vn",
	"Tổng cục Du lịch|https://vietnamtourism.gov.vn",
	"Cục Di sản văn hóa|http://dsvh.gov.vn",
}

// websiteLinks writes "Liên kết website" as a select (with onchange) or as a list.
func (w *page) websiteLinks(cls string, asSelect bool) {
	w.f("<div class=\"%s\"><h3>Liên kết website</h3>", cls)
	if asSelect {
		w.f("<select onchange=\"if(this.value) window.open(this.value);\"><option value=\"\">-- Chọn liên kết --</option>")
		for _, s := range linkedSites {
			name, u, _ := strings.Cut(s, "|")
			w.f("<option value=\"%s\">%s</option>", u, esc(name))
		}
		w.f("</select>")
	} else {
		w.f("<ul>")
		for _, s := range linkedSites {
			name, u, _ := strings.Cut(s, "|")
			w.f("<li><a href=\"%s\" target=\"_blank\" rel=\"nofollow\">%s</a></li>", u, esc(name))
		}
		w.f("</ul>")
	}
	w.f("</div>\n")
}

// counter writes the visit counter ("Thống kê", "Online", "Hôm nay").
func (w *page) counter(p *portal, now time.Time, cls string) {
	days := now.Unix() / 86400
	total := 9544977 + int64(p.key%100000) + days*137
	w.f("<div class=\"%s\"><p>Thống kê truy cập</p><ul><li>Thống kê: %s</li><li>Online: %d</li><li>Hôm nay: %s</li><li>Tháng này: %s</li></ul></div>\n",
		cls, dots(total), 12+int(p.key%40), dots(1200+days%900), dots(35000+days%9000))
}

// dots formats a number with Vietnamese thousands separators: 9.544.977.
func dots(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// rating writes the rating widget.
func (w *page) rating(p *portal, cls string, a *article) {
	avg := 3.0 + float64(a.Ratings%20)/10
	tag := skins[p.Family].rateTag
	w.f("<%s class=\"%s\"><span>Đánh giá:</span> <a href=\"#\" onclick=\"return rate(1)\">&#9733;</a><a href=\"#\" onclick=\"return rate(2)\">&#9733;</a><a href=\"#\" onclick=\"return rate(3)\">&#9733;</a><a href=\"#\" onclick=\"return rate(4)\">&#9733;</a><a href=\"#\" onclick=\"return rate(5)\">&#9733;</a> <span class=\"vote-count\">%d lượt đánh giá</span>, <span>trung bình %s</span></%s>\n",
		tag, cls, a.Ratings, strings.Replace(fmt.Sprintf("%.1f", avg), ".", ",", 1), tag)
}

// comments writes a comment form with captcha.
func (w *page) comments(p *portal, cls, id string) {
	w.f("<div class=\"%s\" id=\"%s\"><h4>%s</h4><form method=\"post\" action=\"#\">", cls, id, skins[p.Family].commentsHead)
	w.f("<p><label>Họ và tên <span class=\"req\">*</span></label><input type=\"text\" name=\"name\"></p><p><label>Email</label><input type=\"email\" name=\"email\"></p>")
	w.f("<p><label>Nội dung</label><textarea name=\"content\" rows=\"4\"></textarea></p><p><label>Mã xác thực</label><img src=\"/captcha.png\" alt=\"captcha\"><input type=\"text\" name=\"captcha\"></p>")
	w.f("<p class=\"err\" style=\"display:none\">Mã xác thực không đúng.</p><p><button type=\"submit\">Gửi ý kiến</button> <button type=\"reset\">Nhập lại</button></p></form></div>\n")
}

// share writes share, print and email buttons.
func (w *page) share(cls, url string) {
	w.f("<div class=\"%s\"><a href=\"https://www.facebook.com/sharer/sharer.php?u=%s\" target=\"_blank\">Chia sẻ</a> <a href=\"javascript:window.print()\">In trang</a> <a href=\"%s?print=1\">Bản in</a> <a href=\"mailto:?subject=Tin%%20bai&amp;body=%s\">Gửi email</a> <a href=\"#top\">Về đầu trang</a></div>\n", cls, esc(url), esc(url), esc(url))
}

// tags writes "Từ khóa" links.
func (w *page) tagLinks(cls string, tags []string, prefix string) {
	if len(tags) == 0 {
		return
	}
	w.f("<div class=\"%s\"><strong>Từ khóa:</strong> ", cls)
	for i, t := range tags {
		if i > 0 {
			w.f(", ")
		}
		w.f("<a href=\"%s%s\">%s</a>", prefix, slugify(t), esc(t))
	}
	w.f("</div>\n")
}

// footer writes the long footer.
func (w *page) footer(p *portal, tag, cls string) {
	w.f("<%s class=\"%s\"><div class=\"inner\"><p><strong>%s</strong></p>", tag, cls, esc(strings.ToUpper(p.dept.Name)))
	w.f("<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh %s</p><p>Địa chỉ: Số %d đường Trần Hưng Đạo, thành phố %s</p>", esc(p.dept.Province), 10+p.key%200, esc(p.dept.Province))
	w.f("<p>Điện thoại: 0232.38%05d - Fax: 0232.38%05d - Email: vanphong@%s.gov.vn</p>", p.key%100000, (p.key>>8)%100000, slugify(p.Name))
	w.f("<p>Giấy phép số %d/GP-TTĐT do Sở Thông tin và Truyền thông cấp. Người chịu trách nhiệm: Giám đốc Sở.</p>", 10+p.key%90)
	w.f("<p>Ghi rõ nguồn \"%s\" khi phát hành lại thông tin từ website này.</p><p>Thiết kế và phát triển bởi VNPT.</p></div></%s>\n", esc(p.dept.Name), tag)
}

// scripts writes the trailing scripts real portals carry.
func (w *page) scripts() {
	w.f("<script src=\"/js/jquery.min.js\"></script>\n<script type=\"text/javascript\">$(function(){ $('.menu li').hover(function(){ $(this).addClass('hover'); }); var d = document.getElementById('clock'); if (d) { d.innerHTML = new Date().toLocaleString('vi-VN'); } });</script>\n")
}

// attachment writes the "Tệp đính kèm" block outside the body.
func (w *page) attachment(cls string, a *article) {
	if a.Attachment == "" {
		return
	}
	w.f("<div class=\"%s\"><strong>Tệp đính kèm:</strong> <a href=\"/uploads/%s\">%s</a></div>\n", cls, a.Attachment, a.Attachment)
}
