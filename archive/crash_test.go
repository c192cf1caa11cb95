package archive

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

const crashChildEnv = "BANTIN_ARCHIVE_CRASH_CHILD"

// crashChild is the subprocess of TestCrashSIGKILL: it captures (and files articles and
// frontier rows) from four goroutines until it is killed, printing "ack <id> <n> <url>" for
// every capture after Capture returned.
func crashChild(dir string) {
	ctx := context.Background()
	var a *Archive
	var err error
	for range 100 { // the previous child's lock goes with its death; be patient anyway
		if a, err = Open(ctx, dir, Options{MaxWARCSize: 64 << 10}); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	var out sync.Mutex
	fmt.Println("ready")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				n, u := i, fmt.Sprintf("http://127.0.0.1:8080/k/%d/%d/%d", os.Getpid(), g, i)
				if i%5 == 4 {
					n, u = 0, fmt.Sprintf("http://127.0.0.1:8080/k/fixed/%d", g) // revisits
				}
				ex := exchange(u, bodyOf(u, n))
				ex.Site = fmt.Sprintf("site%d", g%2)
				ex.FetchedAt = time.Now()
				c, err := a.Capture(ctx, ex)
				if err != nil {
					fmt.Fprintln(os.Stderr, "capture:", err)
					os.Exit(4)
				}
				out.Lock()
				os.Stdout.WriteString(fmt.Sprintf("ack %d %d %s\n", c.ID, n, u))
				out.Unlock()
				if _, _, err := a.SaveArticle(ctx, ex.Site, c, article(u, "T "+u, bodyOf(u, n))); err != nil {
					fmt.Fprintln(os.Stderr, "save:", err)
					os.Exit(5)
				}
				if err := a.UpdateURL(ctx, bantin.FrontierURL{URL: u, Site: ex.Site, State: bantin.StateDone, LastFetched: ex.FetchedAt}); err != nil {
					fmt.Fprintln(os.Stderr, "update:", err)
					os.Exit(6)
				}
			}
		}()
	}
	wg.Wait()
}

type ack struct {
	id  int64
	n   int
	url string
}

// TestCrashSIGKILL kills a capturing subprocess at random moments (during Open and repair
// too) at least 20 times, then checks that every WARC file parses, the catalog passes
// SQLite's integrity check, and every acknowledged capture is there and reads back byte for
// byte.
func TestCrashSIGKILL(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const kills = 24
	var acks []ack
	for k := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSIGKILL$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan struct{})
		done := make(chan []ack)
		go func() {
			var got []ack
			sc := bufio.NewScanner(stdout)
			once := false
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) == 1 && f[0] == "ready" && !once {
					once = true
					close(ready)
					continue
				}
				if len(f) != 4 || f[0] != "ack" {
					continue // a line torn by the kill, or test framework output
				}
				id, _ := strconv.ParseInt(f[1], 10, 64)
				n, _ := strconv.Atoi(f[2])
				got = append(got, ack{id, n, f[3]})
			}
			if !once {
				close(ready)
			}
			done <- got
		}()
		if k%3 == 0 {
			// Anywhere, including inside Open's repair of the previous crash.
			time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		} else {
			<-ready
			time.Sleep(time.Duration(20+rng.IntN(200)) * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		got := <-done
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Fatalf("child %d ended on its own (%v): %s", k, err, stderr.String())
		}
		acks = append(acks, got...)
	}
	t.Logf("%d kills, %d acknowledged captures", kills, len(acks))
	if len(acks) == 0 {
		t.Fatal("no capture was acknowledged")
	}

	ctx := context.Background()
	a := openDir(t, dir, Options{}) // repairs the last crash
	if err := a.IntegrityCheck(ctx); err != nil {
		t.Fatalf("IntegrityCheck after %d kills: %v", kills, err)
	}
	for _, ak := range acks {
		c, err := a.CaptureByID(ctx, ak.id)
		if err != nil {
			t.Errorf("acknowledged capture %d (%s) lost: %v", ak.id, ak.url, err)
			continue
		}
		if c.URL != ak.url {
			t.Errorf("capture %d is %s, acknowledged as %s", ak.id, c.URL, ak.url)
			continue
		}
		rec, err := a.OpenRecord(ctx, c)
		if err != nil {
			t.Errorf("capture %d (%s): %v", ak.id, ak.url, err)
			continue
		}
		if string(rec.Payload) != bodyOf(ak.url, ak.n) {
			t.Errorf("capture %d (%s): payload differs", ak.id, ak.url)
		}
	}
	// Every WARC file reads to its end.
	names, _ := a.warcFileNames()
	for _, n := range names {
		if _, size, scanErr, err := scanFile(a.warcDir+"/"+n, nil); err != nil || scanErr != nil {
			t.Errorf("%s (%d bytes): %v %v", n, size, err, scanErr)
		}
	}
}
