package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// WARC record types bantin writes.
const (
	TypeWarcinfo = "warcinfo"
	TypeRequest  = "request"
	TypeResponse = "response"
	TypeRevisit  = "revisit"
)

// RevisitProfile is the WARC-Profile of revisit records for an identical payload.
const RevisitProfile = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"

const (
	warcVersion = "WARC/1.1"
	warcDate    = "2006-01-02T15:04:05.000000Z"
	ctResponse  = "application/http; msgtype=response"
	ctRequest   = "application/http; msgtype=request"
)

// Field is one WARC header field, in the order it appears in the record.
type Field struct {
	Name, Value string
}

// Fields is a WARC header in order; Get looks names up case-insensitively.
type Fields []Field

// Get returns the value of the first field called name, or "".
func (fs Fields) Get(name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Digest returns "sha1:BASE32" of b, as WARC-Block-Digest and WARC-Payload-Digest spell it.
func Digest(b ...[]byte) string {
	h := sha1.New()
	for _, p := range b {
		h.Write(p)
	}
	return "sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil))
}

// NewRecordID returns a fresh "<urn:uuid:...>" (random, version 4).
func NewRecordID() string {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// FormatDate writes t in UTC with microseconds, as WARC/1.1 allows.
func FormatDate(t time.Time) string { return t.UTC().Format(warcDate) }

// encodeRecord serialises one WARC record (header fields, block) into buf.
func encodeRecord(buf *bytes.Buffer, fields Fields, block ...[]byte) {
	n := 0
	for _, b := range block {
		n += len(b)
	}
	buf.WriteString(warcVersion + "\r\n")
	for _, f := range fields {
		buf.WriteString(f.Name)
		buf.WriteString(": ")
		buf.WriteString(sanitizeFieldValue(f.Value))
		buf.WriteString("\r\n")
	}
	buf.WriteString("Content-Length: ")
	buf.WriteString(strconv.Itoa(n))
	buf.WriteString("\r\n\r\n")
	for _, b := range block {
		buf.Write(b)
	}
	buf.WriteString("\r\n\r\n")
}

// sanitizeFieldValue keeps header values on one line: a CR or LF from a hostile server must
// not forge WARC fields.
func sanitizeFieldValue(v string) string {
	if !strings.ContainsAny(v, "\r\n") {
		return v
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
}

var (
	gzipPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
		return w
	}}
	gzipFastPool = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return w
	}}
)

// smallRecord is the size under which a record is compressed at gzip.BestSpeed: resetting a
// DefaultCompression writer clears 640 KB of match tables, which costs more than compressing
// a request record of a few hundred bytes. On the simulator's records under 2 KB (requests,
// redirects, errors, revisits) BestSpeed took a fifth of the time for 2% more bytes.
const smallRecord = 2048

// gzipMember compresses one record into its own gzip member, appended to dst.
func gzipMember(dst *bytes.Buffer, record []byte) {
	pool := &gzipPool
	if len(record) < smallRecord {
		pool = &gzipFastPool
	}
	zw := pool.Get().(*gzip.Writer)
	zw.Reset(dst)
	zw.Write(record) // writes to a bytes.Buffer do not fail
	zw.Close()
	pool.Put(zw)
}

// httpResponseHead reconstructs the status line and header of a response. Transfer-Encoding
// is dropped because Body is already de-chunked; a Content-Length that does not match the
// body (a truncated download) is corrected so that replay tools read the body we have.
func httpResponseHead(ex *bantin.Exchange) []byte {
	proto := ex.Proto
	if proto == "" || !strings.HasPrefix(proto, "HTTP/") {
		proto = "HTTP/1.1"
	}
	var b bytes.Buffer
	text := http.StatusText(ex.Status)
	fmt.Fprintf(&b, "%s %03d", proto, ex.Status)
	if text != "" {
		b.WriteString(" " + text)
	}
	b.WriteString("\r\n")
	h := ex.RespHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if te := h.Values("Transfer-Encoding"); len(te) > 0 {
		h.Del("Transfer-Encoding")
		for _, v := range te {
			h.Add("X-Archive-Orig-Transfer-Encoding", v)
		}
	}
	if cl := h.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(ex.Body)) {
		h.Set("X-Archive-Orig-Content-Length", cl)
		h.Set("Content-Length", strconv.Itoa(len(ex.Body)))
	}
	writeHeader(&b, h)
	b.WriteString("\r\n")
	return b.Bytes()
}

// httpRequestBlock reconstructs the request line and header.
func httpRequestBlock(ex *bantin.Exchange) []byte {
	method := ex.Method
	if method == "" {
		method = http.MethodGet
	}
	target, host := "/", ""
	if u, err := url.Parse(ex.URL); err == nil {
		target = u.RequestURI()
		host = u.Host
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", method, sanitizeFieldValue(target))
	h := ex.ReqHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" && host != "" {
		h.Set("Host", host)
	}
	writeHeader(&b, h)
	b.WriteString("\r\n")
	return b.Bytes()
}

// writeHeader writes h in sorted key order (http.Header has no order of its own).
func writeHeader(b *bytes.Buffer, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			b.WriteString(sanitizeFieldValue(k))
			b.WriteString(": ")
			b.WriteString(sanitizeFieldValue(v))
			b.WriteString("\r\n")
		}
	}
}

// MediaType returns the bare media type of a Content-Type value ("" when absent).
func MediaType(contentType string) string {
	if contentType == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt
}

// Encoded is an exchange serialised into gzip members, ready to append to a WARC file.
type Encoded struct {
	Data          []byte // response (or revisit) member followed by the request member
	MainLen       int64  // compressed length of the first member (what CDXJ and the catalog store)
	RecordID      string // WARC-Record-ID of the response or revisit record
	RecordType    string // TypeResponse or TypeRevisit
	PayloadDigest string
	FetchedAt     time.Time
	ContentType   string // HTTP Content-Type of the response
}

// Prior is the earlier response with the same URL and payload that a revisit refers to.
type Prior struct {
	URL      string
	RecordID string
	Date     time.Time
}

// EncodeExchange builds the response record of ex (a revisit record, headers only, when prior
// is not nil) and its request record, each in its own gzip member. payloadDigest is
// Digest(ex.Body). Header values are kept on one line whatever the server sent.
func EncodeExchange(ex *bantin.Exchange, fetchedAt time.Time, payloadDigest string, prior *Prior) Encoded {
	head := httpResponseHead(ex)
	respID := NewRecordID()
	date := FormatDate(fetchedAt)
	fields := Fields{
		{"WARC-Type", TypeResponse},
		{"WARC-Record-ID", respID},
		{"WARC-Date", date},
		{"WARC-Target-URI", ex.URL},
	}
	if ex.IP != "" {
		fields = append(fields, Field{"WARC-IP-Address", ex.IP})
	}
	var rec bytes.Buffer
	rec.Grow(len(head) + len(ex.Body) + 512)
	recordType := TypeResponse
	if prior != nil {
		recordType = TypeRevisit
		fields[0].Value = TypeRevisit
		fields = append(fields,
			Field{"WARC-Profile", RevisitProfile},
			Field{"WARC-Refers-To", prior.RecordID},
			Field{"WARC-Refers-To-Target-URI", prior.URL},
			Field{"WARC-Refers-To-Date", FormatDate(prior.Date)},
			Field{"WARC-Block-Digest", Digest(head)},
			Field{"WARC-Payload-Digest", payloadDigest},
			Field{"Content-Type", ctResponse},
		)
		encodeRecord(&rec, fields, head)
	} else {
		fields = append(fields,
			Field{"WARC-Block-Digest", Digest(head, ex.Body)},
			Field{"WARC-Payload-Digest", payloadDigest},
			Field{"Content-Type", ctResponse},
		)
		encodeRecord(&rec, fields, head, ex.Body)
	}
	var out bytes.Buffer
	out.Grow(rec.Len()/2 + 1024)
	gzipMember(&out, rec.Bytes())
	mainLen := int64(out.Len())

	req := httpRequestBlock(ex)
	rec.Reset()
	reqFields := Fields{
		{"WARC-Type", TypeRequest},
		{"WARC-Record-ID", NewRecordID()},
		{"WARC-Date", date},
		{"WARC-Target-URI", ex.URL},
		{"WARC-Concurrent-To", respID},
		{"WARC-Block-Digest", Digest(req)},
		{"Content-Type", ctRequest},
	}
	encodeRecord(&rec, reqFields, req)
	gzipMember(&out, rec.Bytes())
	return Encoded{
		Data:          out.Bytes(),
		MainLen:       mainLen,
		RecordID:      respID,
		RecordType:    recordType,
		PayloadDigest: payloadDigest,
		FetchedAt:     fetchedAt,
		ContentType:   ex.RespHeader.Get("Content-Type"),
	}
}

// EncodeWarcinfo builds the gzipped warcinfo record that opens each file; site goes in
// isPartOf, so a file says which site it belongs to without the catalog.
func EncodeWarcinfo(filename, site, software string, at time.Time) []byte {
	var body bytes.Buffer
	fmt.Fprintf(&body, "software: %s\r\n", sanitizeFieldValue(software))
	body.WriteString("format: WARC File Format 1.1\r\n")
	body.WriteString("conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
	fmt.Fprintf(&body, "isPartOf: %s\r\n", sanitizeFieldValue(site))
	var rec bytes.Buffer
	encodeRecord(&rec, Fields{
		{"WARC-Type", TypeWarcinfo},
		{"WARC-Record-ID", NewRecordID()},
		{"WARC-Date", FormatDate(at)},
		{"WARC-Filename", filename},
		{"WARC-Block-Digest", Digest(body.Bytes())},
		{"Content-Type", "application/warc-fields"},
	}, body.Bytes())
	var out bytes.Buffer
	gzipMember(&out, rec.Bytes())
	return out.Bytes()
}
