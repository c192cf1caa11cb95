package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

// adjacencyCorpus holds documents that mention "khu công nghiệp" word by word, apart and many
// times (high scores without the adjacency bonus), and documents that hold the phrase once.
func adjacencyCorpus() []bantin.Entry {
	var out []bantin.Entry
	add := func(id, text string) {
		out = append(out, bantin.Entry{ID: id, Site: "s", Article: bantin.Article{
			URL: "http://127.0.0.1/" + id, Title: "Tin " + id, Text: text,
			Published: bantin.Timestamp{Time: time.Date(2024, 1, 2, 8, 0, 0, 0, bantin.Location)},
		}})
	}
	for i := range 12 {
		add(fmt.Sprintf("apart%02d", i), strings.Repeat("khu vực nông thôn, công tác dân vận, nghiệp vụ mới. ", 3+i%3))
	}
	for i := range 6 {
		add(fmt.Sprintf("phrase%02d", i), "Đoàn khảo sát đã đến thăm khu công nghiệp phía nam trong chuyến đi dài ngày, gặp nhiều doanh nghiệp và người lao động ở các địa phương lân cận "+strings.Repeat("của tỉnh ", i))
	}
	return out
}

// TestPagesKeepAdjacencyBonus pages through the first hits, ranked with the adjacency bonus
// by the index's pruned search or, for queries it does not prune (a date range in the query
// text), by Bleve, and compares them with one page deeper than rankDepth.
func TestPagesKeepAdjacencyBonus(t *testing.T) {
	s := newSearcher(t, 2, adjacencyCorpus())
	ctx := context.Background()
	since := time.Date(2020, 1, 1, 0, 0, 0, 0, bantin.Location)
	for _, tt := range []struct {
		q      bantin.Query
		pruned bool
	}{
		{bantin.Query{Text: "khu công nghiệp"}, true},
		{bantin.Query{Text: "khu cong nghiep"}, true},
		{bantin.Query{Text: "khu công nghiệp", From: since}, true},
		{bantin.Query{Text: "khu công nghiệp ngh*"}, true},
		{bantin.Query{Text: "khu cong nghiep ngh*"}, true},
		{bantin.Query{Text: "khu công nghiệp published:2024"}, false},
		{bantin.Query{Text: "khu cong nghiep published:2024"}, false},
	} {
		q := tt.q
		t.Run(fmt.Sprintf("%s from %s", q.Text, q.From.Format(time.DateOnly)), func(t *testing.T) {
			bq, err := s.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			if pruned := s.ix.Prunes(bq); pruned != tt.pruned {
				t.Fatalf("index prunes the query: %v, want %v", pruned, tt.pruned)
			}
			text := q.Text
			q.Limit = 1000 // deeper than rankDepth: pages of search-after
			all := ids(t, s, q)
			if len(all) != 18 {
				t.Fatalf("found %d documents, want 18: %v", len(all), all)
			}
			for _, id := range all[:6] {
				if !strings.HasPrefix(id, "phrase") {
					t.Errorf("top 6 %v: want the documents holding the phrase first", all[:6])
					break
				}
			}
			var paged []string
			after := ""
			for range 20 {
				res, err := s.Search(ctx, bantin.Query{Text: text, From: q.From, Limit: 4, After: after})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					paged = append(paged, h.ID)
				}
				if after = res.Next; after == "" {
					break
				}
			}
			if !slices.Equal(paged, all) {
				t.Errorf("pages differ from one full page:\n pages %v\n full  %v", paged, all)
			}
		})
	}
}
