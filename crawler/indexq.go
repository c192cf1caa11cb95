package crawler

import (
	"context"
	"log/slog"

	"github.com/bantin/bantin"
)

// indexQueueSize is how many extracted entries of a run may wait for the indexer. The index
// writes in batches: while one batch is written, the workers that filled the next ones used
// to wait inside Indexer.Index each holding a whole batch, so that memory grew with the
// number of workers as indexing fell behind (a 100,000-article crawl's heap grew by a third).
// One goroutine per run now hands the entries over in order, and a full queue holds the
// workers back instead.
const indexQueueSize = 256

// indexQueue feeds a run's entries to the indexer from one goroutine.
type indexQueue struct {
	ch   chan bantin.Entry
	done chan struct{}
}

// startIndexQueue starts the goroutine; nil when there is no indexer.
func startIndexQueue(ctx context.Context, ix bantin.Indexer, log *slog.Logger) *indexQueue {
	if ix == nil {
		return nil
	}
	q := &indexQueue{ch: make(chan bantin.Entry, indexQueueSize), done: make(chan struct{})}
	// Entries taken from the crawl are indexed even when it is interrupted: the index is
	// flushed at the end of the run either way.
	ictx := context.WithoutCancel(ctx)
	go func() {
		defer close(q.done)
		for e := range q.ch {
			if err := ix.Index(ictx, e); err != nil {
				log.Warn("index failed", "url", e.Article.URL, "err", err)
			}
		}
	}()
	return q
}

// add queues an entry, waiting while the queue is full.
func (q *indexQueue) add(e bantin.Entry) {
	q.ch <- e
}

// close waits until every queued entry has been handed to the indexer.
func (q *indexQueue) close() {
	if q == nil {
		return
	}
	close(q.ch)
	<-q.done
}
