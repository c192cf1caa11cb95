package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

// crash abandons a writer archive the way a SIGKILL would: descriptors closed, nothing
// marked closed, no checkpoint.
func crash(t *testing.T, a *Archive) {
	t.Helper()
	a.mu.Lock()
	a.closed = true
	for _, wf := range a.files {
		wf.f.Close()
		if wf.cdx != nil {
			wf.cdx.Close()
		}
	}
	a.files = map[string]*warcFile{}
	a.mu.Unlock()
	a.w.Close()
	a.r.Close()
	a.lock.Unlock()
}

// copyDir copies a data directory (flat files and the warc folder).
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func bodyOf(url string, n int) string {
	return strings.Repeat(url+" Thông báo của Sở. ", 1+n%50)
}

// TestRepairTornTail writes captures, "crashes", cuts the WARC file at random points, and
// reopens: the torn record is cut off, every complete record still reads, catalog rows
// pointing past the cut are gone and their URLs are queued again.
func TestRepairTornTail(t *testing.T) {
	ctx := context.Background()
	a, dir := openTest(t, Options{})
	const n = 30
	var caps []bantin.Capture
	for i := range n {
		u := fmt.Sprintf("http://127.0.0.1:8080/t/%d", i)
		caps = append(caps, mustCapture(t, a, exchange(u, bodyOf(u, i))))
		if err := a.UpdateURL(ctx, bantin.FrontierURL{URL: u, Site: "sotest", State: bantin.StateDone, NextDue: baseTime.Add(1e12)}); err != nil {
			t.Fatal(err)
		}
	}
	crash(t, a)
	warcPath := filepath.Join(dir, "warc", caps[0].WARCFile)
	full, err := os.ReadFile(warcPath)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cuts := []int64{int64(len(full)), caps[0].Offset, caps[n-1].Offset + 1, caps[5].Offset + caps[5].Length}
	for range 12 {
		cuts = append(cuts, caps[0].Offset+rng.Int64N(int64(len(full))-caps[0].Offset))
	}
	for _, cut := range cuts {
		t.Run(fmt.Sprint("cut at ", cut), func(t *testing.T) {
			d := t.TempDir()
			copyDir(t, dir, d)
			if err := os.Truncate(filepath.Join(d, "warc", caps[0].WARCFile), cut); err != nil {
				t.Fatal(err)
			}
			b := openDir(t, d, Options{})
			kept := 0
			for i, c := range caps {
				complete := c.Offset+c.Length <= cut
				got, err := b.CaptureByID(ctx, c.ID)
				if complete != (err == nil) {
					t.Errorf("capture %d (ends %d, cut %d): in catalog = %v", i, c.Offset+c.Length, cut, err == nil)
					continue
				}
				fu, err := b.LookupURL(ctx, c.URL)
				if !complete {
					// Queued again, or never marked done: frontier rows are written behind,
					// so the crash may have taken the last ones.
					if err == nil && fu.State != bantin.StateQueued {
						t.Errorf("capture %d dropped but frontier state %s", i, fu.State)
					} else if err != nil && !errors.Is(err, bantin.ErrNotFound) {
						t.Errorf("capture %d: frontier: %v", i, err)
					}
					continue
				}
				kept++
				rec, err := b.OpenRecord(ctx, got)
				if err != nil {
					t.Fatalf("capture %d: %v", i, err)
				}
				if string(rec.Payload) != bodyOf(c.URL, i) {
					t.Errorf("capture %d payload differs", i)
				}
			}
			if err := b.IntegrityCheck(ctx); err != nil {
				t.Errorf("IntegrityCheck: %v", err)
			}
			st, _ := os.Stat(filepath.Join(d, "warc", caps[0].WARCFile))
			cdx, _ := os.ReadFile(filepath.Join(d, "warc", strings.TrimSuffix(caps[0].WARCFile, ".warc.gz")+".cdxj"))
			if lines := bytes.Count(cdx, []byte("\n")); lines != kept {
				t.Errorf("cdxj has %d lines for %d kept captures", lines, kept)
			}
			// The repaired file ends on a record boundary and reads to EOF.
			f, _ := os.Open(filepath.Join(d, "warc", caps[0].WARCFile))
			defer f.Close()
			rd := warc.NewReader(f, 0)
			for {
				if _, err := rd.Next(); err != nil {
					if err != io.EOF {
						t.Errorf("repaired file: %v", err)
					}
					break
				}
			}
			if rd.Offset() != st.Size() {
				t.Errorf("repaired file is %d bytes, records end at %d", st.Size(), rd.Offset())
			}
			// The cut bytes are kept beside the file.
			if cut > st.Size() {
				torn, err := os.ReadFile(filepath.Join(d, "warc", fmt.Sprintf("%s.torn-%d", caps[0].WARCFile, st.Size())))
				if err != nil || !bytes.Equal(torn, full[st.Size():cut]) {
					t.Errorf("torn tail not saved: %v", err)
				}
			}
			// Writing goes on in a new file.
			c := mustCapture(t, b, exchange("http://127.0.0.1:8080/after", "after"))
			if c.WARCFile == caps[0].WARCFile {
				t.Errorf("wrote into the repaired file")
			}
		})
	}
}

// TestRebuildFromWARC: with the catalog lost, Rebuild files every capture again from the
// WARC files alone, revisits resolved.
func TestRebuildFromWARC(t *testing.T) {
	ctx := context.Background()
	a, dir := openTest(t, Options{MaxWARCSize: 4000})
	want := map[string]string{}
	for i := range 20 {
		u := fmt.Sprintf("http://127.0.0.1:8080/r/%d", i%15) // 5 revisits
		mustCapture(t, a, exchange(u, bodyOf(u, i%15)))
		want[u] = bodyOf(u, i%15)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{CatalogFile, CatalogFile + "-wal", CatalogFile + "-shm"} {
		os.Remove(filepath.Join(dir, f))
	}
	b := openDir(t, dir, Options{})
	seen, revisits := 0, 0
	err := b.Rebuild(ctx, func(c bantin.Capture, rec *Record) error {
		seen++
		if c.ID == 0 {
			t.Errorf("capture of %s not filed", c.URL)
		}
		if c.RecordType == warc.TypeRevisit {
			revisits++
		}
		if string(rec.Payload) != want[c.URL] || rec.Site != "sotest" {
			t.Errorf("%s: payload %d bytes, site %q", c.URL, len(rec.Payload), rec.Site)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != 20 || revisits != 5 {
		t.Errorf("rebuilt %d captures with %d revisits, want 20 and 5", seen, revisits)
	}
	st, _ := b.Stats(ctx)
	if st.Captures != 20 || st.Revisits != 5 {
		t.Errorf("stats after rebuild: %+v", st)
	}
	// A second rebuild files nothing new.
	b.Rebuild(ctx, func(bantin.Capture, *Record) error { return nil })
	if st, _ := b.Stats(ctx); st.Captures != 20 {
		t.Errorf("second rebuild: %d captures", st.Captures)
	}
	// Revisits open with the payload they refer to.
	caps, _ := b.CapturesOf(ctx, "http://127.0.0.1:8080/r/0")
	for _, c := range caps {
		rec, err := b.OpenRecord(ctx, c)
		if err != nil || string(rec.Payload) != want[c.URL] {
			t.Errorf("%s %s: %v", c.URL, c.RecordType, err)
		}
	}
}
