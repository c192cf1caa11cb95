package extract

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffAEB prints, for the aeb-dev page whose id starts with $AEB_ID, the extracted
// paragraphs missing from the truth (+) and the truth paragraphs not extracted (-).
func TestDiffAEB(t *testing.T) {
	id := os.Getenv("AEB_ID")
	dir := aebDir()
	if id == "" || dir == "" {
		t.Skip("set AEB_ID to a page id prefix")
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	var truth map[string]struct{ ArticleBody, URL string }
	json.Unmarshal(raw, &truth)
	for k, v := range truth {
		if !strings.HasPrefix(k, id) {
			continue
		}
		page := readGz(t, filepath.Join(dir, "html", k+".html.gz"))
		u, _ := url.Parse(v.URL)
		a, _ := Article(page, u, Options{})
		ts := shingles(v.ArticleBody)
		ps := shingles(a.Text)
		fmt.Println("TITLE:", a.Title)
		for _, p := range strings.Split(a.Text, "\n\n") {
			sh := shingles(p)
			miss := 0
			for s := range sh {
				if ts[s] == 0 {
					miss++
				}
			}
			if miss*2 > len(sh) {
				fmt.Printf("+ %.200s\n", p)
			}
		}
		for _, p := range strings.Split(v.ArticleBody, "\n") {
			sh := shingles(p)
			miss := 0
			for s := range sh {
				if ps[s] == 0 {
					miss++
				}
			}
			if miss*2 > len(sh) && len(sh) > 0 {
				fmt.Printf("- %.200s\n", p)
			}
		}
	}
}
