package crawler

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMatchPagePath checks the tail-only matcher against the regexp run over whole paths.
func TestMatchPagePath(t *testing.T) {
	paths := []string{"", "/", "/tin-tuc/page/2", "/tin-tuc/trang-3", "/p/4", "/a_p5", "/a-trang-6.html", "/x/page/12.HTML/",
		"/page/12//", "/tin-tuc/bai-viet-12345.html", "/p5.x1", "/abc/p-7/", "/news/PAGE9", "/2024/05/", "/a.b/trang2.aspx",
		"/tin-tuc/some-long-article-title-trang-100", "/x_page-3", "/x-p-", "/-p1", "p1", "/trang/0012"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"/", "-", "_", ".", "p", "page", "trang", "PAGE", "html", "1", "23", "a", "x"}
	for range 20000 {
		var b []byte
		for range r.IntN(8) {
			b = append(b, alphabet[r.IntN(len(alphabet))]...)
		}
		paths = append(paths, string(b))
	}
	for _, p := range paths {
		if got, want := matchPagePath(p), pagePath.FindStringSubmatchIndex(p); !slices.Equal(got, want) {
			t.Errorf("matchPagePath(%q) = %v, regexp %v", p, got, want)
		}
	}
}
