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
	MsPerPage float64 // mean over pages of each page's fastest round
}

// Evaluate runs the extractors over pages, interleaved page by page so that a change in the
// machine's load hits all of them alike. Each page is extracted rounds times (at least once)
// by each extractor; a page's time is its fastest round, and MsPerPage the mean of those.
// The first round's output is scored.
func Evaluate(exts []Extractor, set string, pages []Page, rounds int) []Report {
	reps := make([]Report, len(exts))
	results := make([][]Result, len(exts))
	total := make([]time.Duration, len(exts))
	for e, ext := range exts {
		reps[e] = Report{Extractor: ext.Name, Set: set, Pages: len(pages), TitleAcc: -1, DateAcc: -1}
		results[e] = make([]Result, len(pages))
	}
	for i, p := range pages {
		u, _ := url.Parse(p.URL)
		for e, ext := range exts {
			best := time.Duration(-1)
			for r := 0; r < max(1, rounds); r++ {
				start := time.Now()
				res, err := ext.Extract(p.HTML, u, p.ContentType)
				d := time.Since(start)
				if r == 0 {
					if err != nil {
						reps[e].Errors++
					}
					results[e][i] = res
				}
				if best < 0 || d < best {
					best = d
				}
			}
			total[e] += best
		}
	}
	for e := range exts {
		rep := &reps[e]
		if len(pages) > 0 {
			rep.MsPerPage = float64(total[e].Microseconds()) / 1000 / float64(len(pages))
		}
		scores := make([]PageScore, len(pages))
		titles, dates, withMeta := 0, 0, 0
		for i, p := range pages {
			res := results[e][i]
			scores[i] = ScorePage(p.Text, res.Text)
			if p.HasMeta {
				withMeta++
				if foldTitle(p.Title) == foldTitle(res.Title) {
					titles++
				}
				if DateMatches(p.Published, res.Published) {
					dates++
				}
			}
		}
		rep.F1, rep.Precision, rep.Recall, rep.Accuracy = Macro(scores)
		if withMeta > 0 {
			rep.TitleAcc = float64(titles) / float64(withMeta)
			rep.DateAcc = float64(dates) / float64(withMeta)
		}
	}
	return reps
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
