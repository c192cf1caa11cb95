package extract

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

// Page is one benchmark page with its truth. HasMeta says whether Title and Published are
// known (testsite) or not (aeb-dev gives the body only).
type Page struct {
	ID          string
	URL         string
	HTML        []byte
	ContentType string
	Text        string
	Title       string
	Published   bantin.Timestamp
	HasMeta     bool
}

// LoadAEB reads aeb-dev: ground-truth.json and html/<id>.html.gz.
func LoadAEB(dir string) ([]Page, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("aeb-dev: %w", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("aeb-dev: ground-truth.json: %w", err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]Page, 0, len(ids))
	for _, id := range ids {
		name := filepath.Join(dir, "html", id+".html.gz")
		b, err := readGzip(name)
		if err != nil {
			return nil, fmt.Errorf("aeb-dev: %s: %w", name, err)
		}
		pages = append(pages, Page{ID: id, URL: truth[id].URL, HTML: b, ContentType: "text/html; charset=utf-8", Text: truth[id].ArticleBody})
	}
	return pages, nil
}

func readGzip(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// TestsitePages renders n articles of a simulated portal family with their truth.
func TestsitePages(family string, seed int64, n int) []Page {
	pages := make([]Page, 0, n)
	for i := 0; i < n; i++ {
		b, ct, t := testsite.RenderArticle(family, seed, i)
		if b == nil {
			continue
		}
		pages = append(pages, Page{ID: fmt.Sprintf("%s-%d", family, i), URL: t.URL, HTML: b, ContentType: ct,
			Text: t.Text, Title: t.Title, Published: t.Published, HasMeta: true})
	}
	return pages
}
