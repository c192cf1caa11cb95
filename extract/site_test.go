package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

// The synthetic site of testdata/site: every article page carries two blocks of boilerplate
// whose words extract's vocabulary does not know, two inside the article container (a box
// with a heading at the top, a notice at the end) and one beside it, and three repeated lines that belong to the article: a standard closing line,
// a signature or source line, and (on even pages) a short in-body heading.
const (
	siteNotice     = "Phụ huynh, học sinh cần hỗ trợ về thủ tục tuyển sinh"
	siteGuideHead  = "Cẩm nang tuyển sinh"
	siteGuide      = "Thí sinh tra cứu lịch thi, điều kiện xét tuyển"
	siteHint       = "Hướng dẫn chi tiết các bước nộp hồ sơ trực tuyến"
	siteClosing    = "Trân trọng thông báo đến các cơ quan, đơn vị và cá nhân được biết."
	siteHeading    = "Kết quả nổi bật"
	siteSignUnit   = "Phòng Giáo dục Trung học"
	siteSignSource = "Theo Báo Hòa Bình"
)

// isSiteBoilerplate reports a paragraph of the synthetic site's template.
func isSiteBoilerplate(p string) bool {
	return strings.HasPrefix(p, siteNotice) || p == siteGuideHead || strings.HasPrefix(p, siteGuide) || strings.HasPrefix(p, siteHint)
}

var siteFixture struct {
	once      sync.Once
	tmpl      *template.Template
	sentences []string
	err       error
}

// sitePage renders page n of the synthetic site.
func sitePage(t testing.TB, n int) ([]byte, *url.URL) {
	t.Helper()
	f := &siteFixture
	f.once.Do(func() {
		f.tmpl, f.err = template.ParseFiles(filepath.Join("testdata", "site", "page.html"))
		if f.err != nil {
			return
		}
		var b []byte
		if b, f.err = os.ReadFile(filepath.Join("testdata", "site", "sentences.txt")); f.err == nil {
			f.sentences = strings.Split(strings.TrimSpace(string(b)), "\n")
		}
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	r := rand.New(rand.NewPCG(uint64(n), 7))
	var paras []string
	for i := 0; i < 4+n%3; i++ {
		idx := r.Perm(len(f.sentences))[:3]
		paras = append(paras, f.sentences[idx[0]]+" "+f.sentences[idx[1]]+" "+f.sentences[idx[2]])
	}
	sign, source := siteSignUnit, ""
	if n%2 == 1 {
		sign, source = "", siteSignSource
	}
	words := []string{"tổng kết năm học", "khai giảng", "tập huấn giáo viên", "kiểm tra cơ sở vật chất", "thi học sinh giỏi"}
	data := map[string]any{
		"Title":   fmt.Sprintf("Hòa Bình: %s tại trường số %d", words[n%len(words)], n),
		"Date":    fmt.Sprintf("%02d/%02d/2024", 1+n%28, 1+n%12),
		"Paras":   paras,
		"Heading": n%2 == 0,
		"Sign":    sign,
		"Source":  source,
	}
	var buf bytes.Buffer
	if err := f.tmpl.Execute(&buf, data); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(fmt.Sprintf("https://sogd.hoabinh.example.gov.vn/tin-tuc/bai-%d.html", n))
	// The article's own text, as a perfect extractor gives it.
	var want []string
	for i, p := range paras {
		if n%2 == 0 && i == 2 {
			want = append(want, siteHeading)
		}
		want = append(want, p)
	}
	want = append(want, siteClosing)
	if source != "" {
		want = append(want, source)
	} else {
		want = append(want, sign)
	}
	siteTruth.Store(n, strings.Join(want, "\n\n"))
	return buf.Bytes(), u
}

// siteTruth maps a page number of the synthetic site to its article text, once rendered.
var siteTruth sync.Map

func extractWith(t testing.TB, page []byte, u *url.URL, site *Site) *bantin.Article {
	t.Helper()
	a, err := Article(page, u, Options{Site: site})
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return a
}

func paragraphs(text string) []string {
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n\n")
}

// TestSiteRepeatedBlocks: without a Site the unknown boilerplate leaks into the body; once a
// Site has seen a dozen pages of the site it is gone, and nothing else changed: the closing
// line, the signature or source line and the in-body heading, repeated as they are, stay.
func TestSiteRepeatedBlocks(t *testing.T) {
	const warm = 12
	site := NewSite(SiteOptions{})
	for n := 0; n < warm; n++ {
		page, u := sitePage(t, n)
		a := extractWith(t, page, u, site)
		if n == 0 && !strings.Contains(a.Text, siteNotice) {
			t.Errorf("page 0 with a cold Site lost the notice already: the fixture tests nothing\n%s", a.Text)
		}
	}
	if st := site.Stats(); st.Pages != warm || st.Repeated == 0 {
		t.Fatalf("after %d pages: %+v", warm, st)
	}
	tests := []struct {
		name string
		n    int
	}{
		{"learnt page with heading and unit signature", 0},
		{"learnt page with source line", 3},
		{"new page with heading", warm + 2},
		{"new page with source line", warm + 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, u := sitePage(t, tt.n)
			plain := extractWith(t, page, u, nil)
			got := extractWith(t, page, u, site)

			// Without the Site, both blocks leak (else the fixture proves nothing).
			for _, s := range []string{siteNotice, siteGuide, siteHint} {
				if !strings.Contains(plain.Text, s) {
					t.Errorf("without a Site the text lacks %q: the fixture no longer leaks it", s)
				}
			}
			// With it, exactly the template's paragraphs are gone.
			want := slices.DeleteFunc(paragraphs(plain.Text), isSiteBoilerplate)
			if g := paragraphs(got.Text); !slices.Equal(g, want) {
				t.Errorf("text with the Site:\n%s\nwant:\n%s", indent(got.Text), indent(strings.Join(want, "\n\n")))
			}
			mustHave := []string{siteClosing}
			if tt.n%2 == 0 {
				mustHave = append(mustHave, siteHeading, siteSignUnit)
			} else {
				mustHave = append(mustHave, siteSignSource)
			}
			for _, s := range mustHave {
				if !slices.Contains(paragraphs(got.Text), s) {
					t.Errorf("repeated article line %q dropped", s)
				}
			}
			if got.Title != plain.Title || got.Published != plain.Published || got.Lead != plain.Lead {
				t.Errorf("metadata changed: title %q/%q published %s/%s lead %q/%q",
					got.Title, plain.Title, got.Published, plain.Published, got.Lead, plain.Lead)
			}
			// With the template gone the signature closes the body again, and names the author.
			wantAuthor := siteSignUnit
			if tt.n%2 == 1 {
				wantAuthor = strings.TrimPrefix(siteSignSource, "Theo ")
			}
			if got.Author != wantAuthor {
				t.Errorf("author %q, want %q (without the Site: %q)", got.Author, wantAuthor, plain.Author)
			}
		})
	}
}

// TestSiteBodyF1 extracts the synthetic site's pages in order through one Site, as a crawl
// does, then once more, and scores the bodies against the article text with the benchmark's
// metric: the Site must beat extraction without it, and once warm give the exact text.
func TestSiteBodyF1(t *testing.T) {
	const pages = 40
	site := NewSite(SiteOptions{})
	var plain, first, second []prf
	for pass := 0; pass < 2; pass++ {
		for n := 0; n < pages; n++ {
			page, u := sitePage(t, n)
			v, _ := siteTruth.Load(n)
			truth := v.(string)
			got := extractWith(t, page, u, site)
			tp, fp, fn := shingleMatch(truth, got.Text)
			if pass == 0 {
				first = append(first, prf{tp, fp, fn})
				a := extractWith(t, page, u, nil)
				tp, fp, fn := shingleMatch(truth, a.Text)
				plain = append(plain, prf{tp, fp, fn})
				continue
			}
			second = append(second, prf{tp, fp, fn})
			if got.Text != truth {
				t.Errorf("page %d, warm Site:\n%s\nwant:\n%s", n, indent(got.Text), indent(truth))
			}
		}
	}
	f0, p0, _ := macroF1(plain)
	f1, p1, _ := macroF1(first)
	f2, p2, _ := macroF1(second)
	t.Logf("synthetic site, %d pages: body F1 (precision) without a Site %.4f (%.4f); Site learning in crawl order %.4f (%.4f); warm Site %.4f (%.4f)",
		pages, f0, p0, f1, p1, f2, p2)
	if f1 <= f0 || f2 <= f1 {
		t.Errorf("the Site does not help: F1 %.4f without, %.4f learning, %.4f warm", f0, f1, f2)
	}
}

// TestSiteStable: a page extracted again after the Site learnt more pages gives the same
// text, and extracting a page again does not count it twice.
func TestSiteStable(t *testing.T) {
	site := NewSite(SiteOptions{})
	for n := 0; n < 10; n++ {
		page, u := sitePage(t, n)
		extractWith(t, page, u, site)
	}
	page, u := sitePage(t, 4)
	first := extractWith(t, page, u, site)
	before := site.Stats()
	again := extractWith(t, page, u, site)
	if after := site.Stats(); after != before {
		t.Errorf("re-extracting a learnt page changed the Site: %+v -> %+v", before, after)
	}
	// The same page under another URL (a print view) is the same page by its title.
	alias, _ := url.Parse(u.String() + "?print=1")
	extractWith(t, page, alias, site)
	if after := site.Stats(); after.Pages != before.Pages {
		t.Errorf("the same page under another URL was learnt again: %+v -> %+v", before, after)
	}
	for n := 10; n < 60; n++ {
		p, pu := sitePage(t, n)
		extractWith(t, p, pu, site)
	}
	later := extractWith(t, page, u, site)
	for _, a := range []*bantin.Article{again, later} {
		if a.Text != first.Text || a.Author != first.Author || a.Lead != first.Lead {
			t.Errorf("text changed on re-extraction:\n%s\nfirst:\n%s", indent(a.Text), indent(first.Text))
		}
	}
}

// TestSiteBounded: the Site never holds more blocks or pages than its caps, keeps the blocks
// it judged repeated through the purges, and stops learning pages past MaxPages.
func TestSiteBounded(t *testing.T) {
	tests := []struct {
		name      string
		opts      SiteOptions
		pages     int
		maxBlocks int
		maxPages  int
	}{
		{"block cap purges unique blocks", SiteOptions{MaxBlocks: 60}, 80, 60, 80},
		{"page cap stops learning", SiteOptions{MaxPages: 15}, 40, DefaultSiteMaxBlocks, 15},
		{"defaults", SiteOptions{}, 40, DefaultSiteMaxBlocks, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := NewSite(tt.opts)
			for n := 0; n < tt.pages; n++ {
				page, u := sitePage(t, n)
				a := extractWith(t, page, u, site)
				st := site.Stats()
				if st.Blocks > tt.maxBlocks || st.Pages > tt.maxPages {
					t.Fatalf("page %d: %+v, caps %d blocks %d pages", n, st, tt.maxBlocks, tt.maxPages)
				}
				if n >= 10 && strings.Contains(a.Text, siteNotice) {
					t.Errorf("page %d: the notice is back (a repeated block was forgotten)", n)
				}
			}
			if st := site.Stats(); st.Pages != min(tt.pages, tt.maxPages) {
				t.Errorf("pages learnt: %d, want %d", st.Pages, min(tt.pages, tt.maxPages))
			}
		})
	}
}

// TestSiteObserve drives the model directly: counts per distinct page, thresholds, purge
// order and the full state.
func TestSiteObserve(t *testing.T) {
	site := NewSite(SiteOptions{MinPages: 3, MinShare: 0.5, MaxBlocks: 8})
	shared := uint64(1)
	for p := uint64(0); p < 6; p++ {
		// The shared block twice on the page still counts once; each page brings two unique ones.
		rep := site.observe([]uint64{1000 + p}, []uint64{shared, 100 + 2*p, 101 + 2*p})
		if want := p >= 2; rep[0] != want {
			t.Errorf("page %d: shared block repeated=%v, want %v", p, rep[0], want)
		}
		if rep[1] || rep[2] {
			t.Errorf("page %d: a unique block judged repeated", p)
		}
		if st := site.Stats(); st.Blocks > 8 {
			t.Fatalf("page %d: %d blocks > cap 8", p, st.Blocks)
		}
	}
	// Learnt pages are not learnt again, whatever blocks they show.
	before := site.Stats()
	site.observe([]uint64{1003}, []uint64{shared, 555})
	if site.Stats() != before {
		t.Errorf("a page learnt before counted again: %+v -> %+v", before, site.Stats())
	}
	// Fill the map with repeated blocks only: the Site stops taking new ones.
	full := NewSite(SiteOptions{MinPages: 1, MinShare: 0.01, MaxBlocks: 4})
	full.observe([]uint64{1}, []uint64{1, 2, 3, 4})
	rep := full.observe([]uint64{2}, []uint64{1, 5})
	if st := full.Stats(); st.Blocks != 4 || st.Repeated != 4 || !rep[0] || rep[1] {
		t.Errorf("full of repeated blocks: %+v rep=%v", st, rep)
	}
}

// TestSiteConcurrent extracts the site's pages from several goroutines through one Site (run
// with -race): afterwards every page gives what a Site learnt in one goroutine gives.
func TestSiteConcurrent(t *testing.T) {
	const pages = 24
	seq := NewSite(SiteOptions{})
	for n := 0; n < pages; n++ {
		page, u := sitePage(t, n)
		extractWith(t, page, u, seq)
	}
	par := NewSite(SiteOptions{})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := g; n < pages+g; n++ {
				page, u := sitePage(t, n%pages)
				if _, err := Article(page, u, Options{Site: par}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if a, b := seq.Stats(), par.Stats(); a != b {
		t.Errorf("concurrent learning: %+v, sequential: %+v", b, a)
	}
	for n := 0; n < pages; n++ {
		page, u := sitePage(t, n)
		if a, b := extractWith(t, page, u, par), extractWith(t, page, u, seq); a.Text != b.Text {
			t.Errorf("page %d: concurrent Site gives\n%s\nsequential:\n%s", n, indent(a.Text), indent(b.Text))
		}
	}
}

// TestSiteTestsiteUnchanged warms a Site per testsite portal family and extracts every page
// again: the families' boilerplate is all known vocabulary, so the repeated lines left are
// the articles' own (signatures, sources, captions, headings, table headers) and the result
// must equal extraction without a Site, field by field.
func TestSiteTestsiteUnchanged(t *testing.T) {
	pages := 60
	if testing.Short() {
		pages = 20
	}
	for _, fam := range testsite.Families() {
		t.Run(fam, func(t *testing.T) {
			site := NewSite(SiteOptions{})
			for pass := 0; pass < 2; pass++ {
				for n := 0; n < pages; n++ {
					page, ct, truth := testsite.RenderArticle(fam, 1, n)
					u, _ := url.Parse(truth.URL)
					a, err := Article(page, u, Options{ContentType: ct})
					if err != nil {
						t.Fatal(err)
					}
					b, err := Article(page, u, Options{ContentType: ct, Site: site})
					if err != nil {
						t.Fatal(err)
					}
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					if !bytes.Equal(ja, jb) {
						t.Errorf("pass %d page %d differs with the Site:\n%s", pass, n, lineDiff(string(ja), string(jb)))
					}
				}
			}
			if st := site.Stats(); st.Repeated == 0 {
				t.Errorf("the Site judged nothing repeated on %d pages: the check proves nothing (%+v)", pages, st)
			}
		})
	}
}

// TestSiteGoldenPages runs the golden pages through one shared Site twice: pages of unrelated
// portals share no template, so the output must stay the golden one.
func TestSiteGoldenPages(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	if len(files) == 0 {
		t.Fatal("no test pages")
	}
	site := NewSite(SiteOptions{})
	u, _ := url.Parse("https://so.example.gov.vn/tin/1")
	for pass := 0; pass < 2; pass++ {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pu := *u
			pu.Path = "/tin/" + filepath.Base(f)
			plain, _ := Article(b, &pu, Options{})
			got, _ := Article(b, &pu, Options{Site: site})
			ja, _ := json.Marshal(plain)
			jb, _ := json.Marshal(got)
			if !bytes.Equal(ja, jb) {
				t.Errorf("%s (pass %d) differs with a shared Site:\n%s", f, pass, lineDiff(string(ja), string(jb)))
			}
		}
	}
}
