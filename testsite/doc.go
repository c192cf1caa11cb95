// Package testsite simulates Vietnamese government department news portals for tests, the demo
// and benchmarks. It owns the simulated portals, their markup, their clock, their faults and
// the ground truth of every article. It does not crawl, extract, archive or index anything.
//
// # Portals
//
// Five families, each on its own loopback port, each modelled on real portals:
//
//   - liferay (so-vhttdl-liferay): VNPT Liferay portlets, p_p_id_101_INSTANCE_... ids,
//     /cat/-/asset_publisher/INST/content/slug-N articles, _cur=N paging, ?redirect= on links
//     from listings, a ;jsessionid= variant, sitemap.xml and RSS.
//   - sharepoint (so-tnmt-sharepoint): ctl00_PlaceHolderMain_... ids, a __VIEWSTATE, Page=N
//     paging, the h1 outside the body container and the lead as the first bold paragraph of the
//     rich-text field. Neither sitemap nor RSS: crawl the listings.
//   - dnn (so-gddt-dnn): DotNetNuke with EasyDNNnews, dnn_ctrNNN_... ids; the listing pager only
//     works through __doPostBack, so articles beyond the first page are found via sitemap.xml and
//     RSS. JSON-LD on articles.
//   - php (so-yte-php): a home-grown PHP site with #news-title, #news-des, #news-detail and
//     /trang-N paging, no canonical link on one article page in three (phpCanonical), served
//     in windows-1258 (tone marks as combining characters), with
//     Crawl-delay in robots.txt (Options.CrawlDelay), RSS and a ?sid= variant.
//   - wordpress (ttvh-wordpress): a unit's WordPress site, /YYYY/MM/DD/slug-N/ permalinks, ?p=N
//     short links, /category/x/page/N/ paging, a sitemap index, a feed, JSON-LD, text in NFD.
//
// Every page carries the boilerplate of the real thing (menus, breadcrumbs, search box, "Tin
// mới" and "Tin xem nhiều" sidebars, "Liên kết website", rating widget, comment form with
// captcha, share and print buttons, "Các tin khác"/"Tin liên quan" with dates, tags, visit
// counters, a long footer, scripts and inline styles) with the class names such portals use.
// Every portal also has: robots.txt with Disallow rules (/__truth.jsonl among them), tiny real
// PNG/JPEG images (about one in twelve is missing: 404), minimal valid PDF attachments under
// /uploads/, URL variants of the same article (?print=1, utm_*, session ids, trailing slash)
// with <link rel="canonical"> to the clean URL on most pages, an endless work calendar (/lich-cong-tac, a
// crawler trap), a broken link, and /tin-cu/N which redirects (301) to article N. Responses
// carry ETag (and Last-Modified on articles) and answer conditional GETs with 304. All but the
// php portal gzip text answers for clients that send Accept-Encoding: gzip (weak ETag, Vary).
//
// # Time
//
// Article i of a portal is generated on demand from (seed, portal, i); nothing is stored, so a
// portal scales to any number of articles. Options.Articles exist when the clock starts,
// published four a day in office hours on the days before the start date; from the day after
// the start date on, four more appear each simulated day. Within 4 days of appearing (or of the
// clock's start) about 15% of articles are edited once (title and body change, Last-Modified
// moves) and about 8% are deleted (404 or 410). Advance or POST /__clock?advance=48h (on the hub
// or any portal) moves the clock; with Options.Speed it also runs with the wall clock.
//
// # Truth
//
// /__truth.jsonl (hub: every portal; portal: its own) has one JSON line per live article:
// url (canonical), site, title, lead, author, text, published. The rules of text, which is
// what a perfect extractor returns for the body:
//
//   - NFC, paragraphs separated by "\n\n", each paragraph's inner whitespace as on the page;
//   - in body order: paragraphs, in-body headings, numbered task paragraphs ("1. ..." with their
//     number, which is text on the page), list items of <ul> and <ol> one per paragraph
//     (without bullets or numbers: an <ol>'s numbers are not text), tables one row per
//     paragraph with the cells joined by " | ", image captions (alt text is not text), and the
//     closing signature ("Minh Thu - Phòng Quản lý Văn hóa") and source ("Nguồn: ...") lines;
//   - a paragraph is a <p> or <div> block, or, on some php articles, a run of text ended by
//     <br><br>; empty paragraphs (<p>&nbsp;</p>) are not paragraphs;
//   - without the title, the lead (sapo; given apart as lead, "" when the article has none),
//     the date line, a byline shown apart from the body, attachments, tags, in-body "Xem thêm:"
//     link lines to other articles, and all boilerplate.
//
// author is the byline when the page shows one apart from the body, else the name in the
// signature line, else "". published is RFC 3339 in +07:00, or YYYY-MM-DD when the page shows
// no time of day.
//
// # Faults and the hostile portal
//
// With Options.Faults = r, a share r of requests (not /__ paths) fails transiently: 500, 503
// (half with Retry-After: 1), connection reset, a slow answer (1–2 s, then served), or a body
// shorter than its Content-Length. The draw is seeded per (URL, attempt), so a retry can succeed.
// Options.Hostile adds a misbehaving portal; see hostile.go for its fixed paths.
package testsite
