package archive

import (
	"context"
	"database/sql"
	"fmt"
)

// The catalog has one writer connection. Every write of the crawl's hot path (capture rows,
// articles and versions, frontier rows) goes through one group commit: whoever finds the
// commit stage free writes everything waiting in one transaction, so that a crawl of many
// pages at once pays one commit (and one WAL fsync) per batch instead of several per page.

// writeOp is a catalog write waiting for the group commit.
type writeOp struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	done bool  // set under commitMu
	err  error // set under commitMu
	// Written behind (queueWrite): what it is for the log, and its keys in Archive.queued.
	what string
	keys []string
}

// write runs fn inside the next group commit and returns once that commit is done: fn's
// error (its writes are then undone, the batch's others stay), the commit's error, or nil.
// fn runs in a savepoint of the batch transaction, with ctx freed of its cancellation (an
// interrupted statement would roll back the whole batch); a ctx already done skips fn.
func (a *Archive) write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	op := &writeOp{ctx: ctx, fn: fn}
	a.qmu.Lock()
	a.ops = append(a.ops, op)
	a.qmu.Unlock()
	a.commitMu.Lock()
	defer a.commitMu.Unlock()
	if !op.done {
		a.commitBatch(ctx)
	}
	return op.err
}

// commit files p together with whatever other captures are waiting, in two pipelined
// stages so that one batch's WARC fsync overlaps the previous batch's catalog commit:
//
//  1. sync: the first caller to get syncMu fsyncs the WARC files of every capture queued so
//     far and hands the batch to stage 2;
//  2. commit: the first caller to get commitMu inserts every synced capture, and every other
//     write waiting (write), in one transaction (synchronous=FULL).
//
// A capture is acknowledged only after both, so its record is on disk before its row is.
func (a *Archive) commit(ctx context.Context, p *pendingCapture) error {
	a.qmu.Lock()
	a.queue = append(a.queue, p)
	a.qmu.Unlock()

	a.syncMu.Lock()
	if !p.synced {
		a.qmu.Lock()
		batch := a.queue
		a.queue = nil
		a.qmu.Unlock()
		a.syncBatch(batch)
	}
	a.syncMu.Unlock()
	if p.syncErr != nil {
		return p.syncErr
	}

	a.commitMu.Lock()
	defer a.commitMu.Unlock()
	if !p.done {
		a.commitBatch(ctx)
	}
	return p.err
}

// syncBatch fsyncs the files of a batch (syncMu held) and queues the synced captures for the
// commit stage; captures whose file failed to sync fail.
func (a *Archive) syncBatch(batch []*pendingCapture) {
	synced := map[*warcFile]error{}
	for _, p := range batch {
		if _, ok := synced[p.wf]; !ok {
			synced[p.wf] = p.wf.sync()
		}
	}
	var ok []*pendingCapture
	for _, p := range batch {
		p.synced = true
		if err := synced[p.wf]; err != nil {
			p.syncErr = err
			continue
		}
		ok = append(ok, p)
	}
	a.qmu.Lock()
	a.synced = append(a.synced, ok...)
	a.qmu.Unlock()
}

// commitBatch writes every synced capture and every waiting write in one transaction
// (commitMu held) and tells each how it went.
func (a *Archive) commitBatch(ctx context.Context) {
	a.qmu.Lock()
	caps, ops := a.synced, a.ops
	a.synced, a.ops = nil, nil
	a.qmu.Unlock()
	capErr, err := a.commitTx(context.WithoutCancel(ctx), caps, ops, len(caps) > 0 && !a.opts.NoSync)
	if err != nil {
		capErr = err
	}
	for _, p := range caps {
		p.err, p.done = capErr, true
	}
	for _, op := range ops {
		if err != nil {
			op.err = err
		}
		op.done = true
		if op.what != "" && op.err != nil {
			a.log.Warn("archive: queued write failed", "write", op.what, "error", op.err)
		}
	}
	a.qmu.Lock()
	for _, op := range ops {
		a.forgetQueued(op)
	}
	a.qmu.Unlock()
}

// commitTx is commitBatch's transaction. capErr fails the captures only (their savepoint is
// undone, the writes stay); err fails the whole batch. durable makes the commit survive a
// power cut (synchronous=FULL) rather than only a process crash.
func (a *Archive) commitTx(ctx context.Context, caps []*pendingCapture, ops []*writeOp, durable bool) (capErr, err error) {
	if durable {
		// The writer pool has one connection, so the pragma applies to the transaction below.
		full, err := a.stmt(ctx, a.w, sqlSyncFull)
		if err != nil {
			return nil, err
		}
		normal, err := a.stmt(ctx, a.w, sqlSyncNormal)
		if err != nil {
			return nil, err
		}
		if _, err := full.ExecContext(ctx); err != nil {
			return nil, fmt.Errorf("catalog: synchronous: %w", err)
		}
		defer normal.ExecContext(context.WithoutCancel(ctx))
	}
	tx, err := a.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("catalog: begin: %w", err)
	}
	defer tx.Rollback()
	if len(caps) > 0 {
		capErr, err = a.savepoint(ctx, tx, func() error { return a.insertCaptures(ctx, tx, caps) })
		if err != nil {
			return nil, err
		}
	}
	for _, op := range ops {
		if op.err = op.ctx.Err(); op.err != nil {
			continue
		}
		op.err, err = a.savepoint(ctx, tx, func() error { return op.fn(context.WithoutCancel(op.ctx), tx) })
		if err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("catalog: commit: %w", err)
	}
	return capErr, nil
}

// savepoint runs fn inside a savepoint of tx and undoes its writes when it fails (fnErr).
// When even that fails (SQLite rolled the whole transaction back, e.g. on a full disk), err
// fails the batch.
func (a *Archive) savepoint(ctx context.Context, tx *sql.Tx, fn func() error) (fnErr, err error) {
	if _, err := a.txExec(ctx, tx, sqlSavepoint); err != nil {
		return nil, fmt.Errorf("catalog: savepoint: %w", err)
	}
	if fnErr = fn(); fnErr != nil {
		if _, err := a.txExec(ctx, tx, sqlRollbackTo); err != nil {
			return fnErr, fmt.Errorf("catalog: %w (and undoing it: %v)", fnErr, err)
		}
	}
	if _, err := a.txExec(ctx, tx, sqlRelease); err != nil {
		return fnErr, fmt.Errorf("catalog: release savepoint: %w", err)
	}
	return fnErr, nil
}

// insertCaptures files captures in tx.
func (a *Archive) insertCaptures(ctx context.Context, tx *sql.Tx, batch []*pendingCapture) error {
	stmt, err := a.txStmt(ctx, tx, sqlInsertCapture)
	if err != nil {
		return fmt.Errorf("catalog: prepare: %w", err)
	}
	defer stmt.Close()
	for _, p := range batch {
		c := p.c
		res, err := stmt.ExecContext(ctx, c.URL, p.site, nanos(c.FetchedAt), c.Status, c.ContentType, c.PayloadDigest,
			c.WARCFile, c.Offset, c.Length, c.RecordType, p.recordID, p.refersTo, c.RunID)
		if err != nil {
			return fmt.Errorf("catalog: insert capture: %w", err)
		}
		if p.c.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("catalog: insert capture: %w", err)
		}
	}
	return nil
}
