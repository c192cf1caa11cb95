package extract

import (
	"net/url"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"golang.org/x/text/unicode/norm"
)

// Report is one extractor's figures on one set of pages.
type Report struct {
	Extractor string
	Set       string
	Pages     int
	Errors    int
	F1        float64
	Precision float64
	Recall    float64
	Accuracy  float64
	TitleAcc  float64 // -1 when the set has no title truth
	DateAcc   float64 // -1 when the set has no date truth
	MsPerPage float64 // best of the timed rounds
}

// Evaluate runs ext over pages rounds times (at least once), scoring the first round and
// timing each; MsPerPage is the fastest round's mean.
func Evaluate(ext Extractor, set string, pages []Page, rounds int) Report {
	rep := Report{Extractor: ext.Name, Set: set, Pages: len(pages), TitleAcc: -1, DateAcc: -1}
	urls := make([]*url.URL, len(pages))
	for i, p := range pages {
		urls[i], _ = url.Parse(p.URL)
	}
	results := make([]Result, len(pages))
	best := time.Duration(-1)
	for r := 0; r < max(1, rounds); r++ {
		start := time.Now()
		for i, p := range pages {
			res, err := ext.Extract(p.HTML, urls[i], p.ContentType)
			if r == 0 {
				if err != nil {
					rep.Errors++
				}
				results[i] = res
			}
		}
		if d := time.Since(start); best < 0 || d < best {
			best = d
		}
	}
	if len(pages) > 0 {
		rep.MsPerPage = float64(best.Microseconds()) / 1000 / float64(len(pages))
	}
	scores := make([]PageScore, len(pages))
	titles, dates, withMeta := 0, 0, 0
	for i, p := range pages {
		scores[i] = ScorePage(p.Text, results[i].Text)
		if p.HasMeta {
			withMeta++
			if foldTitle(p.Title) == foldTitle(results[i].Title) {
				titles++
			}
			if DateMatches(p.Published, results[i].Published) {
				dates++
			}
		}
	}
	rep.F1, rep.Precision, rep.Recall, rep.Accuracy = Macro(scores)
	if withMeta > 0 {
		rep.TitleAcc = float64(titles) / float64(withMeta)
		rep.DateAcc = float64(dates) / float64(withMeta)
	}
	return rep
}

// foldTitle is score.py's title comparison: NFC and whitespace collapsed.
func foldTitle(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

// DateMatches is score.py's rule: a date-only truth needs the same calendar day in +07:00, a
// truth with a time the same minute.
func DateMatches(truth, pred bantin.Timestamp) bool {
	if truth.IsZero() || pred.IsZero() {
		return false
	}
	tv, pv := truth.In(bantin.Location), pred.In(bantin.Location)
	if truth.DateOnly {
		return tv.Format(time.DateOnly) == pv.Format(time.DateOnly)
	}
	if pred.DateOnly {
		return false
	}
	return tv.Format("2006-01-02 15:04") == pv.Format("2006-01-02 15:04")
}
