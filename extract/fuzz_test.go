package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bantin/bantin"
	"golang.org/x/text/unicode/norm"
)

// FuzzArticle checks that no input makes extraction panic or break its promises: an error
// only for an empty page, valid NFC UTF-8 out, a known kind, clean paragraphs. Seeds: the
// pages under testdata/pages and testdata/fuzz/FuzzArticle.
func FuzzArticle(f *testing.F) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "text/html; charset=utf-8")
		}
	}
	f.Add([]byte("<html><body><h1>Tiêu đề</h1><p>Nội dung"), "")
	f.Add([]byte("<table><tr><td><table><tr><td>x</td></tr></table>"), "text/html; charset=windows-1258")
	u, _ := url.Parse("https://so.example.gov.vn/tin/1")
	f.Fuzz(func(t *testing.T, page []byte, contentType string) {
		a, err := Article(page, u, Options{ContentType: contentType})
		if len(page) == 0 {
			if err == nil {
				t.Fatal("no error for an empty page")
			}
			return
		}
		if err != nil {
			t.Fatalf("error for a non-empty page: %v", err)
		}
		if a.Kind != bantin.KindArticle && a.Kind != bantin.KindListing {
			t.Fatalf("kind %q", a.Kind)
		}
		for _, s := range []string{a.Title, a.Text, a.Lead, a.Author} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) {
				t.Fatalf("not NFC UTF-8: %q", s)
			}
		}
		if strings.Contains(a.Text, "\n\n\n") || strings.TrimSpace(a.Text) != a.Text {
			t.Fatalf("badly separated paragraphs: %q", a.Text)
		}
	})
}

// FuzzParseDate checks that ParseDate never panics and returns only plausible dates that
// survive a round trip through their JSON form.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Thứ Sáu, 15/09/2023 08:30", "Cập nhật lúc 14:05 ngày 03/10/2022",
		"ngày 15 tháng 9 năm 2023", "2023-09-15T08:30:00+07:00", "Nov 19, 2019 10:30 pm", "9.544.977"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, ok := ParseDate(s)
		if !ok {
			if !ts.IsZero() {
				t.Fatalf("ParseDate(%q) = %s but not ok", s, ts)
			}
			return
		}
		if y := ts.Year(); y < 1989 || y > 2101 {
			t.Fatalf("ParseDate(%q) year %d", s, y)
		}
		back, err := bantin.ParseTimestamp(ts.String())
		if err != nil || !back.Equal(ts.Time) || back.DateOnly != ts.DateOnly {
			t.Fatalf("ParseDate(%q) = %s does not round-trip: %v %v", s, ts, back, err)
		}
	})
}
