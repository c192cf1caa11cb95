package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestSnippetText(t *testing.T) {
	tests := []struct{ in, open, close, want string }{
		{"a <mark>b</mark> c", "[", "]", "a [b] c"},
		{"&lt;script&gt; <mark>x&amp;y</mark>", "", "", "<script> x&y"},
		{"esc \x1b[31m red", "[", "]", "esc  [31m red"},
		{"", "[", "]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := snippetText(tt.in, tt.open, tt.close); got != tt.want {
				t.Errorf("snippetText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func searchEntries() []bantin.Entry {
	var out []bantin.Entry
	for i, title := range []string{"Hội nghị văn hóa toàn tỉnh", "UBND tỉnh họp phiên thường kỳ", "Ủy ban nhân dân ban hành kế hoạch"} {
		url := "http://127.0.0.1/tin/" + string(rune('a'+i)) + ".html"
		out = append(out, bantin.Entry{
			ID: bantin.ArticleID(url), Site: "so", FirstSeen: time.Now(), Versions: 1,
			Article: bantin.Article{URL: url, Title: title, Text: title + ". Nội dung bài viết.",
				Published: bantin.Timestamp{Time: time.Date(2024, time.Month(1+i), 1, 0, 0, 0, 0, bantin.Location), DateOnly: true}},
		})
	}
	return out
}

// TestSearchCommand indexes a few entries through the same wiring as crawl, then searches
// with the index free (read-only open) and while a writer holds it (through its socket).
func TestSearchCommand(t *testing.T) {
	ctx := context.Background()
	g := &globalOptions{Data: t.TempDir()}
	w, err := openWriter(ctx, g, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Index.Index(ctx, searchEntries()...); err != nil {
		t.Fatal(err)
	}
	if err := w.Index.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, format, query string) string {
		t.Helper()
		var out bytes.Buffer
		opts := searchOptions{Format: format, Limit: 10, Sort: bantin.SortRelevance, Histogram: "month"}
		if err := runSearch(ctx, g, opts, query, &out); err != nil {
			t.Fatalf("search %q: %v", query, err)
		}
		return out.String()
	}
	check := func(t *testing.T) {
		var res bantin.Result
		if err := json.Unmarshal([]byte(run(t, "json", "uy ban nhan dan")), &res); err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 || res.Facets["site"][0].Count != 2 || len(res.Facets["month"]) != 2 {
			t.Errorf("json result %+v", res)
		}
		table := run(t, "table", "văn hóa")
		if !strings.Contains(table, "[văn hóa]") || !strings.Contains(table, "1 result (") {
			t.Errorf("table:\n%s", table)
		}
		if lines := strings.Count(run(t, "jsonl", "tỉnh"), "\n"); lines != 2 {
			t.Errorf("jsonl gave %d lines, want 2", lines)
		}
		if csv := run(t, "csv", "tỉnh"); !strings.HasPrefix(csv, "id,url,title") || strings.Count(csv, "\n") != 3 {
			t.Errorf("csv:\n%s", csv)
		}
	}
	t.Run("through the writer's socket", check)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("read-only", check)
	t.Run("bad query", func(t *testing.T) {
		err := runSearch(ctx, g, searchOptions{Format: "table"}, `"open`, &bytes.Buffer{})
		if !errors.Is(err, bantin.ErrInvalid) || !strings.Contains(err.Error(), "position 1") {
			t.Errorf("bad query: %v", err)
		}
	})
	t.Run("no data", func(t *testing.T) {
		err := runSearch(ctx, &globalOptions{Data: t.TempDir()}, searchOptions{Format: "table"}, "x", &bytes.Buffer{})
		if !errors.Is(err, bantin.ErrNotFound) {
			t.Errorf("empty data dir: %v", err)
		}
	})
}
