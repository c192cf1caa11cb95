package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

func TestLabelsComplete(t *testing.T) {
	for key := range labels[langVI] {
		if labels[langEN][key] == "" {
			t.Errorf("label %q missing in English", key)
		}
	}
	for key := range labels[langEN] {
		if labels[langVI][key] == "" {
			t.Errorf("label %q missing in Vietnamese", key)
		}
	}
	// Every {{$L.x}} / {{.L.x}} a template uses must exist.
	used := regexp.MustCompile(`\$?\.?L\.([a-z_]+)`)
	for _, name := range append(pageNames, "layout.html") {
		data, err := templateFS.ReadFile("templates/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(data), -1) {
			if _, ok := labels[langVI][m[1]]; !ok {
				t.Errorf("%s uses unknown label %q", name, m[1])
			}
		}
	}
}

func TestLanguage(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	tests := []struct {
		name       string
		target     string
		header     []string
		want       string
		wantCookie bool
	}{
		{"default", "/", nil, "vi", false},
		{"accept en", "/", []string{"Accept-Language", "en-US,en;q=0.9"}, "en", false},
		{"accept vi first", "/", []string{"Accept-Language", "vi-VN,vi;q=0.9,en;q=0.8"}, "vi", false},
		{"accept fr then en", "/", []string{"Accept-Language", "fr-FR, en;q=0.5"}, "en", false},
		{"accept garbage", "/", []string{"Accept-Language", ";;;q=x,,"}, "vi", false},
		{"switch", "/?lang=en", nil, "en", true},
		{"switch beats header", "/?lang=vi", []string{"Accept-Language", "en"}, "vi", true},
		{"cookie", "/sites", []string{"Cookie", "lang=en"}, "en", false},
		{"bad cookie", "/sites", []string{"Cookie", "lang=xx"}, "vi", false},
		{"error page", "/nope", []string{"Cookie", "lang=en"}, "en", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, h, "GET", tt.target, tt.header...)
			body := rec.Body.String()
			if !strings.Contains(body, `<html lang="`+tt.want+`">`) {
				t.Fatalf("page is not in %s", tt.want)
			}
			wantLabel := labels[tt.want]["nav_search"]
			if !strings.Contains(body, ">"+wantLabel+"<") {
				t.Errorf("label %q not shown", wantLabel)
			}
			cookie := rec.Header().Get("Set-Cookie")
			if tt.wantCookie != strings.HasPrefix(cookie, "lang="+tt.want) {
				t.Errorf("Set-Cookie = %q", cookie)
			}
		})
	}
}

func TestSearchPage(t *testing.T) {
	h, s, _ := newTestServer(t, nil)
	t.Run("facets, chart, paging, exports", func(t *testing.T) {
		body := do(t, h, "GET", "/?q=chuy%E1%BB%83n&limit=1").Body.String()
		for _, want := range []string{
			`<label for="q">`, `id="total">3<`, `data-site="sotttt"`, `<svg viewBox="0 0 240 160" preserveAspectRatio="xMinYMid meet"`,
			`<title>2025-03: 1</title>`, `<title>2025-02: 0</title>`, // the empty month is drawn
			`rel="next"`, `/export?format=csv&amp;`, `/export?format=jsonl&amp;`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		if s.last.Limit != 1 || !s.last.Facets || !s.last.Highlight || s.last.Histogram != "month" {
			t.Errorf("query = %+v", s.last)
		}
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(body)
		if next == nil || !strings.Contains(next[1], "after=c1") || !strings.Contains(next[1], "offset=1") {
			t.Fatalf("next link = %v", next)
		}
	})
	t.Run("facet toggles the site filter", func(t *testing.T) {
		body := do(t, h, "GET", "/?q=chuy%E1%BB%83n&site=sovhttdl").Body.String()
		if !slices.Equal(s.last.Sites, []string{"sovhttdl"}) {
			t.Errorf("sites = %v", s.last.Sites)
		}
		m := regexp.MustCompile(`<a href="([^"]*)" class="facet active"`).FindStringSubmatch(body)
		if m == nil || strings.Contains(m[1], "site=") {
			t.Errorf("active facet link does not remove the filter: %v", m)
		}
	})
	t.Run("empty query lists newest first", func(t *testing.T) {
		do(t, h, "GET", "/")
		if s.last.Sort != bantin.SortNewest || s.last.Text != "" {
			t.Errorf("query = %+v", s.last)
		}
	})
}

func TestArticlePage(t *testing.T) {
	h, _, _ := newTestServer(t, func(o *Options) { o.BaseURL = "https://luutru.example/" })
	body := do(t, h, "GET", "/articles/a1b2c3d4e5f60001").Body.String()
	for _, want := range []string{
		`<iframe id="snapshot" src="/snapshot/101" sandbox=""`,
		`<span>Đoạn</span> <del>ba.</del> <ins>bốn mới.</ins>`, `<del>bài.</del> <ins>bài đã sửa.</ins>`,
		`https://luutru.example/articles/a1b2c3d4e5f60001`,
		`Lưu trữ ngày 04/03/2025`, `http://sotttt.test/tin/chuyen-doi-so`,
		`(cập nhật)`, `aria-current="true">Phiên bản 2</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	cite := regexp.MustCompile(`<output id="cite">([^<]*)</output>`).FindStringSubmatch(body)
	if cite == nil {
		t.Fatal("no cite line")
	}
	for _, part := range []string{"Chuyển đổi số", "sotttt", "01/03/2025", "http://sotttt.test/tin/chuyen-doi-so", "04/03/2025", "https://luutru.example/articles/"} {
		if !strings.Contains(cite[1], part) {
			t.Errorf("cite %q lacks %q", cite[1], part)
		}
	}
	other := do(t, h, "GET", "/articles/a1b2c3d4e5f60001?capture=100").Body.String()
	if !strings.Contains(other, `src="/snapshot/100"`) || !strings.Contains(other, `href="/articles/a1b2c3d4e5f60001?capture=100#snapshot-h" aria-current="true"`) {
		t.Errorf("?capture=100 does not put that capture in the frame")
	}
	if foreign := do(t, h, "GET", "/articles/a1b2c3d4e5f60001?capture=999").Body.String(); strings.Contains(foreign, `src="/snapshot/999"`) {
		t.Errorf("?capture= shows a capture of another URL")
	}
	old := do(t, h, "GET", "/articles/a1b2c3d4e5f60001?v=1").Body.String()
	if !strings.Contains(old, `src="/snapshot/100"`) || !strings.Contains(old, "<p>Đoạn ba.</p>") ||
		!strings.Contains(old, "articles/a1b2c3d4e5f60001?v=1") {
		t.Errorf("?v=1 does not show version 1")
	}
}

func TestSitesPage(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	body := do(t, h, "GET", "/sites").Body.String()
	for _, want := range []string{`<a href="/?site=sotttt">sotttt</a>`, "chưa lên lịch", "chưa có", "<td>12</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("sites page lacks %s", want)
		}
	}
}

func TestStaticFiles(t *testing.T) {
	h, _, _ := newTestServer(t, nil)
	body := do(t, h, "GET", "/").Body.String()
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no hashed style sheet link")
	}
	rec := do(t, h, "GET", m[1])
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("static: %d %v", rec.Code, rec.Header())
	}
	want, _ := staticFS.ReadFile("static/style.css")
	if got, _ := io.ReadAll(rec.Body); string(got) != string(want) {
		t.Errorf("served css differs from the embedded file")
	}
}

func TestNoInlineStyleOrScript(t *testing.T) {
	// The page CSP allows neither: an inline one would silently not work.
	h, _, _ := newTestServer(t, nil)
	for _, path := range []string{"/", "/?q=chuy%E1%BB%83n", "/articles/a1b2c3d4e5f60001", "/sites", "/nope"} {
		body := do(t, h, http.MethodGet, path).Body.String()
		for _, bad := range []string{"<style", " style=", "<script", " on"} {
			if bad == " on" {
				if m := regexp.MustCompile(` on[a-z]+="`).FindString(body); m != "" {
					t.Errorf("%s: inline handler %q", path, m)
				}
				continue
			}
			if strings.Contains(body, bad) {
				t.Errorf("%s: contains %q", path, bad)
			}
		}
	}
}

func TestChart(t *testing.T) {
	c := func(v string, n int) bantin.Count { return bantin.Count{Value: v, Count: n} }
	tests := []struct {
		name      string
		in        []bantin.Count
		wantUnit  string
		wantBars  int
		wantFirst string
		wantNil   bool
	}{
		{"empty", nil, "", 0, "", true},
		{"zeros", []bantin.Count{c("2024-01", 0)}, "", 0, "", true},
		{"gaps filled", []bantin.Count{c("2024-11", 3), c("2025-02", 1)}, "month", 4, "2024-11", false},
		{"unsorted", []bantin.Count{c("2025-02", 1), c("2024-11", 3)}, "month", 4, "2024-11", false},
		{"many months become years", []bantin.Count{c("2015-01", 1), c("2024-12", 2)}, "year", 10, "2015", false},
		{"years", []bantin.Count{c("2020", 1), c("2022", 5)}, "year", 3, "2020", false},
		{"garbage skipped", []bantin.Count{c("<script>", 9), c("2024-01", 2)}, "month", 1, "2024-01", false},
		{"absurd span", []bantin.Count{c("1200-01", 1), c("2024-01", 1)}, "", 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := buildChart(tt.in)
			if tt.wantNil {
				if ch != nil {
					t.Fatalf("chart = %+v, want nil", ch)
				}
				return
			}
			if ch == nil {
				t.Fatal("nil chart")
			}
			if ch.Unit != tt.wantUnit || len(ch.Bars) != tt.wantBars || ch.First != tt.wantFirst {
				t.Errorf("unit %s bars %d first %s", ch.Unit, len(ch.Bars), ch.First)
			}
			total := 0
			for _, in := range tt.in {
				total += in.Count
			}
			sum, tallest := 0, 0
			for _, b := range ch.Bars {
				sum += b.Count
				if b.Y < 0 || b.Y+b.H != chartBottom || b.X+b.W > chartW {
					t.Errorf("bar out of the frame: %+v", b)
				}
				tallest = max(tallest, b.H)
			}
			if tt.name != "garbage skipped" && sum != total {
				t.Errorf("bars sum to %d, want %d", sum, total)
			}
			if tallest != chartBottom-chartTop {
				t.Errorf("tallest bar %d, want %d", tallest, chartBottom-chartTop)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	render := func(d []diffPara) string {
		var parts []string
		for _, p := range d {
			switch p.Op {
			case opChange:
				var ws []string
				for _, w := range p.Words {
					ws = append(ws, w.Op+"("+w.Text+")")
				}
				parts = append(parts, "mod["+strings.Join(ws, " ")+"]")
			default:
				parts = append(parts, p.Op+"("+p.Text+")")
			}
		}
		return strings.Join(parts, " | ")
	}
	tests := []struct{ name, old, new, want string }{
		{"same", "a\n\nb", "a\n\nb", "eq(a) | eq(b)"},
		{"added paragraph", "a\n\nb", "a\n\nx\n\nb", "eq(a) | ins(x) | eq(b)"},
		{"removed paragraph", "a\n\nb\n\nc", "a\n\nc", "eq(a) | del(b) | eq(c)"},
		{"changed words", "Sở Y tế họp ngày 1", "Sở Y tế họp khẩn ngày 2",
			"mod[eq(Sở Y tế họp) ins(khẩn) eq(ngày) del(1) ins(2)]"},
		{"from empty", "", "a\n\nb", "ins(a) | ins(b)"},
		{"to empty", "a", "", "del(a)"},
		{"crlf and blank runs", "a\r\n\r\nb", "a\n\n\n\nb", "eq(a) | eq(b)"},
		{"more removed than added", "a\n\nb\n\nc", "z", "mod[del(a) ins(z)] | del(b) | del(c)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(diffText(tt.old, tt.new)); got != tt.want {
				t.Errorf("diff = %s\nwant   %s", got, tt.want)
			}
		})
	}
	t.Run("stats", func(t *testing.T) {
		r, a := diffStats(diffText("một hai ba\n\nbốn", "một hai\n\nbốn\n\nnăm sáu"))
		if r != 1 || a != 2 {
			t.Errorf("removed %d added %d, want 1 and 2", r, a)
		}
	})
	t.Run("huge falls back without blowing up", func(t *testing.T) {
		var a, b []string
		for i := range 3000 {
			a = append(a, fmt.Sprint("p", i))
			b = append(b, fmt.Sprint("q", i))
		}
		d := diffText(strings.Join(a, "\n\n"), strings.Join(b, "\n\n"))
		if len(d) != 3000 {
			t.Errorf("%d paragraphs, want 3000 pairs", len(d))
		}
	})
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, raw string
		check     func(bantin.Query) bool
	}{
		{"defaults", "", func(q bantin.Query) bool { return q.Limit == 20 && q.Sort == bantin.SortNewest && q.Offset == 0 }},
		{"relevance with text", "q=a", func(q bantin.Query) bool { return q.Sort == bantin.SortRelevance }},
		{"nfc", "q=vi%C3%AA%CC%A3t", func(q bantin.Query) bool { return q.Text == "việt" }},
		{"sites dedup", "site=a&site=a&site=&site=b", func(q bantin.Query) bool { return slices.Equal(q.Sites, []string{"a", "b"}) }},
		{"cursor", "after=abc&offset=20", func(q bantin.Query) bool { return q.After == "abc" && q.Offset == 20 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := parseValues(tt.raw)
			q, err := parseQuery(v, 20)
			if err != nil || !tt.check(q) {
				t.Errorf("parseQuery(%q) = %+v, %v", tt.raw, q, err)
			}
		})
	}
}

func parseValues(raw string) (url.Values, error) {
	v, err := url.ParseQuery(raw)
	return v, err
}
