package archive

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

// warcFileNames lists the WARC files of the archive in the order they were written: by the
// UTC timestamp and sequence number in their names, then by name.
func (a *Archive) warcFileNames() ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(a.warcDir, "*.warc.gz"))
	if err != nil {
		return nil, fmt.Errorf("archive: list %s: %w", a.warcDir, err)
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = filepath.Base(m)
	}
	key := func(n string) string {
		// <site>-<14 digits>-<5 digits>.warc.gz: the last 29 bytes sort by time.
		base := strings.TrimSuffix(n, ".warc.gz")
		if len(base) >= 20 {
			return base[len(base)-20:] + "|" + n
		}
		return n
	}
	sort.Slice(names, func(i, j int) bool { return key(names[i]) < key(names[j]) })
	return names, nil
}

// scanFile reads every record of a WARC file, calling fn for each. It returns the offset where
// the well-formed records end, the file size, and the reading error at that offset (nil when
// the whole file is well-formed).
func scanFile(path string, fn func(*Record) error) (goodEnd, size int64, scanErr, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, nil, fmt.Errorf("archive: open %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, nil, fmt.Errorf("archive: stat %s: %w", path, err)
	}
	rd := warc.NewReader(f, 0)
	for {
		rec, rerr := rd.Next()
		if rerr == io.EOF {
			return rd.Offset(), st.Size(), nil, nil
		}
		if rerr != nil {
			return rd.Offset(), st.Size(), rerr, nil
		}
		if fn != nil {
			if err := fn(rec); err != nil {
				return rd.Offset(), st.Size(), nil, err
			}
		}
	}
}

// rebuildCDXJ writes the sorted CDXJ index of a WARC file from its records. It returns where
// the well-formed records end.
func (a *Archive) rebuildCDXJ(path string) (int64, error) {
	name := filepath.Base(path)
	var lines [][]byte
	goodEnd, _, _, err := scanFile(path, func(r *Record) error {
		if l := warc.RecordCDXJ(r, name); l != nil {
			lines = append(lines, l)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.SliceStable(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })
	return goodEnd, writeFileAtomic(strings.TrimSuffix(path, ".warc.gz")+".cdxj", bytes.Join(lines, nil))
}

// repair closes the WARC files that a crash left open: a torn last record is cut off, the
// CDXJ index is rebuilt, catalog rows pointing past the cut are dropped (their URLs go back
// to the frontier queue so they are fetched again), and the file is marked closed.
func (a *Archive) repair(ctx context.Context) error {
	names, err := a.warcFileNames()
	if err != nil {
		return err
	}
	closed := map[string]bool{}
	rows, err := a.w.QueryContext(ctx, `SELECT name FROM warc_files WHERE closed_at IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("archive: repair: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("archive: repair: %w", err)
		}
		closed[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("archive: repair: %w", err)
	}
	for _, name := range names {
		if closed[name] {
			continue
		}
		if err := a.repairFile(ctx, name); err != nil {
			return err
		}
	}
	// Temporary files of an interrupted atomic write.
	tmps, _ := filepath.Glob(filepath.Join(a.warcDir, "*.tmp"))
	for _, t := range tmps {
		os.Remove(t)
	}
	return nil
}

func (a *Archive) repairFile(ctx context.Context, name string) error {
	path := filepath.Join(a.warcDir, name)
	site := ""
	var lines [][]byte
	goodEnd, size, scanErr, err := scanFile(path, func(r *Record) error {
		if r.Type == warc.TypeWarcinfo && site == "" {
			site = r.InfoField("isPartOf")
		}
		if l := warc.RecordCDXJ(r, name); l != nil {
			lines = append(lines, l)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("archive: repair %s: %w", name, err)
	}
	if goodEnd < size {
		// Keep the cut bytes beside the file: repair never destroys data, even when what it
		// took for a torn record was something else.
		torn := fmt.Sprintf("%s.torn-%d", path, goodEnd)
		a.log.Warn("archive: cutting torn tail off warc file", "warc_file", name,
			"offset", goodEnd, "bytes", size-goodEnd, "saved_to", filepath.Base(torn), "error", scanErr)
		if err := saveTail(path, goodEnd, torn); err != nil {
			return fmt.Errorf("archive: repair %s: save torn tail: %w", name, err)
		}
		if err := truncateSync(path, goodEnd); err != nil {
			return fmt.Errorf("archive: repair %s: %w", name, err)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })
	// The CDXJ index is derived data: failing to write it (a full disk) leaves the file
	// unmarked so that the next Open tries again, but does not stop this one.
	var closedAt any = nanos(a.now())
	if err := writeFileAtomic(strings.TrimSuffix(path, ".warc.gz")+".cdxj", bytes.Join(lines, nil)); err != nil {
		a.log.Warn("archive: cannot rewrite cdxj of repaired warc file", "warc_file", name, "error", err)
		closedAt = nil
	}
	tx, err := a.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("archive: repair %s: %w", name, err)
	}
	defer tx.Rollback()
	// Captures whose record is gone: fetch their URLs again.
	if _, err := tx.ExecContext(ctx, `UPDATE frontier SET state = ?, next_due = 0 WHERE url IN
		(SELECT url FROM captures WHERE warc_file = ? AND offset + length > ?)`, bantin.StateQueued, name, goodEnd); err != nil {
		return fmt.Errorf("archive: repair %s: requeue: %w", name, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM captures WHERE warc_file = ? AND offset + length > ?`, name, goodEnd)
	if err != nil {
		return fmt.Errorf("archive: repair %s: drop captures: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		a.log.Warn("archive: dropped captures past the end of a repaired warc file", "warc_file", name, "captures", n)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO warc_files (name, site, created_at, closed_at, size) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET closed_at = excluded.closed_at, size = excluded.size`,
		name, site, nanos(a.now()), closedAt, goodEnd); err != nil {
		return fmt.Errorf("archive: repair %s: mark closed: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("archive: repair %s: %w", name, err)
	}
	return nil
}

// saveTail copies the bytes of path from off to its end into a new file dst (synced).
func saveTail(path string, off int64, dst string) error {
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.Seek(off, io.SeekStart); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
