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
// Extraction is pure: no network, no global mutable state, safe for concurrent use. It does not
// fetch, archive or index anything; those are the crawler's, archive's and index's jobs.
package extract
