package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

func TestCaptureRoundTrip(t *testing.T) {
	for _, noSync := range []bool{false, true} {
		t.Run(fmt.Sprint("nosync=", noSync), func(t *testing.T) { testCaptureRoundTrip(t, noSync) })
	}
}

func testCaptureRoundTrip(t *testing.T, noSync bool) {
	ctx := context.Background()
	tests := []struct {
		name string
		ex   *bantin.Exchange
	}{
		{"html", exchange("http://127.0.0.1:8080/tin-tuc/a.html", "<html><body>Xin chào Hà Nội</body></html>")},
		{"empty body", func() *bantin.Exchange {
			ex := exchange("http://127.0.0.1:8080/empty", "")
			ex.Status = 204
			return ex
		}()},
		{"binary body", exchange("http://127.0.0.1:8080/file.pdf", "%PDF\x00\x01\x02\r\n\r\nHTTP/1.1 200 OK\r\n")},
		{"not found", func() *bantin.Exchange {
			ex := exchange("http://127.0.0.1:8080/gone", "not here")
			ex.Status = 404
			return ex
		}()},
		{"chunked header dropped", func() *bantin.Exchange {
			ex := exchange("http://127.0.0.1:8080/chunked", "abc")
			ex.RespHeader.Set("Transfer-Encoding", "chunked")
			ex.RespHeader.Del("Content-Length")
			return ex
		}()},
		{"header injection", func() *bantin.Exchange {
			ex := exchange("http://127.0.0.1:8080/inject", "x")
			ex.RespHeader.Set("X-Evil", "a\r\nWARC-Type: warcinfo")
			return ex
		}()},
	}
	a, _ := openTest(t, Options{NoSync: noSync})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCapture(t, a, tt.ex)
			if c.ID == 0 || c.RecordType != warc.TypeResponse || c.WARCFile == "" || c.Length <= 0 {
				t.Fatalf("capture = %+v", c)
			}
			rec, err := a.OpenRecord(ctx, c)
			if err != nil {
				t.Fatalf("OpenRecord: %v", err)
			}
			if !bytes.Equal(rec.Payload, tt.ex.Body) {
				t.Errorf("payload = %q, want %q", rec.Payload, tt.ex.Body)
			}
			if rec.Status != tt.ex.Status {
				t.Errorf("status = %d, want %d", rec.Status, tt.ex.Status)
			}
			if got := rec.Header.Get("Content-Type"); got != tt.ex.RespHeader.Get("Content-Type") {
				t.Errorf("content-type = %q", got)
			}
			if rec.Header.Get("Transfer-Encoding") != "" {
				t.Errorf("Transfer-Encoding kept: body is de-chunked")
			}
			if err := rec.CheckDigests(); err != nil {
				t.Error(err)
			}
			if rec.TargetURI != tt.ex.URL || rec.Fields.Get("WARC-IP-Address") != "127.0.0.1" {
				t.Errorf("target %q ip %q", rec.TargetURI, rec.Fields.Get("WARC-IP-Address"))
			}
			if got, err := a.CaptureByID(ctx, c.ID); err != nil || got.Offset != c.Offset || got.URL != c.URL {
				t.Errorf("CaptureByID = %+v, %v", got, err)
			}
		})
	}
}

func TestRevisit(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	u := "http://127.0.0.1:8080/tin-tuc/b.html"
	first := mustCapture(t, a, exchange(u, "same body"))
	ex := exchange(u, "same body")
	ex.FetchedAt = baseTime.Add(time.Hour)
	ex.RespHeader.Set("X-Second", "1")
	second := mustCapture(t, a, ex)
	if second.RecordType != warc.TypeRevisit {
		t.Fatalf("second capture is %s, want revisit", second.RecordType)
	}
	other := mustCapture(t, a, exchange("http://127.0.0.1:8080/other", "same body"))
	if other.RecordType != warc.TypeResponse {
		t.Errorf("same payload at another URL is %s, want response", other.RecordType)
	}
	changed := mustCapture(t, a, exchange(u, "new body"))
	if changed.RecordType != warc.TypeResponse {
		t.Errorf("changed payload is %s, want response", changed.RecordType)
	}
	rec, err := a.OpenRecord(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	if string(rec.Payload) != "same body" || rec.Header.Get("X-Second") != "1" {
		t.Errorf("revisit payload %q header %v", rec.Payload, rec.Header)
	}
	for k, want := range map[string]string{
		"WARC-Profile":              warc.RevisitProfile,
		"WARC-Refers-To-Target-URI": u,
		"WARC-Refers-To-Date":       warc.FormatDate(baseTime),
	} {
		if got := rec.Fields.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	orig, _ := a.OpenRecord(ctx, first)
	if rec.Fields.Get("WARC-Refers-To") != orig.ID {
		t.Errorf("WARC-Refers-To %q, want %q", rec.Fields.Get("WARC-Refers-To"), orig.ID)
	}
	caps, err := a.CapturesOf(ctx, u)
	if err != nil || len(caps) != 3 {
		t.Fatalf("CapturesOf = %d captures, %v", len(caps), err)
	}
}

func TestWARCFileLayout(t *testing.T) {
	ctx := context.Background()
	a, dir := openTest(t, Options{MaxWARCSize: 2000})
	body := strings.Repeat("Sở Nội vụ thông báo. ", 40)
	var caps []bantin.Capture
	for i := range 12 {
		ex := exchange(fmt.Sprintf("http://127.0.0.1:8080/a/%d.html", i), fmt.Sprintf("%d %s", i, body))
		caps = append(caps, mustCapture(t, a, ex))
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "warc", "*.warc.gz"))
	if len(files) < 2 {
		t.Fatalf("%d warc files, want rotation", len(files))
	}
	for _, f := range files {
		if !strings.HasPrefix(filepath.Base(f), "sotest-20261127030000-") {
			t.Errorf("file name %s", filepath.Base(f))
		}
		// Every file starts with warcinfo and holds response + request pairs.
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		rd := warc.NewReader(fh, 0)
		var types []string
		var concurrent []string
		for {
			rec, err := rd.Next()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("%s: %v", f, err)
				}
				break
			}
			types = append(types, rec.Type)
			if rec.Type == warc.TypeRequest {
				concurrent = append(concurrent, rec.Fields.Get("WARC-Concurrent-To"))
			}
		}
		fh.Close()
		if len(types) < 3 || types[0] != warc.TypeWarcinfo {
			t.Errorf("%s: record types %v", f, types)
		}
		for _, c := range concurrent {
			if !strings.HasPrefix(c, "<urn:uuid:") {
				t.Errorf("WARC-Concurrent-To %q", c)
			}
		}
		cdx, err := os.ReadFile(strings.TrimSuffix(f, ".warc.gz") + ".cdxj")
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(cdx)), "\n")
		if len(lines) != (len(types)-1)/2 {
			t.Errorf("%s: %d cdxj lines for %d records", f, len(lines), len(types))
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "1,0,0,127:8080)/a/") || !strings.Contains(l, " 20261127030000 {") {
				t.Errorf("cdxj line %q", l)
			}
		}
	}
	// Reopen read-only: records are still where the catalog says.
	ro := openDir(t, dir, Options{ReadOnly: true})
	for _, c := range caps {
		rec, err := ro.OpenRecord(ctx, c)
		if err != nil {
			t.Fatalf("OpenRecord after reopen: %v", err)
		}
		if !strings.Contains(string(rec.Payload), body) {
			t.Errorf("payload of %s lost", c.URL)
		}
	}
	if err := ro.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck: %v", err)
	}
	if _, err := ro.Capture(ctx, exchange("http://x/", "y")); !errors.Is(err, bantin.ErrInvalid) {
		t.Errorf("Capture on read-only archive: %v, want ErrInvalid", err)
	}
}

// TestReaderBesideWriter: a read-only Archive opened while a writer works sees what the
// writer has acknowledged, and can read its records from the file still being written.
func TestReaderBesideWriter(t *testing.T) {
	ctx := context.Background()
	a, dir := openTest(t, Options{})
	first := mustCapture(t, a, exchange("http://127.0.0.1:8080/w/0", "zero"))
	ro := openDir(t, dir, Options{ReadOnly: true})
	for i := 1; i <= 5; i++ {
		u := fmt.Sprintf("http://127.0.0.1:8080/w/%d", i)
		c := mustCapture(t, a, exchange(u, u))
		got, err := ro.CaptureByID(ctx, c.ID)
		if err != nil {
			t.Fatalf("reader does not see capture %d: %v", c.ID, err)
		}
		rec, err := ro.OpenRecord(ctx, got)
		if err != nil || string(rec.Payload) != u {
			t.Fatalf("reader: %v", err)
		}
	}
	if _, err := ro.OpenRecord(ctx, first); err != nil {
		t.Error(err)
	}
	if err := ro.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck beside a writer: %v", err)
	}
	if _, err := Open(ctx, t.TempDir()+"/none", Options{ReadOnly: true}); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("read-only open of an empty dir: %v", err)
	}
}

// TestConcurrentCaptures: captures from many goroutines (group commit, rotation, revisits)
// all get distinct ids and read back.
func TestConcurrentCaptures(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{MaxWARCSize: 32 << 10})
	const workers, each = 8, 40
	type got struct {
		c    bantin.Capture
		body string
	}
	results := make(chan got, workers*each)
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for i := range each {
				u := fmt.Sprintf("http://127.0.0.1:8080/c/%d/%d", w, i%30)
				body := bodyOf(u, i%30)
				ex := exchange(u, body)
				ex.Site = fmt.Sprint("site", w%3)
				c, err := a.Capture(ctx, ex)
				if err != nil {
					errs <- err
					return
				}
				results <- got{c, body}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(results)
	ids := map[int64]bool{}
	revisits := 0
	for r := range results {
		if ids[r.c.ID] {
			t.Fatalf("id %d given twice", r.c.ID)
		}
		ids[r.c.ID] = true
		if r.c.RecordType == warc.TypeRevisit {
			revisits++
		}
		rec, err := a.OpenRecord(ctx, r.c)
		if err != nil || string(rec.Payload) != r.body {
			t.Fatalf("capture %d: %v", r.c.ID, err)
		}
	}
	if revisits != workers*(each-30) {
		t.Errorf("%d revisits, want %d", revisits, workers*(each-30))
	}
	if err := a.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}
