package archive

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

// TestWARCReadByWarcio checks that another tool, Webrecorder's warcio (the parser behind
// pywb and ReplayWeb.page), reads our files: record types, URIs, offsets, HTTP statuses and
// payload digests. BANTIN_WARCIO names a node_modules directory holding warcio@2 (.ci/run
// installs it).
func TestWARCReadByWarcio(t *testing.T) {
	modules := os.Getenv("BANTIN_WARCIO")
	if modules == "" {
		t.Skip("BANTIN_WARCIO is not set: skipping the warcio cross-check (CI sets it; or `npm install warcio@2` and point it at node_modules)")
	}
	if _, err := os.Stat(filepath.Join(modules, "warcio")); err != nil {
		t.Fatalf("BANTIN_WARCIO=%s has no warcio: %v", modules, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("BANTIN_WARCIO is set but node is missing: %v", err)
	}
	ctx := context.Background()
	a, dir := openTest(t, Options{})
	var exs []*bantin.Exchange
	add := func(ex *bantin.Exchange) { exs = append(exs, ex) }
	add(exchange("http://127.0.0.1:8080/tin-tuc/1.html", "<html><title>Sở Y tế</title></html>"))
	add(exchange("http://127.0.0.1:8080/tin-tuc/2.html?id=5&x=%E1%BB%87", strings.Repeat("Nội dung dài. ", 5000)))
	e404 := exchange("http://127.0.0.1:8080/missing", "not found")
	e404.Status = http.StatusNotFound
	add(e404)
	empty := exchange("http://127.0.0.1:8080/empty", "")
	empty.Status = http.StatusNotModified
	add(empty)
	ch := exchange("http://127.0.0.1:8080/chunked", "chunk body")
	ch.RespHeader.Set("Transfer-Encoding", "chunked")
	ch.RespHeader.Del("Content-Length")
	add(ch)
	gz := exchange("http://127.0.0.1:8080/gz", "\x1f\x8b\x08\x00binary-not-really-gzip")
	gz.RespHeader.Set("Content-Encoding", "identity")
	add(gz)
	again := exchange("http://127.0.0.1:8080/tin-tuc/1.html", "<html><title>Sở Y tế</title></html>")
	again.FetchedAt = baseTime.Add(time.Hour)
	add(again) // revisit

	var want []string
	var caps []bantin.Capture
	for _, ex := range exs {
		c := mustCapture(t, a, ex)
		caps = append(caps, c)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "warc", caps[0].WARCFile)
	want = append(want, "warcinfo - status=- payload=ok")
	for i, ex := range exs {
		c := caps[i]
		payload := "ok"
		if c.RecordType == warc.TypeRevisit {
			payload = "-"
		}
		want = append(want,
			fmt.Sprintf("%s %s offset=%d length=%d status=%d payload=%s", c.RecordType, ex.URL, c.Offset, c.Length, ex.Status, payload),
			fmt.Sprintf("request %s status=- payload=-", ex.URL))
	}
	cmd := exec.CommandContext(ctx, node, filepath.Join("testdata", "warcio_check.cjs"), file)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("warcio: %v\n%s", err, out)
	}
	t.Logf("warcio:\n%s", out)
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(got) != len(want) {
		t.Fatalf("warcio read %d records, want %d:\n%s", len(got), len(want), out)
	}
	for i := range want {
		if !matchWarcio(got[i], want[i]) {
			t.Errorf("record %d: warcio says\n  %s\nwant\n  %s", i, got[i], want[i])
		}
	}
	// warcio's own CDXJ indexer agrees with the .cdxj we wrote beside the file, line for line.
	cdx := exec.CommandContext(ctx, node, filepath.Join(modules, "warcio", "dist", "cli.js"), "cdx-index", file)
	theirs, err := cdx.Output()
	if err != nil {
		t.Fatalf("warcio cdx-index: %v", err)
	}
	ours, err := os.ReadFile(strings.TrimSuffix(file, ".warc.gz") + ".cdxj")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := sortedLines(string(theirs)), sortedLines(string(ours)); a != b {
		t.Errorf("CDXJ differs from warcio's:\nwarcio:\n%s\nours:\n%s", a, b)
	}
	// Payload sizes as warcio sees them are the bytes we were given.
	for i, ex := range exs {
		if caps[i].RecordType != warc.TypeResponse {
			continue
		}
		if line := got[1+2*i]; !strings.HasSuffix(line, fmt.Sprintf(" bytes=%d", len(ex.Body))) {
			t.Errorf("%s: warcio payload size: %s, want %d bytes", ex.URL, line, len(ex.Body))
		}
	}
}

// matchWarcio compares a warcio line with the expected fields (every field of want must be
// in got; warcio prints offsets only for records it knows the position of).
func matchWarcio(got, want string) bool {
	gf := map[string]bool{}
	for _, f := range strings.Fields(got) {
		gf[f] = true
	}
	for _, f := range strings.Fields(want) {
		if !gf[f] {
			return false
		}
	}
	return true
}

func sortedLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
