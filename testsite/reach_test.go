package testsite

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// TestReachability walks each portal the way a crawler would, from the home page through
// listings (and the sitemap or feed where the family needs them), and checks every live article
// of the truth is reachable, also after the clock has moved two months.
func TestReachability(t *testing.T) {
	s := startServer(t, Options{Articles: 60, Seed: 7})
	for _, adv := range []time.Duration{0, 61 * 24 * time.Hour} {
		s.Advance(adv)
		for _, p := range s.portals {
			t.Run(p.Family+"/"+adv.String(), func(t *testing.T) {
				found := map[string]bool{}
				seen := map[string]bool{}
				queue := []string{"/"}
				if p.Family == "dnn" { // its pager is JavaScript only
					_, _, sm := get(t, p.base+p.sitemapPath())
					var us struct {
						Loc []string `xml:"url>loc"`
					}
					if err := xml.Unmarshal(sm, &us); err != nil {
						t.Fatal(err)
					}
					for _, l := range us.Loc {
						found[l] = true
					}
				}
				for len(queue) > 0 && len(seen) < 2000 {
					path := queue[0]
					queue = queue[1:]
					if seen[path] {
						continue
					}
					seen[path] = true
					st, _, b := get(t, p.base+path)
					if st != 200 {
						continue
					}
					for _, h := range hrefs(b) {
						u := mustURL(t, p.base+"/").ResolveReference(mustURL(t, h))
						if u.Host != mustURL(t, p.base).Host {
							continue
						}
						rt, ok := p.fam.route(p, u)
						switch {
						case !ok:
						case rt.kind == "article":
							u.RawQuery, u.Fragment = "", ""
							if p.Family == "sharepoint" {
								u.RawQuery = mustURL(t, p.fam.articlePath(p, rt.n)).RawQuery
							}
							found[u.String()] = true
						default:
							queue = append(queue, u.RequestURI())
						}
					}
				}
				missing := 0
				var example string
				truth := 0
				for _, tr := range s.Truth() {
					if tr.Site != p.Name {
						continue
					}
					truth++
					if !found[tr.URL] {
						missing++
						example = tr.URL
					}
				}
				t.Logf("%d listing pages walked, %d of %d articles reachable", len(seen), truth-missing, truth)
				if missing > 0 {
					t.Fatalf("%d of %d live articles unreachable, e.g. %s", missing, truth, strings.TrimPrefix(example, p.base))
				}
			})
		}
	}
}
