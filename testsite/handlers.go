package testsite

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"golang.org/x/text/unicode/norm"
)

// truth returns the truth record of an article (see doc.go for what the text holds).
func (p *portal) truth(a *article) Truth {
	author := a.Author
	if author == "" {
		for _, b := range a.Blocks {
			if b.kind == bSignature {
				author, _, _ = strings.Cut(b.text, " - ")
				break
			}
		}
	}
	return Truth{
		URL:       p.base + p.fam.articlePath(p, a.N),
		Site:      p.Name,
		Title:     norm.NFC.String(a.Title),
		Lead:      norm.NFC.String(a.Lead),
		Author:    norm.NFC.String(author),
		Text:      norm.NFC.String(strings.Join(a.paragraphs(), "\n\n")),
		Published: bantin.Timestamp{Time: a.Published, DateOnly: a.DateOnly},
	}
}

func (p *portal) sitemapPath() string {
	if p.Family == "wordpress" {
		return "/sitemap_index.xml"
	}
	return "/sitemap.xml"
}

const sitemapChunk = 1000

// portalHandler serves one portal: faults first, then the fixed paths, then the family's pages.
func (s *Server) portalHandler(p *portal) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if r.URL.Path == "/__clock" {
			s.serveClock(w, r)
			return
		}
		if r.URL.Path == "/__truth.jsonl" {
			s.writeTruth(w, []*portal{p})
			return
		}
		f := s.fault(w, r, p.Name)
		if f == faultHandled {
			return
		}
		now := s.Now()
		body, ctype, status, lastMod := s.renderPortal(p, now, w, r)
		if status == 0 { // already answered (redirect)
			return
		}
		s.respond(w, r, p, body, ctype, status, lastMod, f == faultTruncate)
	})
}

// respond writes a rendered response with validators, conditional GET and encoding.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, p *portal, body []byte, ctype string, status int, lastMod time.Time, truncate bool) {
	if strings.HasPrefix(ctype, "text/html") {
		body = p.encode(body)
		ctype = "text/html; charset=" + p.charset
	} else if p.nfd && strings.HasPrefix(ctype, "application/") && strings.Contains(ctype, "xml") {
		body = p.encode(body)
	}
	h := w.Header()
	if status == http.StatusOK {
		sum := sha1.Sum(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		if !truncate && p.Family != "php" && len(body) > 1024 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") &&
			(strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "xml")) {
			// like nginx and IIS: compressed on request, with a weak validator
			body = gzipBytes(body)
			etag = "W/" + etag
			h.Set("Content-Encoding", "gzip")
			h.Set("Vary", "Accept-Encoding")
		}
		h.Set("ETag", etag)
		if !lastMod.IsZero() {
			h.Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
		}
		if notModified(r, etag, lastMod) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", ctype)
	h.Set("Server", pick(newRng(p.key), []string{"Apache/2.4.41 (Ubuntu)", "Microsoft-IIS/10.0", "nginx"}))
	if truncate && len(body) > 100 {
		h.Set("Content-Length", strconv.Itoa(len(body)+4096))
		w.WriteHeader(status)
		w.Write(body[:len(body)/2])
		panic(http.ErrAbortHandler) // close the connection with the body short
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		strong := strings.TrimPrefix(etag, "W/")
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == strong || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" && !lastMod.IsZero() {
		if t, err := http.ParseTime(ims); err == nil && !lastMod.Truncate(time.Second).After(t) {
			return true
		}
	}
	return false
}

// encode turns the UTF-8 NFC page into what the portal serves: NFD or windows-1258 bytes.
func (p *portal) encode(b []byte) []byte {
	switch {
	case p.charset == "windows-1258":
		return encode1258(b)
	case p.nfd:
		return toNFD(b)
	}
	return b
}

func htmlPage(status int, w *page) ([]byte, string, int) {
	return w.Bytes(), "text/html", status
}

// renderPortal answers one request; status 0 means the response was already written.
func (s *Server) renderPortal(p *portal, now time.Time, w http.ResponseWriter, r *http.Request) (body []byte, ctype string, status int, lastMod time.Time) {
	u := *r.URL
	path := u.Path
	switch {
	case path == "/robots.txt":
		return []byte(p.robots()), "text/plain; charset=utf-8", 200, time.Time{}
	case p.sitemap && (path == p.sitemapPath() || strings.HasPrefix(path, "/sitemap-")):
		b, ok := p.sitemapXML(now, path)
		if !ok {
			break
		}
		return b, "application/xml; charset=utf-8", 200, time.Time{}
	case p.feeds && path == p.fam.feedPath():
		return p.rss(now), "application/rss+xml; charset=utf-8", 200, time.Time{}
	case strings.HasPrefix(path, "/upload/images/") || path == "/captcha.png" || strings.HasPrefix(path, "/images/") || path == "/favicon.ico" || strings.HasPrefix(path, "/PublishingImages/") || strings.HasPrefix(path, "/Portals/") || strings.HasPrefix(path, "/image/"):
		if hashOf(strHash(path), 8)%12 == 0 {
			break // some images are missing
		}
		b, ct := imageBytes(path)
		return b, ct, 200, p.tl.start.Add(-48 * time.Hour)
	case strings.HasPrefix(path, "/uploads/") && strings.HasSuffix(path, ".pdf"):
		return pdfBytes(p.dept.Name, strings.TrimSuffix(strings.TrimPrefix(path, "/uploads/"), ".pdf")), "application/pdf", 200, p.tl.start.Add(-24 * time.Hour)
	case strings.HasPrefix(path, "/css/") || strings.HasPrefix(path, "/js/") || strings.HasPrefix(path, "/wp-includes/"):
		return []byte("/* static */\n"), "text/css", 200, p.tl.start.Add(-720 * time.Hour)
	case strings.HasPrefix(path, "/tin-cu/"):
		n, err := strconv.Atoi(strings.TrimPrefix(path, "/tin-cu/"))
		if err == nil && n >= 0 {
			http.Redirect(w, r, p.fam.articlePath(p, n), http.StatusMovedPermanently)
			return nil, "", 0, time.Time{}
		}
	case path == "/lich-cong-tac":
		return p.calendar(now, u.Query().Get("ngay")), "text/html", 200, time.Time{}
	}
	// URL variants: ;jsessionid=, trailing slashes, print views.
	if i := strings.Index(path, ";jsessionid="); i >= 0 {
		path = path[:i]
	}
	if p.Family == "wordpress" {
		if path != "/" && !strings.HasSuffix(path, "/") && !strings.Contains(path, ".") {
			target := path + "/"
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return nil, "", 0, time.Time{}
		}
	} else if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	u.Path = path
	rt, ok := p.fam.route(p, &u)
	pg := &page{}
	if !ok {
		return p.notFound(now, http.StatusNotFound), "text/html", http.StatusNotFound, time.Time{}
	}
	switch rt.kind {
	case "home":
		p.fam.home(pg, p, now)
	case "listing":
		if r.Method == http.MethodPost && p.Family == "dnn" { // the __doPostBack pager
			if arg := r.PostFormValue("__EVENTARGUMENT"); strings.HasPrefix(arg, "Page$") {
				rt.page, _ = strconv.Atoi(strings.TrimPrefix(arg, "Page$"))
			}
		}
		ns, pages := p.catPage(now, rt.cat, rt.page)
		if rt.page < 1 || (rt.page > pages && rt.page != 1) {
			return p.notFound(now, http.StatusNotFound), "text/html", http.StatusNotFound, time.Time{}
		}
		p.fam.listing(pg, p, now, rt.cat, rt.page, ns, pages)
	case "article":
		live, _, st := p.state(rt.n, now)
		if !live {
			return p.notFound(now, st), "text/html", st, time.Time{}
		}
		a := p.article(rt.n, now)
		if u.Query().Get("print") == "1" {
			printView(pg, p, a)
		} else {
			p.fam.article(pg, p, now, a)
		}
		lastMod = a.Modified
	}
	return p.extraLinks(pg.Bytes(), now), "text/html", 200, lastMod
}

// notFound renders the portal's error page.
func (p *portal) notFound(now time.Time, status int) []byte {
	msg := "Không tìm thấy trang bạn yêu cầu."
	if status == http.StatusGone {
		msg = "Bài viết đã bị gỡ bỏ."
	}
	return []byte(fmt.Sprintf("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"%s\"><title>%d - %s</title></head><body><h1>%d</h1><p>%s</p><p><a href=\"/\">Về trang chủ</a></p></body></html>\n", p.charset, status, html.EscapeString(p.dept.Name), status, msg))
}

// printView is the ?print=1 page: the article alone, with a canonical link to the real URL.
func printView(w *page, p *portal, a *article) {
	canon := p.base + p.fam.articlePath(p, a.N)
	w.f("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"%s\"><title>%s - %s</title><link rel=\"canonical\" href=\"%s\"><meta name=\"robots\" content=\"noindex\"></head>\n", p.charset, esc(a.Title), esc(p.dept.Name), esc(canon))
	w.f("<body onload=\"window.print()\"><div class=\"print-header\">%s</div>\n<h1>%s</h1>\n<div class=\"date\">%s</div>\n<div class=\"print-lead\"><b>%s</b></div>\n<div class=\"print-content\">\n", esc(p.dept.Name), esc(a.Title), dateText(a.Published, a.DateOnly, 1), esc(a.Lead))
	w.body(a, bodyStyle{p: "<p>", heading: "h3"})
	w.f("</div>\n<div class=\"print-footer\">%s</div></body></html>\n", esc(p.base))
}

// extraLinks adds the links every portal has somewhere: the work calendar (a crawler trap),
// an old URL that redirects, a broken link, and tracking or session variants of an article.
func (p *portal) extraLinks(b []byte, now time.Time) []byte {
	i := bytes.LastIndex(b, []byte("</body>"))
	if i < 0 {
		return b
	}
	ns := p.newest(now, 1, 0, 2, 3)
	var x page
	x.f("<div class=\"bottom-links\"><a href=\"/lich-cong-tac?ngay=%s\">Lịch công tác</a>", now.Format(time.DateOnly))
	if len(ns) > 0 {
		x.f(" | <a href=\"/tin-cu/%d\">Tin tiêu điểm</a>", ns[0])
		ap := p.fam.articlePath(p, ns[0])
		sep := "?"
		if strings.Contains(ap, "?") {
			sep = "&amp;"
		}
		x.f(" | <a href=\"%s%sutm_source=facebook&amp;utm_medium=social&amp;utm_campaign=tin-moi\">Xem trên Facebook</a>", esc(ap), sep)
		if len(ns) > 1 {
			switch p.Family {
			case "liferay":
				x.f(" | <a href=\"%s;jsessionid=%X\">Tin nổi bật</a>", esc(p.fam.articlePath(p, ns[1])), hashOf(p.key, uint64(now.Unix()/86400)))
			case "php":
				x.f(" | <a href=\"%s?sid=%x\">Tin nổi bật</a>", esc(p.fam.articlePath(p, ns[1])), hashOf(p.key, uint64(now.Unix()/86400)))
			default:
				x.f(" | <a href=\"%s\">Tin nổi bật</a>", esc(strings.TrimSuffix(p.fam.articlePath(p, ns[1]), "/")+"/"))
			}
		}
	}
	x.f(" | <a href=\"/thong-bao/da-xoa-%d.htm\">Thông báo cũ</a></div>\n", p.key%1000)
	out := make([]byte, 0, len(b)+x.Len())
	out = append(out, b[:i]...)
	out = append(out, x.Bytes()...)
	return append(out, b[i:]...)
}

// calendar is an endless work calendar: every day links the previous and the next one.
func (p *portal) calendar(now time.Time, day string) []byte {
	d, err := time.ParseInLocation(time.DateOnly, day, bantin.Location)
	if err != nil {
		d = now
	}
	var w page
	w.f("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"%s\"><title>Lịch công tác ngày %s - %s</title></head><body><h1>Lịch công tác</h1>", p.charset, d.Format("02/01/2006"), esc(p.dept.Name))
	w.f("<p>%s: Giám đốc Sở làm việc tại cơ quan.</p>", weekdays[d.Weekday()])
	w.f("<p><a href=\"/lich-cong-tac?ngay=%s\">&laquo; Ngày trước</a> | <a href=\"/lich-cong-tac?ngay=%s\">Ngày sau &raquo;</a> | <a href=\"/lich-cong-tac?ngay=%s&amp;tuan=1\">Cả tuần</a></p></body></html>\n",
		d.AddDate(0, 0, -1).Format(time.DateOnly), d.AddDate(0, 0, 1).Format(time.DateOnly), d.Format(time.DateOnly))
	return w.Bytes()
}

// robots is the portal's robots.txt.
func (p *portal) robots() string {
	var b strings.Builder
	b.WriteString("# robots.txt for " + p.Name + "\nUser-agent: *\n")
	switch p.Family {
	case "liferay":
		b.WriteString("Disallow: /c/\nDisallow: /group/\nDisallow: /*?p_p_lifecycle=1\n")
	case "sharepoint":
		b.WriteString("Disallow: /_layouts/\nDisallow: /_vti_bin/\nDisallow: /Lists/\n")
	case "dnn":
		b.WriteString("Allow: /DesktopModules/EasyDNNNews/RSS.ashx\nDisallow: /DesktopModules/\nDisallow: /admin/\nDisallow: /Login\n")
	case "php":
		b.WriteString("Disallow: /admin/\nDisallow: /tim-kiem.php\n")
		if p.delay > 0 {
			fmt.Fprintf(&b, "Crawl-delay: %g\n", p.delay.Seconds())
		}
	case "wordpress":
		b.WriteString("Disallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n")
	}
	b.WriteString("Disallow: /tim-kiem\nDisallow: /__truth.jsonl\nDisallow: /__clock\n\nUser-agent: GPTBot\nDisallow: /\n\n")
	if p.sitemap {
		b.WriteString("Sitemap: " + p.base + p.sitemapPath() + "\n")
	}
	return b.String()
}

// sitemapXML serves the sitemap (an index of 1,000-URL chunks when large, always on WordPress).
func (p *portal) sitemapXML(now time.Time, path string) ([]byte, bool) {
	total := p.count(now)
	chunks := (total + sitemapChunk - 1) / sitemapChunk
	var w page
	w.f("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	if path == p.sitemapPath() && (chunks > 1 || p.Family == "wordpress") {
		w.f("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
		for k := 1; k <= chunks; k++ {
			w.f("<sitemap><loc>%s/sitemap-%d.xml</loc></sitemap>\n", p.base, k)
		}
		w.f("</sitemapindex>\n")
		return w.Bytes(), true
	}
	lo, hi := 0, total
	if path != p.sitemapPath() {
		k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, "/sitemap-"), ".xml"))
		if err != nil || k < 1 || k > chunks {
			return nil, false
		}
		lo, hi = (k-1)*sitemapChunk, min(k*sitemapChunk, total)
	}
	w.f("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	if lo == 0 {
		w.f("<url><loc>%s/</loc><changefreq>hourly</changefreq></url>\n", p.base)
	}
	for n := hi - 1; n >= lo; n-- {
		if live, _, _ := p.state(n, now); live {
			w.f("<url><loc>%s</loc><lastmod>%s</lastmod></url>\n", esc(p.base+p.fam.articlePath(p, n)), p.modified(n, now).Format(time.RFC3339))
		}
	}
	w.f("</urlset>\n")
	return w.Bytes(), true
}

// rss is the feed of the 20 newest articles.
func (p *portal) rss(now time.Time) []byte {
	var w page
	w.f("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>%s</title><link>%s/</link><description>Tin tức</description><language>vi</language>\n", esc(p.dept.Name), p.base)
	for _, n := range p.newest(now, 1, 0, 0, 20) {
		a := p.article(n, now)
		link := esc(p.base + p.fam.articlePath(p, n))
		w.f("<item><title>%s</title><link>%s</link><guid isPermaLink=\"true\">%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			esc(a.Title), link, link, a.Published.Format(time.RFC1123Z), esc(a.Lead))
	}
	w.f("</channel></rss>\n")
	return w.Bytes()
}

// serveClock shows or advances the simulated clock: POST /__clock?advance=48h.
func (s *Server) serveClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		d, err := time.ParseDuration(r.URL.Query().Get("advance"))
		if err != nil || d < 0 {
			http.Error(w, "advance: want a positive Go duration such as 48h", http.StatusBadRequest)
			return
		}
		s.Advance(d)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"now": s.Now().Format(time.RFC3339)})
}

// writeTruth streams /__truth.jsonl for the given portals.
func (s *Server) writeTruth(w http.ResponseWriter, ps []*portal) {
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	now := s.Now()
	for _, p := range ps {
		p.eachTruth(now, func(t Truth) bool { return enc.Encode(t) == nil })
	}
}

// serveHub is the hub: a page linking every portal, /__truth.jsonl and /__clock.
func (s *Server) serveHub(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	switch r.URL.Path {
	case "/__truth.jsonl":
		s.writeTruth(w, s.portals)
	case "/__clock":
		s.serveClock(w, r)
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "User-agent: *\nDisallow: /__truth.jsonl\nDisallow: /__clock\n")
	case "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var pg page
		pg.f("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>bantin testsite</title></head><body><h1>Cổng thông tin mô phỏng</h1><p>Giờ mô phỏng: %s</p><ul>\n", s.Now().Format(time.RFC3339))
		for _, p := range s.Portals {
			pg.f("<li><a href=\"%s\">%s</a> (%s)</li>\n", esc(p.URL), esc(p.Name), esc(p.Family))
		}
		pg.f("</ul></body></html>\n")
		w.Write(pg.Bytes())
	default:
		http.NotFound(w, r)
	}
}

// gzipBytes compresses a response body.
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}
