package main

import (
	"net/url"
	"strings"
	"sync"

	"github.com/bantin/bantin/extract"
)

// maxSiteModels caps the hosts given a model: each holds up to about a megabyte, and a crawl
// covers the configured portals, not thousands of hosts. Past the cap, pages of a new host
// are extracted without a model (as `bantin extract` does).
const maxSiteModels = 1024

// siteModels is the process's one extract.Site per host.
var siteModels = newSiteRegistry(maxSiteModels)

// siteRegistry hands out one extract.Site per host, safe for concurrent use.
type siteRegistry struct {
	mu    sync.Mutex
	max   int
	sites map[string]*extract.Site
}

func newSiteRegistry(max int) *siteRegistry {
	return &siteRegistry{max: max, sites: map[string]*extract.Site{}}
}

// site returns the model of u's host ("www." and letter case ignored), creating it on first
// use; nil for a URL without a host, or past the cap.
func (r *siteRegistry) site(u *url.URL) *extract.Site {
	if u == nil {
		return nil
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	if host == "" {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sites[host]
	if s == nil && len(r.sites) < r.max {
		s = extract.NewSite(extract.SiteOptions{})
		r.sites[host] = s
	}
	return s
}
