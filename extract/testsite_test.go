package extract

import (
	"flag"
	"net/url"
	"strings"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

var tsVerbose = flag.Bool("testsite.v", false, "print every testsite page that is not extracted perfectly")

// dateMatches applies score.py's rule: a date-only truth needs the same calendar day in
// +07:00; a truth with a time needs the same minute.
func dateMatches(truth, pred bantin.Timestamp) bool {
	if truth.IsZero() || pred.IsZero() {
		return false
	}
	tv, pv := truth.In(bantin.Location), pred.In(bantin.Location)
	if truth.DateOnly {
		return tv.Format("2006-01-02") == pv.Format("2006-01-02")
	}
	if pred.DateOnly {
		return false
	}
	return tv.Format("2006-01-02 15:04") == pv.Format("2006-01-02 15:04")
}

func normTitle(s string) string { return collapse(s) }

// TestTestsiteFamilies extracts rendered articles of every simulated portal family and checks
// the targets: body F1 >= 0.99, titles and dates >= 98%.
func TestTestsiteFamilies(t *testing.T) {
	pages := 60
	if testing.Short() {
		pages = 20
	}
	for _, fam := range testsite.Families() {
		t.Run(fam, func(t *testing.T) {
			var xs []prf
			titles, dates, authors, leads := 0, 0, 0, 0
			for n := 0; n < pages; n++ {
				page, ct, truth := testsite.RenderArticle(fam, 1, n)
				u, _ := url.Parse(truth.URL)
				a, err := Article(page, u, Options{ContentType: ct})
				if err != nil {
					t.Fatalf("%s %d: %v", fam, n, err)
				}
				tp, fp, fn := shingleMatch(truth.Text, a.Text)
				x := prf{tp, fp, fn}
				xs = append(xs, x)
				okT := normTitle(a.Title) == normTitle(truth.Title)
				okD := dateMatches(truth.Published, a.Published)
				okA := normTitle(a.Author) == normTitle(truth.Author)
				okL := normTitle(a.Lead) == normTitle(truth.Lead)
				if okT {
					titles++
				}
				if okD {
					dates++
				}
				if okA {
					authors++
				}
				if okL {
					leads++
				}
				if a.Kind != bantin.KindArticle {
					t.Errorf("%s %d: kind %q, want article", fam, n, a.Kind)
				}
				if *tsVerbose && (x.precision() < 1 || x.recall() < 1 || !okT || !okD || !okA || !okL) {
					t.Logf("%s %d P=%.3f R=%.3f title=%v date=%v (%s vs %s) author=%v (%q vs %q) lead=%v", fam, n, x.precision(), x.recall(), okT, okD, a.Published, truth.Published, okA, a.Author, truth.Author, okL)
					if !okT {
						t.Logf("  title %q\n  want  %q", a.Title, truth.Title)
					}
					if x.precision() < 1 || x.recall() < 1 {
						t.Logf("  text:\n%s\n  want:\n%s", indent(a.Text), indent(truth.Text))
					}
				}
			}
			f1, p, r := macroF1(xs)
			tAcc, dAcc := float64(titles)/float64(pages), float64(dates)/float64(pages)
			t.Logf("%s: pages=%d body_f1=%.4f precision=%.4f recall=%.4f title_acc=%.3f date_acc=%.3f author_acc=%.3f lead_acc=%.3f",
				fam, pages, f1, p, r, tAcc, dAcc, float64(authors)/float64(pages), float64(leads)/float64(pages))
			if f1 < 0.99 {
				t.Errorf("%s: body F1 %.4f < 0.99", fam, f1)
			}
			if tAcc < 0.98 {
				t.Errorf("%s: title accuracy %.3f < 0.98", fam, tAcc)
			}
			if dAcc < 0.98 {
				t.Errorf("%s: date accuracy %.3f < 0.98", fam, dAcc)
			}
		})
	}
}

func indent(s string) string { return "    | " + strings.ReplaceAll(s, "\n", "\n    | ") }
