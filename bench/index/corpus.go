package index

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

// Corpus returns n simulator articles as index entries, spread over every testsite family.
// They are cached as gzipped JSONL in cacheDir (rendering costs about 1 ms per article).
func Corpus(n int, seed int64, cacheDir string) ([]bantin.Entry, error) {
	path := filepath.Join(cacheDir, fmt.Sprintf("corpus-%d-%d.jsonl.gz", n, seed))
	if es, err := readCorpus(path); err == nil && len(es) == n {
		return es, nil
	}
	// Article i is family i%5, number i/5: a bigger cached corpus holds this one as its prefix.
	if ms, _ := filepath.Glob(filepath.Join(cacheDir, fmt.Sprintf("corpus-*-%d.jsonl.gz", seed))); len(ms) > 0 {
		for _, m := range ms {
			var size int
			var sd int64
			if _, err := fmt.Sscanf(filepath.Base(m), "corpus-%d-%d.jsonl.gz", &size, &sd); err != nil || size < n || sd != seed {
				continue
			}
			if es, err := readCorpus(m); err == nil && len(es) == size {
				return es[:n], nil
			}
		}
	}
	fams := testsite.Families()
	out := make([]bantin.Entry, n)
	var wg sync.WaitGroup
	workers := runtime.NumCPU()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fam := fams[i%len(fams)]
				_, _, t := testsite.RenderArticle(fam, seed, i/len(fams))
				out[i] = entryOf(t)
			}
		}()
	}
	wg.Wait()
	if err := os.MkdirAll(cacheDir, 0o755); err == nil {
		if err := writeCorpus(path, out); err != nil {
			fmt.Fprintln(os.Stderr, "bench: corpus cache not written:", err)
		}
	}
	return out, nil
}

func entryOf(t testsite.Truth) bantin.Entry {
	seen := t.Published.Time
	if seen.IsZero() {
		seen = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return bantin.Entry{
		ID: bantin.ArticleID(t.URL), Site: t.Site, FirstSeen: seen, LastSeen: seen, Versions: 1,
		Article: bantin.Article{URL: t.URL, Title: t.Title, Lead: t.Lead, Author: t.Author, Text: t.Text,
			Published: t.Published, Lang: "vi"},
	}
}

func readCorpus(path string) ([]bantin.Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var out []bantin.Entry
	dec := json.NewDecoder(bufio.NewReaderSize(zr, 1<<20))
	for dec.More() {
		var e bantin.Entry
		if err := dec.Decode(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func writeCorpus(path string, es []bantin.Entry) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	bw := bufio.NewWriterSize(zw, 1<<20)
	enc := json.NewEncoder(bw)
	for _, e := range es {
		if err := enc.Encode(e); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
