package archive

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/bantin/bantin"
)

// fullFile is an *os.File that runs out of space after budget bytes, writing what fits first
// (as a real full disk does) and failing with ENOSPC.
type fullFile struct {
	*os.File
	budget *int64
}

func (f fullFile) Write(p []byte) (int, error) {
	if int64(len(p)) <= *f.budget {
		*f.budget -= int64(len(p))
		return f.File.Write(p)
	}
	n, _ := f.File.Write(p[:*f.budget])
	*f.budget = 0
	return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
}

// TestDiskFullWriter: when the WARC file cannot take a record, Capture fails with a clear
// error, the partial record is cut off again, and everything acknowledged before reads back.
func TestDiskFullWriter(t *testing.T) {
	a, dir := openTest(t, Options{})
	budget := int64(20000)
	a.openFile = func(name string) (writeFile, error) {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
		return fullFile{f, &budget}, err
	}
	acked := captureUntilFull(t, a, 500)
	// The failed capture left no partial record: the file still ends on a record boundary.
	a.mu.Lock()
	wf := a.files["sotest"]
	a.mu.Unlock()
	if st, err := os.Stat(wf.path); err != nil || st.Size() != wf.size {
		t.Errorf("file is %d bytes after the failed write, records end at %d (%v)", st.Size(), wf.size, err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	checkAcked(t, dir, acked)
}

// captureUntilFull captures incompressible bodies until Capture fails; it checks the error
// and returns the acknowledged captures with their bodies.
func captureUntilFull(t *testing.T, a *Archive, max int) map[bantin.Capture][]byte {
	t.Helper()
	acked := map[bantin.Capture][]byte{}
	for i := range max {
		body := make([]byte, 4096)
		rand.Read(body)
		ex := exchange(fmt.Sprintf("http://127.0.0.1:8080/full/%d", i), "")
		ex.Body = body
		c, err := a.Capture(context.Background(), ex)
		if err != nil {
			if !strings.Contains(err.Error(), ex.URL) || !(errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "full")) {
				t.Errorf("disk-full error is not clear: %v", err)
			}
			t.Logf("capture %d failed as expected: %v", i, err)
			if len(acked) == 0 {
				t.Fatalf("the first capture already failed")
			}
			return acked
		}
		acked[c] = body
	}
	t.Fatalf("%d captures of 4 KiB never filled the disk", max)
	return nil
}

// checkAcked reopens dir and checks that every acknowledged capture reads back byte for byte.
func checkAcked(t *testing.T, dir string, acked map[bantin.Capture][]byte) {
	t.Helper()
	ctx := context.Background()
	b, err := Open(ctx, dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer b.Close()
	for c, body := range acked {
		got, err := b.CaptureByID(ctx, c.ID)
		if err != nil {
			t.Errorf("acknowledged capture %d lost: %v", c.ID, err)
			continue
		}
		rec, err := b.OpenRecord(ctx, got)
		if err != nil || string(rec.Payload) != string(body) {
			t.Errorf("capture %d does not read back: %v", c.ID, err)
		}
	}
	if err := b.IntegrityCheck(ctx); err != nil {
		t.Errorf("IntegrityCheck: %v", err)
	}
}

// TestDiskFullTmpfs fills a real 1 MiB tmpfs (needs root and mount(2); skipped otherwise).
func TestDiskFullTmpfs(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	dir := mnt + "/data"
	ballast := mnt + "/ballast"
	if err := os.WriteFile(ballast, make([]byte, 256<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	acked := captureUntilFull(t, a, 1000)
	if err := a.Close(); err != nil {
		t.Logf("close on a full disk: %v", err)
	}
	checkAcked(t, dir, acked)
	// Free space the way an operator would: the next writer repairs and goes on.
	os.Remove(ballast)
	b, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatalf("reopen for writing after disk full: %v", err)
	}
	c, err := b.Capture(context.Background(), exchange("http://127.0.0.1:8080/after", "after"))
	if err != nil {
		t.Errorf("capture after freeing space: %v", err)
	} else {
		acked[c] = []byte("after")
	}
	if err := b.Close(); err != nil {
		t.Errorf("close after freeing space: %v", err)
	}
	checkAcked(t, dir, acked)
}
