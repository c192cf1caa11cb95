package extract

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/bantin/bantin"
)

var aebVerbose = flag.Bool("aeb.v", false, "print per-page scores of the aeb-dev regression test")

// aebFloor is the body F1 measured on aeb-dev (0.9704) minus 0.01: a regression guard.
const aebFloor = 0.960

// aebDir finds ../shared/bench/aeb-dev beside the repository (CI puts shared/ there), or
// /work/shared.
func aebDir() string {
	for _, d := range []string{"../../shared/bench/aeb-dev", "/work/shared/bench/aeb-dev"} {
		if _, err := os.Stat(filepath.Join(d, "ground-truth.json")); err == nil {
			return d
		}
	}
	return ""
}

func TestAEBDev(t *testing.T) {
	dir := aebDir()
	if dir == "" {
		t.Skip("aeb-dev not found at ../shared/bench/aeb-dev (relative to the module root): skipping the F1 regression test")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatalf("ground truth: %v", err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var xs []prf
	listings := 0
	for _, id := range ids {
		page := readGz(t, filepath.Join(dir, "html", id+".html.gz"))
		u, _ := url.Parse(truth[id].URL)
		a, err := Article(page, u, Options{})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if a.Kind != bantin.KindArticle {
			listings++
			if *aebVerbose {
				t.Logf("%s classified as %s", id[:8], a.Kind)
			}
		}
		tp, fp, fn := shingleMatch(truth[id].ArticleBody, a.Text)
		x := prf{tp, fp, fn}
		xs = append(xs, x)
		if *aebVerbose {
			t.Logf("%s P=%.3f R=%.3f %s", id[:8], x.precision(), x.recall(), truth[id].URL)
		}
	}
	f1, p, r := macroF1(xs)
	t.Logf("aeb-dev: pages=%d body_f1=%.4f precision=%.4f recall=%.4f classified_listing=%d", len(xs), f1, p, r, listings)
	if listings > 2 {
		t.Errorf("%d aeb-dev article pages classified as listings (measured 0)", listings)
	}
	if f1 < aebFloor {
		t.Errorf("aeb-dev body F1 %.4f fell below the floor %.4f", f1, aebFloor)
	}
}

func readGz(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := gunzip(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

func gunzip(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
