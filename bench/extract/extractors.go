package extract

import (
	"bytes"
	"net/url"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/bantin/bantin"
	bextract "github.com/bantin/bantin/extract"
	trafilatura "github.com/markusmobius/go-trafilatura"
)

// Result is what an extractor returns that the benchmark scores.
type Result struct {
	Title     string
	Text      string
	Published bantin.Timestamp
}

// Extractor is one article extractor under test.
type Extractor struct {
	Name    string
	Extract func(page []byte, pageURL *url.URL, contentType string) (Result, error)
}

// Extractors returns bantin, go-trafilatura and go-readability, in that order.
func Extractors() []Extractor {
	return []Extractor{
		{Name: "bantin", Extract: bantinExtract},
		{Name: "go-trafilatura", Extract: trafilaturaExtract},
		{Name: "go-readability", Extract: readabilityExtract},
	}
}

func bantinExtract(page []byte, u *url.URL, ct string) (Result, error) {
	a, err := bextract.Article(page, u, bextract.Options{ContentType: ct})
	if err != nil {
		return Result{}, err
	}
	return Result{Title: a.Title, Text: a.Text, Published: a.Published}, nil
}

// Peers get the raw bytes, as they would from a crawler; they detect the charset themselves.
func trafilaturaExtract(page []byte, u *url.URL, _ string) (Result, error) {
	r, err := trafilatura.Extract(bytes.NewReader(page), trafilatura.Options{OriginalURL: u, EnableFallback: true})
	if err != nil {
		return Result{}, err
	}
	return Result{Title: r.Metadata.Title, Text: r.ContentText, Published: stamp(r.Metadata.Date)}, nil
}

func readabilityExtract(page []byte, u *url.URL, _ string) (Result, error) {
	a, err := readability.FromReader(bytes.NewReader(page), u)
	if err != nil {
		return Result{}, err
	}
	var b strings.Builder
	if a.Node != nil {
		if err := a.RenderText(&b); err != nil {
			return Result{}, err
		}
	}
	res := Result{Title: a.Title(), Text: b.String()}
	if t, err := a.PublishedTime(); err == nil {
		res.Published = stamp(t)
	}
	return res, nil
}

// stamp turns a peer's time into a Timestamp: midnight means the peer found a day only.
func stamp(t time.Time) bantin.Timestamp {
	if t.IsZero() {
		return bantin.Timestamp{}
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return bantin.Timestamp{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, bantin.Location), DateOnly: true}
	}
	return bantin.Timestamp{Time: t}
}
