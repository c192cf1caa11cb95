package extract

import (
	"fmt"
	"net/url"
	"os"
	"testing"
)

// TestDebugPage prints the extraction of the page in $EXTRACT_DEBUG (a .html or .html.gz).
func TestDebugPage(t *testing.T) {
	p := os.Getenv("EXTRACT_DEBUG")
	if p == "" {
		t.Skip("set EXTRACT_DEBUG=file to print one page's extraction")
	}
	var page []byte
	if len(p) > 3 && p[len(p)-3:] == ".gz" {
		page = readGz(t, p)
	} else {
		var err error
		if page, err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	u, _ := url.Parse(os.Getenv("EXTRACT_URL"))
	a, err := Article(page, u, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("TITLE: %s\nPUB: %s MOD: %s\nAUTHOR: %s\nLEAD: %s\nKIND: %s LANG: %s\nTAGS: %v\nIMAGES: %v\nATT: %v\n---\n%s\n", a.Title, a.Published, a.Modified, a.Author, a.Lead, a.Kind, a.Lang, a.Tags, a.Images, a.Attachments, a.Text)
}
