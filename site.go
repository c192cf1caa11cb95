package bantin

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// ArticleID returns the stable short identifier of an article: the first 16 hex digits of the
// SHA-256 of its canonical URL.
func ArticleID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}

// Site is one department portal to crawl, as sites.yaml describes it.
type Site struct {
	Name            string        `json:"name" yaml:"name"`
	Seeds           []string      `json:"seeds" yaml:"seeds"`
	Hosts           []string      `json:"hosts,omitempty" yaml:"hosts"` // allowed hosts; default: the seeds' hosts
	ArticlePatterns []string      `json:"article_patterns,omitempty" yaml:"article_patterns"`
	ListingPatterns []string      `json:"listing_patterns,omitempty" yaml:"listing_patterns"`
	Exclude         []string      `json:"exclude,omitempty" yaml:"exclude"` // URL regexps never fetched
	Sitemaps        []string      `json:"sitemaps,omitempty" yaml:"sitemaps"`
	Feeds           []string      `json:"feeds,omitempty" yaml:"feeds"`
	Delay           time.Duration `json:"delay" yaml:"delay"`                 // between requests to one host
	Parallelism     int           `json:"parallelism" yaml:"parallelism"`     // requests in flight per host
	Schedule        string        `json:"schedule,omitempty" yaml:"schedule"` // cron expression
	MaxPages        int           `json:"max_pages,omitempty" yaml:"max_pages"`
	Selectors       Selectors     `json:"selectors,omitempty" yaml:"selectors"`
}

// Selectors are optional per-site CSS selectors that override generic extraction for the rare
// portal it gets wrong. Empty fields leave the generic path in charge.
type Selectors struct {
	Title     string   `json:"title,omitempty" yaml:"title"`
	Body      string   `json:"body,omitempty" yaml:"body"`
	Published string   `json:"published,omitempty" yaml:"published"`
	Author    string   `json:"author,omitempty" yaml:"author"`
	Remove    []string `json:"remove,omitempty" yaml:"remove"`
}

// Run is one crawl of one site, with its counts.
type Run struct {
	ID        int64     `json:"id"`
	Site      string    `json:"site"`
	Started   time.Time `json:"started"`
	Finished  time.Time `json:"finished,omitzero"`
	Status    string    `json:"status"` // running, ok, failed, interrupted
	Fetched   int       `json:"fetched"`
	New       int       `json:"new"`
	Changed   int       `json:"changed"`
	Unchanged int       `json:"unchanged"`
	Gone      int       `json:"gone"`
	Errors    int       `json:"errors"`
}
