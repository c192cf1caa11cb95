package archive

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func article(url, title, text string) *bantin.Article {
	return &bantin.Article{
		URL:       url,
		Title:     title,
		Published: bantin.Timestamp{Time: time.Date(2026, 11, 20, 9, 30, 0, 0, bantin.Location)},
		Author:    "Phòng Tuyên truyền",
		Lead:      "Tóm tắt",
		Text:      text,
		Kind:      bantin.KindArticle,
	}
}

func TestSaveArticleOutcomes(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	u := "http://127.0.0.1:8080/tin-tuc/c.html"
	c := mustCapture(t, a, exchange(u, "v1"))
	steps := []struct {
		name     string
		art      *bantin.Article
		at       time.Duration
		want     bantin.Outcome
		versions int
	}{
		{"first", article(u, "Tiêu đề", "Đoạn một."), 0, bantin.New, 1},
		{"same", article(u, "Tiêu đề", "Đoạn một."), time.Hour, bantin.Unchanged, 1},
		// NFD input hashes like its NFC form: not a new version.
		{"same in NFD", article(u, "Tie\u0302u đe\u0302\u0300", "Đoạn một."), 2 * time.Hour, bantin.Unchanged, 1},
		{"edited", article(u, "Tiêu đề", "Đoạn một, sửa."), 3 * time.Hour, bantin.Changed, 2},
		{"edited title", article(u, "Tiêu đề mới", "Đoạn một, sửa."), 4 * time.Hour, bantin.Changed, 3},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			cc := c
			cc.FetchedAt = baseTime.Add(s.at)
			e, out, err := a.SaveArticle(ctx, "sotest", cc, s.art)
			if err != nil {
				t.Fatal(err)
			}
			if out != s.want || e.Versions != s.versions {
				t.Errorf("outcome %v versions %d, want %v %d", out, e.Versions, s.want, s.versions)
			}
			if e.ID != bantin.ArticleID(u) || !e.FirstSeen.Equal(baseTime) || !e.LastSeen.Equal(baseTime.Add(s.at)) {
				t.Errorf("entry %s first %v last %v", e.ID, e.FirstSeen, e.LastSeen)
			}
		})
	}
	vs, err := a.Versions(ctx, bantin.ArticleID(u))
	if err != nil || len(vs) != 3 {
		t.Fatalf("Versions = %d, %v", len(vs), err)
	}
	if vs[2].Article.Title != "Tiêu đề mới" || vs[0].Article.Text != "Đoạn một." || vs[1].N != 2 {
		t.Errorf("versions %+v", vs)
	}

	// Gone, then back.
	if err := a.MarkGone(ctx, u, baseTime.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, err := a.Entry(ctx, bantin.ArticleID(u))
	if err != nil || e.GoneAt == nil || !e.GoneAt.Equal(baseTime.Add(5*time.Hour)) {
		t.Fatalf("after MarkGone: %+v %v", e, err)
	}
	if err := a.MarkGone(ctx, "http://127.0.0.1:8080/never", baseTime); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("MarkGone unknown: %v", err)
	}
	c.FetchedAt = baseTime.Add(6 * time.Hour)
	if _, out, err := a.SaveArticle(ctx, "sotest", c, article(u, "Tiêu đề mới", "Đoạn một, sửa.")); err != nil || out != bantin.Unchanged {
		t.Fatalf("back: %v %v", out, err)
	}
	if e, _ := a.Entry(ctx, bantin.ArticleID(u)); e.GoneAt != nil || e.Versions != 3 {
		t.Errorf("after return: gone %v versions %d", e.GoneAt, e.Versions)
	}
	if _, err := a.Entry(ctx, "0000"); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("Entry unknown: %v", err)
	}
}

func TestSaveArticleCanonical(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	c := mustCapture(t, a, exchange("http://127.0.0.1:8080/print/d.html", "x"))
	art := article(c.URL, "T", "B")
	art.Canonical = "http://127.0.0.1:8080/d.html"
	e, _, err := a.SaveArticle(ctx, "sotest", c, art)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != bantin.ArticleID(art.Canonical) {
		t.Errorf("id %s is not of the canonical URL", e.ID)
	}
	if _, _, err := a.SaveArticle(ctx, "sotest", c, nil); !errors.Is(err, bantin.ErrInvalid) {
		t.Errorf("nil article: %v", err)
	}
}

func TestEntriesFilterAndPaging(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	const n = 1234 // more than two pages
	for i := range n {
		site := []string{"so-a", "so-b"}[i%2]
		u := fmt.Sprintf("http://127.0.0.1:8080/%s/%d", site, i)
		art := article(u, fmt.Sprint("T", i), "B")
		art.Published = bantin.Timestamp{Time: time.Date(2026, time.Month(1+i%12), 1, 0, 0, 0, 0, bantin.Location), DateOnly: true}
		if _, _, err := a.SaveArticle(ctx, site, bantin.Capture{URL: u, FetchedAt: baseTime}, art); err != nil {
			t.Fatal(err)
		}
	}
	count := func(f EntryFilter) int {
		t.Helper()
		got, last := 0, ""
		err := a.Entries(ctx, f, func(e bantin.Entry) error {
			if e.ID <= last {
				t.Fatalf("ids out of order: %s after %s", e.ID, last)
			}
			last = e.ID
			got++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, bantin.Location)
	tests := []struct {
		name string
		f    EntryFilter
		want int
	}{
		{"all", EntryFilter{}, n},
		{"site", EntryFilter{Sites: []string{"so-a"}}, n / 2},
		{"two sites", EntryFilter{Sites: []string{"so-a", "so-b"}}, n},
		{"unknown site", EntryFilter{Sites: []string{"x"}}, 0},
		{"one month", EntryFilter{From: march, To: march}, countMonth(n, 2)},
		{"ids", EntryFilter{IDs: []string{bantin.ArticleID("http://127.0.0.1:8080/so-a/0"), bantin.ArticleID("http://127.0.0.1:8080/so-b/1"), "nope"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := count(tt.f); got != tt.want {
				t.Errorf("got %d entries, want %d", got, tt.want)
			}
		})
	}
	stop := errors.New("stop")
	if err := a.Entries(ctx, EntryFilter{}, func(bantin.Entry) error { return stop }); err != stop {
		t.Errorf("fn error not returned as is: %v", err)
	}
}

// countMonth counts i in [0,n) with i%12 == m.
func countMonth(n, m int) int {
	c := 0
	for i := range n {
		if i%12 == m {
			c++
		}
	}
	return c
}
