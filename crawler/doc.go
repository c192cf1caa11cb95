// Package crawler owns fetching: one polite, incremental, resumable crawl run of a site.
//
// It owns the colly collector (one limit rule per host, robots.txt with Crawl-delay and Sitemap
// lines, a User-Agent naming bantin and a contact URL), URL canonicalisation and trap guards,
// discovery through listing pages with pagination, sitemaps (index, gzip) and RSS/Atom feeds,
// retries with backoff and Retry-After, conditional revalidation of known pages, sites.yaml
// loading and cron schedules.
//
// It does not own storage or extraction: every response goes to an injected bantin.Archiver
// (before anything else looks at it), the crawl's memory lives in an injected bantin.Frontier,
// extraction is an injected function, and indexing an optional bantin.Indexer. colly's
// in-memory visited set is never relied on: the frontier decides what to fetch, and a bounded
// per-run seen set keeps one run from fetching a URL twice.
package crawler
