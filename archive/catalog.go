package archive

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bantin/bantin"
	_ "modernc.org/sqlite" // driver "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// catalogDSN builds a modernc.org/sqlite DSN. The writer runs with synchronous=NORMAL (WAL:
// a commit survives a crash of the process, not necessarily a power cut), which is enough for
// what can be rebuilt (articles from the WARC files, the frontier by crawling again);
// insertCaptures switches to FULL around capture commits, so an acknowledged capture survives
// a power cut too, at one sync per group-committed batch.
func catalogDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// openCatalog opens the catalog: a single-connection writer (nil when readOnly) and a small
// pool of readers. Migrations run on the writer.
func openCatalog(ctx context.Context, path string, readOnly bool) (w, r *sql.DB, err error) {
	if !readOnly {
		if _, serr := os.Stat(path); errors.Is(serr, os.ErrNotExist) {
			if err := createCatalog(ctx, path); err != nil {
				return nil, nil, fmt.Errorf("archive: create catalog %s: %w", path, err)
			}
		}
		w, err = sql.Open("sqlite", catalogDSN(path, false))
		if err != nil {
			return nil, nil, fmt.Errorf("archive: open catalog %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		if err := migrate(ctx, w); err != nil {
			w.Close()
			return nil, nil, fmt.Errorf("archive: catalog %s: %w", path, err)
		}
	}
	r, err = sql.Open("sqlite", catalogDSN(path, true))
	if err == nil {
		r.SetMaxOpenConns(4)
		err = r.PingContext(ctx)
	}
	if err == nil && readOnly {
		var v int
		err = r.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_version").Scan(&v)
		if err == nil && v > latestMigration() {
			err = fmt.Errorf("schema version %d is newer than this bantin knows (%d): %w", v, latestMigration(), bantin.ErrInvalid)
		}
	}
	if err != nil {
		if w != nil {
			w.Close()
		}
		if r != nil {
			r.Close()
		}
		return nil, nil, fmt.Errorf("archive: open catalog %s: %w", path, err)
	}
	return w, r, nil
}

// createCatalog makes a new catalog beside path with every migration applied, then renames
// it into place: a process killed while creating it leaves no catalog rather than one without
// its tables (which readers could not open).
func createCatalog(ctx context.Context, path string) error {
	tmp := path + ".new"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	db, err := sql.Open("sqlite", catalogDSN(tmp, false))
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	err = migrate(ctx, db)
	if err == nil {
		_, err = db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	for _, f := range []string{tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // the rename survives a power cut
		d.Close()
	}
	return nil
}

// migrationFiles returns the embedded migrations in order, keyed by their number prefix.
func migrationFiles() ([]int, map[int]string) {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	nums := []int{}
	byNum := map[int]string{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		prefix, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			continue
		}
		nums = append(nums, v)
		byNum[v] = n
	}
	sort.Ints(nums)
	return nums, byNum
}

func latestMigration() int {
	nums, _ := migrationFiles()
	if len(nums) == 0 {
		return 0
	}
	return nums[len(nums)-1]
}

// migrate applies the embedded migrations newer than the stored schema version, each in its
// own transaction.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var cur int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&cur); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	nums, byNum := migrationFiles()
	if len(nums) > 0 && cur > nums[len(nums)-1] {
		return fmt.Errorf("schema version %d is newer than this bantin knows (%d): %w", cur, nums[len(nums)-1], bantin.ErrInvalid)
	}
	for _, v := range nums {
		if v <= cur {
			continue
		}
		body, err := migrations.ReadFile(byNum[v])
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", byNum[v], err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`, v, time.Now().UnixNano()); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", v, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", v, err)
		}
	}
	return nil
}

// nanos stores a time as Unix nanoseconds; the zero time is 0.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos reads a stored time in bantin.Location; 0 gives the zero time.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).In(bantin.Location)
}

// nullNanos is nanos for nullable columns.
func nullNanos(t *time.Time) sql.NullInt64 {
	if t == nil || t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}
