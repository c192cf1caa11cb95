package bantin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Location is the time zone of Vietnamese department portals. Times a page states without a
// zone are read in it.
var Location = loadLocation()

func loadLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	// Machines without tzdata: Vietnam has no daylight saving time.
	return time.FixedZone("ICT", 7*3600)
}

// Timestamp is a point in time as a page states it: a full time, or a calendar day when the page
// gives no time of day (DateOnly). The zero Timestamp means "unknown".
//
// JSON: null when zero, "YYYY-MM-DD" when DateOnly, RFC 3339 with offset otherwise.
type Timestamp struct {
	time.Time
	DateOnly bool
}

// MarshalJSON implements json.Marshaler.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.String())
}

// String returns "" for the zero Timestamp, YYYY-MM-DD for a day, RFC 3339 otherwise.
func (t Timestamp) String() string {
	switch {
	case t.IsZero():
		return ""
	case t.DateOnly:
		return t.Time.Format(time.DateOnly)
	default:
		return t.Time.Format(time.RFC3339)
	}
}

// UnmarshalJSON implements json.Unmarshaler; it accepts null, YYYY-MM-DD and RFC 3339.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Timestamp{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	p, err := ParseTimestamp(s)
	if err != nil {
		return err
	}
	*t = p
	return nil
}

// ParseTimestamp reads the forms Timestamp.String writes ("" gives the zero Timestamp). A day is
// midnight in Location.
func ParseTimestamp(s string) (Timestamp, error) {
	if s == "" {
		return Timestamp{}, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, Location); err == nil {
		return Timestamp{Time: d, DateOnly: true}, nil
	}
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Timestamp{}, fmt.Errorf("timestamp %q: want YYYY-MM-DD or RFC 3339: %w", s, ErrInvalid)
	}
	return Timestamp{Time: tm}, nil
}

// Image is a picture of an article body with its caption (may be empty).
type Image struct {
	Src     string `json:"src"`
	Caption string `json:"caption"`
}

// Attachment is a linked file of an article (PDF, DOC, XLS ...).
type Attachment struct {
	URL  string `json:"url"`
	Name string `json:"name"`
}

// Page kinds that extraction reports in Article.Kind.
const (
	KindArticle = "article" // a page whose main content is one news article
	KindListing = "listing" // a page that is mostly links: home, category, search, tag pages
)

// Article is what extraction finds on one page. All text is NFC; Text holds the body with
// paragraphs separated by a blank line ("\n\n").
type Article struct {
	URL         string       `json:"url"`
	Title       string       `json:"title"`
	Published   Timestamp    `json:"published"`
	Modified    Timestamp    `json:"modified"`
	Author      string       `json:"author"`
	Lead        string       `json:"lead"`
	Text        string       `json:"text"`
	Images      []Image      `json:"images"`
	Attachments []Attachment `json:"attachments"`
	Tags        []string     `json:"tags"`
	Lang        string       `json:"lang"`
	// Canonical is the page's <link rel="canonical">, resolved; empty when absent.
	Canonical string `json:"canonical,omitempty"`
	// Kind is KindArticle or KindListing: the crawler archives both but files only articles.
	Kind string `json:"-"`
}

// Capture is one archived HTTP exchange: where its WARC record is and what it was.
type Capture struct {
	ID            int64     `json:"id"`
	URL           string    `json:"url"`
	FetchedAt     time.Time `json:"fetched_at"`
	Status        int       `json:"status"`
	ContentType   string    `json:"content_type"`
	PayloadDigest string    `json:"payload_digest"` // "sha1:BASE32", as in WARC-Payload-Digest
	WARCFile      string    `json:"warc_file"`      // base name under <data>/warc/
	Offset        int64     `json:"offset"`         // of the gzip member holding the record
	Length        int64     `json:"length"`         // compressed length of that member
	RecordType    string    `json:"record_type"`    // "response" or "revisit"
	RunID         int64     `json:"run_id"`
}

// Version is one state of an article's content. A new version is made only when ContentHash
// (of the normalised text and metadata) changes.
type Version struct {
	ArticleID   string    `json:"article_id"`
	N           int       `json:"n"` // 1 for the first version
	CaptureID   int64     `json:"capture_id"`
	CapturedAt  time.Time `json:"captured_at"`
	ContentHash string    `json:"content_hash"`
	Article     Article   `json:"article"`
}

// Entry is an article as the catalog files it: its identity plus its current version. It is
// what the index holds and what export writes.
type Entry struct {
	ID        string     `json:"id"` // ArticleID of CanonicalURL
	Site      string     `json:"site"`
	FirstSeen time.Time  `json:"first_seen"`
	LastSeen  time.Time  `json:"last_seen"`
	GoneAt    *time.Time `json:"gone_at,omitempty"`
	Versions  int        `json:"versions"`
	Article   Article    `json:"article"`
}
