package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
)

// MappingVersion changes whenever the mapping or the analysis changes in a way that needs the
// index to be rebuilt. An index stored with another version refuses to open (ErrIndexStale).
// Version 3: full forms of vi.Abbreviations marked with their short form. Version 4: one field
// per text holding exact and folded terms; lead and text in one field, body. Version 5: words
// joined by full stops split (vi.SplitDottedFilter: "TP.HCM" is "tp", "hcm"), numbers without
// leading zeros ("05/03/2024" is "5", "3", "2024"), the pairs of adjacent words of title and
// body in fields of their own (FieldTitlePairs, FieldBodyPairs). Version 6: words joined by
// colons split too ("Nguồn:Sở" is "nguồn", "sở").
const MappingVersion = 6

// Field names of the index. The text fields (title, body, author) hold each word's exact term
// and, at the same position, its folded term (vi.AnalyzerName, or vi.PairedAnalyzerName with
// the same terms for those with a pair field): a word is one or two posting lists of one field,
// not one in each of two fields.
const (
	FieldURL    = "url"
	FieldSite   = "site"
	FieldTitle  = "title"
	FieldAuthor = "author"
	// FieldBody is the lead and the text of an article (bodyOf), stored for snippets.
	FieldBody = "body"
	// FieldTitlePairs and FieldBodyPairs hold the pairs of adjacent words of the title and the
	// body (vi.PairFilter), for the bonus of words standing together: frequencies only.
	FieldTitlePairs   = "title_pairs"
	FieldBodyPairs    = "body_pairs"
	FieldPublished    = "published"
	FieldPublishedDay = "published_day" // true when the page gave only a day
	FieldFirstSeen    = "first_seen"
	FieldVersions     = "versions"
	// FieldMonth is the publication month "YYYY-MM" in bantin.Location, a keyword with doc
	// values: month facets and histograms are term facets over it, one map update per hit,
	// where Bleve's date-range facets test every range for every hit.
	FieldMonth = "month"
	// FieldSortTime is the publication time, or the first-seen time of an undated article: every
	// document has one, so that newest/oldest orders and their search-after cursors are total.
	FieldSortTime = "sort_time"
)

// TextFields are the fields a plain query word searches, with their boosts and their word-pair
// fields.
var TextFields = []struct {
	Name  string
	Boost float64
	Pairs string
}{{FieldTitle, 3, FieldTitlePairs}, {FieldBody, 1, FieldBodyPairs}}

// bodyOf returns what FieldBody holds for an article's lead and text: both, a blank line apart.
// Match offsets in FieldBody point into it.
func bodyOf(lead, text string) string {
	switch {
	case lead == "":
		return text
	case text == "":
		return lead
	}
	return lead + "\n\n" + text
}

// document is what one entry becomes in Bleve. Property names (json tags) are the field names;
// Bleve silently falls back to the default analyzer for a mapping whose name differs.
type document struct {
	URL          string     `json:"url"`
	Site         string     `json:"site"`
	Title        string     `json:"title"`
	Body         string     `json:"body"`
	Author       string     `json:"author"`
	Published    *time.Time `json:"published,omitempty"`
	PublishedDay bool       `json:"published_day"`
	FirstSeen    *time.Time `json:"first_seen,omitempty"`
	Versions     float64    `json:"versions"`
	Month        string     `json:"month,omitempty"`
	SortTime     time.Time  `json:"sort_time"`
}

func newDocument(e bantin.Entry) document {
	a := e.Article
	d := document{
		URL: a.URL, Site: e.Site,
		Title: a.Title, Body: bodyOf(a.Lead, a.Text), Author: a.Author,
		PublishedDay: a.Published.DateOnly,
		Versions:     float64(e.Versions),
	}
	if !a.Published.IsZero() {
		p := a.Published.Time
		d.Published = &p
		d.Month = p.In(bantin.Location).Format("2006-01")
	}
	if !e.FirstSeen.IsZero() {
		f := e.FirstSeen
		d.FirstSeen = &f
	}
	switch {
	case d.Published != nil:
		d.SortTime = *d.Published
	case d.FirstSeen != nil:
		d.SortTime = *d.FirstSeen
	default:
		d.SortTime = time.Unix(0, 0)
	}
	return d
}

// NewMapping returns the index mapping of bantin documents.
func NewMapping() mapping.IndexMapping {
	dm := bleve.NewDocumentStaticMapping()

	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.DocValues = docValues
		f.IncludeInAll = false
		return f
	}
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = true
		f.IncludeTermVectors = true // phrases and highlighting need them
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	pairs := func(name string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = vi.PairsAnalyzerName
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, false
		return f
	}
	dm.AddFieldMappingsAt(FieldURL, kw(true, false))
	dm.AddFieldMappingsAt(FieldSite, kw(true, true))
	dm.AddFieldMappingsAt(FieldMonth, kw(false, true))
	for _, tf := range TextFields {
		// The pair field after its text field, whose tokens it takes (fields.go).
		dm.AddFieldMappingsAt(tf.Name, text(vi.PairedAnalyzerName), pairs(tf.Pairs))
	}
	dm.AddFieldMappingsAt(FieldAuthor, text(vi.AnalyzerName))
	pub := bleve.NewDateTimeFieldMapping()
	pub.Store, pub.DocValues, pub.IncludeInAll = true, true, false
	dm.AddFieldMappingsAt(FieldPublished, pub)
	day := bleve.NewBooleanFieldMapping()
	day.Store, day.Index, day.DocValues, day.IncludeInAll = true, false, false, false
	dm.AddFieldMappingsAt(FieldPublishedDay, day)
	st := bleve.NewDateTimeFieldMapping()
	st.Store, st.DocValues, st.IncludeInAll = false, true, false
	dm.AddFieldMappingsAt(FieldSortTime, st)
	fs := bleve.NewDateTimeFieldMapping()
	fs.Store, fs.Index, fs.DocValues, fs.IncludeInAll = true, false, false, false
	dm.AddFieldMappingsAt(FieldFirstSeen, fs)
	ver := bleve.NewNumericFieldMapping()
	ver.Store, ver.Index, ver.DocValues, ver.IncludeInAll = true, false, false, false
	dm.AddFieldMappingsAt(FieldVersions, ver)

	// No _all field: queries name their fields, and an empty composite field still costs a
	// twelfth of the indexing time.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = vi.AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.ScoringModel = bindex.BM25Scoring
	return im
}
