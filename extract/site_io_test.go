package extract

import (
	"bytes"
	"net/url"
	"testing"
	"time"

	"github.com/bantin/bantin/testsite"
)

// TestSiteWriteRead: a Site written and read back judges as the original did, damaged data is
// refused, and a smaller cap keeps the repeated blocks.
func TestSiteWriteRead(t *testing.T) {
	site := NewSite(SiteOptions{})
	for n := 0; n < 20; n++ {
		page, u := sitePage(t, n)
		extractWith(t, page, u, site)
	}
	var buf bytes.Buffer
	if _, err := site.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	written := site.Stats()
	back, err := ReadSite(bytes.NewReader(data), SiteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := written, back.Stats(); a != b {
		t.Errorf("read back %+v, wrote %+v", b, a)
	}
	for _, n := range []int{3, 25} { // a learnt page and a new one
		page, u := sitePage(t, n)
		if a, b := extractWith(t, page, u, site), extractWith(t, page, u, back); a.Text != b.Text {
			t.Errorf("page %d: the Site read back gives\n%s\nthe original:\n%s", n, indent(b.Text), indent(a.Text))
		}
	}

	damaged := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"truncated", data[:len(data)/2]},
		{"flipped byte", func() []byte { d := bytes.Clone(data); d[len(d)/2] ^= 0x40; return d }()},
		{"other format", append([]byte("bantin-site\x02"), data[len(siteMagic):]...)},
	}
	for _, tt := range damaged {
		t.Run(tt.name, func(t *testing.T) {
			if s, err := ReadSite(bytes.NewReader(tt.data), SiteOptions{}); err == nil {
				t.Errorf("read %+v from damaged data", s.Stats())
			}
		})
	}

	small, err := ReadSite(bytes.NewReader(data), SiteOptions{MaxBlocks: 40})
	if err != nil {
		t.Fatal(err)
	}
	if st := small.Stats(); st.Blocks > 40 || st.Repeated != written.Repeated {
		t.Errorf("read under a cap of 40 blocks: %+v (written: %+v)", st, written)
	}
}

// BenchmarkSiteCost prices the Site: each iteration extracts one page without a Site and with
// the warmed Site of its portal, interleaved, and reports both ms/page and their ratio
// (site/nil). Pages: 20 per testsite family and 20 of the synthetic site of testdata/site.
func BenchmarkSiteCost(b *testing.B) {
	type page struct {
		html []byte
		ct   string
		u    *url.URL
		site *Site
	}
	var pages []page
	for _, fam := range testsite.Families() {
		site := NewSite(SiteOptions{})
		for n := 0; n < 20; n++ {
			h, ct, tr := testsite.RenderArticle(fam, 1, n)
			u, _ := url.Parse(tr.URL)
			pages = append(pages, page{h, ct, u, site})
		}
	}
	site := NewSite(SiteOptions{})
	for n := 0; n < 20; n++ {
		h, u := sitePage(b, n)
		pages = append(pages, page{h, "", u, site})
	}
	for _, p := range pages { // warm the Sites: the pages are learnt once, then only judged
		if _, err := Article(p.html, p.u, Options{ContentType: p.ct, Site: p.site}); err != nil {
			b.Fatal(err)
		}
	}
	var plain, with time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		t0 := time.Now()
		if _, err := Article(p.html, p.u, Options{ContentType: p.ct}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := Article(p.html, p.u, Options{ContentType: p.ct, Site: p.site}); err != nil {
			b.Fatal(err)
		}
		plain += t1.Sub(t0)
		with += time.Since(t1)
	}
	b.ReportMetric(float64(plain.Microseconds())/1000/float64(b.N), "ms/page-nil")
	b.ReportMetric(float64(with.Microseconds())/1000/float64(b.N), "ms/page-site")
	b.ReportMetric(float64(with)/float64(plain), "site/nil")
}
