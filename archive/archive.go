package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/bantin/bantin"
)

// File and directory names inside a data directory.
const (
	CatalogFile = "catalog.sqlite"
	WARCDir     = "warc"
)

// DefaultMaxWARCSize is the size after which a WARC file is closed and a new one started.
const DefaultMaxWARCSize int64 = 1 << 30

// Options configure Open. The zero value is a writer with default limits.
type Options struct {
	// ReadOnly opens the catalog read-only beside a possible writer: no lock, no repair, and
	// every write method fails with bantin.ErrInvalid.
	ReadOnly bool
	// MaxWARCSize rotates WARC files past this many bytes (default DefaultMaxWARCSize).
	MaxWARCSize int64
	// Now is the clock (default time.Now); it names files and dates warcinfo records.
	Now func() time.Time
	// Software names the writer in warcinfo records (default "bantin").
	Software string
	// Logger receives repair and rotation notes (default slog.Default()).
	Logger *slog.Logger
	// NoSync skips the fsyncs that make a capture survive a power cut (the WARC file's and
	// the catalog's FULL commit). A process crash still loses nothing acknowledged, but an
	// OS crash or power cut may. For tests and benchmarks of other stages only.
	NoSync bool
}

// Archive is a data directory opened for writing (holding its lock) or for reading. It
// implements bantin.Archiver and bantin.Frontier and is safe for concurrent use.
type Archive struct {
	dir     string
	warcDir string
	opts    Options
	log     *slog.Logger
	lock    *DirLock
	w       *sql.DB // single-connection writer; nil when read-only
	r       *sql.DB // reader pool

	mu     sync.Mutex // guards files, closed and file creation
	files  map[string]*warcFile
	closed bool

	qmu      sync.Mutex           // guards queue, synced and ops
	queue    []*pendingCapture    // written to WARC files, waiting for their fsync
	synced   []*pendingCapture    // fsynced, waiting for their catalog commit
	ops      []*writeOp           // other catalog writes waiting for the group commit
	queued   map[string]queuedRow // frontier rows written behind, by URL, until committed
	syncMu   sync.Mutex           // held by the group-commit leader of the fsync stage
	commitMu sync.Mutex           // held by the group-commit leader of the catalog stage

	// openFile creates WARC files; tests replace it to simulate a full disk.
	openFile func(name string) (writeFile, error)

	stmts stmtCache
}

var (
	_ bantin.Archiver = (*Archive)(nil)
	_ bantin.Frontier = (*Archive)(nil)
)

// Open opens the data directory dataDir, creating it when missing (unless ReadOnly). A writer
// takes the directory lock (an error wrapping bantin.ErrLocked when another process holds it),
// migrates the catalog and repairs WARC files a crash left open. A reader fails with
// bantin.ErrNotFound when there is no catalog.
func Open(ctx context.Context, dataDir string, opts Options) (*Archive, error) {
	if opts.MaxWARCSize <= 0 {
		opts.MaxWARCSize = DefaultMaxWARCSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Software == "" {
		opts.Software = "bantin"
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	a := &Archive{
		dir:     dataDir,
		warcDir: filepath.Join(dataDir, WARCDir),
		opts:    opts,
		log:     opts.Logger,
		files:   map[string]*warcFile{},
	}
	a.openFile = func(name string) (writeFile, error) {
		return os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o644)
	}
	catalog := filepath.Join(dataDir, CatalogFile)
	if opts.ReadOnly {
		if _, err := os.Stat(catalog); err != nil {
			return nil, fmt.Errorf("archive: open %s: no catalog: %w", dataDir, bantin.ErrNotFound)
		}
	} else {
		lock, err := Lock(dataDir)
		if err != nil {
			return nil, err
		}
		a.lock = lock
		if err := os.MkdirAll(a.warcDir, 0o755); err != nil {
			lock.Unlock()
			return nil, fmt.Errorf("archive: open %s: %w", dataDir, err)
		}
	}
	var err error
	a.w, a.r, err = openCatalog(ctx, catalog, opts.ReadOnly)
	if err != nil {
		if a.lock != nil {
			a.lock.Unlock()
		}
		return nil, err
	}
	if !opts.ReadOnly {
		err := a.prepareWriter(ctx)
		if err == nil {
			err = a.repair(ctx)
		}
		if err != nil {
			a.closeStmts()
			a.w.Close()
			a.r.Close()
			a.lock.Unlock()
			return nil, err
		}
	}
	return a, nil
}

// Dir returns the data directory.
func (a *Archive) Dir() string { return a.dir }

// DirLock returns the held directory lock (nil when read-only), e.g. to SetSocket.
func (a *Archive) DirLock() *DirLock { return a.lock }

// Close closes the open WARC files (synced, CDXJ sorted, marked closed in the catalog), the
// catalog and the lock. It returns the first error met; Close again does nothing.
func (a *Archive) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	files := a.files
	a.files = map[string]*warcFile{}
	a.mu.Unlock()

	if err := a.flushQueued(context.Background()); err != nil {
		a.log.Warn("archive: queued writes at close", "error", err)
	}
	// Wait for an in-flight group commit.
	a.syncMu.Lock()
	defer a.syncMu.Unlock()
	a.commitMu.Lock()
	defer a.commitMu.Unlock()
	var errs []error
	for _, wf := range files {
		errs = append(errs, a.closeFile(context.Background(), wf))
	}
	a.closeStmts()
	if a.w != nil {
		if _, err := a.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			a.log.Warn("archive: wal checkpoint", "error", err)
		}
		errs = append(errs, a.w.Close())
	}
	errs = append(errs, a.r.Close())
	if a.lock != nil {
		errs = append(errs, a.lock.Unlock())
	}
	return errors.Join(errs...)
}

func (a *Archive) writable(op string) error {
	if a.opts.ReadOnly {
		return fmt.Errorf("archive: %s: archive opened read-only: %w", op, bantin.ErrInvalid)
	}
	return nil
}

// now returns the archive clock's time.
func (a *Archive) now() time.Time { return a.opts.Now() }
