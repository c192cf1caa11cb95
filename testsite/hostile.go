package testsite

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const hostileName = "hostile"

// XSSMarker is the script every injection on the hostile portal runs: a browser test checks
// that window.__bantin_xss never becomes defined.
const XSSMarker = "window.__bantin_xss=1"

// HostilePaths lists the fixed paths of the hostile portal (Options.Hostile) and what each does.
// Its home page links every one of them.
var HostilePaths = map[string]string{
	"/robots.txt":            "about 2 MiB of malformed robots.txt: binary junk, very long lines, rules without colons",
	"/sitemap.xml":           "a sitemap index that lists itself and /sitemap-2.xml, which lists /sitemap.xml",
	"/gzip-bomb":             "Content-Encoding: gzip; about 1 MiB on the wire inflating to 1 GiB of zeros",
	"/endless":               "an HTML body that never ends (stops after 1 GiB or when the client goes away)",
	"/nested":                "10,000 nested <div> elements around an article",
	"/big-attr":              "an article with a 1 MiB attribute and a 1 MiB title attribute",
	"/bad-utf8":              "declared UTF-8 with invalid byte sequences in title and body",
	"/mixed-charset":         "header says UTF-8, meta says windows-1258, the body mixes both",
	"/redirect-loop":         "301 to /redirect-loop/b, which redirects back",
	"/redirect-chain/50":     "a chain of 50 redirects (N → N-1 → … → 0, an article)",
	"/bad-links":             "links to javascript:, data:, file:, mailto:, other hosts and private addresses",
	"/xss":                   "an article with <script> and onerror= injections in title, meta tags, caption, links; the text shows markup as text",
	"/canonical-self":        "canonical pointing to itself; ?n=K points to ?n=K+1 (an endless canonical chain)",
	"/slowloris":             "headers at once, then one body byte every 250 ms for at most 2 minutes",
	"/reset-mid-body":        "Content-Length 100000, 5000 bytes sent, then a TCP reset",
	"/session?sid=0":         "every page links three new session ids: an endless space of URLs",
	"/status/500":            "a permanent 500 error",
	"/content-length-lies":   "Content-Length says 10 bytes, the connection sends more",
	"/binary-as-html":        "random bytes served as text/html",
	"/huge-headers":          "a response with 200 headers of 1 KiB each",
	"/private-redirect":      "301 to http://169.254.169.254/latest/meta-data/ (must never be followed)",
	"/xss-title-only.html":   "a page whose only content is a scripted title",
	"/empty":                 "200 with an empty body",
	"/not-html.html":         "a PDF served with an .html name and Content-Type text/html",
	"/deep/1":                "a chain of links /deep/1 → /deep/2 → … without end",
	"/meta-refresh":          "a meta refresh loop to itself",
	"/javascript-redirect":   "location.href redirect to javascript:" + XSSMarker,
	"/iframe":                "an iframe with srcdoc script",
	"/svg":                   "an SVG image with an onload script",
	"/css-expression":        "inline style with expression() and url(javascript:)",
	"/double-encoded":        "HTML entities that decode to script tags",
	"/zero-width":            "title and text full of zero-width and bidi control characters",
	"/long-url":              "links with 64 KiB URLs",
	"/many-links":            "100,000 links on one page",
	"/null-bytes":            "NUL bytes inside text and attributes",
	"/overlong-line":         "a 4 MiB line without any tag",
	"/unclosed":              "a page of unclosed tags and comments",
	"/entity-bomb":           "a page with hundreds of thousands of entities",
	"/feed":                  "an RSS feed with script in titles and a self link loop",
	"/json-as-html":          "JSON served as text/html",
	"/charset-unknown":       "Content-Type with an unknown charset name",
	"/head-only":             "GET answers like HEAD: headers, no body, Content-Length > 0",
	"/chunked-garbage":       "chunked transfer with a broken chunk size",
	"/cookie-flood":          "200 Set-Cookie headers",
	"/infinite-redirect-q":   "redirects to itself with one more query parameter each time",
	"/mixed-content-type":    "two Content-Type headers",
	"/upper/ĐƯỜNG-DẪN":       "a path with non-ASCII characters",
	"/encoded-slash%2F..%2F": "percent-encoded dot segments",
}

// hostile is the misbehaving portal (Options.Hostile).
type hostile struct {
	base string
	seed int64
}

var (
	bombOnce   sync.Once
	bombMember []byte // gzip of 4 MiB of zeros; the bomb is 256 members (1 GiB inflated)
)

const bombMembers = 256

func bomb() []byte {
	bombOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(make([]byte, 4<<20))
		zw.Close()
		bombMember = b.Bytes()
	})
	return bombMember
}

func (h *hostile) page(w http.ResponseWriter, title, head, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s</title>%s</head><body>%s</body></html>\n", title, head, body)
}

const hostileText = "<p>Sáng 1/6, Sở Văn hóa, Thể thao và Du lịch tổ chức hội nghị tổng kết công tác năm. Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc và đề xuất giải pháp.</p><p>Bên cạnh những kết quả đạt được, nguồn lực đầu tư còn hạn chế.</p>"

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case path == "/":
		var b strings.Builder
		b.WriteString("<h1>Cổng thông tin thù địch</h1><ul>")
		for _, p := range slices.Sorted(maps.Keys(HostilePaths)) {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>", esc(p), esc(HostilePaths[p]))
		}
		b.WriteString("</ul>")
		h.page(w, "Trang chủ", "", b.String())
	case path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		r := newRng(uint64(h.seed), 31)
		line := make([]byte, 0, 4096)
		for written := 0; written < 2<<20; {
			line = line[:0]
			switch r.intn(5) {
			case 0:
				for i := 0; i < 200; i++ {
					line = append(line, byte(r.next()))
				}
			case 1:
				line = append(line, "Disallow /no-colon-"...)
				line = append(line, strings.Repeat("x", 3000)...)
			case 2:
				line = append(line, "User-agent: *\nCrawl-delay: -5\nCrawl-delay: abc\nSitemap: javascript:alert(1)"...)
			case 3:
				line = append(line, "Allow: /"...)
			default:
				line = append(line, "\x00\x00Disallow: \xff\xfe/"...)
			}
			line = append(line, '\n')
			n, err := w.Write(line)
			if err != nil {
				return
			}
			written += n
		}
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	case path == "/sitemap.xml" || path == "/sitemap-2.xml":
		other := "/sitemap-2.xml"
		if path == other {
			other = "/sitemap.xml"
		}
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>%s%s</loc></sitemap><sitemap><loc>%s%s</loc></sitemap></sitemapindex>", h.base, path, h.base, other)
	case path == "/gzip-bomb":
		m := bomb()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Length", strconv.Itoa(bombMembers*len(m)))
		for i := 0; i < bombMembers; i++ {
			if _, err := w.Write(m); err != nil {
				return
			}
		}
	case path == "/endless":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><head><title>Vô tận</title></head><body>"))
		chunk := []byte(strings.Repeat("<p>Bài viết không bao giờ kết thúc. </p>\n", 400))
		for sent := 0; sent < 1<<30; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case path == "/nested":
		var b strings.Builder
		b.WriteString(strings.Repeat("<div class=\"n\">", 10000))
		b.WriteString(hostileText)
		b.WriteString(strings.Repeat("</div>", 10000))
		h.page(w, "Lồng nhau", "", b.String())
	case path == "/big-attr":
		big := strings.Repeat("A", 1<<20)
		h.page(w, "Thuộc tính lớn", "<meta name=\"description\" content=\""+big+"\">", "<div data-x=\""+big+"\" title=\""+big+"\">"+hostileText+"</div>")
	case path == "/bad-utf8":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>L\xe1\xbb\x97i \xff\xfe m\xc3\xa3</title></head><body><h1>Tin \xc0\xaf l\xe1\xbb</h1><p>S\xe1\xbb\x9f V\xc4\x83n h\xc3\xb3a \xed\xa0\x80 \xf8\x88\x80\x80\x80 ch\xc6\xb0a \xc3</p>" + hostileText + "</body></html>"))
	case path == "/mixed-charset":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b bytes.Buffer
		b.WriteString("<!DOCTYPE html><html><head><meta charset=\"windows-1258\"><title>Trộn mã</title></head><body><p>Văn hóa UTF-8.</p><p>")
		b.Write(encode1258([]byte("Văn hóa windows-1258.")))
		b.WriteString("</p>" + hostileText + "</body></html>")
		w.Write(b.Bytes())
	case path == "/redirect-loop" || path == "/redirect-loop/b":
		next := "/redirect-loop/b"
		if path == next {
			next = "/redirect-loop"
		}
		http.Redirect(w, r, next, http.StatusMovedPermanently)
	case strings.HasPrefix(path, "/redirect-chain/"):
		n, err := strconv.Atoi(strings.TrimPrefix(path, "/redirect-chain/"))
		switch {
		case err != nil || n < 0:
			http.NotFound(w, r)
		case n == 0:
			h.page(w, "Cuối chuỗi chuyển hướng", "", hostileText)
		default:
			http.Redirect(w, r, fmt.Sprintf("/redirect-chain/%d", n-1), http.StatusFound)
		}
	case path == "/private-redirect":
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusMovedPermanently)
	case path == "/infinite-redirect-q":
		http.Redirect(w, r, fmt.Sprintf("%s?%sq%d=1", path, map[bool]string{true: r.URL.RawQuery + "&", false: ""}[r.URL.RawQuery != ""], len(r.URL.Query())), http.StatusFound)
	case path == "/bad-links":
		links := []string{
			"javascript:" + XSSMarker, "JaVaScRiPt:" + XSSMarker, " javascript:" + XSSMarker, "data:text/html,<script>" + XSSMarker + "</script>",
			"file:///etc/passwd", "file://localhost/c:/windows/win.ini", "mailto:a@b.vn", "tel:+84123", "ftp://10.0.0.1/",
			"http://example.invalid/", "https://evil.example.com/steal", "http://10.0.0.1/", "http://192.168.1.1/admin", "http://172.16.0.1/",
			"http://169.254.169.254/latest/meta-data/", "http://[::1]:22/", "http://localhost:9/", "http://0.0.0.0:80/", "http://2130706433/",
			"http://0x7f.1/", "//evil.example.com/x", "http://user:pass@10.1.1.1/", "vbscript:msgbox(1)", "http://[fd00::1]/",
		}
		var b strings.Builder
		b.WriteString(hostileText + "<ul>")
		for _, l := range links {
			fmt.Fprintf(&b, "<li><a href=\"%s\">liên kết</a> <img src=\"%s\"></li>", esc(l), esc(l))
		}
		b.WriteString("</ul><form action=\"http://10.0.0.2/post\"><input name=a></form><iframe src=\"http://192.168.0.1/\"></iframe>")
		h.page(w, "Liên kết nguy hiểm", "<link rel=\"canonical\" href=\"http://10.0.0.3/bad-links\"><base href=\"http://192.168.5.5/\">", b.String())
	case path == "/xss" || path == "/xss-title-only.html":
		s := "<script>" + XSSMarker + "</script>"
		img := "<img src=x onerror=\"" + XSSMarker + "\">"
		head := "<meta name=\"description\" content=\"\"><script>" + XSSMarker + "</script>\"><meta property=\"og:title\" content=\"Tin " + esc(s) + "\"><meta name=\"author\" content=\"" + esc(img) + "\">" +
			"<meta property=\"article:published_time\" content=\"2024-06-01T09:00:00+07:00" + esc(s) + "\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"</script><script>" + XSSMarker + "</script>\",\"author\":{\"name\":\"" + esc(img) + "\"}}</script>"
		body := "<h1>Tin văn hóa " + s + img + "</h1>"
		if path == "/xss" {
			body += "<div class=\"news-content\">" + hostileText + "<p>Văn bản hiển thị mã: &lt;script&gt;" + XSSMarker + "&lt;/script&gt; và &lt;img src=x onerror=" + XSSMarker + "&gt;.</p>" +
				"<figure><img src=\"x\" onerror=\"" + XSSMarker + "\" alt=\"" + esc(s) + "\"><figcaption>Ảnh " + img + " chú thích " + s + "</figcaption></figure>" +
				"<p><a href=\"javascript:" + XSSMarker + "\" onclick=\"" + XSSMarker + "\" onmouseover=\"" + XSSMarker + "\">Xem thêm</a></p>" +
				"<p style=\"background:url(javascript:" + XSSMarker + ")\">Đoạn có kiểu.</p><svg onload=\"" + XSSMarker + "\"></svg>" +
				"<p>Nguồn: <a href=\"data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19iYW50aW5feHNzPTE8L3NjcmlwdD4=\">" + "báo</a></p></div>"
		}
		h.page(w, "Tin "+s+img, head, body)
	case path == "/canonical-self":
		// without n the canonical is the page itself; with n it points to n+1, which points on
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		canon := fmt.Sprintf("%s/canonical-self?n=%d", h.base, n+1)
		if err != nil {
			canon = h.base + "/canonical-self"
		}
		h.page(w, "Canonical", "<link rel=\"canonical\" href=\""+canon+"\"><link rel=\"canonical\" href=\"/canonical-self\">", hostileText+fmt.Sprintf("<a href=\"/canonical-self?n=%d\">tiếp</a>", n+1))
	case path == "/slowloris":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(200)
		f, _ := w.(http.Flusher)
		msg := []byte("<html><body>" + strings.Repeat("chậm ", 200))
		deadline := time.Now().Add(2 * time.Minute)
		for i := 0; time.Now().Before(deadline); i++ {
			if _, err := w.Write(msg[i%len(msg) : i%len(msg)+1]); err != nil {
				return
			}
			if f != nil {
				f.Flush()
			}
			select {
			case <-r.Context().Done():
				return
			case <-time.After(250 * time.Millisecond):
			}
		}
	case path == "/reset-mid-body":
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic(http.ErrAbortHandler)
		}
		conn, bw, err := hj.Hijack()
		if err != nil {
			return
		}
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 100000\r\n\r\n<html><body>")
		bw.WriteString(strings.Repeat("<p>Đang gửi rồi ngắt.</p>", 160))
		bw.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		conn.Close()
	case path == "/session":
		r := newRng(uint64(h.seed), strHash(r.URL.RawQuery))
		var b strings.Builder
		b.WriteString(hostileText)
		for i := 0; i < 3; i++ {
			fmt.Fprintf(&b, "<a href=\"/session?sid=%x\">Trang %d</a> ", r.next(), i)
		}
		h.page(w, "Phiên", "", b.String())
	case strings.HasPrefix(path, "/deep/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(path, "/deep/"))
		h.page(w, fmt.Sprintf("Sâu %d", n), "", fmt.Sprintf("%s<a href=\"/deep/%d\">tiếp</a>", hostileText, n+1))
	case path == "/status/500":
		http.Error(w, "Lỗi máy chủ", http.StatusInternalServerError)
	case path == "/content-length-lies":
		hj, ok := w.(http.Hijacker)
		if !ok {
			return
		}
		conn, bw, err := hj.Hijack()
		if err != nil {
			return
		}
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\n<html><body>" + strings.Repeat("thừa ", 1000))
		bw.Flush()
		conn.Close()
	case path == "/binary-as-html":
		w.Header().Set("Content-Type", "text/html")
		r := newRng(uint64(h.seed), 44)
		b := make([]byte, 64<<10)
		for i := range b {
			b[i] = byte(r.next())
		}
		w.Write(b)
	case path == "/huge-headers":
		for i := 0; i < 200; i++ {
			w.Header().Set(fmt.Sprintf("X-Junk-%d", i), strings.Repeat("j", 1024))
		}
		h.page(w, "Tiêu đề lớn", "", hostileText)
	case path == "/cookie-flood":
		for i := 0; i < 200; i++ {
			w.Header().Add("Set-Cookie", fmt.Sprintf("c%d=%s; Path=/", i, strings.Repeat("v", 200)))
		}
		h.page(w, "Bánh quy", "", hostileText)
	case path == "/empty":
		w.Header().Set("Content-Type", "text/html")
	case path == "/not-html.html":
		w.Header().Set("Content-Type", "text/html")
		w.Write(pdfBytes("hostile", "not-html"))
	case path == "/meta-refresh":
		h.page(w, "Làm mới", "<meta http-equiv=\"refresh\" content=\"0;url=/meta-refresh\">", hostileText)
	case path == "/javascript-redirect":
		h.page(w, "Chuyển", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:"+XSSMarker+"\"><script>location.href='javascript:"+XSSMarker+"'</script>", hostileText)
	case path == "/iframe":
		h.page(w, "Khung", "", hostileText+"<iframe srcdoc=\"<script>parent."+XSSMarker+"</script>\"></iframe><object data=\"javascript:"+XSSMarker+"\"></object><embed src=\"javascript:"+XSSMarker+"\">")
	case path == "/svg":
		h.page(w, "SVG", "", hostileText+"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\""+XSSMarker+"\"><script>"+XSSMarker+"</script></svg><math><mtext><script>"+XSSMarker+"</script></mtext></math>")
	case path == "/css-expression":
		h.page(w, "CSS", "<style>body{background:url(\"javascript:"+XSSMarker+"\");width:expression("+XSSMarker+")}</style>", "<div style=\"width:expression("+XSSMarker+")\">"+hostileText+"</div>")
	case path == "/double-encoded":
		h.page(w, "Mã hóa kép &amp;lt;script&amp;gt;", "", hostileText+"<p>&amp;lt;script&amp;gt;"+XSSMarker+"&amp;lt;/script&amp;gt; &#60;script&#62;"+XSSMarker+"&#60;/script&#62; &#x3C;img src=x onerror="+XSSMarker+"&#x3E;</p>")
	case path == "/zero-width":
		zw := "\u200b\u200c\u200d\u2060\ufeff\u202e\u202d\u2066"
		h.page(w, "Tin"+zw+"văn"+zw+"hóa", "", "<p>Văn"+zw+" hóa"+zw+" thể thao\u202e đảo ngược\u202c.</p>"+hostileText)
	case path == "/long-url":
		long := strings.Repeat("a", 64<<10)
		h.page(w, "URL dài", "", hostileText+"<a href=\"/"+long+"\">dài</a><a href=\"/x?q="+long+"\">dài 2</a>")
	case path == "/many-links":
		var b strings.Builder
		b.WriteString(hostileText)
		for i := 0; i < 100000; i++ {
			fmt.Fprintf(&b, "<a href=\"/deep/%d\">%d</a>", 1000000+i, i)
		}
		h.page(w, "Nhiều liên kết", "", b.String())
	case path == "/null-bytes":
		h.page(w, "Byte\x00rỗng", "", "<p title=\"a\x00b\">Văn\x00bản\x00</p>"+hostileText)
	case path == "/overlong-line":
		h.page(w, "Dòng dài", "", hostileText+"<p>"+strings.Repeat("chữ", 1<<20+1<<19)+"</p>")
	case path == "/unclosed":
		h.page(w, "Không đóng", "", "<div><p><b><i><table><tr><td>"+hostileText+"<!-- không đóng <script>"+XSSMarker+"</script> <![CDATA[ <p")
	case path == "/entity-bomb":
		h.page(w, "Thực thể", "", hostileText+"<p>"+strings.Repeat("&amp;&lt;&#x1F600;&nbsp;", 100000)+"</p>")
	case path == "/feed":
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>&lt;script&gt;%s&lt;/script&gt;</title><link>%s/feed</link><item><title><![CDATA[<script>%s</script>]]></title><link>%s/feed</link><description>&lt;img src=x onerror=%s&gt;</description></item><item><title>x</title><link>javascript:%s</link></item></channel></rss>", XSSMarker, h.base, XSSMarker, h.base, XSSMarker, XSSMarker)
	case path == "/json-as-html":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`{"title":"<script>` + XSSMarker + `</script>","items":[1,2,3]}`))
	case path == "/charset-unknown":
		w.Header().Set("Content-Type", "text/html; charset=x-viet-unknown")
		w.Write([]byte("<html><head><meta charset=\"tcvn-3\"><title>Bảng mã lạ</title></head><body>" + hostileText + "</body></html>"))
	case path == "/head-only":
		hj, ok := w.(http.Hijacker)
		if !ok {
			return
		}
		conn, bw, err := hj.Hijack()
		if err != nil {
			return
		}
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n")
		bw.Flush()
		conn.Close()
	case path == "/chunked-garbage":
		hj, ok := w.(http.Hijacker)
		if !ok {
			return
		}
		conn, bw, err := hj.Hijack()
		if err != nil {
			return
		}
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\nZZZZ\r\ngarbage\r\n")
		bw.Flush()
		conn.Close()
	case path == "/mixed-content-type":
		w.Header()["Content-Type"] = []string{"text/html; charset=utf-8", "application/octet-stream"}
		w.Write([]byte("<html><head><title>Hai kiểu</title></head><body>" + hostileText + "</body></html>"))
	case strings.HasPrefix(path, "/upper/") || strings.HasPrefix(path, "/encoded-slash"):
		h.page(w, "Đường dẫn lạ", "", hostileText)
	default:
		http.NotFound(w, r)
	}
}
