package bantin

import (
	"strconv"
	"strings"
	"time"
)

// ExportRecord is one article as `bantin export` and the web export write it: the article as
// `bantin extract` gives it plus the catalog's facts.
type ExportRecord struct {
	ID string `json:"id"`
	Article
	Site      string     `json:"site"`
	FirstSeen time.Time  `json:"first_seen"`
	LastSeen  time.Time  `json:"last_seen"`
	GoneAt    *time.Time `json:"gone_at"`
	Versions  int        `json:"versions"`
}

// NewExportRecord returns the export record of an entry.
func NewExportRecord(e Entry) ExportRecord {
	return ExportRecord{ID: e.ID, Article: e.Article, Site: e.Site, FirstSeen: e.FirstSeen,
		LastSeen: e.LastSeen, GoneAt: e.GoneAt, Versions: e.Versions}
}

// ExportCSVHeader names the columns of ExportCSVRow.
var ExportCSVHeader = []string{"id", "url", "site", "title", "published", "modified", "author",
	"lead", "text", "tags", "images", "attachments", "lang", "first_seen", "last_seen", "gone_at", "versions"}

// ExportCSVRow returns the CSV cells of an entry, each passed through CSVCell.
func ExportCSVRow(e Entry) []string {
	a := e.Article
	var imgs, atts []string
	for _, im := range a.Images {
		imgs = append(imgs, im.Src)
	}
	for _, at := range a.Attachments {
		atts = append(atts, at.URL)
	}
	gone := ""
	if e.GoneAt != nil {
		gone = e.GoneAt.Format(time.RFC3339)
	}
	row := []string{e.ID, a.URL, e.Site, a.Title, a.Published.String(), a.Modified.String(), a.Author,
		a.Lead, a.Text, strings.Join(a.Tags, "; "), strings.Join(imgs, " "), strings.Join(atts, " "), a.Lang,
		e.FirstSeen.Format(time.RFC3339), e.LastSeen.Format(time.RFC3339), gone, strconv.Itoa(e.Versions)}
	for i, v := range row {
		row[i] = CSVCell(v)
	}
	return row
}

// CSVCell makes crawled text safe as a spreadsheet cell: invalid UTF-8 is replaced, and a cell
// that starts with = + - @ or a control character, which Excel would evaluate as a formula,
// gets a leading apostrophe (OWASP's advice against CSV injection).
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
