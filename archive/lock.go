package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bantin/bantin"
)

// LockFile is the name of the lock file in a data directory.
const LockFile = "lock"

// DirLock is the exclusive writer lock of a data directory: flock(2) on <data>/lock. The kernel
// drops it when the process dies, so a lock file left behind by a SIGKILL never blocks.
type DirLock struct {
	mu   sync.Mutex
	f    *os.File
	info lockInfo
}

// lockInfo is what the lock file holds, for LockInfo readers.
type lockInfo struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	Socket  string `json:"socket,omitempty"`
}

// Lock takes the writer lock of dataDir without blocking (creating dataDir if needed). When
// another process holds it, the error wraps bantin.ErrLocked and names the holder's pid and
// command.
func Lock(dataDir string) (*DirLock, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: lock %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("archive: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder := "another process"
			if info, rerr := readLockInfo(path); rerr == nil && info.PID > 0 {
				holder = fmt.Sprintf("pid %d (%s)", info.PID, info.Command)
			}
			return nil, fmt.Errorf("archive: %s is held by %s: %w", path, holder, bantin.ErrLocked)
		}
		return nil, fmt.Errorf("archive: flock %s: %w", path, err)
	}
	l := &DirLock{f: f, info: lockInfo{PID: os.Getpid(), Command: strings.Join(os.Args, " ")}}
	if err := l.write(); err != nil {
		l.Unlock()
		return nil, err
	}
	return l, nil
}

// SetSocket records the address (a Unix socket path or a URL) where the holder answers, so
// that LockInfo readers can reach it. It returns an error when the lock file cannot be written.
func (l *DirLock) SetSocket(socket string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return fmt.Errorf("archive: set socket: lock released")
	}
	l.info.Socket = socket
	return l.writeLocked()
}

func (l *DirLock) write() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writeLocked()
}

func (l *DirLock) writeLocked() error {
	b, _ := json.Marshal(l.info)
	b = append(b, '\n')
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("archive: write lock %s: %w", l.f.Name(), err)
	}
	if _, err := l.f.WriteAt(b, 0); err != nil {
		return fmt.Errorf("archive: write lock %s: %w", l.f.Name(), err)
	}
	return nil
}

// Unlock releases the lock; the lock file stays (its existence means nothing). It returns the
// error of closing the file.
func (l *DirLock) Unlock() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := l.f.Close() // closing the descriptor releases the flock
	l.f = nil
	return err
}

// LockInfo tells who holds the writer lock of dataDir: its pid and the socket it set (may be
// empty). It returns an error wrapping bantin.ErrNotFound when nobody holds the lock.
func LockInfo(dataDir string) (pid int, socket string, err error) {
	path := filepath.Join(dataDir, LockFile)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return 0, "", fmt.Errorf("archive: %s: no writer: %w", path, bantin.ErrNotFound)
		}
		return 0, "", fmt.Errorf("archive: lock info %s: %w", path, err)
	}
	defer f.Close()
	// A shared lock succeeds only when no writer holds the exclusive one.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return 0, "", fmt.Errorf("archive: %s: no writer: %w", path, bantin.ErrNotFound)
	}
	// The holder rewrites the file in place (SetSocket): read again if we caught it empty.
	var info lockInfo
	for try := 0; ; try++ {
		info, err = readLockInfo(path)
		if err == nil || try == 5 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return 0, "", err
	}
	return info.PID, info.Socket, nil
}

func readLockInfo(path string) (lockInfo, error) {
	var info lockInfo
	b, err := os.ReadFile(path)
	if err != nil {
		return info, fmt.Errorf("archive: lock info %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("archive: lock info %s: %v: %w", path, err, bantin.ErrUnavailable)
	}
	return info, nil
}
