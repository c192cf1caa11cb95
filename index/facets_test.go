package index

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin"
)

// TestFacetsMatchBleve checks the facets Search counts from segment ordinals against the ones
// Bleve itself computes from doc values, over an index of several segments per shard with
// replaced documents, entries without a date, and queries matching all, some or none.
func TestFacetsMatchBleve(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{Shards: 2, BatchSize: 13})
	defer ix.Close()
	ctx := context.Background()
	sites := []string{"sovh", "soyt", "ubnd-huyen", "sogd"}
	mk := func(i, version int) bantin.Entry {
		e := entry(i)
		e.Site = sites[(i*7+version)%len(sites)]
		e.Article.Title = fmt.Sprintf("Tin %d bản %d", i, version)
		if i%3 == 0 {
			e.Article.Text = "Hội nghị tổng kết công tác y tế."
		}
		if i%11 == 0 {
			e.Article.Published = bantin.Timestamp{}
		} else {
			e.Article.Published.Time = time.Date(2020+i%4, time.Month(1+(i+version)%12), 3, 9, 0, 0, 0, bantin.Location)
		}
		return e
	}
	for i := 0; i < 120; i++ {
		if err := ix.Index(ctx, mk(i, 0)); err != nil {
			t.Fatal(err)
		}
	}
	// Replacing entries deletes their first documents (in older segments).
	for i := 0; i < 120; i += 5 {
		if err := ix.Index(ctx, mk(i, 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	term := func(field, v string) query.Query {
		q := query.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	tests := []struct {
		name string
		q    query.Query
		size int
	}{
		{"all", query.NewMatchAllQuery(), 100},
		{"some", term(FieldBody, "y"), 100},
		{"folded", term(FieldBody, "hoi"), 100},
		{"top two sites", term(FieldBody, "hoi"), 2},
		{"none", term(FieldBody, "không-có"), 100},
		{"negation", query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{term(FieldBody, "y")}), 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := bleve.NewSearchRequestOptions(tt.q, 5, 0, false)
			req.AddFacet("site", bleve.NewFacetRequest(FieldSite, tt.size))
			req.AddFacet("month", bleve.NewFacetRequest(FieldMonth, 5000))
			got, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			// Bleve trims each shard's values to the size before merging, which is exact only
			// when the size covers every value: ask it for all, then keep the top as Search does.
			full := *req
			full.Facets = nil
			full.AddFacet("site", bleve.NewFacetRequest(FieldSite, 100))
			full.AddFacet("month", bleve.NewFacetRequest(FieldMonth, 5000))
			want, err := ix.alias.SearchInContext(ctx, &full)
			if err != nil {
				t.Fatal(err)
			}
			want.Facets.Fixup("site", tt.size)
			if got.Total != want.Total {
				t.Fatalf("total %d, Bleve %d", got.Total, want.Total)
			}
			for _, name := range []string{"site", "month"} {
				g, w := got.Facets[name], want.Facets[name]
				if g == nil || w == nil {
					t.Fatalf("facet %s: got %v, Bleve %v", name, g, w)
				}
				if g.Total != w.Total || g.Missing != w.Missing || g.Other != w.Other || !reflect.DeepEqual(terms(g), terms(w)) {
					t.Errorf("facet %s:\n got total %d missing %d other %d %v\nwant total %d missing %d other %d %v",
						name, g.Total, g.Missing, g.Other, terms(g), w.Total, w.Missing, w.Other, terms(w))
				}
			}
			if tt.name != "none" && len(terms(got.Facets["site"])) == 0 {
				t.Error("no site counted")
			}
		})
	}
}

func terms(f *search.FacetResult) []search.TermFacet {
	out := []search.TermFacet{}
	for _, t := range f.Terms.Terms() {
		out = append(out, *t)
	}
	return out
}
