package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/extract"
	"github.com/bantin/bantin/testsite"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSiteRegistry: one model per host, whatever the letter case, "www." or path; none for a
// URL without a host or past the cap.
func TestSiteRegistry(t *testing.T) {
	r := newSiteRegistry("", 3)
	base := r.site(mustURL(t, "https://sovhtt.example.gov.vn/tin/1"))
	if base == nil {
		t.Fatal("no model for a host")
	}
	tests := []struct {
		url  string
		same bool
		none bool
	}{
		{"https://sovhtt.example.gov.vn/tin/2", true, false},
		{"http://WWW.SoVHTT.example.gov.vn/", true, false},
		{"https://sovhtt.example.gov.vn:8443/", false, false},
		{"https://sogd.example.gov.vn/", false, false},
		{"/relative/only", false, true},
		{"https://third.example.gov.vn/", false, true}, // the cap of 3 hosts is reached
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s := r.site(mustURL(t, tt.url))
			switch {
			case tt.none && s != nil:
				t.Errorf("got a model, want none")
			case !tt.none && s == nil:
				t.Errorf("no model")
			case tt.same != (s == base) && !tt.none:
				t.Errorf("same model as the first host: %v, want %v", s == base, tt.same)
			}
		})
	}
	if r.site(nil) != nil {
		t.Error("a model for a nil URL")
	}
}

// TestSiteRegistrySave: models learnt through the extractor are saved under the data
// directory and read back by the next process; a damaged file starts an empty model.
func TestSiteRegistrySave(t *testing.T) {
	dir := filepath.Join(t.TempDir(), siteModelDir)
	r := newSiteRegistry(dir, maxSiteModels)
	var hostURL *url.URL
	for n := 0; n < 12; n++ {
		page, ct, truth := testsite.RenderArticle("dnn", 1, n)
		hostURL = mustURL(t, truth.URL)
		if _, err := r.extract(page, hostURL, ct, bantin.Selectors{}); err != nil {
			t.Fatal(err)
		}
	}
	want := r.site(hostURL).Stats()
	if want.Pages == 0 || want.Repeated == 0 {
		t.Fatalf("the extractor did not learn in the host's model: %+v", want)
	}
	if err := r.save(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 || !strings.HasSuffix(files[0], ".site") {
		t.Fatalf("files after save: %v, want one model file", files)
	}
	info, _ := os.Stat(files[0])
	if err := r.save(); err != nil { // nothing learnt since: nothing written
		t.Fatal(err)
	}
	if again, _ := os.Stat(files[0]); !os.SameFile(info, again) {
		t.Error("an unchanged model was written again")
	}

	next := newSiteRegistry(dir, maxSiteModels)
	if got := next.site(hostURL).Stats(); got != want {
		t.Errorf("the next process reads %+v, want %+v", got, want)
	}

	if err := os.WriteFile(files[0], []byte("bantin-site\x01 torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	damaged := newSiteRegistry(dir, maxSiteModels)
	if got := damaged.site(hostURL).Stats(); got != (extract.SiteStats{}) {
		t.Errorf("a damaged file gives %+v, want an empty model", got)
	}
}

// TestCrawlSavesSiteModels: a crawl (the demo) extracts through per-host models and leaves
// one model file per portal in the data directory.
func TestCrawlSavesSiteModels(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if out, _, err := cli(t, "demo", "--serve=false", "--articles", "6", "--data", data); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(data, siteModelDir, "*.site"))
	if len(files) != len(testsite.Families()) {
		t.Fatalf("%d site models after the demo, want one per portal (%d): %v", len(files), len(testsite.Families()), files)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := extract.ReadSite(fh, extract.SiteOptions{})
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if st := s.Stats(); st.Pages < 6 || st.Repeated == 0 {
			t.Errorf("%s: %+v, want the portal's pages learnt and its template found", filepath.Base(f), st)
		}
	}
}
