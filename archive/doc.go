// Package archive is bantin's source of truth: it writes every HTTP exchange the crawler makes
// into WARC/1.1 files (one gzip member per record, a warcinfo record per file, request and
// response records, revisit records for payloads seen before, a CDXJ index beside each file),
// reads them back, and keeps the SQLite catalog of captures, articles, versions, crawl runs and
// the crawl frontier. It also owns the data-directory lock that keeps to one writer at a time,
// and the crash repair that cuts a torn last record off a WARC file after a crash.
//
// Layout of a data directory:
//
//	catalog.sqlite   WAL mode, migrations embedded (migrations/*.sql)
//	warc/<site>-<UTC timestamp>-<seq>.warc.gz and .cdxj beside each
//	lock             flock(2)ed by the single writer; holds its pid, command and socket
//
// Ordering ("archive first"): a capture is acknowledged only after its WARC record has been
// fsynced and its catalog row committed with synchronous=FULL. Concurrent captures share one
// WARC fsync and one transaction (group commit). Other catalog writes (articles, frontier,
// runs) commit with synchronous=NORMAL: they survive a process crash, and what a power cut
// could take back is rebuilt from the WARC files (Rebuild) or fetched again.
//
// The WARC byte format itself (records, digests, reader, CDXJ lines) is package archive/warc.
//
// The package does not fetch (crawler), extract (extract) or index (index); it stores what it
// is given and hands it back through Entries, WalkResponses and OpenRecord.
package archive
