package crawler

import (
	"time"

	"github.com/temoto/robotstxt"
)

// robots is what one host's robots.txt says to bantin.
type robots struct {
	group      *robotstxt.Group // nil: everything allowed
	disallowed bool             // robots.txt could not be read (5xx): nothing allowed this run
	CrawlDelay time.Duration
	Sitemaps   []string
}

// parseRobots interprets a robots.txt response: 2xx is parsed, 4xx allows everything, other
// statuses (5xx after retries) disallow the host for this run, as RFC 9309 asks.
func parseRobots(status int, body []byte, agent string) *robots {
	switch {
	case status >= 200 && status < 300:
	case status >= 400 && status < 500:
		return &robots{}
	default:
		return &robots{disallowed: true}
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		return &robots{} // unparsable: treat as absent
	}
	r := &robots{Sitemaps: data.Sitemaps}
	r.group = data.FindGroup(agent)
	if r.group != nil {
		r.CrawlDelay = r.group.CrawlDelay
	}
	return r
}

// allowed reports whether a path (with query) may be fetched.
func (r *robots) allowed(pathQuery string) bool {
	if r == nil {
		return true
	}
	if r.disallowed {
		return false
	}
	if r.group == nil {
		return true
	}
	return r.group.Test(pathQuery)
}
