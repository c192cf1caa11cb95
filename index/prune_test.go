package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
)

// TestPrunedMatchesFull checks pruned searches (prune.go) against the same requests run
// without pruning: the same total, facets, hits in the same order and the same scores, for the
// shapes of query bantin builds, pages of several sizes and depths, and first cuts that take
// too many, the usual or too few essential terms (the last forces the retries). The index has
// several segments per shard, replaced documents and skewed word frequencies, so that terms'
// bounds differ as in real text.
func TestPrunedMatchesFull(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{Shards: 2, BatchSize: 29})
	defer ix.Close()
	ctx := context.Background()
	// Earlier words are commoner (weights 1/rank): the first ones are in nearly every text.
	words := strings.Fields("hội nghị tỉnh văn hóa hoá thể thao du lịch sở ủy ban nhân dân huyện xã hđnd ubnd khánh đoàn giải chạy ocop")
	rng := rand.New(rand.NewPCG(3, 5))
	pick := func() string {
		for {
			i := rng.IntN(len(words))
			if rng.Float64() < 1/float64(i+1) {
				return words[i]
			}
		}
	}
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = pick()
		}
		return strings.Join(w, " ")
	}
	sites := []string{"sovh", "soyt", "ubnd-huyen"}
	mk := func(i int) bantin.Entry {
		e := entry(i)
		e.Site = sites[rng.IntN(len(sites))]
		e.Article.Title = text(2 + rng.IntN(8))
		e.Article.Lead = text(rng.IntN(12))
		e.Article.Text = text(5 + rng.IntN(120))
		e.Article.Published.Time = time.Date(2022+rng.IntN(3), time.Month(1+rng.IntN(12)), 2, 8, 0, 0, 0, bantin.Location)
		return e
	}
	for i := 0; i < 900; i++ {
		if err := ix.Index(ctx, mk(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Phrases with function words (no word pairs), the spellings of one, a short form whose
	// mark overlaps the next word of its full form.
	for k, text := range []string{
		"người có sở thích đọc sách", "cơ sở vật chất của xã", "Ủy ban nhân dân ban hành kế hoạch",
		"Ủy ban nhân dân tỉnh họp", "văn hóa và du lịch", "văn hoá, du lịch và thể thao",
	} {
		e := mk(900 + k)
		e.Article.Text += " " + text
		if err := ix.Index(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// Replaced in later batches: the first versions are deleted documents of older segments.
	for i := 0; i < 900; i += 9 {
		if err := ix.Index(ctx, mk(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if deletedDocs(t, ix) == 0 {
		t.Fatal("no deleted documents left in the segments: the test would not exercise them")
	}

	var ids []string // a third of the documents, named as a search of listed documents names them
	for i := 0; i < 900; i += 3 {
		ids = append(ids, entry(i).ID)
	}
	term := func(field, v string, boost float64) query.Query {
		q := query.NewTermQuery(v)
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	phrase := func(field string, boost float64, text string) query.Query {
		q := query.NewPhraseQuery(vi.Terms(text), field)
		q.SetBoost(boost)
		return q
	}
	// word is a plain word as the search package builds it: exact and folded terms in the
	// title and the body.
	word := func(w string) query.Query {
		f := vi.Fold(w)
		if f == w {
			return query.NewDisjunctionQuery([]query.Query{term(FieldTitle, f, 3), term(FieldBody, f, 1)})
		}
		return query.NewDisjunctionQuery([]query.Query{
			term(FieldTitle, w, 6), term(FieldBody, w, 2), term(FieldTitle, f, 0.9), term(FieldBody, f, 0.3),
		})
	}
	words2 := func(ws ...string) query.Query {
		qs := make([]query.Query, len(ws))
		for i, w := range ws {
			qs[i] = word(w)
		}
		return query.NewConjunctionQuery(qs)
	}
	filtered := func(q, filter query.Query) query.Query {
		b := query.NewBooleanQuery([]query.Query{q}, nil, nil)
		b.AddFilter(filter)
		return b
	}
	dates := func(from, to int) query.Query {
		t, f := true, false
		q := query.NewDateRangeInclusiveQuery(time.Date(from, 1, 1, 0, 0, 0, 0, bantin.Location), time.Date(to, 1, 1, 0, 0, 0, 0, bantin.Location), &t, &f)
		q.SetField(FieldPublished)
		return q
	}
	phrases := func(text string) query.Query {
		return query.NewDisjunctionQuery([]query.Query{phrase(FieldTitle, 6, text), phrase(FieldBody, 2, text)})
	}
	// prefixes is a prefix as the search package builds it: in the title and the body.
	prefixes := func(p string) query.Query {
		return query.NewDisjunctionQuery([]query.Query{NewPrefixQuery(FieldTitle, p, 3), NewPrefixQuery(FieldBody, p, 1)})
	}
	// bantin's prefix query matches the documents Bleve's does, alone and (Advance) in a
	// conjunction, deleted documents left out; every match alone scores the same.
	for _, p := range []string{"th", "h", "hộ", "ho", "oc", "đ", "zz", "ocop", "ocopx"} {
		bq := query.NewPrefixQuery(p)
		bq.SetField(FieldBody)
		for _, c := range []struct {
			name       string
			ours, want query.Query
		}{
			{"alone", NewPrefixQuery(FieldBody, p, 2), bq},
			{"with a word", query.NewConjunctionQuery([]query.Query{term(FieldBody, "nghị", 1), NewPrefixQuery(FieldBody, p, 2)}),
				query.NewConjunctionQuery([]query.Query{term(FieldBody, "nghị", 1), bq})},
		} {
			hits := func(q query.Query) (ids []string, scores map[float64]bool) {
				req := bleve.NewSearchRequestOptions(q, 2000, 0, false)
				req.SortBy([]string{"_id"})
				res, err := ix.searchAll(ctx, req)
				if err != nil {
					t.Fatalf("prefix %q %s: %v", p, c.name, err)
				}
				scores = map[float64]bool{}
				for _, h := range res.Hits {
					ids = append(ids, h.ID)
					scores[h.Score] = true
				}
				return ids, scores
			}
			got, scores := hits(c.ours)
			want, _ := hits(c.want)
			if !slices.Equal(got, want) {
				t.Errorf("prefix %q %s: %d documents, Bleve's prefix %d", p, c.name, len(got), len(want))
			}
			if c.name == "alone" && len(scores) > 1 {
				t.Errorf("prefix %q alone: %d different scores, want one", p, len(scores))
			}
		}
	}
	tests := []struct {
		name string
		q    query.Query
	}{
		{"prefix", prefixes("th")},
		{"prefix with marks and its folded form", query.NewDisjunctionQuery([]query.Query{
			NewPrefixQuery(FieldTitle, "hộ", 6), NewPrefixQuery(FieldBody, "hộ", 2), NewPrefixQuery(FieldTitle, "ho", 0.9), NewPrefixQuery(FieldBody, "ho", 0.3),
		})},
		{"word and prefix", query.NewConjunctionQuery([]query.Query{word("nghị"), prefixes("h")})},
		{"rare prefix and phrase", query.NewConjunctionQuery([]query.Query{prefixes("oc"), phrases("văn hóa")})},
		{"not a prefix", query.NewBooleanQuery([]query.Query{words2("văn", "hóa")}, nil, []query.Query{prefixes("oc")})},
		{"no such prefix", prefixes("zz")},
		{"one common word", word("hội")},
		{"one rare word", word("ocop")},
		{"two words", words2("hội", "nghị")},
		{"four words", words2("ủy", "ban", "nhân", "dân")},
		{"folded words", words2("van", "hoa")},
		{"phrase", phrases("văn hóa")},
		{"three-word phrase", phrases("ủy ban nhân")},
		{"phrase with a function word", phrases("có sở")},
		{"folded phrase, a function word's spelling", phrases("co so")},
		{"phrase with a short form", phrases("ubnd ban")},
		{"phrases across a function word", query.NewDisjunctionQuery([]query.Query{phrases("và du"), phrases("va du lich"), phrases("hoa du lich")})},
		{"abbreviation", query.NewDisjunctionQuery([]query.Query{word("ubnd"), phrases("ủy ban nhân dân")})},
		{"alternative phrases", query.NewDisjunctionQuery([]query.Query{phrases("ủy ban nhân dân"), phrases("văn hóa"), phrases("hóa thể thao"), word("hđnd")})},
		{"alternatives and a phrase", query.NewConjunctionQuery([]query.Query{query.NewDisjunctionQuery([]query.Query{phrases("văn hóa"), phrases("hóa thể")}), phrases("nhân dân")})},
		{"and not", query.NewBooleanQuery([]query.Query{words2("thể", "thao")}, nil, []query.Query{phrases("du lịch")})},
		{"not alone", query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{word("hội")})},
		{"site", query.NewConjunctionQuery([]query.Query{words2("giải", "chạy"), query.NewDisjunctionQuery([]query.Query{term(FieldSite, "soyt", 1)})})},
		{"or of ands", query.NewDisjunctionQuery([]query.Query{words2("khánh", "hoá"), words2("đoàn", "xã")})},
		{"no such word", word("khôngcó")},
		{"adjacency bonus", query.NewBooleanQuery([]query.Query{words2("ủy", "ban", "nhân")}, []query.Query{phrase(FieldTitle, 9, "ủy ban nhân"), phrase(FieldBody, 3, "ủy ban nhân")}, nil)},
		{"bonus and not", query.NewBooleanQuery([]query.Query{words2("văn", "hóa")}, []query.Query{phrase(FieldBody, 3, "văn hóa")}, []query.Query{word("ocop")})},
		{"date filter", filtered(words2("hội", "nghị"), dates(2023, 2024))},
		{"site filter, bonus and not", filtered(query.NewBooleanQuery([]query.Query{words2("văn", "hóa")}, []query.Query{phrase(FieldBody, 3, "văn hóa")}, []query.Query{word("ocop")}), term(FieldSite, "sovh", 1))},
		{"document IDs and a common word", query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), word("hội")})},
		{"listed documents", query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), query.NewBooleanQuery([]query.Query{words2("hội", "nghị")}, []query.Query{phrase(FieldTitle, 9, "hội nghị"), phrase(FieldBody, 3, "hội nghị")}, nil)})},
	}
	type page struct {
		name       string
		from, size int
		byID       bool   // ties broken by ID, else by score alone
		score      string // "none": no scores
		facets     bool
	}
	pages := []page{
		{name: "top 10", size: 10, byID: true, facets: true},
		{name: "rank depth", size: 200, facets: true},
		{name: "second page", from: 10, size: 10, byID: true},
		{name: "counts only", size: 0, score: "none", facets: true},
	}
	var attempts []pruneAttempt
	pruneObserver = func(a pruneAttempt) { attempts = append(attempts, a) }
	defer func(cut float64, ties int) { pruneObserver, pruneCut, tieCutMin = nil, cut, ties }(pruneCut, tieCutMin)
	tieCutMin = 0 // cut ties wherever more than the page's share tie
	for _, cut := range []float64{0.01, pruneCut, 0.99} {
		for _, tt := range tests {
			for _, p := range pages {
				t.Run(fmt.Sprintf("%s/%s/cut %.2f", tt.name, p.name, cut), func(t *testing.T) {
					pruneCut = cut
					req := bleve.NewSearchRequestOptions(tt.q, p.size, p.from, false)
					req.Score = p.score
					req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
					if p.byID {
						req.SortBy([]string{"-_score", "_id"})
					}
					if p.facets {
						req.AddFacet("site", bleve.NewFacetRequest(FieldSite, 2))
						req.AddFacet("month", bleve.NewFacetRequest(FieldMonth, 100))
					}
					n := len(attempts)
					got, err := ix.Search(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					if len(attempts) == n {
						t.Fatal("the search was not pruned")
					}
					want, err := ix.searchAll(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					samePage(t, got, want, p.byID)
				})
			}
		}
	}
	// The test must have pruned for real and retried: otherwise it compared full searches.
	// Every Bleve search must bear out the bound the choice of candidates relied on.
	var pruned, retried int
	for _, a := range attempts {
		switch {
		case a.bleve && (!a.normAgrees || !a.exact):
			t.Fatalf("attempt %+v: Bleve's query norm or scores are not the plan's", a)
		case a.bleve:
		case a.candidates < a.matched:
			pruned++
			if !a.exact && a.essential < a.leaves {
				retried++
			}
		}
	}
	t.Logf("%d attempts: %d pruned, %d retried", len(attempts), pruned, retried)
	if pruned < 20 || retried < 5 {
		t.Errorf("%d attempts: %d scored fewer documents than matched, %d were retried; want at least 20 and 5", len(attempts), pruned, retried)
	}

}

// samePage fails t unless got and want have the same total, facets and hits. Without byID,
// hits of equal score may come in any order, and those tied with the last may be others.
func samePage(t *testing.T, got, want *bleve.SearchResult, byID bool) {
	t.Helper()
	if got.Total != want.Total {
		t.Fatalf("total %d, want %d", got.Total, want.Total)
	}
	for name, w := range want.Facets {
		g := got.Facets[name]
		if g == nil || g.Total != w.Total || g.Missing != w.Missing || g.Other != w.Other || !slices.Equal(terms(g), terms(w)) {
			t.Fatalf("facet %s: %+v %v, want %+v %v", name, g, terms(g), w, terms(w))
		}
	}
	if len(got.Hits) != len(want.Hits) {
		t.Fatalf("%d hits, want %d", len(got.Hits), len(want.Hits))
	}
	var gs, ws []string
	for i := range want.Hits {
		g, w := got.Hits[i], want.Hits[i]
		if math.Abs(g.Score-w.Score) > 1e-12*math.Abs(w.Score) {
			t.Fatalf("hit %d: %s score %.15g, want %s %.15g", i, g.ID, g.Score, w.ID, w.Score)
		}
		if byID && g.ID != w.ID {
			t.Fatalf("hit %d: %s, want %s (score %.15g)", i, g.ID, w.ID, w.Score)
		}
		if last := want.Hits[len(want.Hits)-1].Score; g.Score > last*(1+1e-12) {
			gs = append(gs, g.ID)
		}
		if last := want.Hits[len(want.Hits)-1].Score; w.Score > last*(1+1e-12) {
			ws = append(ws, w.ID)
		}
	}
	slices.Sort(gs)
	slices.Sort(ws)
	if !byID && !slices.Equal(gs, ws) {
		t.Fatalf("hits %v, want %v", gs, ws)
	}
}

// TestPrunedSearchStopsWhenCancelled: a pruned search whose context is done returns its error.
func TestPrunedSearchStopsWhenCancelled(t *testing.T) {
	ix := openT(t, filepath.Join(t.TempDir(), "index"), Options{Shards: 2})
	defer ix.Close()
	ctx := context.Background()
	for i := range 50 {
		if err := ix.Index(ctx, entry(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	q := query.NewTermQuery("hội")
	q.SetField(FieldBody)
	req := bleve.NewSearchRequestOptions(q, 10, 0, false)
	if !pruneEligible(req) || !ix.Prunes(q) {
		t.Fatal("the request is not one the pruned search takes")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.Search(cancelled, req); !errors.Is(err, context.Canceled) {
		t.Fatalf("Search with a cancelled context: %v, want context.Canceled", err)
	}
	// The longest step, choosing candidates, stops too (Bleve's own search would report the
	// cancellation above even if the pruned steps did not look).
	plan, _ := planOf(q)
	dt, err := ix.newDFTable()
	if err != nil {
		t.Fatal(err)
	}
	defer dt.close()
	withGlobalDF(q, dt)
	if err := dt.computeStats(dt.fields); err != nil {
		t.Fatal(err)
	}
	if ok, err := plan.bounds(ctx, dt); !ok || err != nil {
		t.Fatalf("bounds: %v %v", ok, err)
	}
	evals, err := evalShards(ctx, plan, dt.readers, ix.shards[0].Mapping())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.topOf(cancelled, evals[0], []int{0}, 10); !errors.Is(err, context.Canceled) {
		t.Fatalf("topOf with a cancelled context: %v, want context.Canceled", err)
	}
}

// deletedDocs returns how many deleted documents the segments of ix's shards still hold.
func deletedDocs(t *testing.T, ix *Index) uint64 {
	t.Helper()
	var n uint64
	eachSegment(t, ix, func(_ int, ss *scorch.SegmentSnapshot) {
		if d := ss.Deleted(); d != nil {
			n += d.GetCardinality()
		}
	})
	return n
}
