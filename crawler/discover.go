package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"golang.org/x/net/html/charset"
)

// found is a URL discovered in a sitemap or feed, with the time the document says it changed.
type found struct {
	URL     string
	LastMod time.Time
	Sitemap bool // a child sitemap of a sitemap index
}

var gzipMagic = []byte{0x1f, 0x8b}

// gunzipCapped returns b decompressed when it is gzip data, at most max bytes of it.
func gunzipCapped(b []byte, max int64) ([]byte, error) {
	if !bytes.HasPrefix(b, gzipMagic) {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, max+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("gunzip: more than %d bytes decompressed", max)
	}
	return out, nil
}

// parseSitemapOrFeed reads a sitemap, sitemap index, RSS or Atom document (gzip or not) and
// returns the URLs it lists. A plain-text sitemap (one URL a line) is read too.
func parseSitemapOrFeed(body []byte, max int64) ([]found, error) {
	b, err := gunzipCapped(body, max)
	if err != nil {
		return nil, err
	}
	trim := bytes.TrimSpace(b)
	if len(trim) > 0 && trim[0] != '<' && !bytes.HasPrefix(trim, []byte("\xef\xbb\xbf<")) {
		var out []found
		for _, line := range strings.Split(string(trim), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "http://") || strings.HasPrefix(line, "https://") {
				out = append(out, found{URL: line})
			}
		}
		return out, nil
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var (
		out   []found
		cur   *found
		stack []string
		text  strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(out) > 0 {
				break // keep what a truncated or sloppy document gave
			}
			return nil, fmt.Errorf("xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			text.Reset()
			switch name {
			case "url", "item", "entry":
				cur = &found{}
			case "sitemap":
				cur = &found{Sitemap: true}
			case "link":
				if cur != nil {
					rel, href := "", ""
					for _, a := range t.Attr {
						switch strings.ToLower(a.Name.Local) {
						case "rel":
							rel = a.Value
						case "href":
							href = a.Value
						}
					}
					if href != "" && (rel == "" || rel == "alternate") && cur.URL == "" {
						cur.URL = strings.TrimSpace(href)
					}
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			val := strings.TrimSpace(text.String())
			text.Reset()
			if cur == nil {
				continue
			}
			switch name {
			case "loc", "link", "guid":
				if val != "" && cur.URL == "" && (name != "guid" || strings.HasPrefix(val, "http")) {
					cur.URL = val
				}
			case "lastmod", "pubdate", "updated", "published", "date":
				if tm := parseFeedTime(val); tm.After(cur.LastMod) {
					cur.LastMod = tm
				}
			case "url", "item", "entry", "sitemap":
				if cur.URL != "" {
					out = append(out, *cur)
				}
				cur = nil
			}
		}
	}
	return out, nil
}

var feedTimeLayouts = []string{
	time.RFC3339, time.RFC3339Nano, time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02 15:04:05", "2006-01-02",
}

// parseFeedTime reads the dates sitemaps and feeds use; zero when it cannot.
func parseFeedTime(s string) time.Time {
	for _, l := range feedTimeLayouts {
		if t, err := time.ParseInLocation(l, s, bantin.Location); err == nil {
			return t
		}
	}
	return time.Time{}
}
