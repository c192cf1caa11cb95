package extract

import (
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/bantin/bantin/testsite"
)

// BenchmarkArticle measures extraction per page on the testsite families and, when present,
// on aeb-dev; b.ReportMetric prints ms/page. Compare with go-readability and go-trafilatura in
// the same run with: cd bench && go run ./cmd/bench-extract
func BenchmarkArticle(b *testing.B) {
	type page struct {
		html []byte
		ct   string
		u    *url.URL
	}
	sets := map[string][]page{}
	for _, fam := range testsite.Families() {
		for n := 0; n < 20; n++ {
			h, ct, tr := testsite.RenderArticle(fam, 1, n)
			u, _ := url.Parse(tr.URL)
			sets["testsite"] = append(sets["testsite"], page{h, ct, u})
		}
	}
	if dir := aebDir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
		for _, f := range files {
			h, err := readGzipFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sets["aeb-dev"] = append(sets["aeb-dev"], page{h, "", &url.URL{Scheme: "https", Host: "example.com", Path: "/a"}})
		}
	}
	names := make([]string, 0, len(sets))
	for k := range sets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		pages := sets[name]
		b.Run(name, func(b *testing.B) {
			bytes := 0
			for _, p := range pages {
				bytes += len(p.html)
			}
			b.SetBytes(int64(bytes / len(pages)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p := pages[i%len(pages)]
				if _, err := Article(p.html, p.u, Options{ContentType: p.ct}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

func readGzipFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return gunzip(f)
}
