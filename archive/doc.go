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
// Guarantees and recovery:
//
//   - Never lost: an acknowledged capture (Capture returned without error). Its record is
//     fsynced in its WARC file and its row committed before Capture returns; SIGKILL, a full
//     disk or a power cut afterwards do not take it back.
//   - After a crash: the next writer's Open scans every WARC file not marked closed, cuts a
//     torn last record off, rewrites its CDXJ index, drops catalog rows pointing past the cut
//     (none for acknowledged captures) and puts their URLs back in the frontier queue, so the
//     next crawl fetches them again. Runs left "running" become "interrupted" at the next
//     StartRun of their site.
//   - Disk full: Capture fails with an error naming the URL and the file ("no space left on
//     device" or SQLite's "database or disk is full"); a partly written record is cut off
//     again at once, and what was acknowledged stays readable.
//   - Catalog lost or damaged: the WARC files alone are enough. Move catalog.sqlite* away,
//     Open creates an empty catalog, and Rebuild re-files every capture (revisits resolved)
//     for `bantin reindex` to re-extract articles from.
//   - IntegrityCheck runs SQLite's integrity check, reads every record of every WARC file
//     checking its digests, and checks that every capture row points inside its file.
//
// The package does not fetch (crawler), extract (extract) or index (index); it stores what it
// is given and hands it back through Entries, WalkResponses and OpenRecord.
package archive
