package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

// writeFile is what a WARC file needs from *os.File (tests wrap it to fill the disk).
type writeFile interface {
	Write(p []byte) (int, error)
	Sync() error
	Close() error
	Truncate(size int64) error
}

// warcFile is a WARC file being written, with its CDXJ index.
type warcFile struct {
	mu      sync.Mutex
	name    string // base name
	path    string
	site    string
	f       writeFile
	cdx     *os.File
	cdxErr  error // set once a CDXJ write failed: the index is rebuilt from the WARC at close
	size    int64
	records int
	closed  bool
	broken  error // a failed write that could not be undone: no more appends
	noSync  bool  // Options.NoSync
}

// sync makes the file's records durable (a no-op after close, which synced).
func (wf *warcFile) sync() error {
	wf.mu.Lock()
	defer wf.mu.Unlock()
	if wf.closed || wf.noSync {
		return nil
	}
	if err := wf.f.Sync(); err != nil {
		return fmt.Errorf("archive: sync %s: %w", wf.name, err)
	}
	return nil
}

// appendData writes one exchange's members at the end of the file. On a failed write it cuts
// the partial member off again, so the file stays readable.
func (wf *warcFile) appendData(data []byte) (int64, error) {
	wf.mu.Lock()
	defer wf.mu.Unlock()
	if wf.closed || wf.broken != nil {
		return 0, fmt.Errorf("archive: append to %s: file not writable", wf.name)
	}
	off := wf.size
	n, err := wf.f.Write(data)
	if err != nil {
		if n > 0 {
			if terr := wf.f.Truncate(off); terr != nil {
				wf.broken = terr
			}
		}
		return 0, fmt.Errorf("archive: write %s: %w", wf.name, err)
	}
	wf.size += int64(n)
	wf.records++
	return off, nil
}

func (wf *warcFile) appendCDXJ(line []byte) {
	wf.mu.Lock()
	defer wf.mu.Unlock()
	if wf.cdx == nil || wf.cdxErr != nil {
		return
	}
	if _, err := wf.cdx.Write(line); err != nil {
		wf.cdxErr = err
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.]+`)

// fileSite makes a site name safe for a file name (the real name is in the warcinfo record).
func fileSite(site string) string {
	s := strings.Trim(unsafeName.ReplaceAllString(site, "_"), "_.")
	if s == "" {
		s = "site"
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// fileFor returns the open WARC file for site, starting a new one when there is none or the
// next size bytes would take the current one past MaxWARCSize. Called with a.mu held.
func (a *Archive) fileFor(ctx context.Context, site string, size int64) (*warcFile, error) {
	wf := a.files[site]
	if wf != nil && wf.broken == nil && (wf.records == 0 || wf.size+size <= a.opts.MaxWARCSize) {
		return wf, nil
	}
	if wf != nil {
		delete(a.files, site)
		if err := a.closeFile(ctx, wf); err != nil {
			a.log.Warn("archive: close rotated warc", "warc_file", wf.name, "error", err)
		}
	}
	wf, err := a.createFile(ctx, site)
	if err != nil {
		return nil, err
	}
	a.files[site] = wf
	return wf, nil
}

// createFile starts warc/<site>-<UTC timestamp>-<seq>.warc.gz with its warcinfo record.
func (a *Archive) createFile(ctx context.Context, site string) (*warcFile, error) {
	now := a.now()
	stamp := now.UTC().Format("20060102150405")
	for seq := 0; seq < 100000; seq++ {
		name := fmt.Sprintf("%s-%s-%05d.warc.gz", fileSite(site), stamp, seq)
		path := filepath.Join(a.warcDir, name)
		f, err := a.openFile(path)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("archive: create %s: %w", path, err)
		}
		wf := &warcFile{name: name, path: path, site: site, f: f, noSync: a.opts.NoSync}
		info := warc.EncodeWarcinfo(name, site, a.opts.Software, now)
		if _, err := f.Write(info); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("archive: write warcinfo %s: %w", path, err)
		}
		wf.size = int64(len(info))
		cdxPath := strings.TrimSuffix(path, ".warc.gz") + ".cdxj"
		if wf.cdx, err = os.OpenFile(cdxPath, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644); err != nil {
			wf.cdxErr = err
		}
		if _, err := a.w.ExecContext(ctx, `INSERT OR REPLACE INTO warc_files (name, site, created_at, closed_at, size) VALUES (?, ?, ?, NULL, 0)`,
			name, site, nanos(now)); err != nil {
			f.Close()
			if wf.cdx != nil {
				wf.cdx.Close()
			}
			os.Remove(path)
			os.Remove(cdxPath)
			return nil, fmt.Errorf("archive: file %s in catalog: %w", name, err)
		}
		a.log.Debug("archive: new warc file", "warc_file", name, "site", site)
		return wf, nil
	}
	return nil, fmt.Errorf("archive: create warc file for %s: no free name", site)
}

// closeFile syncs and closes a WARC file, sorts (or rebuilds) its CDXJ and marks it closed in
// the catalog so that the next Open does not scan it.
func (a *Archive) closeFile(ctx context.Context, wf *warcFile) error {
	wf.mu.Lock()
	if wf.closed {
		wf.mu.Unlock()
		return nil
	}
	wf.closed = true
	var errs []error
	if err := wf.f.Sync(); err != nil {
		errs = append(errs, fmt.Errorf("archive: sync %s: %w", wf.name, err))
	}
	if err := wf.f.Close(); err != nil {
		errs = append(errs, fmt.Errorf("archive: close %s: %w", wf.name, err))
	}
	cdxBad := wf.cdxErr != nil
	if wf.cdx != nil {
		if err := wf.cdx.Close(); err != nil {
			cdxBad = true
		}
	}
	size, broken := wf.size, wf.broken
	wf.mu.Unlock()
	if len(errs) > 0 || broken != nil {
		// Leave it unmarked: the next Open scans and repairs it.
		return errors.Join(append(errs, broken)...)
	}
	cdxPath := strings.TrimSuffix(wf.path, ".warc.gz") + ".cdxj"
	var err error
	if cdxBad {
		_, err = a.rebuildCDXJ(wf.path)
	} else {
		err = sortCDXJ(cdxPath)
	}
	if err != nil {
		return err
	}
	if _, err := a.w.ExecContext(ctx, `UPDATE warc_files SET closed_at = ?, size = ? WHERE name = ?`, nanos(a.now()), size, wf.name); err != nil {
		return fmt.Errorf("archive: mark %s closed: %w", wf.name, err)
	}
	return nil
}

// pendingCapture is a capture written to its WARC file and waiting for the group commit.
type pendingCapture struct {
	c        bantin.Capture
	site     string
	recordID string
	refersTo sql.NullInt64
	wf       *warcFile
	synced   bool  // set under syncMu
	syncErr  error // set under syncMu
	done     bool  // set under commitMu
	err      error // set under commitMu
}

// Capture writes ex as a response record (a revisit record when the same URL had the same
// payload before) plus its request record, fsyncs the WARC file and files the capture in the
// catalog. It returns the filed capture, or an error naming the URL (a full disk, a closed or
// read-only archive); a failed capture leaves nothing half-written behind.
func (a *Archive) Capture(ctx context.Context, ex *bantin.Exchange) (bantin.Capture, error) {
	if err := a.writable("capture " + ex.URL); err != nil {
		return bantin.Capture{}, err
	}
	if ex.URL == "" {
		return bantin.Capture{}, fmt.Errorf("archive: capture: empty URL: %w", bantin.ErrInvalid)
	}
	fetchedAt := ex.FetchedAt
	if fetchedAt.IsZero() {
		fetchedAt = a.now()
	}
	payloadDigest := warc.Digest(ex.Body)
	var prior *priorCapture
	var wprior *warc.Prior
	if len(ex.Body) > 0 {
		var err error
		if prior, err = a.priorCapture(ctx, ex.URL, payloadDigest); err != nil {
			return bantin.Capture{}, err
		}
		if prior != nil {
			wprior = &warc.Prior{URL: prior.URL, RecordID: prior.RecordID, Date: prior.Date}
		}
	}
	enc := warc.EncodeExchange(ex, fetchedAt, payloadDigest, wprior)

	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return bantin.Capture{}, fmt.Errorf("archive: capture %s: archive closed", ex.URL)
	}
	wf, err := a.fileFor(ctx, ex.Site, int64(len(enc.Data)))
	if err != nil {
		a.mu.Unlock()
		return bantin.Capture{}, fmt.Errorf("archive: capture %s: %w", ex.URL, err)
	}
	off, err := wf.appendData(enc.Data)
	if err != nil {
		a.mu.Unlock()
		return bantin.Capture{}, fmt.Errorf("archive: capture %s: %w", ex.URL, err)
	}
	wf.appendCDXJ(warc.CDXJLine(ex.URL, fetchedAt, warc.MediaType(enc.ContentType), ex.Status, payloadDigest,
		enc.RecordType, off, enc.MainLen, wf.name))
	a.mu.Unlock()

	p := &pendingCapture{
		c: bantin.Capture{
			URL:           ex.URL,
			FetchedAt:     fetchedAt.In(bantin.Location),
			Status:        ex.Status,
			ContentType:   enc.ContentType,
			PayloadDigest: payloadDigest,
			WARCFile:      wf.name,
			Offset:        off,
			Length:        enc.MainLen,
			RecordType:    enc.RecordType,
			RunID:         ex.RunID,
		},
		site:     ex.Site,
		recordID: enc.RecordID,
		wf:       wf,
	}
	if prior != nil {
		p.refersTo = sql.NullInt64{Int64: prior.ID, Valid: true}
	}
	if err := a.commit(ctx, p); err != nil {
		return bantin.Capture{}, fmt.Errorf("archive: capture %s: %w", ex.URL, err)
	}
	return p.c, nil
}

// priorCapture is the earlier response a revisit refers to.
type priorCapture struct {
	ID       int64
	URL      string
	RecordID string
	Date     time.Time
}

// priorCapture finds the first response of url with the same payload, or nil.
func (a *Archive) priorCapture(ctx context.Context, url, payloadDigest string) (*priorCapture, error) {
	var p priorCapture
	var at int64
	stmt, err := a.stmt(ctx, a.r, `SELECT id, record_id, fetched_at FROM captures
		WHERE url = ? AND payload_digest = ? AND record_type = 'response' ORDER BY id LIMIT 1`)
	if err != nil {
		return nil, err
	}
	err = stmt.QueryRowContext(ctx, url, payloadDigest).Scan(&p.ID, &p.RecordID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("archive: look up earlier capture of %s: %w", url, err)
	}
	p.URL, p.Date = url, fromNanos(at)
	return &p, nil
}
