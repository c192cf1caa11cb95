package search

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestParamsRoundTrip(t *testing.T) {
	from, _ := ParseDate("2023-01-01", false)
	to, _ := ParseDate("2023-12-31", true)
	odd := time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC)
	tests := []bantin.Query{
		{},
		{Text: `"hội nghị" OR UBND`, Sites: []string{"a", "b"}, From: from, To: to, Sort: bantin.SortNewest,
			Limit: 20, Offset: 40, Histogram: "month", Facets: true, Highlight: true},
		{Text: "x", From: odd, To: odd.Add(time.Hour), After: "abc"},
	}
	for _, q := range tests {
		t.Run(q.Text, func(t *testing.T) {
			got, err := ParseParams(Params(q))
			if err != nil {
				t.Fatal(err)
			}
			if !got.From.Equal(q.From) || !got.To.Equal(q.To) {
				t.Errorf("dates %v..%v, want %v..%v", got.From, got.To, q.From, q.To)
			}
			got.From, got.To, q.From, q.To = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, q) {
				t.Errorf("ParseParams(Params(q)) = %+v, want %+v", got, q)
			}
		})
	}
}

func TestParseParamsErrors(t *testing.T) {
	for _, raw := range []string{"limit=x", "limit=-1", "offset=y", "from=2023-13-01", "to=yesterday",
		"sort=best", "histogram=day", "facets=maybe", "limit=100000"} {
		t.Run(raw, func(t *testing.T) {
			v, _ := url.ParseQuery(raw)
			if _, err := ParseParams(v); !errors.Is(err, bantin.ErrInvalid) {
				t.Errorf("ParseParams(%s): %v, want ErrInvalid", raw, err)
			}
		})
	}
	v, _ := url.ParseQuery("to=2023-12-31")
	q, err := ParseParams(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 1, 1, 0, 0, 0, 0, bantin.Location).Add(-time.Nanosecond); !q.To.Equal(want) {
		t.Errorf("to=2023-12-31 gives %v, want the day's last instant", q.To)
	}
}

// TestClientOverSocket serves the handler on a unix socket, as a crawl or `bantin serve` does,
// and searches through Client.
func TestClientOverSocket(t *testing.T) {
	s := newSearcher(t, 2, loadCorpus(t))
	sock := filepath.Join(t.TempDir(), "bantin.sock")
	c := NewClient(sock)
	ctx := context.Background()
	if _, err := c.Search(ctx, bantin.Query{Text: "x"}); !errors.Is(err, bantin.ErrUnavailable) {
		t.Fatalf("Search with nobody listening: %v, want ErrUnavailable", err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /api/search", Handler(s))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()

	q := bantin.Query{Text: "văn hóa", Facets: true, Highlight: true, Histogram: "year", Limit: 3}
	want, err := s.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got.TookMS, want.TookMS = 0, 0
	for i := range got.Hits { // JSON carries the zone offset, not the zone name
		if !got.Hits[i].Published.Equal(want.Hits[i].Published.Time) {
			t.Errorf("hit %d published %v, want %v", i, got.Hits[i].Published, want.Hits[i].Published)
		}
		got.Hits[i].Published, want.Hits[i].Published = bantin.Timestamp{}, bantin.Timestamp{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("over the socket:\n%+v\nlocal:\n%+v", got, want)
	}
	var n int
	if err := c.Each(ctx, bantin.Query{Text: "tỉnh"}, func(bantin.Hit) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n == 0 || uint64(n) != totalOf(t, s, "tỉnh") {
		t.Errorf("Each over the socket gave %d hits", n)
	}
	if _, err := c.Search(ctx, bantin.Query{Text: `"unterminated`}); !errors.Is(err, bantin.ErrInvalid) {
		t.Errorf("bad query over the socket: %v, want ErrInvalid", err)
	}
}

func totalOf(t *testing.T, s *Searcher, q string) uint64 {
	t.Helper()
	res, err := s.Search(context.Background(), bantin.Query{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}
