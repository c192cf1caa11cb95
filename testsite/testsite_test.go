package testsite

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestDeterminism(t *testing.T) {
	for _, fam := range Families() {
		t.Run(fam, func(t *testing.T) {
			for _, n := range []int{0, 7, 39, 1234} {
				a, ct1, t1 := RenderArticle(fam, 42, n)
				b, ct2, t2 := RenderArticle(fam, 42, n)
				if !bytes.Equal(a, b) || ct1 != ct2 || t1 != t2 {
					t.Fatalf("article %d: two renders with the same seed differ", n)
				}
				c, _, t3 := RenderArticle(fam, 43, n)
				if bytes.Equal(a, c) || t1.Text == t3.Text {
					t.Fatalf("article %d: seeds 42 and 43 render the same page", n)
				}
			}
		})
	}
	t.Run("served", func(t *testing.T) {
		s1 := startServer(t, Options{Seed: 5, Families: []string{"php", "liferay"}})
		s2 := startServer(t, Options{Seed: 5, Families: []string{"php", "liferay"}})
		tr1, tr2 := s1.Truth(), s2.Truth()
		if len(tr1) != len(tr2) || len(tr1) == 0 {
			t.Fatalf("truth lengths %d and %d", len(tr1), len(tr2))
		}
		for i := range tr1 {
			_, _, b1 := get(t, tr1[i].URL)
			_, _, b2 := get(t, tr2[i].URL)
			base1 := strings.TrimSuffix(s1.Portals[0].URL, "/")
			if strings.HasPrefix(tr1[i].URL, strings.TrimSuffix(s1.Portals[1].URL, "/")) {
				base1 = strings.TrimSuffix(s1.Portals[1].URL, "/")
			}
			base2 := tr2[i].URL[:len(base1)]
			if !bytes.Equal(bytes.ReplaceAll(b1, []byte(base1), []byte("BASE")), bytes.ReplaceAll(b2, []byte(base2), []byte("BASE"))) {
				t.Fatalf("%s: two servers with the same seed serve different bytes", tr1[i].URL)
			}
			if i > 10 {
				break
			}
		}
	})
}

func TestTruthConsistency(t *testing.T) {
	s := startServer(t, Options{Articles: 25, Seed: 3})
	truth := s.Truth()
	bySite := map[string]int{}
	for _, tr := range truth {
		bySite[tr.Site]++
		t.Run(fmt.Sprintf("%s/%s", tr.Site, tr.URL[strings.LastIndex(tr.URL[:len(tr.URL)-1], "/")+1:]), func(t *testing.T) {
			st, hdr, body := get(t, tr.URL)
			if st != http.StatusOK {
				t.Fatalf("GET %s: status %d", tr.URL, st)
			}
			page := decodePage(t, hdr.Get("Content-Type"), body)
			vis := visibleText(t, page)
			paras := strings.Split(tr.Text, "\n\n")
			if len(paras) < 3 {
				t.Fatalf("only %d paragraphs", len(paras))
			}
			for _, p := range paras {
				if p != strings.TrimSpace(p) || p == "" {
					t.Fatalf("paragraph %q has surrounding space or is empty", p)
				}
				if !strings.Contains(vis, collapse(p)) {
					t.Fatalf("paragraph not on page: %q", p)
				}
			}
			if !strings.Contains(vis, collapse(tr.Title)) || !strings.Contains(vis, collapse(tr.Lead)) {
				t.Fatalf("title or lead not on page")
			}
			if tr.Lead != "" && strings.Contains(tr.Text, tr.Lead) {
				t.Fatalf("text holds the lead")
			}
			noCanon := tr.Site == "so-yte-php" && !strings.Contains(page, `rel="canonical"`)
			if !noCanon && !strings.Contains(page, `rel="canonical" href="`+esc(tr.URL)+`"`) {
				t.Fatalf("no canonical link to %s", tr.URL)
			}
			if tr.Published.IsZero() || tr.Published.Location().String() == "UTC" {
				t.Fatalf("published %v", tr.Published)
			}
			day := tr.Published.Format("02/01/2006")
			if !strings.Contains(vis, day) && !strings.Contains(vis, tr.Published.Format("02-01-2006")) && !strings.Contains(vis, fmt.Sprintf("Ngày %d tháng %d năm %d", tr.Published.Day(), int(tr.Published.Month()), tr.Published.Year())) {
				t.Fatalf("publication day %s not shown", day)
			}
			if !tr.Published.DateOnly && !strings.Contains(vis, tr.Published.Format("15:04")) {
				t.Fatalf("time of day %s not shown", tr.Published.Format("15:04"))
			}
		})
	}
	if len(bySite) != 5 {
		t.Fatalf("truth covers %d sites, want 5", len(bySite))
	}
	t.Run("jsonl", func(t *testing.T) {
		st, _, body := get(t, s.Hub+"/__truth.jsonl")
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		if st != 200 || len(lines) != len(truth) {
			t.Fatalf("hub truth: status %d, %d lines, want %d", st, len(lines), len(truth))
		}
		var first Truth
		err := json.Unmarshal([]byte(lines[0]), &first)
		want := truth[0]
		if err != nil || !first.Published.Equal(want.Published.Time) || first.Published.DateOnly != want.Published.DateOnly {
			t.Fatalf("first line %q: published differs or does not decode (%v)", lines[0], err)
		}
		first.Published = want.Published
		if first != want {
			t.Fatalf("first line %q does not decode to the first truth (%v)", lines[0], err)
		}
		for _, k := range []string{`"url"`, `"site"`, `"title"`, `"published"`, `"author"`, `"text"`} {
			if !strings.Contains(lines[0], k) {
				t.Fatalf("line lacks %s: %s", k, lines[0])
			}
		}
	})
}

func TestFamilies(t *testing.T) {
	s := startServer(t, Options{Articles: 100})
	for _, p := range s.Portals {
		t.Run(p.Family, func(t *testing.T) {
			base := strings.TrimSuffix(p.URL, "/")
			st, _, home := get(t, p.URL)
			if st != 200 {
				t.Fatalf("home: %d", st)
			}
			pt := s.portalByName(p.Name)
			listing := pt.fam.listingPath(pt, 0, 1)
			if !bytes.Contains(home, []byte(`href="`+listing+`"`)) {
				t.Fatalf("home does not link the first category %s", listing)
			}
			st, _, lst := get(t, base+listing)
			if st != 200 {
				t.Fatalf("listing %s: %d", listing, st)
			}
			page2 := strings.ReplaceAll(pt.fam.listingPath(pt, 0, 2), "&", "&amp;")
			switch p.Family {
			case "dnn":
				if !bytes.Contains(lst, []byte("__doPostBack(")) || bytes.Contains(lst, []byte("?page=2")) {
					t.Fatalf("dnn pager should only work through __doPostBack")
				}
			default:
				if !bytes.Contains(lst, []byte(`href="`+page2+`"`)) {
					t.Fatalf("listing does not link page 2 %s", page2)
				}
				if st, _, _ := get(t, base+pt.fam.listingPath(pt, 0, 2)); st != 200 {
					t.Fatalf("page 2: %d", st)
				}
				if st, _, _ := get(t, base+pt.fam.listingPath(pt, 0, 99)); st != 404 {
					t.Fatalf("page 99: %d, want 404", st)
				}
			}
			var art string
			for _, h := range hrefs(lst) {
				u := mustURL(t, p.URL).ResolveReference(mustURL(t, h))
				if rt, ok := pt.fam.route(pt, u); ok && rt.kind == "article" && u.Host == mustURL(t, p.URL).Host {
					art = u.RequestURI()
					break
				}
			}
			if art == "" {
				t.Fatalf("listing links no article")
			}
			if st, _, _ := get(t, base+art); st != 200 {
				t.Fatalf("article %s: %d", art, st)
			}
			st, _, robots := get(t, base+"/robots.txt")
			if st != 200 || !bytes.Contains(robots, []byte("Disallow: /__truth.jsonl")) {
				t.Fatalf("robots.txt: %d %q", st, robots)
			}
			found := 0
			if pt.sitemap {
				st, _, sm := get(t, base+pt.sitemapPath())
				if st != 200 || xml.Unmarshal(sm, new(struct{})) != nil {
					t.Fatalf("sitemap: %d", st)
				}
				if !bytes.Contains(robots, []byte("Sitemap: "+base+pt.sitemapPath())) {
					t.Fatalf("robots.txt does not name the sitemap")
				}
				found++
			}
			if pt.feeds {
				st, _, feed := get(t, base+pt.fam.feedPath())
				var rss struct {
					Items []struct {
						Link string `xml:"link"`
					} `xml:"channel>item"`
				}
				if err := xml.Unmarshal(feed, &rss); st != 200 || err != nil || len(rss.Items) != 20 {
					t.Fatalf("feed: %d %v %d items", st, err, len(rss.Items))
				}
				if !bytes.Contains(home, []byte(`rel="alternate" type="application/rss+xml"`)) {
					t.Fatalf("home has no feed link")
				}
				found++
			}
			if found == 0 && p.Family != "sharepoint" {
				t.Fatalf("neither sitemap nor feed")
			}
		})
	}
}

func TestURLVariants(t *testing.T) {
	s := startServer(t, Options{})
	for _, p := range s.portals {
		t.Run(p.Family, func(t *testing.T) {
			n := p.newest(s.Now(), 1, 0, 3, 1)[0]
			clean := p.base + p.fam.articlePath(p, n)
			_, _, want := get(t, clean)
			sep := "?"
			if strings.Contains(clean, "?") {
				sep = "&"
			}
			for _, v := range []string{clean + sep + "utm_source=zalo&utm_medium=share", clean + sep + "print=1"} {
				st, _, b := get(t, v)
				if p.Family == "php" && !phpCanonical(n) && !strings.Contains(v, "print=1") {
					if st != 200 || bytes.Contains(b, []byte(`rel="canonical"`)) {
						t.Fatalf("%s: status %d; want 200 without a canonical link", v, st)
					}
					continue
				}
				if st != 200 || !bytes.Contains(b, []byte(`rel="canonical" href="`+strings.ReplaceAll(clean, "&", "&amp;")+`"`)) {
					t.Fatalf("%s: status %d or no canonical link", v, st)
				}
			}
			if p.Family == "wordpress" {
				if st, h, _ := get(t, strings.TrimSuffix(clean, "/")); st != 301 || h.Get("Location") != strings.TrimPrefix(clean, p.base) {
					t.Fatalf("no trailing slash: %d %q", st, h.Get("Location"))
				}
			}
			st, h, _ := get(t, fmt.Sprintf("%s/tin-cu/%d", p.base, n))
			if st != 301 || p.base+h.Get("Location") != clean {
				t.Fatalf("old URL: %d → %q, want 301 → %s", st, h.Get("Location"), clean)
			}
			_ = want
			if st, _, _ := get(t, p.base+"/khong-co-trang-nay/"); st != 404 {
				t.Fatalf("unknown path: %d", st)
			}
			st, _, cal := get(t, p.base+"/lich-cong-tac?ngay=2031-01-01")
			if st != 200 || !bytes.Contains(cal, []byte("ngay=2031-01-02")) {
				t.Fatalf("calendar trap: %d", st)
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	s := startServer(t, Options{Families: []string{"liferay", "php"}})
	for _, p := range s.portals {
		t.Run(p.Family, func(t *testing.T) {
			n := p.newest(s.Now(), 1, 0, 0, 1)[0]
			u := p.base + p.fam.articlePath(p, n)
			st, h, _ := get(t, u)
			etag, lm := h.Get("ETag"), h.Get("Last-Modified")
			if st != 200 || etag == "" || lm == "" {
				t.Fatalf("status %d etag %q last-modified %q", st, etag, lm)
			}
			if st, _, b := get(t, u, "If-None-Match", etag); st != 304 || len(b) != 0 {
				t.Fatalf("If-None-Match: %d (%d bytes), want 304", st, len(b))
			}
			if st, _, _ := get(t, u, "If-Modified-Since", lm); st != 304 {
				t.Fatalf("If-Modified-Since: %d, want 304", st)
			}
			if st, _, _ := get(t, u, "If-None-Match", `"other"`); st != 200 {
				t.Fatalf("stale ETag: %d, want 200", st)
			}
			old := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
			if st, _, _ := get(t, u, "If-Modified-Since", old); st != 200 {
				t.Fatalf("old If-Modified-Since: %d, want 200", st)
			}
		})
	}
}

func TestOddRequests(t *testing.T) {
	s := startServer(t, Options{Articles: 10})
	paths := []string{
		"/tin-tuc/-1.html", "/tin-tuc/x--5.html", "/danh-muc/tin-hoat-dong/trang-abc", "/danh-muc/tin-hoat-dong/trang-0",
		"/Pages/chi-tiet-tin.aspx?ItemID=-5", "/Pages/chi-tiet-tin.aspx?ItemID=99999999999999999999", "/Pages/chi-tiet-tin.aspx?ItemID=9223372036854775807",
		"/?p=999999999", "/?p=-1", "/?p=abc", "/category/tin-tuc/page/-3/", "/category/tin-tuc/page/x/", "/2024/01/01/a-9223372036854775807/",
		"/tin-tuc/tin-giao-duc/ArticleId/-1/x", "/tin-tuc/tin-giao-duc/ArticleId/99999999/x", "/van-hoa?_101_INSTANCE_x_cur=-1",
		"/van-hoa/-/asset_publisher/x/content/-", "/tin-cu/-1", "/tin-cu/abc", "/sitemap-0.xml", "/sitemap-999.xml",
		"/lich-cong-tac?ngay=9999-99-99", "/uploads/..%2f..%2fetc%2fpasswd.pdf", "/%ff%fe", "/;jsessionid=", "/a/b/c/d/e/f/g",
	}
	for _, p := range s.Portals {
		for _, path := range paths {
			st, _, _ := get(t, strings.TrimSuffix(p.URL, "/")+path)
			switch st {
			case 200, 301, 302, 400, 404, 410:
			default:
				t.Errorf("%s%s: status %d", p.URL, path, st)
			}
		}
	}
	resp, err := http.Post(s.Hub+"/__clock?advance=-5h", "", nil)
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("negative advance: %v %v", err, resp.StatusCode)
	}
	resp.Body.Close()
}

func TestEncodings(t *testing.T) {
	in := "Ủy ban nhân dân tỉnh Hòa Bình – “Văn hóa” thuỷ lợi, khỏe mạnh; Sở GD&ĐT; đường Trần Hưng Đạo… 100%"
	t.Run("nfd", func(t *testing.T) {
		got := toNFD([]byte(in))
		if string(got) != norm.NFD.String(in) {
			t.Fatalf("toNFD differs from norm.NFD:\n%q\n%q", got, norm.NFD.String(in))
		}
	})
	t.Run("windows-1258", func(t *testing.T) {
		enc := encode1258([]byte(in))
		dec, err := charmap.Windows1258.NewDecoder().Bytes(enc)
		if err != nil || norm.NFC.String(string(dec)) != in {
			t.Fatalf("round trip: %v\n%q\n%q", err, norm.NFC.String(string(dec)), in)
		}
	})
}

func TestGzip(t *testing.T) {
	s := startServer(t, Options{Families: []string{"wordpress", "php"}})
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, p := range s.portals {
		t.Run(p.Family, func(t *testing.T) {
			_, plainHdr, plain := get(t, p.base+"/")
			req, _ := http.NewRequest(http.MethodGet, p.base+"/", nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate")
			resp, err := raw.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if p.Family == "php" {
				if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, plain) {
					t.Fatalf("php portal compressed its answer")
				}
				return
			}
			if resp.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(resp.Header.Get("ETag"), "W/") {
				t.Fatalf("Content-Encoding %q, ETag %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("ETag"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			unz, _ := io.ReadAll(zr)
			if !bytes.Equal(unz, plain) {
				t.Fatalf("gunzipped body differs from the identity body")
			}
			if st, _, _ := get(t, p.base+"/", "If-None-Match", resp.Header.Get("ETag")); st != 304 {
				t.Fatalf("weak ETag of the gzip answer does not validate the identity one: %d (%s)", st, plainHdr.Get("ETag"))
			}
		})
	}
}
