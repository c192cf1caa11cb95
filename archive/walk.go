package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

// recordLoc is where a response record is, for resolving revisits during a walk.
type recordLoc struct {
	file      string
	off, size int64
	captureID int64
}

// WalkResponses calls fn for every response and revisit record of every WARC file of the data
// directory, in the order they were written, with the capture as the catalog files it (ID 0
// when the catalog has no row for it) and the record (Site set from the file's warcinfo,
// revisits carrying the payload they refer to). It needs only the WARC files, so the index and
// the articles can be rebuilt even when the catalog is lost. A file with a torn or corrupt
// tail is read up to the damage (IntegrityCheck reports it). An error from fn stops the walk
// and is returned as is.
func (a *Archive) WalkResponses(ctx context.Context, fn func(bantin.Capture, *Record) error) error {
	return a.walk(ctx, false, fn)
}

// Rebuild is WalkResponses for a writer: before fn sees a record that has no catalog row (the
// catalog was lost, or a crash came between the WARC write and the commit), the capture is
// filed, so fn gets a real capture ID to pass to SaveArticle. Files being written by this
// Archive are skipped.
func (a *Archive) Rebuild(ctx context.Context, fn func(bantin.Capture, *Record) error) error {
	if err := a.writable("rebuild"); err != nil {
		return err
	}
	return a.walk(ctx, true, fn)
}

func (a *Archive) walk(ctx context.Context, adopt bool, fn func(bantin.Capture, *Record) error) error {
	names, err := a.warcFileNames()
	if err != nil {
		return err
	}
	open := map[string]bool{}
	if adopt {
		a.mu.Lock()
		for _, wf := range a.files {
			open[wf.name] = true
		}
		a.mu.Unlock()
	}
	responses := map[string]recordLoc{} // WARC-Record-ID of responses seen so far
	for _, name := range names {
		if open[name] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		known, err := a.fileCaptures(ctx, name)
		if err != nil {
			return err
		}
		site := ""
		var pending []*pendingCapture
		_, _, scanErr, err := scanFile(filepath.Join(a.warcDir, name), func(rec *Record) error {
			if rec.Type == warc.TypeWarcinfo && site == "" {
				site = rec.InfoField("isPartOf")
				return nil
			}
			if rec.Type != warc.TypeResponse && rec.Type != warc.TypeRevisit {
				return nil
			}
			c := bantin.Capture{
				URL:           rec.TargetURI,
				FetchedAt:     rec.Date.In(bantin.Location),
				Status:        rec.Status,
				ContentType:   rec.ContentType(),
				PayloadDigest: rec.Fields.Get("WARC-Payload-Digest"),
				WARCFile:      name,
				Offset:        rec.Offset,
				Length:        rec.Length,
				RecordType:    rec.Type,
			}
			if k, ok := known[rec.Offset]; ok {
				c.ID, c.RunID = k.id, k.runID
			}
			rec.Site = site
			var refersTo sql.NullInt64
			if rec.Type == warc.TypeRevisit {
				loc, ok := responses[rec.Fields.Get("WARC-Refers-To")]
				if ok {
					orig, err := a.readAt(loc.file, loc.off, loc.size)
					if err != nil {
						return err
					}
					rec.Payload = orig.Payload
					if loc.captureID != 0 {
						refersTo = sql.NullInt64{Int64: loc.captureID, Valid: true}
					}
				} else {
					a.log.Warn("archive: revisit refers to an unknown record", "url", c.URL, "warc_file", name,
						"refers_to", rec.Fields.Get("WARC-Refers-To"))
				}
			}
			if adopt && c.ID == 0 {
				p := &pendingCapture{c: c, site: site, recordID: rec.ID, refersTo: refersTo}
				if err := a.inTx(ctx, func(tx *sql.Tx) error { return a.insertCaptures(ctx, tx, []*pendingCapture{p}) }); err != nil {
					return fmt.Errorf("archive: rebuild %s: %w", name, err)
				}
				c.ID = p.c.ID
				pending = append(pending, p)
			}
			if rec.Type == warc.TypeResponse {
				responses[rec.ID] = recordLoc{file: name, off: rec.Offset, size: rec.Length, captureID: c.ID}
			}
			return fn(c, rec)
		})
		if err != nil {
			return err
		}
		if scanErr != nil {
			a.log.Warn("archive: warc file read up to damage", "warc_file", name, "error", scanErr)
		}
		if len(pending) > 0 {
			a.log.Info("archive: filed captures found only in the warc file", "warc_file", name, "captures", len(pending))
		}
	}
	return nil
}

type knownCapture struct{ id, runID int64 }

// fileCaptures maps record offsets of a WARC file to their catalog captures.
func (a *Archive) fileCaptures(ctx context.Context, name string) (map[int64]knownCapture, error) {
	rows, err := a.r.QueryContext(ctx, `SELECT offset, id, run_id FROM captures WHERE warc_file = ?`, name)
	if err != nil {
		return nil, fmt.Errorf("archive: captures of %s: %w", name, err)
	}
	defer rows.Close()
	out := map[int64]knownCapture{}
	for rows.Next() {
		var off int64
		var k knownCapture
		if err := rows.Scan(&off, &k.id, &k.runID); err != nil {
			return nil, fmt.Errorf("archive: captures of %s: %w", name, err)
		}
		out[off] = k
	}
	return out, rows.Err()
}

// IntegrityCheck runs SQLite's integrity check on the catalog, reads every record of every
// WARC file checking its digests, and checks that every capture row points at a record
// inside its file. It returns all problems found, joined (nil when all is well). A file that
// is still being written may end in a partial record; that is not reported.
func (a *Archive) IntegrityCheck(ctx context.Context) error {
	var errs []error
	rows, err := a.r.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("archive: integrity check: %w", err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("archive: integrity check: %w", err)
		}
		if msg != "ok" {
			errs = append(errs, fmt.Errorf("archive: catalog: %s", msg))
		}
	}
	rows.Close()

	closed := map[string]bool{}
	if rows, err := a.r.QueryContext(ctx, `SELECT name FROM warc_files WHERE closed_at IS NOT NULL`); err == nil {
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				closed[n] = true
			}
		}
		rows.Close()
	}
	names, err := a.warcFileNames()
	if err != nil {
		return err
	}
	ends := map[string]int64{}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		var digestErrs []error
		goodEnd, size, scanErr, err := scanFile(filepath.Join(a.warcDir, name), func(r *Record) error {
			if err := r.CheckDigests(); err != nil {
				digestErrs = append(digestErrs, fmt.Errorf("archive: %s: %w", name, err))
			}
			return nil
		})
		ends[name] = goodEnd
		errs = append(errs, err)
		errs = append(errs, digestErrs...)
		if scanErr != nil && (closed[name] || goodEnd < size-maxTailSlack) {
			errs = append(errs, fmt.Errorf("archive: %s: %w", name, scanErr))
		}
	}
	rows, err = a.r.QueryContext(ctx, `SELECT warc_file, MAX(offset + length), COUNT(*) FROM captures GROUP BY warc_file`)
	if err != nil {
		return fmt.Errorf("archive: integrity check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var end, n int64
		if err := rows.Scan(&name, &end, &n); err != nil {
			return fmt.Errorf("archive: integrity check: %w", err)
		}
		if good, ok := ends[name]; !ok {
			errs = append(errs, fmt.Errorf("archive: %d captures in missing warc file %s", n, name))
		} else if end > good {
			errs = append(errs, fmt.Errorf("archive: captures of %s end at %d, past its last good record at %d", name, end, good))
		}
	}
	return errors.Join(append(errs, rows.Err())...)
}

// maxTailSlack is how much unreadable tail a file still being written may have: one record
// being appended.
const maxTailSlack = warc.MaxBlockBytes
