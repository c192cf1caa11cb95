package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SURT returns the Sort-friendly URI Reordering Transform of a URL as pywb writes it in CDXJ
// keys: "vn,gov,hanoi)/tin-tuc?a=1&b=2" (host reversed without www, lower case, query sorted).
// A URL that does not parse is returned lower-cased.
func SURT(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	var key strings.Builder
	if net.ParseIP(host) != nil {
		key.WriteString(host)
	} else {
		host = wwwPrefix.ReplaceAllString(host, "")
		parts := strings.Split(host, ".")
		for i := len(parts) - 1; i >= 0; i-- {
			key.WriteString(parts[i])
			if i > 0 {
				key.WriteByte(',')
			}
		}
	}
	if port != "" {
		key.WriteString(":" + port)
	}
	key.WriteByte(')')
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	key.WriteString(strings.ToLower(path))
	if u.RawQuery != "" {
		q := strings.Split(strings.ToLower(u.RawQuery), "&")
		sort.Strings(q)
		key.WriteString("?" + strings.Join(q, "&"))
	}
	return key.String()
}

var wwwPrefix = regexp.MustCompile(`^www\d*\.`)

// cdxTimestamp is the 14-digit UTC timestamp of CDX indexes.
func cdxTimestamp(t time.Time) string { return t.UTC().Format("20060102150405") }

// cdxjLine formats one CDXJ line (with its newline) for a response or revisit record.
func cdxjLine(uri string, date time.Time, mime string, status int, payloadDigest string, recordType string, offset, length int64, filename string) []byte {
	if recordType == TypeRevisit {
		mime = "warc/revisit"
	}
	if mime == "" {
		mime = "unk"
	}
	fields := struct {
		URL      string `json:"url"`
		Mime     string `json:"mime"`
		Status   string `json:"status"`
		Digest   string `json:"digest"`
		Length   string `json:"length"`
		Offset   string `json:"offset"`
		Filename string `json:"filename"`
	}{uri, mime, strconv.Itoa(status), strings.TrimPrefix(payloadDigest, "sha1:"),
		strconv.FormatInt(length, 10), strconv.FormatInt(offset, 10), filename}
	js, _ := json.Marshal(fields)
	var b bytes.Buffer
	b.WriteString(SURT(uri))
	b.WriteByte(' ')
	b.WriteString(cdxTimestamp(date))
	b.WriteByte(' ')
	b.Write(js)
	b.WriteByte('\n')
	return b.Bytes()
}

// recordCDXJ returns the CDXJ line of a record read from a file, or nil for records that
// CDXJ does not list (warcinfo, request).
func recordCDXJ(rec *Record, filename string) []byte {
	if rec.Type != TypeResponse && rec.Type != TypeRevisit {
		return nil
	}
	return cdxjLine(rec.TargetURI, rec.Date, mediaType(rec.ContentType()), rec.Status,
		rec.Fields.Get("WARC-Payload-Digest"), rec.Type, rec.Offset, rec.Length, filename)
}

// sortCDXJ sorts the lines of a CDXJ file in place (by SURT key, then timestamp), as replay
// tools expect for binary search. The rewrite goes through a temporary file and a rename.
func sortCDXJ(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("archive: sort cdxj %s: %w", path, err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	kept := lines[:0]
	for _, l := range lines {
		if len(l) > 0 && l[len(l)-1] == '\n' { // drop a torn last line
			kept = append(kept, l)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return bytes.Compare(kept[i], kept[j]) < 0 })
	return writeFileAtomic(path, bytes.Join(kept, nil))
}

// writeFileAtomic replaces path with data through a synced temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("archive: write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("archive: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("archive: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("archive: close %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("archive: rename %s: %w", path, err)
	}
	return nil
}
