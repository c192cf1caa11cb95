package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

// cli runs bantin with args in this process, through the same wiring as main.
func cli(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRootCommand()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// TestEndToEnd crawls the sample portals with the demo, then searches, exports, reindexes and
// reports status through the CLI, as a user would.
func TestEndToEnd(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	out, _, err := cli(t, "demo", "--serve=false", "--articles", "6", "--data", data)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`indexed (\d+) articles`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo printed no article count:\n%s", out)
	}
	indexed, _ := strconv.Atoi(m[1])
	if indexed < 5*6 {
		t.Errorf("demo indexed %d articles, want at least the 30 the portals publish", indexed)
	}

	t.Run("search json", func(t *testing.T) {
		out, _, err := cli(t, "search", "--data", data, "--format", "json", "--limit", "3", "hoi nghi")
		if err != nil {
			t.Fatal(err)
		}
		var res bantin.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("search output is not JSON: %v\n%s", err, out)
		}
		if res.Total == 0 || len(res.Hits) == 0 || len(res.Hits) > 3 {
			t.Errorf("search 'hoi nghi': total %d, %d hits; want some, at most 3", res.Total, len(res.Hits))
		}
		for _, h := range res.Hits {
			if h.ID == "" || h.URL == "" || h.Site == "" {
				t.Errorf("hit lacks id, url or site: %+v", h)
			}
		}
	})

	t.Run("bad query", func(t *testing.T) {
		_, _, err := cli(t, "search", "--data", data, `"unclosed AND (`)
		if exitCode(err) != 2 {
			t.Errorf("a broken query exits %d (%v), want 2", exitCode(err), err)
		}
	})

	t.Run("export", func(t *testing.T) {
		out, _, err := cli(t, "export", "--data", data)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != indexed {
			t.Errorf("export wrote %d lines, the index holds %d articles", len(lines), indexed)
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "url", "site", "title", "published", "text", "first_seen", "versions"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("export line lacks %q: %s", k, lines[0])
			}
		}
		csv, _, err := cli(t, "export", "--data", data, "--format", "csv", "hội nghị")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(csv, "\uFEFFid,url,site,title,") || !strings.Contains(csv, "\r\n") {
			t.Errorf("CSV export lacks the BOM, header or CRLF: %.80q", csv)
		}
	})

	t.Run("status", func(t *testing.T) {
		out, _, err := cli(t, "status", "--data", data, "--format", "json")
		if err != nil {
			t.Fatal(err)
		}
		var rep statusReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if int(rep.Archive.Articles) != indexed || len(rep.Sites) != 5 || rep.Archive.WARCFiles == 0 {
			t.Errorf("status: %d articles (indexed %d), %d sites, %d WARC files", rep.Archive.Articles, indexed, len(rep.Sites), rep.Archive.WARCFiles)
		}
	})

	t.Run("search while another process writes", func(t *testing.T) {
		w, err := openWriter(context.Background(), &globalOptions{Data: data}, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		_, _, err = cli(t, "crawl", "--data", data, "http://127.0.0.1:1/")
		if !errors.Is(err, bantin.ErrLocked) {
			t.Errorf("a second writer: %v, want ErrLocked", err)
		}
		out, _, err := cli(t, "search", "--data", data, "--format", "json", "văn hóa")
		if err != nil {
			t.Fatalf("search beside a writer: %v", err)
		}
		var res bantin.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 {
			t.Errorf("search through the writer's socket: %v, total %d", err, res.Total)
		}
	})

	t.Run("reindex", func(t *testing.T) {
		out, _, err := cli(t, "reindex", "--data", data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "indexed "+strconv.Itoa(indexed)+" articles") {
			t.Errorf("reindex: %q, want %d articles", out, indexed)
		}
		if _, _, err := cli(t, "reindex", "--from-warc", "--data", data); exitCode(err) != 2 {
			t.Errorf("reindex --from-warc over a full catalog: %v, want a refusal", err)
		}
	})

	t.Run("rebuild after losing the catalog", func(t *testing.T) {
		matches, _ := filepath.Glob(filepath.Join(data, "catalog.sqlite*"))
		for _, f := range matches {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
		out, _, err := cli(t, "reindex", "--from-warc", "--data", data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "indexed "+strconv.Itoa(indexed)+" articles") {
			t.Errorf("reindex --from-warc: %q, want %d articles back", out, indexed)
		}
	})
}
