package extract

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
	"golang.org/x/net/html"
)

// TestKindOnTestsite serves the simulated portals on loopback and checks that article pages
// come out as articles and home and category pages as listings.
func TestKindOnTestsite(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	srv, err := testsite.Start(ctx, testsite.Options{Articles: 40, CrawlDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	articles := map[string]bool{}
	for _, tr := range srv.Truth() {
		articles[tr.URL] = true
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, p := range srv.Portals {
		t.Run(p.Family, func(t *testing.T) {
			home, ct := fetch(t, ctx, client, p.URL)
			hu, _ := url.Parse(p.URL)
			checkKind(t, home, ct, hu, bantin.KindListing)
			seen := map[string]bool{}
			counts := map[string]int{}
			defer func() {
				if counts[bantin.KindArticle] == 0 || counts[bantin.KindListing] == 0 {
					t.Errorf("checked %v pages: want both kinds", counts)
				}
			}()
			for _, link := range pageLinks(home, ct, hu) {
				if len(seen) >= 25 || seen[link] {
					continue
				}
				lu, err := url.Parse(link)
				if err != nil || lu.Host != hu.Host || lu.RawQuery != "" || strings.Contains(lu.Path, "lich-cong-tac") ||
					strings.Contains(lu.Path, "/upload") || strings.Contains(lu.Path, "/images") || strings.HasSuffix(lu.Path, ".xml") {
					continue
				}
				seen[link] = true
				body, ct, final := fetchFinal(t, ctx, client, link)
				if body == nil || !strings.Contains(ct, "html") {
					continue
				}
				fu, _ := url.Parse(final)
				a, err := Article(body, fu, Options{ContentType: ct})
				if err != nil {
					t.Fatal(err)
				}
				// An article page is one whose canonical URL the truth lists (links may be
				// redirects or URL variants of it).
				want := bantin.KindListing
				if articles[final] || articles[a.Canonical] {
					want = bantin.KindArticle
				}
				counts[want]++
				if a.Kind != want {
					t.Errorf("%s (canonical %s): kind %q, want %q (title %q, %d runes of text)", final, a.Canonical, a.Kind, want, a.Title, runeLen(a.Text))
				}
			}
		})
	}
}

func fetch(t *testing.T, ctx context.Context, c *http.Client, u string) ([]byte, string) {
	t.Helper()
	b, ct, _ := fetchFinal(t, ctx, c, u)
	return b, ct
}

// fetchFinal also returns the URL after redirects.
func fetchFinal(t *testing.T, ctx context.Context, c *http.Client, u string) ([]byte, string, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, "", ""
	}
	return b, resp.Header.Get("Content-Type"), resp.Request.URL.String()
}

func checkKind(t *testing.T, page []byte, ct string, u *url.URL, want string) {
	t.Helper()
	a, err := Article(page, u, Options{ContentType: ct})
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	if a.Kind != want {
		t.Errorf("%s: kind %q, want %q (title %q, %d runes of text)", u, a.Kind, want, a.Title, runeLen(a.Text))
	}
}

func pageLinks(page []byte, ct string, base *url.URL) []string {
	s, err := Decode(page, ct)
	if err != nil {
		return nil
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil
	}
	var out []string
	eachLink(root, func(a *html.Node) {
		if r := resolve(base, attr(a, "href")); r != "" {
			out = append(out, strings.SplitN(r, "#", 2)[0])
		}
	})
	return out
}
