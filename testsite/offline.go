package testsite

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// OfflineBase is the site URL RenderArticle uses for links and the truth URL.
const OfflineBase = "http://127.0.0.1:8000"

// RenderArticle renders article n of the family's portal as served at the start of the clock,
// with no HTTP: the page bytes (in the portal's charset), its Content-Type, and the truth.
// An unknown family gives a nil page and a zero Truth.
func RenderArticle(family string, seed int64, n int) (page []byte, contentType string, t Truth) {
	if familyByName(family) == nil || n < 0 {
		return nil, "", Truth{}
	}
	if seed == 0 {
		seed = 1
	}
	key := fmt.Sprint(family, "/", seed)
	v, ok := offlinePortals.Load(key)
	if !ok {
		p := newPortal(family, &timeline{seed: seed, start: DefaultStart, n0: 40})
		p.base = OfflineBase
		v, _ = offlinePortals.LoadOrStore(key, p)
	}
	p := v.(*portal)
	tl := p.tl
	pub := p.published(n)
	now := tl.start
	if pub.After(now) {
		now = pub
	}
	a := buildArticle(seed, p.key, n, 0, len(p.cats), p.dept, pub)
	a.Modified = pub
	var w pageBuf
	p.fam.article(&w.page, p, now, a)
	body := p.encode(p.extraLinks(w.Bytes(), now))
	return body, "text/html; charset=" + p.charset, p.truth(a)
}

// offlinePortals keeps one portal per (family, seed) so repeated renders share its title cache.
var offlinePortals sync.Map

type pageBuf struct{ page page }

func (b *pageBuf) Bytes() []byte { return b.page.Bytes() }

// SitesYAML returns the crawl configuration of Sites as a sites.yaml document.
func (s *Server) SitesYAML() []byte {
	var b strings.Builder
	b.WriteString("# sites.yaml written by bantin testsite\ncontact: https://github.com/bantin/bantin\nsites:\n")
	for _, site := range s.Sites() {
		fmt.Fprintf(&b, "  - name: %s\n    seeds: [%s]\n", site.Name, strings.Join(site.Seeds, ", "))
		if len(site.Sitemaps) > 0 {
			fmt.Fprintf(&b, "    sitemaps: [%s]\n", strings.Join(site.Sitemaps, ", "))
		}
		if len(site.Feeds) > 0 {
			fmt.Fprintf(&b, "    feeds: [%s]\n", strings.Join(site.Feeds, ", "))
		}
		if len(site.Exclude) > 0 {
			fmt.Fprintf(&b, "    exclude: ['%s']\n", strings.Join(site.Exclude, "', '"))
		}
		fmt.Fprintf(&b, "    delay: %s\n    parallelism: %d\n", site.Delay.Round(time.Millisecond), site.Parallelism)
		if site.MaxPages > 0 {
			fmt.Fprintf(&b, "    max_pages: %d\n", site.MaxPages)
		}
		if site.Schedule != "" {
			fmt.Fprintf(&b, "    schedule: %q\n", site.Schedule)
		}
	}
	return []byte(b.String())
}
