package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrCorrupt is wrapped by reader errors for bytes that are not a well-formed gzipped WARC
// record (garbage, truncation, a bad header).
var ErrCorrupt = errors.New("corrupt WARC data")

// Limits that keep hostile or broken files from exhausting memory.
const (
	maxHeaderBytes = 1 << 20   // WARC or HTTP header
	MaxBlockBytes  = 512 << 20 // one record block
	maxTrailBytes  = 1 << 16   // bytes after a record inside its gzip member
)

// Record is one WARC record. For response and revisit records the HTTP message is parsed:
// Status, Proto, Header and Payload (the body exactly as archived). A revisit record read with
// Archive.OpenRecord carries the payload of the record it refers to.
type Record struct {
	Type      string    // WARC-Type
	ID        string    // WARC-Record-ID, with its angle brackets
	Date      time.Time // WARC-Date
	TargetURI string    // WARC-Target-URI
	Fields    Fields    // the whole WARC header, in order
	Block     []byte    // the record block (for responses: HTTP head and payload)
	Offset    int64     // of the gzip member in its file
	Length    int64     // compressed length of the member
	Site      string    // isPartOf of the file's warcinfo record, when the Reader has read it

	Status  int
	Proto   string
	Header  http.Header
	Payload []byte
}

// InfoField returns a field of a warcinfo record's application/warc-fields block ("" when
// absent), e.g. "software" or "isPartOf".
func (r *Record) InfoField(name string) string {
	for _, l := range strings.Split(string(r.Block), "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(l, "\r"), ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ContentType returns the HTTP Content-Type of a response ("" for other records).
func (r *Record) ContentType() string {
	if r.Header == nil {
		return ""
	}
	return r.Header.Get("Content-Type")
}

// CheckDigests verifies WARC-Block-Digest and, for responses, WARC-Payload-Digest. It returns
// an error wrapping ErrCorrupt on a mismatch; absent digests are not checked.
func (r *Record) CheckDigests() error {
	if want := r.Fields.Get("WARC-Block-Digest"); want != "" && strings.HasPrefix(want, "sha1:") {
		if got := Digest(r.Block); got != want {
			return fmt.Errorf("record %s at %d: block digest %s, header says %s: %w", r.ID, r.Offset, got, want, ErrCorrupt)
		}
	}
	if r.Type == TypeResponse && r.Header != nil {
		if want := r.Fields.Get("WARC-Payload-Digest"); want != "" && strings.HasPrefix(want, "sha1:") {
			if got := Digest(r.Payload); got != want {
				return fmt.Errorf("record %s at %d: payload digest %s, header says %s: %w", r.ID, r.Offset, got, want, ErrCorrupt)
			}
		}
	}
	return nil
}

// countingReader counts the bytes gzip consumes. It implements io.ByteReader so that
// compress/flate reads exactly up to the end of each member, which makes member offsets exact.
type countingReader struct {
	br *bufio.Reader
	n  int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// Reader reads the records of a WARC file compressed one gzip member per record.
type Reader struct {
	cr   *countingReader
	zr   *gzip.Reader
	base int64
	err  error
	site string // isPartOf of the first warcinfo record
}

// NewReader returns a Reader of the WARC data in r; base is the file offset r starts at (used
// in Record.Offset and in errors).
func NewReader(r io.Reader, base int64) *Reader {
	return &Reader{cr: &countingReader{br: bufio.NewReaderSize(r, 64<<10)}, base: base}
}

// Offset returns the file offset just after the last record read, which is where a torn tail
// starts when Next fails.
func (r *Reader) Offset() int64 { return r.base + r.cr.n }

// Next returns the next record, io.EOF after the last one, or an error wrapping ErrCorrupt.
// After an error the Reader stays at the failed record's start and keeps failing.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	start := r.Offset()
	if _, err := r.cr.br.Peek(1); err == io.EOF {
		r.err = io.EOF
		return nil, io.EOF
	}
	rec, err := r.next()
	if err != nil {
		r.err = fmt.Errorf("warc record at offset %d: %w", start, err)
		// Remember where the good part ends for callers that truncate.
		r.cr.n = start - r.base
		return nil, r.err
	}
	rec.Offset, rec.Length = start, r.Offset()-start
	if rec.Type == TypeWarcinfo && r.site == "" {
		r.site = rec.InfoField("isPartOf")
	}
	rec.Site = r.site
	return rec, nil
}

func (r *Reader) next() (*Record, error) {
	var err error
	if r.zr == nil {
		r.zr, err = gzip.NewReader(r.cr)
	} else {
		err = r.zr.Reset(r.cr)
	}
	if err != nil {
		return nil, corrupt("gzip header", err)
	}
	r.zr.Multistream(false)
	br := bufio.NewReaderSize(r.zr, 16<<10)
	rec, err := parseRecord(br)
	if err != nil {
		return nil, err
	}
	// The rest of the member is the record's CRLF CRLF end; read it to reach the gzip trailer.
	n, err := io.Copy(io.Discard, io.LimitReader(br, maxTrailBytes+1))
	if err != nil {
		return nil, corrupt("record end", err)
	}
	if n > maxTrailBytes {
		return nil, fmt.Errorf("%d bytes after the record block: %w", n, ErrCorrupt)
	}
	return rec, nil
}

func corrupt(what string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s: %v: %w", what, err, ErrCorrupt)
}

// parseRecord reads a WARC header and block from br.
func parseRecord(br *bufio.Reader) (*Record, error) {
	lr := &limitedLines{br: br, left: maxHeaderBytes}
	line, err := lr.line()
	if err != nil {
		return nil, corrupt("version line", err)
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, fmt.Errorf("version line %.40q: %w", line, ErrCorrupt)
	}
	rec := &Record{}
	length := int64(-1)
	for {
		line, err := lr.line()
		if err != nil {
			return nil, corrupt("header", err)
		}
		if line == "" {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(rec.Fields) > 0 {
			rec.Fields[len(rec.Fields)-1].Value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("header line %.40q: %w", line, ErrCorrupt)
		}
		rec.Fields = append(rec.Fields, Field{strings.TrimSpace(name), strings.TrimSpace(value)})
	}
	rec.Type = rec.Fields.Get("WARC-Type")
	rec.ID = rec.Fields.Get("WARC-Record-ID")
	rec.TargetURI = strings.Trim(rec.Fields.Get("WARC-Target-URI"), "<>")
	if d := rec.Fields.Get("WARC-Date"); d != "" {
		rec.Date, _ = time.Parse(time.RFC3339Nano, d)
	}
	if cl := rec.Fields.Get("Content-Length"); cl != "" {
		length, err = strconv.ParseInt(cl, 10, 64)
		if err != nil || length < 0 {
			return nil, fmt.Errorf("content-length %q: %w", cl, ErrCorrupt)
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("no content-length: %w", ErrCorrupt)
	}
	if length > MaxBlockBytes {
		return nil, fmt.Errorf("block of %d bytes is over the %d limit: %w", length, MaxBlockBytes, ErrCorrupt)
	}
	// ReadAll grows with the data actually there, so a lying Content-Length costs nothing.
	rec.Block, err = io.ReadAll(io.LimitReader(br, length))
	if err != nil {
		return nil, corrupt("block", err)
	}
	if int64(len(rec.Block)) != length {
		return nil, fmt.Errorf("block has %d of %d bytes: %w", len(rec.Block), length, ErrCorrupt)
	}
	if rec.Type == TypeResponse || rec.Type == TypeRevisit {
		if strings.Contains(rec.Fields.Get("Content-Type"), "application/http") {
			if err := rec.parseHTTP(); err != nil {
				return nil, err
			}
		}
	}
	return rec, nil
}

// limitedLines reads CRLF- or LF-terminated lines with a total byte budget.
type limitedLines struct {
	br   *bufio.Reader
	left int
}

func (l *limitedLines) line() (string, error) {
	var buf []byte
	for {
		frag, err := l.br.ReadSlice('\n')
		l.left -= len(frag)
		if l.left < 0 {
			return "", fmt.Errorf("header over %d bytes", maxHeaderBytes)
		}
		buf = append(buf, frag...)
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return "", err
		}
	}
	return strings.TrimRight(string(buf), "\r\n"), nil
}

// parseHTTP splits a response block into status line, header and payload. It is lenient:
// whatever the server sent was archived, and it must read back.
func (r *Record) parseHTTP() error {
	head, payload, ok := bytes.Cut(r.Block, []byte("\r\n\r\n"))
	if !ok {
		head, payload, ok = bytes.Cut(r.Block, []byte("\n\n"))
	}
	if !ok {
		// Headers only (a revisit record) or no blank line at all.
		head, payload = bytes.TrimRight(r.Block, "\r\n"), nil
	}
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")
	proto, rest, _ := strings.Cut(lines[0], " ")
	code, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || status < 0 || status > 999 {
		return fmt.Errorf("http status line %.60q: %w", lines[0], ErrCorrupt)
	}
	r.Proto, r.Status, r.Payload = proto, status, payload
	r.Header = http.Header{}
	last := ""
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			vs := r.Header[last]
			vs[len(vs)-1] += " " + strings.TrimSpace(l)
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue // a broken header line from the server: skip it, keep the rest
		}
		last = http.CanonicalHeaderKey(strings.TrimSpace(k))
		r.Header[last] = append(r.Header[last], strings.TrimSpace(v))
	}
	return nil
}

// ReadRecordAt reads the single record whose gzip member is at off with the given compressed
// length (as the catalog and CDXJ store them). Errors wrap ErrCorrupt for bad data.
func ReadRecordAt(r io.ReaderAt, off, length int64) (*Record, error) {
	if off < 0 || length <= 0 || length > MaxBlockBytes {
		return nil, fmt.Errorf("record at %d+%d: bad position: %w", off, length, ErrCorrupt)
	}
	rd := NewReader(io.NewSectionReader(r, off, length), off)
	rec, err := rd.Next()
	if err == io.EOF {
		return nil, fmt.Errorf("record at %d: nothing there: %w", off, ErrCorrupt)
	}
	return rec, err
}
