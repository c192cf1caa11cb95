// Package extract turns the bytes of one fetched page into a *bantin.Article: it decodes the
// charset (windows-1258 included) to NFC UTF-8, finds the title, dates, author, lead, tags,
// language, canonical URL, images with captions and attachments, and keeps the article body
// while dropping the portal's boilerplate (menus, sidebars, rating and comment widgets, visit
// counters, share/print links, related-news lists, footers).
//
// The body is found generically, without per-site rules: schema.org JSON-LD and itemprop
// markup, semantic tags, text and link density, paragraph structure, the position relative to
// the headline, and Vietnamese boilerplate vocabulary. Optional per-site selectors
// (bantin.Selectors) may override it for the rare portal the generic path gets wrong.
//
// One signal needs more than the page: blocks repeated across the pages of a site (its
// template: widgets, notices, disclaimers with words no vocabulary lists). A Site, passed in
// Options.Site by the caller that extracts many pages of one site, learns them and drops them;
// results then depend on the pages seen before (see Site). Without it extraction is pure: no
// network, no global mutable state, safe for concurrent use. It does not fetch, archive or
// index anything, nor store a Site; those are the crawler's, archive's, index's and the
// command's jobs.
package extract
