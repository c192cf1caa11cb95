package index

import (
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	zapx "github.com/blevesearch/zapx/v17"
)

// Memory of segment merges.
//
// Scorch writes every batch as a small segment file and merges segments in the background. A
// merge reads every page of its input segments through memory maps, and those pages count in
// the process's RSS until the inputs are closed; every open segment also keeps a few pages
// resident (its footer, field and doc-value metadata, its _id dictionary, which each batch
// consults). With Bleve's defaults (segments grow to 5,000,000 documents) a crawl's merges grow
// with the index: a 100,000-article crawl peaked at 977 MB RSS, most of it file-backed pages of
// merge inputs. Three things keep that in check (the same crawl now peaks at 253 MB; figures
// in bench/README.md):
//
//   - merged segments stop growing at Options.MaxSegmentDocs documents (scorch leaves a
//     segment of half that many live documents alone), so one merge reads at most that many
//     documents' worth of segment files;
//   - one merge at a time in the process (mergeGate): the shards of an index would otherwise
//     merge at once, each with its inputs mapped;
//   - merged segments are written mergeWriteSize at a time: the page cache of ext4 (and other
//     file systems with large folios) keeps a file in folios as large as the writes that made
//     it, up to 2 MB, and touching one byte of a mapped file maps its whole folio. Zapx wrote
//     a merged segment through a 1 MB buffer, so every dictionary or posting list a batch or a
//     search touched kept up to 2 MB resident per segment (measured: 1.5-2 MB per segment of
//     15 MB); written 64 KB at a time, a touch maps 64 KB (about 0.4 MB per segment), as the
//     kernel's fault-around does for files written in small pieces.
//
// The price is more segments for a search to visit (an index of N articles ends with about
// 2N/MaxSegmentDocs of them; no slower at 30,000 articles) and merges that wait for each other.

// DefaultBatchSize is the default of Options.BatchSize. Bleve analyses a batch at once and
// keeps every token's frequencies and positions until the batch's segment is built; while one
// batch is written the next fills up, and with several crawls feeding one index each may hold a
// full one. In a 20,000-article crawl of five portals at once the live heap peaked at 116 MB
// with batches of 250 and 70 MB with 100.
const DefaultBatchSize = 100

// DefaultMaxSegmentDocs is the default of Options.MaxSegmentDocs.
const DefaultMaxSegmentDocs = 4000

// mergeGateName names the scorch event callback that lets one merge run at a time.
const mergeGateName = "bantin-merge-gate"

// mergeGateWait is how long a merger waits for another shard's merge before it merges anyway:
// a merge that never reports its end must not stop the others for good.
const mergeGateWait = 2 * time.Minute

// mergeWriteSize is the size of zapx's write buffer for merged segments (zapx's default: 1 MB).
const mergeWriteSize = 64 << 10

func init() {
	scorch.RegistryEventCallbacks[mergeGateName] = gate.event
	zapx.DefaultFileMergerBufferSize = mergeWriteSize
}

// scorchConfig returns the runtime configuration of a shard's scorch index.
func scorchConfig(opts Options, readOnly bool) map[string]interface{} {
	cfg := map[string]interface{}{
		"bolt_timeout": opts.LockTimeout.String(),
		"read_only":    readOnly,
	}
	if readOnly {
		return cfg // a read-only index never merges
	}
	cfg["eventCallbackName"] = mergeGateName
	docs := opts.MaxSegmentDocs
	if docs == 0 {
		docs = DefaultMaxSegmentDocs
	}
	if docs > 0 {
		// Scorch reads this through JSON onto mergeplan.DefaultMergePlanOptions: only the
		// fields given change. Segments of MaxSegmentSize/2 live documents or more are left
		// alone, and no merge makes one of MaxSegmentSize or more.
		cfg["scorchMergePlanOptions"] = map[string]interface{}{
			"MaxSegmentSize": docs,
		}
	}
	return cfg
}

// mergeGate lets one scorch merger of the process plan and run merges at a time. The merger
// asks before each planning round (EventKindPreMergeCheck, fired in the merger's goroutine, so
// waiting there waits the merger) and the gate is given back when the round ends
// (EventKindMergerProgress) or the index closes (EventKindClose). A merger whose round failed
// asks again while it holds the gate, and keeps it.
type mergeGate struct {
	mu     sync.Mutex
	holder *scorch.Scorch
	slot   chan struct{} // holds a token while some merger holds the gate
}

var gate = &mergeGate{slot: make(chan struct{}, 1)}

func (g *mergeGate) event(e scorch.Event) bool {
	switch e.Kind {
	case scorch.EventKindPreMergeCheck:
		g.acquire(e.Scorch)
	case scorch.EventKindMergerProgress, scorch.EventKindClose:
		g.release(e.Scorch)
	}
	return true
}

func (g *mergeGate) acquire(s *scorch.Scorch) {
	g.mu.Lock()
	held := g.holder == s
	g.mu.Unlock()
	if held {
		return
	}
	t := time.NewTimer(mergeGateWait)
	defer t.Stop()
	select {
	case g.slot <- struct{}{}:
		g.mu.Lock()
		g.holder = s
		g.mu.Unlock()
	case <-t.C:
		// Merge without the gate rather than stall: memory over progress only up to a point.
	}
}

func (g *mergeGate) release(s *scorch.Scorch) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.holder != s {
		return
	}
	g.holder = nil
	<-g.slot
}
