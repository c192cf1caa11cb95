package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/archive/warc"
	"github.com/bantin/bantin/testsite"
	_ "modernc.org/sqlite" // driver "sqlite", to list the catalog's capture ids
)

// crashChildEnv carries the command line (a JSON array) of a child process of the crash tests.
const crashChildEnv = "BANTIN_CRASH_CHILD_ARGS"

// TestCrashChild is the child process of the crash tests, not a test: with crashChildEnv set
// it runs main, the real program, with those arguments and exits with its exit code.
func TestCrashChild(t *testing.T) {
	raw := os.Getenv(crashChildEnv)
	if raw == "" {
		t.Skip("child process of TestCrashCrawl, TestCrashReindex and TestDiskFull only")
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		fmt.Fprintln(os.Stderr, "crash child: bad", crashChildEnv, err)
		os.Exit(99)
	}
	os.Args = append([]string{"bantin"}, args...)
	main() // exits
}

// child is a bantin process started by a test.
type child struct {
	cmd            *exec.Cmd
	args           []string
	stdout, stderr bytes.Buffer
	done           chan struct{}
	started        time.Time
}

// startChild runs bantin with args in a child process (the test binary re-executed).
func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	js, _ := json.Marshal(args)
	c := &child{cmd: exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1"), args: args, done: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), crashChildEnv+"="+string(js))
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start bantin %v: %v", args, err)
	}
	c.started = time.Now()
	go func() { c.cmd.Wait(); close(c.done) }()
	return c
}

// stop SIGKILLs the child d after its start unless it ends first, and reports whether the
// kill ended it.
func (c *child) stop(d time.Duration) (killed bool) {
	select {
	case <-c.done:
	case <-time.After(time.Until(c.started.Add(d))):
		c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.done
	}
	ws, _ := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// killAfter is stop for a child that must either be killed or exit 0 on its own.
func (c *child) killAfter(t *testing.T, d time.Duration) (killed bool) {
	t.Helper()
	if c.stop(d) {
		return true
	}
	if code := c.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("bantin %q exited %d on its own:\n%s", c.args, code, tail(c.stderr.String()))
	}
	return false
}

// wait waits for the child to end on its own (killing it after limit) and returns its exit code.
func (c *child) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	if c.stop(limit) {
		t.Fatalf("bantin %q still running after %v:\n%s", c.args, limit, tail(c.stderr.String()))
	}
	return c.cmd.ProcessState.ExitCode()
}

// tail returns the last lines of a child's output for failure messages.
func tail(s string) string {
	if lines := strings.Split(s, "\n"); len(lines) > 25 {
		return "...\n" + strings.Join(lines[len(lines)-25:], "\n")
	}
	return s
}

// capRow is a catalog capture as the tests compare them.
type capRow struct {
	URL, Digest, File string
	Offset            int64
}

// catalogCaptures lists every capture row of the catalog in dir, read-only. It returns nil
// when there is no catalog yet, or a catalog file whose tables were never created (a kill
// during the first Open).
func catalogCaptures(t *testing.T, dir string) map[int64]capRow {
	t.Helper()
	path := filepath.Join(dir, archive.CatalogFile)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_version'`).Scan(&tables); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if tables == 0 {
		return nil
	}
	rows, err := db.Query(`SELECT id, url, payload_digest, warc_file, offset FROM captures`)
	if err != nil {
		t.Fatalf("list captures of %s: %v", path, err)
	}
	defer rows.Close()
	out := map[int64]capRow{}
	for rows.Next() {
		var id int64
		var r capRow
		if err := rows.Scan(&id, &r.URL, &r.Digest, &r.File, &r.Offset); err != nil {
			t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("list captures of %s: %v", path, err)
	}
	return out
}

// warcScan is what reading one WARC file found.
type warcScan struct {
	records int
	goodEnd int64 // where the well-formed records end
	size    int64
	scanErr error // the error at goodEnd; nil when the file reads to its end
}

// scanWARCs reads every WARC file under dir/warc to its end or to its first bad record.
func scanWARCs(t *testing.T, dir string) map[string]warcScan {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "warc", "*.warc.gz"))
	out := map[string]warcScan{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var s warcScan
		st, _ := f.Stat()
		s.size = st.Size()
		rd := warc.NewReader(f, 0)
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				s.scanErr = err
				break
			}
			s.records++
		}
		s.goodEnd = rd.Offset()
		f.Close()
		out[filepath.Base(path)] = s
	}
	return out
}

// crashFigures are the counts the crash tests print.
type crashFigures struct {
	kills, completed, checked, tornTails, repaired int
}

// checkArchive checks a data directory nobody writes to: every WARC file parses to its end or
// up to a torn tail, IntegrityCheck passes, every capture of prev is still filed the same, and
// every filed capture reads back with its payload digest. It returns the catalog's captures.
func checkArchive(t *testing.T, dir string, prev map[int64]capRow, fig *crashFigures) map[int64]capRow {
	t.Helper()
	ctx := context.Background()
	scans := scanWARCs(t, dir)
	torn := map[string]int64{}
	for name, s := range scans {
		if s.scanErr != nil {
			torn[name] = s.goodEnd
			fig.tornTails++
			t.Logf("%s: %d records, torn tail of %d bytes at %d: %v", name, s.records, s.size-s.goodEnd, s.goodEnd, s.scanErr)
		}
	}
	cur := catalogCaptures(t, dir)
	for id, r := range prev {
		if got, ok := cur[id]; !ok || got != r {
			t.Errorf("capture %d (%s) filed before the kill is gone or changed: now %+v", id, r.URL, got)
		}
	}
	if cur == nil {
		return map[int64]capRow{} // killed before the catalog had its tables: nothing was filed
	}
	a, err := archive.Open(ctx, dir, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s read-only after the kill: %v", dir, err)
	}
	defer a.Close()
	if err := a.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck after the kill: %v", err)
	}
	for id, r := range cur {
		if end, ok := torn[r.File]; ok && r.Offset >= end {
			t.Errorf("capture %d (%s) points into the torn tail of %s (offset %d >= %d)", id, r.URL, r.File, r.Offset, end)
		}
		checkCapture(t, a, id, r)
		fig.checked++
	}
	return cur
}

// checkCapture reads one capture back and compares it with its catalog row.
func checkCapture(t *testing.T, a *archive.Archive, id int64, r capRow) {
	t.Helper()
	ctx := context.Background()
	c, err := a.CaptureByID(ctx, id)
	if err != nil {
		t.Errorf("capture %d (%s): %v", id, r.URL, err)
		return
	}
	rec, err := a.OpenRecord(ctx, c)
	if err != nil {
		t.Errorf("capture %d (%s) does not read back: %v", id, r.URL, err)
		return
	}
	if d := warc.Digest(rec.Payload); d != r.Digest || c.PayloadDigest != r.Digest {
		t.Errorf("capture %d (%s): payload digest %s, catalog %s", id, r.URL, d, r.Digest)
	}
}

// checkRepair copies the WARC files and the catalog of dir aside, opens the copy as a writer
// (which repairs torn tails) and closes it: afterwards every WARC file must parse to its end
// with all its good records, and checkArchive must pass on the copy with want as before.
func checkRepair(t *testing.T, dir string, want map[int64]capRow, fig *crashFigures) {
	t.Helper()
	if catalogCaptures(t, dir) == nil {
		return
	}
	tmp, err := os.MkdirTemp("", "bantin-crash-copy-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	copyArchive(t, dir, tmp)
	before := scanWARCs(t, tmp)
	a, err := archive.Open(context.Background(), tmp, archive.Options{Logger: discardLogger()})
	if err != nil {
		t.Fatalf("writer open (repair) of a copy of %s: %v", dir, err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("close after repair: %v", err)
	}
	for name, s := range scanWARCs(t, tmp) {
		b, ok := before[name]
		switch {
		case s.scanErr != nil:
			t.Errorf("%s after repair: does not parse past %d of %d bytes: %v", name, s.goodEnd, s.size, s.scanErr)
		case ok && s.records < b.records:
			t.Errorf("%s after repair: %d records, %d before", name, s.records, b.records)
		case ok && b.scanErr != nil:
			fig.repaired++
		}
	}
	checkArchive(t, tmp, want, fig)
}

// startCrashSim serves the five portal families with n articles each and writes sites.yaml.
func startCrashSim(t *testing.T, n int) (*testsite.Server, string) {
	t.Helper()
	srv, err := testsite.Start(context.Background(), testsite.Options{Articles: n, CrawlDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfg := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(cfg, srv.SitesYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv, cfg
}

// crashRand returns the seeded generator of kill moments (BANTIN_CRASH_SEED repeats a run).
func crashRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BANTIN_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("kill moments seeded with BANTIN_CRASH_SEED=%d", seed)
	return rand.New(rand.NewPCG(seed, 7))
}

// TestCrashCrawl SIGKILLs `bantin crawl` at random moments, at least 20 times, checking the
// archive after every kill, then lets one crawl complete and checks that it holds every
// article of the simulator.
func TestCrashCrawl(t *testing.T) {
	start := time.Now()
	srv, cfg := startCrashSim(t, 30)
	dir := filepath.Join(t.TempDir(), "data")
	rng := crashRand(t)
	want := 20
	if testing.Short() {
		want = 4
	}
	var fig crashFigures
	prev := map[int64]capRow{}
	// Kill moments are drawn from 50 ms to latest; a crawl that completes sooner lowers latest
	// (re-runs of a crawled site are short, and shorter the faster the crawler is).
	latest := 700
	for attempt := 0; fig.kills < want; attempt++ {
		if attempt >= 3*want {
			t.Fatalf("only %d kills in %d attempts: the crawls end before %d ms", fig.kills, attempt, latest)
		}
		d := time.Duration(50+rng.IntN(latest-49)) * time.Millisecond
		what := "killed"
		if startChild(t, "crawl", "--config", cfg, "--data", dir).killAfter(t, d) {
			fig.kills++
		} else {
			fig.completed++
			what = "completed before the kill"
			latest = max(100, int(d.Milliseconds()))
		}
		n := len(prev)
		prev = checkArchive(t, dir, prev, &fig)
		checkRepair(t, dir, prev, &fig)
		t.Logf("crawl %d %s at %v: %d captures filed (+%d)", attempt+1, what, d, len(prev), len(prev)-n)
		if t.Failed() {
			t.FailNow()
		}
	}

	c := startChild(t, "crawl", "--config", cfg, "--data", dir)
	if code := c.wait(t, 3*time.Minute); code != 0 {
		t.Fatalf("the crawl after %d kills exits %d:\n%s", fig.kills, code, tail(c.stderr.String()))
	}
	final := checkArchive(t, dir, prev, &fig)
	checkCrawlComplete(t, srv, dir)
	t.Logf("%d kills (%d crawls completed before their kill), %d capture reads checked, %d torn tails found, %d repaired in copies; %d captures at the end; %v in all",
		fig.kills, fig.completed, fig.checked, fig.tornTails, fig.repaired, len(final), time.Since(start).Round(time.Millisecond))
}

// checkCrawlComplete checks that the archive in dir holds every live article of the simulator
// and that the last run of every site is ok, with none left running.
func checkCrawlComplete(t *testing.T, srv *testsite.Server, dir string) {
	t.Helper()
	ctx := context.Background()
	a, err := archive.Open(ctx, dir, archive.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	missing, truths := 0, 0
	for _, tr := range srv.Truth() {
		truths++
		if _, err := a.Entry(ctx, bantin.ArticleID(tr.URL)); err != nil {
			if missing++; missing <= 10 {
				t.Errorf("article %s (%s) is not in the archive: %v", tr.URL, tr.Site, err)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d articles missing after the final crawl", missing, truths)
	}
	for _, s := range srv.Sites() {
		runs, err := a.Runs(ctx, s.Name, 1000)
		if err != nil || len(runs) == 0 {
			t.Errorf("site %s: no runs (%v)", s.Name, err)
			continue
		}
		if runs[0].Status != archive.RunOK {
			t.Errorf("site %s: last run %d is %q, want %q", s.Name, runs[0].ID, runs[0].Status, archive.RunOK)
		}
		for _, r := range runs {
			if r.Status == archive.RunRunning {
				t.Errorf("site %s: run %d still %q after the final crawl", s.Name, r.ID, r.Status)
			}
		}
	}
}

// discardLogger drops the repair notes of the copies checkRepair opens.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// copyArchive copies the catalog and the WARC files of dir (nobody writes to it) to dst.
func copyArchive(t *testing.T, dir, dst string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, archive.CatalogFile+"*"))
	more, _ := filepath.Glob(filepath.Join(dir, "warc", "*"))
	for _, src := range append(files, more...) {
		rel, _ := filepath.Rel(dir, src)
		b, err := os.ReadFile(src)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		}
		if err != nil {
			t.Fatalf("copy %s: %v", src, err)
		}
	}
}

// searchTotals runs `bantin search` in this process for each query and returns the totals.
func searchTotals(t *testing.T, dir string, queries []string) []uint64 {
	t.Helper()
	var out []uint64
	for _, q := range queries {
		stdout, _, err := cli(t, "search", "-q", "--data", dir, "--format", "json", "--limit", "1", q)
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			return nil
		}
		var res bantin.Result
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatalf("search %q: %v\n%s", q, err, stdout)
		}
		out = append(out, res.Total)
	}
	return out
}

// runReindexChild runs a reindex in a child process to its end and returns how long it took and the
// article count it printed.
func runReindexChild(t *testing.T, args ...string) (time.Duration, int) {
	t.Helper()
	c := startChild(t, args...)
	if code := c.wait(t, 2*time.Minute); code != 0 {
		t.Fatalf("bantin %v exits %d:\n%s", args, code, tail(c.stderr.String()))
	}
	took := time.Since(c.started)
	m := regexp.MustCompile(`indexed (\d+) articles`).FindStringSubmatch(c.stdout.String())
	if m == nil {
		t.Fatalf("bantin %v printed no article count:\n%s", args, c.stdout.String())
	}
	n, _ := strconv.Atoi(m[1])
	return took, n
}

// byRecord keys captures by where their record is, which a rebuilt catalog keeps.
func byRecord(caps map[int64]capRow) map[string]capRow {
	out := make(map[string]capRow, len(caps))
	for _, r := range caps {
		out[fmt.Sprintf("%s@%d", r.File, r.Offset)] = r
	}
	return out
}

// loseCatalog removes catalog.sqlite and its WAL files, as a user whose catalog was damaged.
func loseCatalog(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, archive.CatalogFile+"*"))
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCrashReindex SIGKILLs `bantin reindex` and `bantin reindex --from-warc` (after losing the
// catalog) at random moments of their run, checking after each kill that the old index still
// answers searches and that nothing in the archive was lost; complete runs then give the
// same articles and search counts back.
func TestCrashReindex(t *testing.T) {
	start := time.Now()
	_, cfg := startCrashSim(t, 10)
	dir := filepath.Join(t.TempDir(), "data")
	if _, stderr, err := cli(t, "crawl", "-q", "--config", cfg, "--data", dir); err != nil {
		t.Fatalf("crawl: %v\n%s", err, tail(stderr))
	}
	rng := crashRand(t)
	want := 5 // of each kind
	if testing.Short() {
		want = 2
	}
	queries := []string{"văn hóa", "hội nghị", "kế hoạch"}
	hits := searchTotals(t, dir, queries)
	for i, n := range hits {
		if n == 0 {
			t.Fatalf("search %q finds nothing after the crawl", queries[i])
		}
	}
	var fig crashFigures
	base := checkArchive(t, dir, nil, &fig)
	baseRecords := byRecord(base)
	warcs := scanWARCs(t, dir)
	took, articles := runReindexChild(t, "reindex", "--data", dir)
	t.Logf("after the crawl: %d captures, %d articles, search totals %v; a whole reindex takes %v", len(base), articles, hits, took)
	// Anywhere in a whole run, start-up and the final swap of the index included.
	moment := func(took time.Duration) time.Duration {
		return 50*time.Millisecond + time.Duration(rng.Int64N(int64(max(took-50*time.Millisecond, time.Millisecond))))
	}
	checkKill := func(what string, d time.Duration, killed bool, prev map[int64]capRow) map[int64]capRow {
		t.Helper()
		if killed {
			fig.kills++
		} else {
			fig.completed++
		}
		cur := checkArchive(t, dir, prev, &fig)
		for name, s := range scanWARCs(t, dir) {
			if s != warcs[name] {
				t.Errorf("%s: WARC file %s changed: %+v, was %+v", what, name, s, warcs[name])
			}
		}
		if _, err := os.Stat(filepath.Join(dir, archive.CatalogFile)); err == nil {
			if got := searchTotals(t, dir, queries); !slices.Equal(got, hits) {
				t.Errorf("%s killed at %v: search totals %v, were %v", what, d, got, hits)
			}
		}
		t.Logf("%s: kill at %v (killed: %v): %d captures filed", what, d, killed, len(cur))
		if t.Failed() {
			t.FailNow()
		}
		return cur
	}

	for k := 0; k < want; {
		d := moment(took)
		killed := startChild(t, "reindex", "--data", dir).killAfter(t, d)
		if killed {
			k++
		} else if fig.completed > 3*want {
			t.Fatalf("reindex keeps completing before the kill")
		}
		if cur := checkKill("reindex", d, killed, base); len(cur) != len(base) {
			t.Errorf("reindex changed the captures: %d, were %d", len(cur), len(base))
		}
	}

	loseCatalog(t, dir)
	took, n := runReindexChild(t, "reindex", "--from-warc", "--data", dir)
	if n != articles {
		t.Errorf("reindex --from-warc: %d articles, the crawl filed %d", n, articles)
	}
	t.Logf("a whole reindex --from-warc takes %v", took)
	for k := 0; k < want; {
		loseCatalog(t, dir) // as the help says: move the damaged catalog away first
		d := moment(took)
		killed := startChild(t, "reindex", "--from-warc", "--data", dir).killAfter(t, d)
		if killed {
			k++
		} else if fig.completed > 3*want {
			t.Fatalf("reindex --from-warc keeps completing before the kill")
		}
		checkKill("reindex --from-warc", d, killed, nil)
	}
	loseCatalog(t, dir)
	if _, n = runReindexChild(t, "reindex", "--from-warc", "--data", dir); n != articles {
		t.Errorf("reindex --from-warc after the kills: %d articles, the crawl filed %d", n, articles)
	}
	after := checkArchive(t, dir, nil, &fig)
	got := byRecord(after)
	for k, r := range baseRecords {
		if got[k] != r {
			t.Errorf("capture %s (%s) not refiled from the WARC files: %+v", k, r.URL, got[k])
		}
	}
	if len(got) != len(baseRecords) {
		t.Errorf("%d captures refiled from the WARC files, the crawl filed %d", len(got), len(baseRecords))
	}
	if h := searchTotals(t, dir, queries); !slices.Equal(h, hits) {
		t.Errorf("search totals after the final reindex %v, were %v", h, hits)
	}
	t.Logf("%d kills (%d runs completed before their kill), %d captures checked; %v in all",
		fig.kills, fig.completed, fig.checked, time.Since(start).Round(time.Millisecond))
}

// TestDiskFull crawls onto a 3 MiB tmpfs until the disk is full: the crawl must exit non-zero
// with a message naming the disk problem, what it archived before must stay intact and
// readable, and once the tmpfs has room again the next crawl completes. It needs root and
// mount(2), and is skipped otherwise.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	srv, cfg := startCrashSim(t, 10)
	dir := filepath.Join(mnt, "data")
	c := startChild(t, "crawl", "--config", cfg, "--data", dir)
	code := c.wait(t, 3*time.Minute)
	stderr := strings.TrimSpace(c.stderr.String())
	last := stderr[strings.LastIndex(stderr, "\nbantin: ")+1:] // main's final error message
	t.Logf("crawl onto a full disk exits %d after %v; last words: %s", code, time.Since(c.started).Round(time.Millisecond), last)
	if code == 0 {
		t.Errorf("a crawl onto a full disk exits 0:\n%s\n%s", c.stdout.String(), tail(stderr))
	}
	full := regexp.MustCompile(`no space left on device|disk is full`)
	if !full.MatchString(last) {
		t.Errorf("the crawl's last message does not name the full disk: %q\n%s", last, tail(stderr))
	}

	var fig crashFigures
	caps := checkArchive(t, dir, nil, &fig)
	if len(caps) == 0 {
		t.Fatal("nothing was archived before the disk filled")
	}
	checkRepair(t, dir, caps, &fig) // on a copy, on a disk with room
	// Room again: a writer repairs in place and the next crawl completes, keeping every capture.
	if out, err := exec.Command("mount", "-o", "remount,size=64m", mnt).CombinedOutput(); err != nil {
		t.Fatalf("grow the tmpfs: %v %s", err, out)
	}
	c = startChild(t, "crawl", "--config", cfg, "--data", dir)
	if code := c.wait(t, 3*time.Minute); code != 0 {
		t.Fatalf("the crawl after freeing room exits %d:\n%s", code, tail(c.stderr.String()))
	}
	for name, s := range scanWARCs(t, dir) {
		if s.scanErr != nil {
			t.Errorf("%s after the next crawl: does not parse past %d of %d bytes: %v", name, s.goodEnd, s.size, s.scanErr)
		}
	}
	after := checkArchive(t, dir, caps, &fig)
	checkCrawlComplete(t, srv, dir)
	t.Logf("%d captures archived before the disk filled, %d after the next crawl; %d capture reads checked, %d torn tails found",
		len(caps), len(after), fig.checked, fig.tornTails)
}
