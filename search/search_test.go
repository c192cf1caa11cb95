package search

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index"
)

func loadCorpus(t testing.TB) []bantin.Entry {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []bantin.Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e bantin.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("corpus line %d: %v", len(out)+1, err)
		}
		out = append(out, e)
	}
	return out
}

func newSearcher(t testing.TB, shards int, entries []bantin.Entry) *Searcher {
	t.Helper()
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{Shards: shards})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ctx := context.Background()
	if err := ix.Index(ctx, entries...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return New(ix, Options{Abbreviations: map[string]string{"SVH": "sở văn hóa"}})
}

func ids(t *testing.T, s *Searcher, q bantin.Query) []string {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 100
	}
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Text, err)
	}
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func TestRelevance(t *testing.T) {
	s := newSearcher(t, 2, loadCorpus(t))
	tests := []struct {
		name    string
		query   string
		want    []string // must all be found
		notWant []string // must not be found
		first   []string // the top hits, in any order
	}{
		{"diacritic-free finds", "hoi nghi van hoa", []string{"vh1"}, nil, []string{"vh1"}},
		{"exact ranks first", "văn hóa", []string{"vh1", "vh2"}, nil, []string{"vh1"}},
		{"old tone style finds new", "hòa giải", []string{"hg1", "hg2"}, nil, nil},
		{"new tone style finds old", "hoà giải", []string{"hg1", "hg2"}, nil, nil},
		{"thuỷ finds thủy", "thuỷ lợi", []string{"tl1", "tl2"}, nil, nil},
		{"khoẻ finds khỏe", "sức khoẻ", []string{"sk1", "sk2"}, nil, nil},
		{"abbreviation finds both forms", "UBND", []string{"ub1", "ub2", "vh1"}, nil, nil},
		{"full form finds abbreviation", "ủy ban nhân dân", []string{"ub1", "ub2", "vh1"}, nil, nil},
		{"quoted full form finds abbreviation", `"uỷ ban nhân dân"`, []string{"ub1", "ub2"}, nil, nil},
		{"HĐND both ways", "hdnd", []string{"hd1", "hd2"}, nil, nil},
		{"phrase starting with an abbreviation finds the full form", `"UBND tỉnh"`, []string{"ub1", "ub2", "vh1"}, nil, nil},
		{"phrase ending with an abbreviation finds the full form", `"thường trực hđnd"`, []string{"hd2"}, []string{"hd1"}, nil},
		{"abbreviation inside a phrase finds the full form", `"trường UBND tỉnh"`, []string{"vh1"}, []string{"ub1", "ub2"}, nil},
		{"full form inside a phrase finds the abbreviation", `"kỳ họp thứ 7 hội đồng nhân dân tỉnh"`, []string{"hd1"}, []string{"hd2"}, nil},
		{"plain words spelling a full form before another word", "hội đồng nhân dân tỉnh", []string{"hd1", "hd2"}, nil, nil},
		{"CCVC both ways", "công chức viên chức", []string{"cc1", "cc2"}, nil, nil},
		{"CCB", "CCB", []string{"cb1"}, nil, nil},
		{"config abbreviation", "SVH", []string{"vh1"}, nil, nil},
		{"phrase needs adjacency", `"công đoàn"`, []string{"cd1", "cd3"}, []string{"cd2"}, nil},
		{"words need not be adjacent", "công đoàn", []string{"cd1", "cd2", "cd3"}, nil, []string{"cd1", "cd3"}},
		{"NOT excludes", "công đoàn NOT tuyển", []string{"cd1"}, []string{"cd2", "cd3"}, nil},
		{"minus excludes", "công đoàn -tuyển", []string{"cd1"}, []string{"cd2", "cd3"}, nil},
		{"boolean", `"hội nghị" AND (đoàn thể OR "công đoàn") NOT tuyển dụng`, nil, []string{"cd3", "vh1"}, nil},
		{"boolean OR", `"hội nghị" AND (đoàn thể OR "công đoàn")`, []string{"cd3"}, []string{"vh1"}, nil},
		{"title field", "title:hội nghị", []string{"vh1", "cd3"}, []string{"cd1"}, nil},
		{"site field", "site:sotp", []string{"hg1", "hg2"}, []string{"vh1"}, nil},
		{"author field", "author:Cuong", []string{"hg1", "hg2"}, []string{"vh1"}, nil},
		{"published range", "hòa giải published:>=2024-01-01", []string{"hg2"}, []string{"hg1"}, nil},
		{"prefix", "văn*", []string{"vh1", "vx1"}, []string{"hg1"}, nil},
		{"folded prefix", "van*", []string{"vh1", "vx1", "vh2"}, []string{"hg1"}, nil},
		{"site prefix", "site:sot*", []string{"hg1", "hg2"}, []string{"vh1"}, nil},
		{"prefix in the old tone placement", "hò*", []string{"hg1", "hg2"}, nil, []string{"hg1", "hg2"}},
		{"a prefix chooses, the other words rank", "văn* học", []string{"vx1"}, []string{"hg1"}, []string{"vx1"}},
		{"y spelling", "kĩ năng", []string{"hg2"}, nil, nil},
		{"pure NOT", "NOT văn", []string{"hg1"}, []string{"vh1"}, nil},
		{"dotted abbreviation finds the full form", "TP.HCM", []string{"hcm1", "hcm2"}, nil, nil},
		{"full form finds the dotted abbreviation", "thành phố Hồ Chí Minh", []string{"hcm1", "hcm2"}, nil, []string{"hcm2"}},
		{"part of a dotted abbreviation", "Hồ Chí Minh", []string{"hcm1", "hcm2"}, []string{"vh1"}, nil},
		{"spaced abbreviation", "TP HCM", []string{"hcm1", "hcm2"}, nil, nil},
		{"place after a dotted prefix", `"Bến Nghé"`, []string{"hcm1"}, nil, nil},
		{"dotted academic titles", `"GS.TS"`, []string{"hcm1"}, nil, nil},
		{"date without leading zeros", `"5/3/2024"`, []string{"hcm1"}, nil, nil},
		{"word after a colon with no space", `"Tuổi Trẻ"`, []string{"hcm1"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(t, s, bantin.Query{Text: tt.query})
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: %s not found in %v", tt.query, w, got)
				}
			}
			for _, w := range tt.notWant {
				if slices.Contains(got, w) {
					t.Errorf("%q: %s found in %v", tt.query, w, got)
				}
			}
			if len(got) < len(tt.first) {
				t.Fatalf("%q: %d hits, want at least %d", tt.query, len(got), len(tt.first))
			}
			for _, w := range got[:len(tt.first)] {
				if !slices.Contains(tt.first, w) {
					t.Errorf("%q: top hits %v, want %v first", tt.query, got, tt.first)
				}
			}
		})
	}
}

// TestAdjacentWordsRankFirst: among articles that hold every word of a plain query, those where
// the words stand together rank first, even against articles with the words apart in their
// titles, when the words are common and their pair is rare (a place, an office).
func TestAdjacentWordsRankFirst(t *testing.T) {
	entry := func(id, title, text string) bantin.Entry {
		var e bantin.Entry
		e.ID, e.Site = id, "soyt"
		e.Article.URL, e.Article.Title, e.Article.Text = "http://soyt.test/"+id, title, text
		return e
	}
	var corpus []bantin.Entry
	for i := range 120 {
		corpus = append(corpus, entry(fmt.Sprintf("f%d", i),
			fmt.Sprintf("Khánh thành công trình số %d, HĐND xã Hòa Phú giám sát", i),
			"Lễ khánh thành diễn ra trong không khí hòa bình, chủ đề năm nay là thành tích và hòa giải ở cơ sở. "+
				strings.Repeat("Các đại biểu thảo luận về kế hoạch năm tới. ", i%7)))
	}
	corpus = append(corpus,
		entry("province", "Trao đổi kinh nghiệm y tế cơ sở",
			"Đoàn công tác của Sở Y tế tỉnh Khánh Hòa đã trao đổi kinh nghiệm với các xã trong tỉnh và nhiều đơn vị khác."),
		entry("chairman", "Kỳ họp thường lệ cuối năm",
			"Chủ tịch Hội đồng nhân dân tỉnh phát biểu khai mạc kỳ họp, các đại biểu thảo luận về kế hoạch năm tới."))
	s := newSearcher(t, 2, corpus)
	for _, tt := range []struct{ query, first string }{
		{"Khánh Hoà", "province"},
		{"khanh hoa", "province"},
		{"chủ tịch HĐND", "chairman"},
		{"chủ tịch hội đồng nhân dân", "chairman"},
	} {
		got := ids(t, s, bantin.Query{Text: tt.query, Limit: 3})
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("%q: top hits %v, want %s first", tt.query, got, tt.first)
		}
	}
}

func TestShardsRankLikeOneShard(t *testing.T) {
	corpus := loadCorpus(t)
	one := newSearcher(t, 1, corpus)
	three := newSearcher(t, 3, corpus)
	for _, q := range []string{"văn hóa", "hoi nghi", "công đoàn", "UBND", "tỉnh", `"sức khỏe"`} {
		t.Run(q, func(t *testing.T) {
			a, err := one.Search(context.Background(), bantin.Query{Text: q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			b, err := three.Search(context.Background(), bantin.Query{Text: q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if a.Total != b.Total || len(a.Hits) != len(b.Hits) {
				t.Fatalf("1 shard: %d hits, 3 shards: %d", a.Total, b.Total)
			}
			for i := range a.Hits {
				if a.Hits[i].ID != b.Hits[i].ID || fmt.Sprintf("%.6f", a.Hits[i].Score) != fmt.Sprintf("%.6f", b.Hits[i].Score) {
					t.Errorf("rank %d: 1 shard %s (%.6f), 3 shards %s (%.6f)", i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				}
			}
		})
	}
}

func TestFiltersFacetsHistogram(t *testing.T) {
	s := newSearcher(t, 2, loadCorpus(t))
	ctx := context.Background()
	from, _ := ParseDate("2024-01-01", false)
	to, _ := ParseDate("2024-02-15", true)
	res, err := s.Search(ctx, bantin.Query{Sites: []string{"sonv", "sotp"}, From: from, To: to, Facets: true, Histogram: "month", Sort: bantin.SortOldest})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	want := []string{"cc1", "hg2", "hd2", "cc2"}
	if !slices.Equal(got, want) {
		t.Errorf("oldest first in range = %v, want %v", got, want)
	}
	if f := res.Facets["site"]; len(f) != 2 || f[0] != (bantin.Count{Value: "sonv", Count: 3}) {
		t.Errorf("site facet = %v", f)
	}
	// The site facet ignores the site filter: the other sites show what they would add.
	one, err := s.Search(ctx, bantin.Query{Sites: []string{"sotp"}, From: from, To: to, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := one.Facets["site"]; !slices.Equal(f, []bantin.Count{{Value: "sonv", Count: 3}, {Value: "sotp", Count: 1}}) || one.Total != 1 {
		t.Errorf("filtered to sotp: %d hits, site facet %v; want 1 hit and both sites", one.Total, f)
	}
	wantMonths := []bantin.Count{{Value: "2024-02", Count: 2}, {Value: "2024-01", Count: 2}}
	if !slices.Equal(res.Facets["month"], wantMonths) {
		t.Errorf("month facet = %v, want %v", res.Facets["month"], wantMonths)
	}
	if h := res.Histogram; !slices.Equal(h, []bantin.Count{{Value: "2024-01", Count: 2}, {Value: "2024-02", Count: 2}}) {
		t.Errorf("histogram = %v", h)
	}
	res, err = s.Search(ctx, bantin.Query{Text: "tỉnh", Histogram: "year"})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, c := range res.Histogram {
		sum += c.Count
	}
	if len(res.Histogram) == 0 || res.Histogram[0].Value > res.Histogram[len(res.Histogram)-1].Value || uint64(sum) > res.Total {
		t.Errorf("year histogram %v for %d hits", res.Histogram, res.Total)
	}
}

func TestSortAndPaging(t *testing.T) {
	corpus := loadCorpus(t)
	s := newSearcher(t, 2, corpus)
	ctx := context.Background()
	for _, sortBy := range []string{bantin.SortRelevance, bantin.SortNewest, bantin.SortOldest} {
		// Plain words have an adjacency bonus: short pages sorted by relevance are pruned
		// and addressed by rank, the 1000-hit page is not, and both must give the same order.
		for _, text := range []string{"", "tỉnh OR văn", "văn hóa", "hoi nghi tinh", "ủy ban nhân dân"} {
			t.Run(sortBy+"/"+text, func(t *testing.T) {
				all := ids(t, s, bantin.Query{Text: text, Sort: sortBy, Limit: 1000})
				var byOffset, byAfter []string
				after := ""
				for off := 0; off < len(all)+3; off += 3 {
					byOffset = append(byOffset, ids(t, s, bantin.Query{Text: text, Sort: sortBy, Limit: 3, Offset: off})...)
				}
				for i := 0; i < 100; i++ {
					res, err := s.Search(ctx, bantin.Query{Text: text, Sort: sortBy, Limit: 3, After: after})
					if err != nil {
						t.Fatal(err)
					}
					for _, h := range res.Hits {
						byAfter = append(byAfter, h.ID)
					}
					if res.Next == "" {
						break
					}
					after = res.Next
				}
				var each []string
				if err := s.Each(ctx, bantin.Query{Text: text, Sort: sortBy}, func(h bantin.Hit) error {
					each = append(each, h.ID)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(byOffset, all) || !slices.Equal(byAfter, all) || !slices.Equal(each, all) {
					t.Errorf("pages differ:\n all    %v\n offset %v\n after  %v\n each   %v", all, byOffset, byAfter, each)
				}
				if text == "" && len(all) != len(corpus) {
					t.Errorf("empty query found %d of %d", len(all), len(corpus))
				}
			})
		}
	}
	t.Run("newest order", func(t *testing.T) {
		res, err := s.Search(ctx, bantin.Query{Sort: bantin.SortNewest, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(res.Hits); i++ {
			a, b := res.Hits[i-1].Published, res.Hits[i].Published
			if !a.IsZero() && !b.IsZero() && a.Before(b.Time) {
				t.Errorf("%s (%v) before %s (%v)", res.Hits[i-1].ID, a, res.Hits[i].ID, b)
			}
		}
	})
}

func TestSnippets(t *testing.T) {
	s := newSearcher(t, 2, loadCorpus(t))
	tests := []struct {
		query, id string
		want      []string
		notWant   []string
	}{
		{"văn học", "vx1", []string{"<mark>văn học</mark>", "&lt;script&gt;", "&amp;"}, []string{"<script>"}},
		{"van hoc", "vx1", []string{"<mark>văn học</mark>"}, nil},
		{"vă* học", "vx1", []string{"<mark>văn học</mark>"}, nil}, // a prefix: every match scores the same, its words are marked
		{`"cựu chiến binh"`, "cb1", []string{"<mark>Cựu chiến binh</mark>"}, nil},
		{`"công đoàn"`, "cd1", []string{"<mark>Công đoàn</mark> ngành giáo dục"}, nil},
		{`"Bến Nghé"`, "hcm1", []string{"<mark>Bến Nghé</mark>"}, nil},
		{"hoà giải", "hg1", []string{"<mark>hòa giải</mark>"}, nil},
		{"UBND", "ub2", []string{"<mark>Ủy ban nhân dân</mark> tỉnh"}, nil},
		{"hdnd", "hd2", []string{"<mark>Hội đồng nhân dân</mark> tỉnh"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := s.Search(context.Background(), bantin.Query{Text: tt.query, Highlight: true, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var hit *bantin.Hit
			for i := range res.Hits {
				if res.Hits[i].ID == tt.id {
					hit = &res.Hits[i]
				}
			}
			if hit == nil {
				t.Fatalf("%s not found", tt.id)
			}
			// Adjacent matches are marked one by one; compare without the inner tags.
			sn := strings.ReplaceAll(hit.Snippet, "</mark> <mark>", " ")
			for _, w := range tt.want {
				if !strings.Contains(sn, w) {
					t.Errorf("snippet %q lacks %q", hit.Snippet, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(sn, w) {
					t.Errorf("snippet %q has %q", hit.Snippet, w)
				}
			}
			if hit.Title == "" || hit.URL == "" || hit.Site == "" {
				t.Errorf("hit lacks stored fields: %+v", hit)
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	s := newSearcher(t, 1, loadCorpus(t)[:3])
	tests := []struct {
		name string
		q    bantin.Query
	}{
		{"syntax", bantin.Query{Text: `"open`}},
		{"sort", bantin.Query{Sort: "random"}},
		{"limit", bantin.Query{Limit: MaxLimit + 1}},
		{"deep offset", bantin.Query{Offset: MaxOffset}},
		{"cursor", bantin.Query{After: "garbage"}},
		{"histogram", bantin.Query{Histogram: "week"}},
		{"range", bantin.Query{From: time.Now(), To: time.Now().Add(-time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Search(context.Background(), tt.q)
			if !errors.Is(err, bantin.ErrInvalid) {
				t.Errorf("Search(%+v) error %v, want ErrInvalid", tt.q, err)
			}
		})
	}
}

func TestSearchWhileIndexing(t *testing.T) {
	corpus := loadCorpus(t)
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{BatchSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s := New(ix, Options{})
	ctx := context.Background()
	const copies = 20
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for c := 0; c < copies; c++ {
			for _, e := range corpus {
				e.ID = fmt.Sprintf("%s-%d", e.ID, c)
				if err := ix.Index(ctx, e); err != nil {
					t.Error(err)
					return
				}
			}
		}
		if err := ix.Flush(ctx); err != nil {
			t.Error(err)
		}
	}()
	var last uint64
	for done := false; !done; {
		res, err := s.Search(ctx, bantin.Query{Text: "văn hóa", Facets: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total < last {
			t.Errorf("hits went down from %d to %d while indexing", last, res.Total)
		}
		last = res.Total
		n, _ := ix.Count()
		done = n == uint64(copies*len(corpus))
	}
	wg.Wait()
	res, err := s.Search(ctx, bantin.Query{Text: "văn hóa"})
	if err != nil {
		t.Fatal(err)
	}
	one := newSearcher(t, 1, corpus)
	base, _ := one.Search(ctx, bantin.Query{Text: "văn hóa"})
	if res.Total != base.Total*copies {
		t.Errorf("after indexing %d copies: %d hits, want %d", copies, res.Total, base.Total*copies)
	}
}
