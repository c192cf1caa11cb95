package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

// adjacencyCorpus holds documents that mention "khu công nghiệp" word by word, apart and many
// times (high scores without the adjacency bonus), and documents that hold the phrase once.
func adjacencyCorpus() []bantin.Entry {
	var out []bantin.Entry
	add := func(id, text string) {
		out = append(out, bantin.Entry{ID: id, Site: "s", Article: bantin.Article{
			URL: "http://127.0.0.1/" + id, Title: "Tin " + id, Text: text,
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

func TestRerankKeepsAdjacencyBonus(t *testing.T) {
	s := newSearcher(t, 2, adjacencyCorpus())
	ctx := context.Background()
	for _, text := range []string{"khu công nghiệp", "khu cong nghiep"} {
		t.Run(text, func(t *testing.T) {
			all := ids(t, s, bantin.Query{Text: text, Limit: 1000}) // deeper than rerankDepth: not reranked
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
				res, err := s.Search(ctx, bantin.Query{Text: text, Limit: 4, After: after})
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
				t.Errorf("reranked pages differ from one full page:\n pages %v\n full  %v", paged, all)
			}
		})
	}
}
