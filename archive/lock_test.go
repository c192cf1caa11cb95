package archive

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

func TestLock(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := LockInfo(dir); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("LockInfo with no lock file: %v", err)
	}
	l, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.SetSocket("/run/bantin.sock"); err != nil {
		t.Fatal(err)
	}
	// flock conflicts between open file descriptions, so a second Lock in-process fails too.
	_, err = Lock(dir)
	if !errors.Is(err, bantin.ErrLocked) || !strings.Contains(err.Error(), "pid") {
		t.Errorf("second Lock: %v, want ErrLocked naming the pid", err)
	}
	if _, err := Open(context.Background(), dir, Options{}); !errors.Is(err, bantin.ErrLocked) {
		t.Errorf("Open while locked: %v", err)
	}
	pid, sock, err := LockInfo(dir)
	if err != nil || pid != os.Getpid() || sock != "/run/bantin.sock" {
		t.Errorf("LockInfo = %d %q %v", pid, sock, err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LockInfo(dir); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("LockInfo after unlock: %v", err)
	}
	l2, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after Unlock: %v", err)
	}
	l2.Unlock()
}

// TestLockStaleAfterKill: a process that took the lock and was SIGKILLed leaves its lock
// file behind, and that file does not block the next writer.
func TestLockStaleAfterKill(t *testing.T) {
	if os.Getenv("BANTIN_LOCK_CHILD") != "" {
		if _, err := Lock(os.Getenv("BANTIN_LOCK_CHILD")); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("locked\n")
		select {} // wait for the kill
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockStaleAfterKill$")
	cmd.Env = append(os.Environ(), "BANTIN_LOCK_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if _, err := out.Read(buf); err != nil || string(buf) != "locked\n" {
		t.Fatalf("child: %q %v", buf, err)
	}
	if _, err := Lock(dir); !errors.Is(err, bantin.ErrLocked) {
		t.Errorf("Lock while the child holds it: %v", err)
	}
	if pid, _, err := LockInfo(dir); err != nil || pid != cmd.Process.Pid {
		t.Errorf("LockInfo = %d, %v; child is %d", pid, err, cmd.Process.Pid)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(dir + "/lock"); err != nil {
		t.Fatalf("lock file gone: %v", err)
	}
	l, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after the holder was killed: %v", err)
	}
	l.Unlock()
}
