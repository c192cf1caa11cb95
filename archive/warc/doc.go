// Package warc reads and writes the WARC/1.1 format as bantin uses it: one gzip member per
// record, response records holding the HTTP response as the server sent it, request records
// linked by WARC-Concurrent-To, revisit records for identical payloads, SHA-1 base32 block and
// payload digests, and CDXJ index lines with SURT keys, as Webrecorder's warcio and pywb expect.
//
// It owns the byte format only: files, the catalog and crash repair belong to package archive.
// The reader is written for untrusted input: it returns errors wrapping ErrCorrupt and never
// panics, whatever the bytes (FuzzReadWARC).
package warc
