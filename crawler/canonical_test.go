package crawler

import (
	"net/url"
	"testing"
	"time"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://Example.GOV.vn:80/a/../b/./c?b=2&a=1#frag", "http://example.gov.vn/b/c?a=1&b=2"},
		{"https://example.gov.vn:443", "https://example.gov.vn/"},
		{"http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"},
		{"http://example.gov.vn/x?utm_source=fb&utm_medium=s&id=3", "http://example.gov.vn/x?id=3"},
		{"http://example.gov.vn/x?PHPSESSID=abc&id=3&fbclid=z", "http://example.gov.vn/x?id=3"},
		{"http://example.gov.vn/x;jsessionid=ABC?id=3", "http://example.gov.vn/x?id=3"},
		{"http://example.gov.vn/tin/bai-1.html?print=1", "http://example.gov.vn/tin/bai-1.html"},
		{"http://example.gov.vn/tin/bai-1.html?view=print", "http://example.gov.vn/tin/bai-1.html"},
		{"http://example.gov.vn/tin/bai-1/print/", "http://example.gov.vn/tin/bai-1/"},
		{"http://m.example.gov.vn/tin/bai-1.html", "http://example.gov.vn/tin/bai-1.html"},
		{"http://example.gov.vn/tin/bai-1.html/amp", "http://example.gov.vn/tin/bai-1.html"},
		{"http://example.gov.vn/a?tag=x&tag=a", "http://example.gov.vn/a?tag=x&tag=a"},
		{"http://example.gov.vn/tin-tức/văn-hóa", "http://example.gov.vn/tin-t%E1%BB%A9c/v%C4%83n-h%C3%B3a"},
		{"http://example.gov.vn/x?", "http://example.gov.vn/x"},
		{"http://user:pw@example.gov.vn/", "http://example.gov.vn/"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Canonicalize(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			again, _ := Canonicalize(got)
			if again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
	for _, bad := range []string{"", "/relative", "mailto:a@b.vn", "javascript:void(0)", "ftp://x.vn/", "http://", "http://%zz/"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if got, err := Canonicalize(bad); err == nil {
				t.Errorf("Canonicalize(%q) = %q, want an error", bad, got)
			}
		})
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"http://a.vn/x?utm_a=1&b=2#f", "https://m.a.vn:443/a/../b;jsessionid=1", "http://[::1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonicalize(s)
		if err != nil {
			return
		}
		again, err := Canonicalize(c)
		if err != nil || again != c {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", s, c, again, err)
		}
	})
}

func TestIsPagination(t *testing.T) {
	tests := []struct {
		page, link string
		want       bool
		n          int
	}{
		{"http://a.vn/cat/1", "http://a.vn/cat/1?page=2", true, 2},
		{"http://a.vn/cat/1?page=2", "http://a.vn/cat/1?page=3", true, 3},
		{"http://a.vn/tin-tuc/", "http://a.vn/tin-tuc/trang-4", true, 4},
		{"http://a.vn/tin-tuc", "http://a.vn/tin-tuc/page/5/", true, 5},
		{"http://a.vn/cat/1", "http://a.vn/cat/2", false, 1},
		{"http://a.vn/cat/1", "http://a.vn/news/12.html", false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			p, _ := url.Parse(tt.page)
			l, _ := url.Parse(tt.link)
			got, n := isPagination(p, l, "", "")
			if got != tt.want || (got && n != tt.n) {
				t.Errorf("got %v %d, want %v %d", got, n, tt.want, tt.n)
			}
		})
	}
}

func TestTrapGuard(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		url  string
		trap bool
	}{
		{"http://a.vn/tin-tuc/bai-2345.html", false},
		{"http://a.vn/a/b/c/d/e/f/g/h/i/j/k/l/m/n", true},
		{"http://a.vn/x/y/x/y/x/y", true},
		{"http://a.vn/x/x/", true},
		{"http://a.vn/lich?year=2031&month=2", true},
		{"http://a.vn/lich?year=2026&month=7", false},
		{"http://a.vn/s?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", true},
		{"http://a.vn/archive/2027/01/", false},
		{"http://a.vn/du-lich/-/asset_publisher/x/content/bai-2031", false},
		{"http://a.vn/lich-cong-tac?ngay=2031-01-01", true},
		{"http://a.vn/archive/2029/01/", true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			g := newTrapGuard(DefaultLimits, now)
			u, _ := url.Parse(tt.url)
			why := g.check(u, tt.url)
			if (why != "") != tt.trap {
				t.Errorf("check = %q, want trap=%v", why, tt.trap)
			}
		})
	}
	t.Run("query key sets budget", func(t *testing.T) {
		g := newTrapGuard(Limits{MaxVariants: 3}.withDefaults(), now)
		allowed := 0
		for i, q := range []string{"id=1", "id=2", "id=3&l=a", "id=9&l=b", "sort=a", "sort=a&dir=b", "x=1"} {
			s := "http://a.vn/list.aspx?" + q
			u, _ := url.Parse(s)
			if g.budget(u, s) == "" {
				allowed++
			} else if i < 5 {
				t.Errorf("%s refused before the budget was spent", s)
			}
		}
		if allowed != 5 {
			t.Errorf("%d URLs allowed, want 5 (3 key sets: id, id&l, sort)", allowed)
		}
	})
	t.Run("not calendars", func(t *testing.T) {
		g := newTrapGuard(Limits{MaxCalendar: 1}.withDefaults(), now)
		for _, s := range []string{"http://a.vn/du-lich", "http://a.vn/du-lich?page=2", "http://a.vn/tin-tuc-su-kien", "http://a.vn/2024/05/11/bai-viet/"} {
			u, _ := url.Parse(s)
			if why := g.budget(u, s); why != "" {
				t.Errorf("%s: %s", s, why)
			}
		}
	})
	t.Run("calendar budget", func(t *testing.T) {
		g := newTrapGuard(Limits{MaxCalendar: 5}.withDefaults(), now)
		n := 0
		for m := 1; m <= 12; m++ {
			s := "http://a.vn/lich?month=" + time.Month(m).String()
			u, _ := url.Parse(s)
			if g.check(u, s) == "" && g.budget(u, s) == "" {
				n++
			}
		}
		if n != 5 {
			t.Errorf("%d calendar pages allowed, want 5", n)
		}
	})
}
