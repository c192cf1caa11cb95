package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/bantin/bantin"
)

// AddURLs inserts the URLs not known yet (an empty State becomes queued) and leaves known ones
// as they are, all in one transaction. The rows are written behind (see queueWrite): AddURLs
// returns at once, and a failure to write them is logged, not returned.
func (a *Archive) AddURLs(ctx context.Context, urls []bantin.FrontierURL) error {
	if err := a.writable("add urls"); err != nil {
		return err
	}
	var rows []queuedRow
	for _, u := range urls {
		if u.URL == "" {
			continue
		}
		if u.State == "" {
			u.State = bantin.StateQueued
		}
		rows = append(rows, queuedRow{row: u})
	}
	if len(rows) == 0 {
		return nil
	}
	a.queueWrite(ctx, fmt.Sprintf("add %d urls", len(rows)), rows, func(ctx context.Context, tx *sql.Tx) error {
		stmt, err := a.txStmt(ctx, tx, sqlAddURL)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, frontierArgs(r.row)...); err != nil {
				return fmt.Errorf("%s: %w", r.row.URL, err)
			}
		}
		return nil
	})
	return nil
}

func frontierArgs(u bantin.FrontierURL) []any {
	return []any{u.URL, u.Site, u.Depth, u.Kind, u.State, nanos(u.NextDue), u.ETag, u.LastModified,
		u.LastStatus, u.Failures, nanos(u.LastFetched)}
}

const frontierCols = `url, site, depth, kind, state, next_due, etag, last_modified, last_status, failures, last_fetched`

func scanFrontier(s interface{ Scan(...any) error }) (bantin.FrontierURL, error) {
	var u bantin.FrontierURL
	var due, fetched int64
	err := s.Scan(&u.URL, &u.Site, &u.Depth, &u.Kind, &u.State, &due, &u.ETag, &u.LastModified, &u.LastStatus, &u.Failures, &fetched)
	u.NextDue, u.LastFetched = fromNanos(due), fromNanos(fetched)
	return u, err
}

// DueURLs returns up to limit URLs of site that are queued, done or failed with NextDue at or
// before now (a zero NextDue is always due), lowest depth first. Gone URLs are never due.
// Queued and failed rows are nearly all due, so they are read in depth order; done rows are
// mostly due later, so the earliest-due of them are read through the due-time index (reading
// them in depth order meant walking every done row of the site on each call).
func (a *Archive) DueURLs(ctx context.Context, site string, now time.Time, limit int) ([]bantin.FrontierURL, error) {
	if limit <= 0 {
		return nil, nil
	}
	if err := a.flushQueued(ctx); err != nil {
		return nil, fmt.Errorf("archive: due urls of %s: %w", site, err)
	}
	var out []bantin.FrontierURL
	for _, q := range []struct{ state, query string }{
		{bantin.StateQueued, `SELECT ` + frontierCols + ` FROM frontier INDEXED BY frontier_due
			WHERE site = ? AND state = ? AND next_due <= ? ORDER BY depth, next_due LIMIT ?`},
		{bantin.StateFailed, `SELECT ` + frontierCols + ` FROM frontier INDEXED BY frontier_due
			WHERE site = ? AND state = ? AND next_due <= ? ORDER BY depth, next_due LIMIT ?`},
		{bantin.StateDone, `SELECT ` + frontierCols + ` FROM frontier INDEXED BY frontier_due_at
			WHERE site = ? AND state = ? AND next_due <= ? ORDER BY next_due LIMIT ?`},
	} {
		stmt, err := a.stmt(ctx, a.r, q.query)
		if err != nil {
			return nil, err
		}
		rows, err := stmt.QueryContext(ctx, site, q.state, now.UnixNano(), limit)
		if err != nil {
			return nil, fmt.Errorf("archive: due urls of %s: %w", site, err)
		}
		for rows.Next() {
			u, err := scanFrontier(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("archive: due urls of %s: %w", site, err)
			}
			out = append(out, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("archive: due urls of %s: %w", site, err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Depth < out[j].Depth })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// LookupURL returns the frontier row of url, or an error wrapping bantin.ErrNotFound.
func (a *Archive) LookupURL(ctx context.Context, url string) (bantin.FrontierURL, error) {
	q, queued := a.queuedRowOf(url)
	if queued && q.replace {
		return q.row, nil
	}
	stmt, err := a.stmt(ctx, a.r, `SELECT `+frontierCols+` FROM frontier WHERE url = ?`)
	if err != nil {
		return bantin.FrontierURL{}, err
	}
	u, err := scanFrontier(stmt.QueryRowContext(ctx, url))
	if errors.Is(err, sql.ErrNoRows) && queued {
		return q.row, nil // added, not committed yet
	}
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("archive: frontier %s: %w", url, bantin.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("archive: frontier %s: %w", url, err)
	}
	return u, nil
}

// UpdateURL stores the row as given (insert or replace). The row is written behind (see
// queueWrite): UpdateURL returns at once, and a failure to write it is logged, not returned.
func (a *Archive) UpdateURL(ctx context.Context, u bantin.FrontierURL) error {
	if err := a.writable("update url " + u.URL); err != nil {
		return err
	}
	if u.URL == "" {
		return fmt.Errorf("archive: update url: empty URL: %w", bantin.ErrInvalid)
	}
	if u.State == "" {
		u.State = bantin.StateQueued
	}
	a.queueWrite(ctx, "update url "+u.URL, []queuedRow{{row: u, replace: true}}, func(ctx context.Context, tx *sql.Tx) error {
		_, err := a.txExec(ctx, tx, sqlReplaceURL, frontierArgs(u)...)
		return err
	})
	return nil
}

// Run states.
const (
	RunRunning     = "running"
	RunOK          = "ok"
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
)

// StartRun files a new run of site in state "running". Runs left "running" by a process that
// died are marked "interrupted" first.
func (a *Archive) StartRun(ctx context.Context, site string, at time.Time) (bantin.Run, error) {
	if err := a.writable("start run " + site); err != nil {
		return bantin.Run{}, err
	}
	if at.IsZero() {
		at = a.now()
	}
	r := bantin.Run{Site: site, Started: at, Status: RunRunning}
	err := a.inTx(ctx, func(tx *sql.Tx) error {
		// This process holds the data-dir lock, so a running run of this site is a dead one.
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ? WHERE site = ? AND status = ?`, RunInterrupted, site, RunRunning); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO runs (site, started, status) VALUES (?, ?, ?)`, site, nanos(at), RunRunning)
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return bantin.Run{}, fmt.Errorf("archive: start run of %s: %w", site, err)
	}
	return r, nil
}

// FinishRun stores the run's final counts and status (finished now when r.Finished is zero).
// It returns an error wrapping bantin.ErrNotFound for an unknown run id.
func (a *Archive) FinishRun(ctx context.Context, r bantin.Run) error {
	if err := a.writable("finish run"); err != nil {
		return err
	}
	if r.Finished.IsZero() {
		r.Finished = a.now()
	}
	if r.Status == "" || r.Status == RunRunning {
		r.Status = RunOK
	}
	res, err := a.w.ExecContext(ctx, `UPDATE runs SET finished = ?, status = ?, fetched = ?, new = ?, changed = ?, unchanged = ?, gone = ?, errors = ?
		WHERE id = ?`, nanos(r.Finished), r.Status, r.Fetched, r.New, r.Changed, r.Unchanged, r.Gone, r.Errors, r.ID)
	if err != nil {
		return fmt.Errorf("archive: finish run %d: %w", r.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("archive: finish run %d: %w", r.ID, bantin.ErrNotFound)
	}
	return nil
}

const runCols = `id, site, started, finished, status, fetched, new, changed, unchanged, gone, errors`

func scanRun(s interface{ Scan(...any) error }) (bantin.Run, error) {
	var r bantin.Run
	var started int64
	var finished sql.NullInt64
	err := s.Scan(&r.ID, &r.Site, &started, &finished, &r.Status, &r.Fetched, &r.New, &r.Changed, &r.Unchanged, &r.Gone, &r.Errors)
	r.Started = fromNanos(started)
	if finished.Valid {
		r.Finished = fromNanos(finished.Int64)
	}
	return r, err
}

// Runs returns the latest runs, newest first: of one site, or of all sites when site is "".
// A limit of 0 or less means 20.
func (a *Archive) Runs(ctx context.Context, site string, limit int) ([]bantin.Run, error) {
	if limit <= 0 {
		limit = 20
	}
	q, args := `SELECT `+runCols+` FROM runs ORDER BY id DESC LIMIT ?`, []any{limit}
	if site != "" {
		q, args = `SELECT `+runCols+` FROM runs WHERE site = ? ORDER BY id DESC LIMIT ?`, []any{site, limit}
	}
	rows, err := a.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: runs: %w", err)
	}
	defer rows.Close()
	var out []bantin.Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("archive: runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: runs: %w", err)
	}
	return out, nil
}
