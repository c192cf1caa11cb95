package warc

import (
	"bytes"
	"encoding/json"
	"net"
	"net/url"
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
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		key.WriteString(host) // IPv6 stays as it is
	} else {
		// Domains and IPv4 addresses are reversed part by part, as pywb's and warcio's
		// SURT do ("127.0.0.1" becomes "1,0,0,127").
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

// CDXJLine formats one CDXJ line (with its newline) for a response or revisit record.
func CDXJLine(uri string, date time.Time, mime string, status int, payloadDigest string, recordType string, offset, length int64, filename string) []byte {
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
	var b bytes.Buffer
	b.WriteString(SURT(uri))
	b.WriteByte(' ')
	b.WriteString(cdxTimestamp(date))
	b.WriteByte(' ')
	enc := json.NewEncoder(&b) // ends the line with its newline
	enc.SetEscapeHTML(false)   // "&" as is, like warcio and pywb
	enc.Encode(fields)
	return b.Bytes()
}

// RecordCDXJ returns the CDXJ line of a record read from a file, or nil for records that
// CDXJ does not list (warcinfo, request).
func RecordCDXJ(rec *Record, filename string) []byte {
	if rec.Type != TypeResponse && rec.Type != TypeRevisit {
		return nil
	}
	return CDXJLine(rec.TargetURI, rec.Date, MediaType(rec.ContentType()), rec.Status,
		rec.Fields.Get("WARC-Payload-Digest"), rec.Type, rec.Offset, rec.Length, filename)
}
