package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

func TestScorchConfig(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		readOnly bool
		wantMax  int // MaxSegmentSize given to scorch; 0: none (Bleve's default)
		wantGate bool
	}{
		{"default", Options{}, false, DefaultMaxSegmentDocs, true},
		{"set", Options{MaxSegmentDocs: 300}, false, 300, true},
		{"bleve's default", Options{MaxSegmentDocs: -1}, false, 0, true},
		{"read-only never merges", Options{}, true, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := scorchConfig(tt.opts, tt.readOnly)
			if cfg["read_only"] != tt.readOnly {
				t.Errorf("read_only = %v, want %v", cfg["read_only"], tt.readOnly)
			}
			got := 0
			if mp, ok := cfg["scorchMergePlanOptions"].(map[string]interface{}); ok {
				got, _ = mp["MaxSegmentSize"].(int)
			}
			if got != tt.wantMax {
				t.Errorf("MaxSegmentSize = %d, want %d", got, tt.wantMax)
			}
			if _, ok := cfg["eventCallbackName"]; ok != tt.wantGate {
				t.Errorf("merge gate set = %v, want %v", ok, tt.wantGate)
			}
		})
	}
}

func TestMergeGate(t *testing.T) {
	g := &mergeGate{slot: make(chan struct{}, 1)}
	a, b := new(scorch.Scorch), new(scorch.Scorch)
	g.acquire(a)
	g.acquire(a) // a merger whose round failed asks again: it keeps the gate
	done := make(chan struct{})
	go func() {
		g.acquire(b)
		close(done)
	}()
	g.release(b) // not the holder: nothing happens
	g.mu.Lock()
	holder := g.holder
	g.mu.Unlock()
	if holder != a {
		t.Fatalf("holder before a's release is not a")
	}
	g.release(a)
	<-done
	g.mu.Lock()
	holder = g.holder
	g.mu.Unlock()
	if holder != b {
		t.Errorf("holder after a's release is not b")
	}
	g.event(scorch.Event{Kind: scorch.EventKindClose, Scorch: b})
	if len(g.slot) != 0 || g.holder != nil {
		t.Errorf("gate still held after its holder closed")
	}
}

// TestMergedSegmentsBounded writes many small batches into two shards, waits until scorch has
// merged them, and checks that no segment outgrew MaxSegmentDocs.
func TestMergedSegmentsBounded(t *testing.T) {
	const (
		n      = 1200
		maxSeg = 150
	)
	dir := filepath.Join(t.TempDir(), "index")
	ix := openT(t, dir, Options{Shards: 2, BatchSize: 10, MaxSegmentDocs: maxSeg})
	defer ix.Close()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		if err := ix.Index(ctx, entry(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// 120 batches made about 120 segments per shard; merging brings each shard down to a
	// handful. Wait for that (the merger works in the background), then look at the sizes.
	deadline := time.Now().Add(45 * time.Second)
	var sizes [][]uint64
	for {
		sizes = segmentSizes(t, ix)
		merged := true
		for _, s := range sizes {
			merged = merged && len(s) <= 2*n/maxSeg
		}
		if merged || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var total uint64
	for i, s := range sizes {
		if len(s) > 2*n/maxSeg {
			t.Errorf("shard %d still has %d segments: merges did not run", i, len(s))
		}
		for _, docs := range s {
			total += docs
			if docs >= maxSeg {
				t.Errorf("shard %d has a segment of %d documents, want < %d", i, docs, maxSeg)
			}
		}
	}
	if total != n {
		t.Errorf("segments hold %d documents, want %d", total, n)
	}
}

// segmentSizes returns the live documents of each segment of each shard.
func segmentSizes(t *testing.T, ix *Index) [][]uint64 {
	t.Helper()
	out := make([][]uint64, len(ix.shards))
	eachSegment(t, ix, func(shard int, ss *scorch.SegmentSnapshot) {
		out[shard] = append(out[shard], ss.Count())
	})
	return out
}

// eachSegment calls fn for every segment of the current snapshot of each of ix's shards.
func eachSegment(t *testing.T, ix *Index, fn func(shard int, ss *scorch.SegmentSnapshot)) {
	t.Helper()
	for i, s := range ix.shards {
		adv, err := s.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
			fn(i, ss)
		}
		_ = r.Close()
	}
}
