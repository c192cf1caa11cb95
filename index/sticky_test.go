package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin/index/vi"
)

// TestShouldBonusSurvivesAdvance runs a boolean query with a should phrase (the adjacency
// bonus, heavily boosted) and a must-not part alone and in a conjunction with the IDs of a
// seventh of the documents, as a search of listed documents does. The conjunction adds the same
// constant to every score and scales them alike, so the order of those documents must not
// change; without stickyQuery, Bleve's boolean searcher, advanced by the conjunction, lost
// some documents' should match.
func TestShouldBonusSurvivesAdvance(t *testing.T) {
	ix := openT(t, filepath.Join(t.TempDir(), "index"), Options{Shards: 1, BatchSize: 31})
	defer ix.Close()
	ctx := context.Background()
	words := strings.Fields("văn hoá thể thao du lịch")
	rng := rand.New(rand.NewPCG(11, 13))
	var ids []string
	for i := 0; i < 400; i++ {
		w := make([]string, 12+rng.IntN(30))
		for k := range w {
			w[k] = words[rng.IntN(len(words))]
		}
		e := entry(i)
		e.Article.Title = fmt.Sprintf("Tin %d", i)
		if rng.IntN(10) == 0 {
			w = append(w, "ocop")
		}
		e.Article.Text = strings.Join(w, " ")
		if err := ix.Index(ctx, e); err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 { // sparse, as 200 listed documents of a large index
			ids = append(ids, e.ID)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	term := func(v string) query.Query {
		q := query.NewTermQuery(v)
		q.SetField(FieldBody)
		return q
	}
	bonus := query.NewPhraseQuery(vi.Terms("văn hoá"), FieldBody)
	bonus.SetBoost(50)
	q := query.NewBooleanQuery([]query.Query{term("thể")}, []query.Query{bonus}, []query.Query{term("ocop")})
	order := func(q query.Query) []string {
		t.Helper()
		req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
		req.SortBy([]string{"-_score", "_id"})
		res, err := ix.searchAll(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			out[i] = h.ID
		}
		return out
	}
	alone, within := order(query.NewConjunctionQuery([]query.Query{q})), order(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), q}))
	named := map[string]bool{}
	for _, id := range ids {
		named[id] = true
	}
	alone = slices.DeleteFunc(alone, func(id string) bool { return !named[id] })
	if len(alone) < 20 {
		t.Fatalf("%d hits: the corpus does not exercise the query", len(alone))
	}
	if !slices.Equal(alone, within) {
		t.Errorf("order differs with the document IDs:\n alone  %v\n within %v", alone[:20], within[:20])
	}
}
