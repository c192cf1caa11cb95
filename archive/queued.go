package archive

import (
	"context"
	"database/sql"

	"github.com/bantin/bantin"
)

// Frontier rows are written behind: AddURLs and UpdateURL queue their rows for the next group
// commit and return at once, so that a crawled page waits for the catalog twice (its capture,
// its article) instead of four times. The rows stay visible to this process meanwhile:
// LookupURL reads them from the queue, DueURLs first commits what is queued. A crash may lose
// the last queued rows; the next crawl then fetches those URLs again. Captures are never
// written behind.

// queuedRow is a frontier row written behind, until its batch is committed.
type queuedRow struct {
	row     bantin.FrontierURL
	replace bool // UpdateURL (the row as given); else AddURLs (only if unknown)
	op      *writeOp
}

// queueWrite queues fn for the next group commit without waiting for it; rows are the
// frontier rows it writes, visible to LookupURL until the commit. A failed queued write is
// logged.
func (a *Archive) queueWrite(ctx context.Context, what string, rows []queuedRow, fn func(ctx context.Context, tx *sql.Tx) error) {
	op := &writeOp{ctx: context.WithoutCancel(ctx), fn: fn, what: what}
	a.qmu.Lock()
	if a.queued == nil {
		a.queued = map[string]queuedRow{}
	}
	for _, r := range rows {
		if _, ok := a.queued[r.row.URL]; ok && !r.replace {
			continue // the row queued before stays, as the catalog will keep it
		}
		r.op = op
		a.queued[r.row.URL] = r
		op.keys = append(op.keys, r.row.URL)
	}
	a.ops = append(a.ops, op)
	a.qmu.Unlock()
}

// queuedRowOf returns the queued row of url, if any.
func (a *Archive) queuedRowOf(url string) (queuedRow, bool) {
	a.qmu.Lock()
	defer a.qmu.Unlock()
	r, ok := a.queued[url]
	return r, ok
}

// forgetQueued drops the queue entries of committed (or failed) writes; called with qmu held.
func (a *Archive) forgetQueued(op *writeOp) {
	for _, k := range op.keys {
		if r, ok := a.queued[k]; ok && r.op == op {
			delete(a.queued, k)
		}
	}
}

// flushQueued commits whatever writes are queued (waiting for a commit in progress too).
func (a *Archive) flushQueued(ctx context.Context) error {
	a.qmu.Lock()
	pending := len(a.queued) > 0 || len(a.ops) > 0
	a.qmu.Unlock()
	if !pending {
		return nil
	}
	return a.write(ctx, func(context.Context, *sql.Tx) error { return nil })
}
