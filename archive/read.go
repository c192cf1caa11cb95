package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive/warc"
)

const captureCols = `id, url, fetched_at, status, content_type, payload_digest, warc_file, offset, length, record_type, run_id`

func scanCapture(s interface{ Scan(...any) error }) (bantin.Capture, error) {
	var c bantin.Capture
	var at int64
	err := s.Scan(&c.ID, &c.URL, &at, &c.Status, &c.ContentType, &c.PayloadDigest, &c.WARCFile, &c.Offset, &c.Length, &c.RecordType, &c.RunID)
	c.FetchedAt = fromNanos(at)
	return c, err
}

// CapturesOf returns every capture of url, oldest first (none is not an error).
func (a *Archive) CapturesOf(ctx context.Context, url string) ([]bantin.Capture, error) {
	rows, err := a.r.QueryContext(ctx, `SELECT `+captureCols+` FROM captures WHERE url = ? ORDER BY fetched_at, id`, url)
	if err != nil {
		return nil, fmt.Errorf("archive: captures of %s: %w", url, err)
	}
	defer rows.Close()
	var out []bantin.Capture
	for rows.Next() {
		c, err := scanCapture(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: captures of %s: %w", url, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: captures of %s: %w", url, err)
	}
	return out, nil
}

// CaptureByID returns one capture, or an error wrapping bantin.ErrNotFound.
func (a *Archive) CaptureByID(ctx context.Context, id int64) (bantin.Capture, error) {
	c, err := scanCapture(a.r.QueryRowContext(ctx, `SELECT `+captureCols+` FROM captures WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("archive: capture %d: %w", id, bantin.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("archive: capture %d: %w", id, err)
	}
	return c, nil
}

// warcPath returns the path of a WARC file named in the catalog, refusing anything that is
// not a plain base name.
func (a *Archive) warcPath(name string) (string, error) {
	if name == "" || name != filepath.Base(name) || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".warc.gz") {
		return "", fmt.Errorf("archive: warc file name %q: %w", name, bantin.ErrInvalid)
	}
	return filepath.Join(a.warcDir, name), nil
}

// readAt reads the record of one gzip member of a WARC file.
func (a *Archive) readAt(name string, off, length int64) (*Record, error) {
	path, err := a.warcPath(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("archive: %s: %w", path, bantin.ErrNotFound)
		}
		return nil, fmt.Errorf("archive: open %s: %w", path, err)
	}
	defer f.Close()
	rec, err := warc.ReadRecordAt(f, off, length)
	if err != nil {
		return nil, fmt.Errorf("archive: read %s: %w", name, err)
	}
	return rec, nil
}

// OpenRecord reads the WARC record of a capture: HTTP status, header and payload. For a
// revisit record the payload is that of the response it refers to. It returns an error
// wrapping bantin.ErrNotFound when the file is missing, ErrCorrupt for bad data.
func (a *Archive) OpenRecord(ctx context.Context, c bantin.Capture) (*Record, error) {
	rec, err := a.readAt(c.WARCFile, c.Offset, c.Length)
	if err != nil {
		return nil, err
	}
	if rec.Type != warc.TypeResponse && rec.Type != warc.TypeRevisit {
		return nil, fmt.Errorf("archive: capture %d: %s record at %s:%d: %w", c.ID, rec.Type, c.WARCFile, c.Offset, ErrCorrupt)
	}
	if rec.Type == warc.TypeRevisit {
		orig, err := a.referredCapture(ctx, c.ID, rec.Fields.Get("WARC-Refers-To"))
		if err != nil {
			return nil, fmt.Errorf("archive: revisit %s: %w", c.URL, err)
		}
		o, err := a.readAt(orig.WARCFile, orig.Offset, orig.Length)
		if err != nil {
			return nil, fmt.Errorf("archive: revisit %s: %w", c.URL, err)
		}
		rec.Payload = o.Payload
	}
	return rec, nil
}

// referredCapture finds the response a revisit refers to: by the catalog's refers_to link,
// else by WARC-Record-ID.
func (a *Archive) referredCapture(ctx context.Context, id int64, recordID string) (bantin.Capture, error) {
	c, err := scanCapture(a.r.QueryRowContext(ctx, `SELECT `+captureCols+` FROM captures
		WHERE id = (SELECT refers_to FROM captures WHERE id = ?)`, id))
	if errors.Is(err, sql.ErrNoRows) {
		// No link (a capture filed before its original was): a scan by record id, rare.
		c, err = scanCapture(a.r.QueryRowContext(ctx, `SELECT `+captureCols+` FROM captures
			WHERE record_id = ? AND record_type = 'response' LIMIT 1`, recordID))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("refers to %s: %w", recordID, bantin.ErrNotFound)
	}
	return c, err
}

// SiteStats sums up one site for status and the web UI.
type SiteStats struct {
	Name     string      `json:"name"`
	Articles int64       `json:"articles"`
	Captures int64       `json:"captures"`
	LastRun  *bantin.Run `json:"last_run,omitempty"`
}

// Sites returns every site the catalog knows (from articles, captures and runs), by name.
func (a *Archive) Sites(ctx context.Context) ([]SiteStats, error) {
	by := map[string]*SiteStats{}
	get := func(name string) *SiteStats {
		s := by[name]
		if s == nil {
			s = &SiteStats{Name: name}
			by[name] = s
		}
		return s
	}
	count := func(q string, set func(*SiteStats, int64)) error {
		rows, err := a.r.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			var n int64
			if err := rows.Scan(&name, &n); err != nil {
				return err
			}
			set(get(name), n)
		}
		return rows.Err()
	}
	if err := count(`SELECT site, COUNT(*) FROM articles GROUP BY site`, func(s *SiteStats, n int64) { s.Articles = n }); err != nil {
		return nil, fmt.Errorf("archive: sites: %w", err)
	}
	if err := count(`SELECT site, COUNT(*) FROM captures GROUP BY site`, func(s *SiteStats, n int64) { s.Captures = n }); err != nil {
		return nil, fmt.Errorf("archive: sites: %w", err)
	}
	rows, err := a.r.QueryContext(ctx, `SELECT `+runCols+` FROM runs WHERE id IN (SELECT MAX(id) FROM runs GROUP BY site)`)
	if err != nil {
		return nil, fmt.Errorf("archive: sites: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: sites: %w", err)
		}
		get(r.Site).LastRun = &r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: sites: %w", err)
	}
	out := make([]SiteStats, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sortSites(out)
	return out, nil
}

func sortSites(s []SiteStats) {
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
}

// Stats are the counts `bantin status` shows.
type Stats struct {
	Captures     int64            `json:"captures"`
	Revisits     int64            `json:"revisits"`
	Articles     int64            `json:"articles"`
	Gone         int64            `json:"gone"`
	Versions     int64            `json:"versions"`
	Runs         int64            `json:"runs"`
	WARCFiles    int              `json:"warc_files"`
	WARCBytes    int64            `json:"warc_bytes"`
	CatalogBytes int64            `json:"catalog_bytes"`
	Frontier     map[string]int64 `json:"frontier"` // URLs by state
}

// Stats counts what the archive holds.
func (a *Archive) Stats(ctx context.Context) (Stats, error) {
	s := Stats{Frontier: map[string]int64{}}
	for _, q := range []struct {
		sql string
		dst *int64
	}{
		{`SELECT COUNT(*) FROM captures`, &s.Captures},
		{`SELECT COUNT(*) FROM captures WHERE record_type = 'revisit'`, &s.Revisits},
		{`SELECT COUNT(*) FROM articles`, &s.Articles},
		{`SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL`, &s.Gone},
		{`SELECT COUNT(*) FROM versions`, &s.Versions},
		{`SELECT COUNT(*) FROM runs`, &s.Runs},
	} {
		if err := a.r.QueryRowContext(ctx, q.sql).Scan(q.dst); err != nil {
			return s, fmt.Errorf("archive: stats: %w", err)
		}
	}
	rows, err := a.r.QueryContext(ctx, `SELECT state, COUNT(*) FROM frontier GROUP BY state`)
	if err != nil {
		return s, fmt.Errorf("archive: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return s, fmt.Errorf("archive: stats: %w", err)
		}
		s.Frontier[st] = n
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("archive: stats: %w", err)
	}
	names, err := a.warcFileNames()
	if err != nil {
		return s, err
	}
	for _, n := range names {
		if st, err := os.Stat(filepath.Join(a.warcDir, n)); err == nil {
			s.WARCFiles++
			s.WARCBytes += st.Size()
		}
	}
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(filepath.Join(a.dir, CatalogFile+suffix)); err == nil {
			s.CatalogBytes += st.Size()
		}
	}
	return s, nil
}
