package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/extract"
)

// siteModelDir holds, under the data directory, one file per host with what extraction learnt
// of the host's template (extract.Site): without it every process would learn it again, and
// extract the first pages of each site differently from the later ones, making spurious
// article versions at each start.
const siteModelDir = "sites"

// maxSiteModels caps the hosts given a model: each holds up to about 2 MB, and a crawl
// covers the configured portals, not thousands of hosts. Past the cap, pages of a new host
// are extracted without a model (as `bantin extract` does).
const maxSiteModels = 1024

// siteRegistry hands out one extract.Site per host for a data directory, loading it from
// and saving it to dir ("" keeps them in memory only). Safe for concurrent use.
type siteRegistry struct {
	dir string
	max int

	mu    sync.Mutex
	sites map[string]*siteEntry

	saveMu sync.Mutex // one save at a time
}

type siteEntry struct {
	site  *extract.Site
	saved int // pages the file holds
}

func newSiteRegistry(dir string, max int) *siteRegistry {
	return &siteRegistry{dir: dir, max: max, sites: map[string]*siteEntry{}}
}

// extract adapts extract.Article to the crawler's injected extractor: every page of a host
// learns in, and is judged by, that host's extract.Site.
func (r *siteRegistry) extract(page []byte, u *url.URL, contentType string, sel bantin.Selectors) (*bantin.Article, error) {
	return extract.Article(page, u, extract.Options{ContentType: contentType, Selectors: sel, Site: r.site(u)})
}

// siteKey is the host of u in lower case without "www.", "" without a host.
func siteKey(u *url.URL) string {
	if u == nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Host), "www.")
}

// siteFile names the model file of a host: letters, digits, dots and dashes kept, anything
// else (the port's colon) as "_".
func siteFile(host string) string {
	b := []byte(host)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			b[i] = '_'
		}
	}
	return strings.TrimLeft(string(b), ".") + ".site"
}

// site returns the model of u's host, read from its file on first use (a missing, damaged or
// unreadable file starts an empty model); nil for a URL without a host, or past the cap.
func (r *siteRegistry) site(u *url.URL) *extract.Site {
	host := siteKey(u)
	if host == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e := r.sites[host]; e != nil {
		return e.site
	}
	if len(r.sites) >= r.max {
		return nil
	}
	e := &siteEntry{site: r.load(host)}
	e.saved = e.site.Stats().Pages
	r.sites[host] = e
	return e.site
}

func (r *siteRegistry) load(host string) *extract.Site {
	if r.dir == "" {
		return extract.NewSite(extract.SiteOptions{})
	}
	path := filepath.Join(r.dir, siteFile(host))
	f, err := os.Open(path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			slog.Warn("site model unreadable: learning the site's template again", "host", host, "file", path, "err", err)
		}
		return extract.NewSite(extract.SiteOptions{})
	}
	defer f.Close()
	s, err := extract.ReadSite(f, extract.SiteOptions{})
	if err != nil {
		slog.Warn("site model damaged: learning the site's template again", "host", host, "file", path, "err", err)
		return extract.NewSite(extract.SiteOptions{})
	}
	return s
}

// save writes the models that learnt pages since they were read or last saved, each to a
// temporary file renamed over the old one, so that a crash leaves the old or the new model.
// It returns the first error; the models stay in memory either way.
func (r *siteRegistry) save() error {
	if r.dir == "" {
		return nil
	}
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	type job struct {
		host  string
		e     *siteEntry
		pages int
	}
	var jobs []job
	r.mu.Lock()
	for host, e := range r.sites {
		if p := e.site.Stats().Pages; p != e.saved {
			jobs = append(jobs, job{host, e, p})
		}
	}
	r.mu.Unlock()
	if len(jobs) == 0 {
		return nil
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return fmt.Errorf("save site models: %w", err)
	}
	var first error
	for _, j := range jobs {
		if err := writeSite(filepath.Join(r.dir, siteFile(j.host)), j.e.site); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		r.mu.Lock()
		j.e.saved = j.pages
		r.mu.Unlock()
	}
	return first
}

func writeSite(path string, s *extract.Site) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.site")
	if err != nil {
		return fmt.Errorf("save site model %s: %w", path, err)
	}
	_, err = s.WriteTo(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("save site model %s: %w", path, err)
	}
	return nil
}

// saveLogged saves the models, logging a failure: a lost model only costs learning again.
func (r *siteRegistry) saveLogged() {
	if err := r.save(); err != nil {
		slog.Warn("site models not saved", "err", err)
	}
}

// saveOnFinish saves the site models at the end of every crawl run, so that a long-running
// `bantin serve --schedule` killed later keeps what its earlier runs learnt.
type saveOnFinish struct {
	crawler.Progress
	sites *siteRegistry
}

// Finished implements crawler.Progress.
func (p saveOnFinish) Finished(run bantin.Run, err error) {
	p.sites.saveLogged()
	p.Progress.Finished(run, err)
}
