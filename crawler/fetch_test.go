package crawler

import (
	"net/url"
	"testing"

	"github.com/gocolly/colly/v2"
)

// TestAbsoluteURLMatchesColly checks that resolving links against a base parsed once per page
// gives what colly's Request.AbsoluteURL gives, link after link (the base must not change).
func TestAbsoluteURLMatchesColly(t *testing.T) {
	refs := []string{"", "#top", "a.html", "/b/c?d=1#e", "../x/../y", "//other.example/z", "https://h.example:8080/p",
		"?q=1", "  /spaced  ", "/path with space", "/%zz", "/%", "javascript:alert(1)", "mailto:a@b.c",
		"/tin-tuc/bài-viết.html", "http://[::1]/v6", "http://a b/", "\\\\back\\slash", "./trang-2", "."}
	pages := []string{"http://sovhttdl.example.gov.vn/tin-tuc/", "https://h.example/a/b/c.aspx?x=1#f", "http://127.0.0.1:8080/"}
	for _, page := range pages {
		t.Run(page, func(t *testing.T) {
			pu, err := url.Parse(page)
			if err != nil {
				t.Fatal(err)
			}
			r := &colly.Request{URL: pu}
			p := &pending{}
			p.setBase(page, "", false)
			for round := 0; round < 2; round++ {
				for _, ref := range refs {
					if got, want := p.absoluteURL(ref), r.AbsoluteURL(ref); got != want {
						t.Errorf("round %d, ref %q: got %q, colly %q", round, ref, got, want)
					}
				}
			}
		})
	}
}
