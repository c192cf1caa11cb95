package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
)

func entry(i int) bantin.Entry {
	url := fmt.Sprintf("http://127.0.0.1/tin/%d.html", i)
	return bantin.Entry{
		ID:        bantin.ArticleID(url),
		Site:      "sovh",
		FirstSeen: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Versions:  1,
		Article: bantin.Article{
			URL:       url,
			Title:     fmt.Sprintf("Hội nghị văn hóa số %d", i),
			Text:      "Ủy ban nhân dân tỉnh tổ chức hội nghị.",
			Published: bantin.Timestamp{Time: time.Date(2023, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, bantin.Location), DateOnly: true},
		},
	}
}

func openT(t *testing.T, dir string, opts Options) *Index {
	t.Helper()
	ix, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return ix
}

func TestCloseAndReopenKeepsEveryDoc(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := openT(t, dir, Options{Shards: shards, BatchSize: 7})
			ctx := context.Background()
			const n = 50
			for i := 0; i < n; i++ {
				if err := ix.Index(ctx, entry(i)); err != nil {
					t.Fatal(err)
				}
			}
			// Re-indexing an entry replaces it.
			if err := ix.Index(ctx, entry(3)); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ix = openT(t, dir, Options{Shards: 5, ReadOnly: true})
			defer ix.Close()
			if ix.Shards() != shards {
				t.Errorf("reopened with %d shards, created with %d", ix.Shards(), shards)
			}
			got, err := ix.Count()
			if err != nil {
				t.Fatal(err)
			}
			if got != n {
				t.Errorf("Count after reopen = %d, want %d", got, n)
			}
			min, max, err := ix.Span(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if min.IsZero() || !min.Before(max) {
				t.Errorf("Span = %v..%v", min, max)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		opts  Options
		want  error
	}{
		{"read-only missing", func(t *testing.T, dir string) {}, Options{ReadOnly: true}, bantin.ErrNotFound},
		{"mapping version", func(t *testing.T, dir string) {
			openT(t, dir, Options{}).Close()
			if err := os.WriteFile(filepath.Join(dir, metaFile), []byte(`{"mapping_version":0,"shards":2}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, Options{}, bantin.ErrIndexStale},
		{"meta missing", func(t *testing.T, dir string) {
			openT(t, dir, Options{}).Close()
			if err := os.Remove(filepath.Join(dir, metaFile)); err != nil {
				t.Fatal(err)
			}
		}, Options{}, bantin.ErrIndexStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.setup(t, dir)
			ix, err := Open(dir, tt.opts)
			if err == nil {
				ix.Close()
				t.Fatalf("Open succeeded, want %v", tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("locked", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		w := openT(t, dir, Options{})
		defer w.Close()
		if err := w.Index(ctx, entry(1)); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{true, false} {
			_, err := Open(dir, Options{ReadOnly: ro, LockTimeout: 100 * time.Millisecond})
			if !errors.Is(err, bantin.ErrLocked) {
				t.Errorf("Open(read-only=%v) while a writer holds it: %v, want ErrLocked", ro, err)
			}
		}
	})
	t.Run("stale message", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		openT(t, dir, Options{}).Close()
		_ = os.WriteFile(filepath.Join(dir, metaFile), []byte(`{"mapping_version":99,"shards":2}`), 0o644)
		_, err := Open(dir, Options{})
		if err == nil || !strings.Contains(err.Error(), "bantin reindex") {
			t.Errorf("error %v does not tell to run bantin reindex", err)
		}
	})
}

func TestIndexAfterCloseAndReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{})
	ix.Close()
	if err := ix.Index(context.Background(), entry(1)); !errors.Is(err, bantin.ErrUnavailable) {
		t.Errorf("Index after Close: %v", err)
	}
	ro := openT(t, dir, Options{ReadOnly: true})
	defer ro.Close()
	if err := ro.Index(context.Background(), entry(1)); !errors.Is(err, bantin.ErrInvalid) {
		t.Errorf("Index on read-only: %v", err)
	}
	if err := ro.Index(context.Background(), bantin.Entry{}); err == nil {
		t.Error("entry without id accepted")
	}
}

func TestFieldLengthsSurviveReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{Shards: 2, BatchSize: 4})
	var want uint64
	for i := 0; i < 10; i++ {
		e := entry(i)
		want += uint64(countTokens(bodyOf(e.Article.Lead, e.Article.Text)))
		if err := ix.Index(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openT(t, dir, Options{ReadOnly: true})
	defer ix.Close()
	if got, ok := ix.fieldLength(FieldBody); !ok || got != want {
		t.Errorf("fieldLength(%s) = %d, %v; want %d", FieldBody, got, ok, want)
	}
	// The word pairs take the body's length: Bleve's own average (distinct pairs per document)
	// is a few percent of it.
	if got, ok := ix.fieldLength(FieldBodyPairs); !ok || got != want {
		t.Errorf("fieldLength(%s) = %d, %v; want the body's %d", FieldBodyPairs, got, ok, want)
	}
	if _, ok := ix.fieldLength(FieldSite); ok {
		t.Error("site has a kept length")
	}
	tests := []struct {
		in   string
		want int
	}{{"Hội nghị văn hóa", 8}, {"", 0}, {"  UBND, 2023!", 2}, {"ho\u0300a", 2}, {"tuyên truyền lưu động tại xã", 12}}
	for _, tt := range tests {
		got := countTokens(tt.in)
		if got != tt.want {
			t.Errorf("countTokens(%q) = %d, want %d", tt.in, got, tt.want)
		}
		// What the field length of a document counts: every token of the index analyzer.
		if n := len(vi.NewIndexAnalyzer().Analyze([]byte(tt.in))); got != n {
			t.Errorf("countTokens(%q) = %d, the index analyzer makes %d tokens", tt.in, got, n)
		}
	}
}

// TestOpenAfterCreationCutShort: a process killed while creating an index leaves only the
// directory it was building; the next Open starts over and gives a working index.
func TestOpenAfterCreationCutShort(t *testing.T) {
	for _, name := range []string{"half-made index beside", "empty directory in place"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if name == "empty directory in place" {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.MkdirAll(filepath.Join(dir+".creating", shardName(0)), 0o755); err != nil {
				t.Fatal(err)
			}
			ix, err := Open(dir, Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer ix.Close()
			if _, err := os.Stat(dir + ".creating"); !os.IsNotExist(err) {
				t.Errorf("%s.creating still there: %v", dir, err)
			}
			if n, err := ix.Count(); err != nil || n != 0 {
				t.Errorf("Count = %d, %v; want an empty index", n, err)
			}
		})
	}
}
