package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/bantin/bantin"
	_ "github.com/bantin/bantin/index/vi" // registers the analyzers the mapping names
)

// Options configure Open.
type Options struct {
	// Shards is the number of Bleve indexes behind the alias of a new index (default 2, so that
	// both cores write). An existing index keeps the number it was created with.
	Shards int
	// BatchSize is how many entries Index buffers before it writes them (default
	// DefaultBatchSize). Peak memory grows with it: Bleve holds the analysis of a whole batch
	// until its segment is built (3,000 simulator articles peaked at 729 MB RSS with batches of
	// 1,000 and 227 MB with 200; see tuning.go for 100 against 250).
	BatchSize int
	// ReadOnly opens an existing index without taking the writer's lock: searches only. It
	// fails with ErrNotFound when there is no index and ErrLocked while a writer holds it.
	ReadOnly bool
	// LockTimeout is how long Open waits for another process's lock (default 1s).
	LockTimeout time.Duration
	// MaxSegmentDocs caps the documents of a merged segment, which bounds the memory a merge
	// maps (default DefaultMaxSegmentDocs; negative: Bleve's default of 5,000,000). See tuning.go.
	MaxSegmentDocs int
}

// metaFile records what an index directory holds; it is written last when an index is made.
const metaFile = "bantin-index.json"

type meta struct {
	MappingVersion int `json:"mapping_version"`
	Shards         int `json:"shards"`
}

// Index is bantin's sharded Bleve index. It is safe for concurrent use: searches run while
// entries are being indexed.
type Index struct {
	dir      string
	opts     Options
	shards   []bleve.Index
	alias    bleve.IndexAlias
	readOnly bool

	mu      sync.Mutex // guards pending and closed
	pending []bantin.Entry
	closed  bool
	writeMu sync.Mutex // one batch write at a time

	ords ordinals // value ordinals of the site and month facets (facets.go)

	cardMu sync.Mutex
	card   map[string]cardEntry

	// lengths[i][field] is the total token count of field over shard i's documents, stored in
	// the shard (lengthKey) with each batch: BM25 needs the average field length (see globalDF).
	lengths  []map[string]uint64
	lengthMu sync.Mutex

	generation atomic.Uint64 // counts batch writes: results cached under one stay valid until the next

	spanMu    sync.Mutex
	spanCount uint64
	spanMin   time.Time
	spanMax   time.Time
}

// Open opens the index in dir, creating it when missing (unless ReadOnly). An index stored
// with a different MappingVersion gives an error wrapping bantin.ErrIndexStale; one locked by
// another process gives bantin.ErrLocked.
func Open(dir string, opts Options) (*Index, error) {
	if opts.Shards <= 0 {
		opts.Shards = 2
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = time.Second
	}
	ix := &Index{dir: dir, opts: opts, readOnly: opts.ReadOnly}
	m, err := readMeta(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if opts.ReadOnly {
			return nil, fmt.Errorf("index: no index in %s (run `bantin crawl` or `bantin reindex`): %w", dir, bantin.ErrNotFound)
		}
		if err := ix.create(); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case m.MappingVersion != MappingVersion:
		return nil, fmt.Errorf("index: %s has mapping version %d, this bantin uses %d: run `bantin reindex`: %w",
			dir, m.MappingVersion, MappingVersion, bantin.ErrIndexStale)
	default:
		if err := ix.open(m.Shards); err != nil {
			return nil, err
		}
	}
	if err := ix.loadLengths(); err != nil {
		ix.closeShards()
		return nil, err
	}
	alias := bleve.NewIndexAlias(ix.shards...)
	ix.alias = alias
	// The alias needs the mapping to know that scoring is BM25: without it, global scoring
	// skips the pre-search that gathers corpus statistics across shards.
	if err := alias.SetIndexMapping(ix.shards[0].Mapping()); err != nil {
		ix.closeShards()
		return nil, fmt.Errorf("index: %s: %w", dir, err)
	}
	return ix, nil
}

func readMeta(dir string) (meta, error) {
	var m meta
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			// A directory with shards but no meta file predates versioning or was cut short.
			if _, serr := os.Stat(filepath.Join(dir, shardName(0))); serr == nil {
				return m, fmt.Errorf("index: %s has no %s: run `bantin reindex`: %w", dir, metaFile, bantin.ErrIndexStale)
			}
			return m, os.ErrNotExist
		}
		return m, fmt.Errorf("index: read %s: %w", dir, err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Shards <= 0 {
		return m, fmt.Errorf("index: %s: unreadable %s: run `bantin reindex`: %w", dir, metaFile, bantin.ErrIndexStale)
	}
	return m, nil
}

func shardName(i int) string { return fmt.Sprintf("shard-%d", i) }

func (ix *Index) runtimeConfig() map[string]interface{} {
	return scorchConfig(ix.opts, ix.readOnly)
}

// create makes a new index: its shards and meta file are made in a directory beside dir and
// renamed into place, so that a process killed while creating one leaves no index that is
// neither new nor usable (the next create starts over).
func (ix *Index) create() error {
	tmp := ix.dir + ".creating"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("index: remove %s left by a creation cut short: %w", tmp, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return fmt.Errorf("index: create %s: %w", tmp, err)
	}
	m := NewMapping()
	for i := 0; i < ix.opts.Shards; i++ {
		path := filepath.Join(tmp, shardName(i))
		cfg := scorchConfig(ix.opts, false)
		s, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, cfg)
		if err != nil {
			return fmt.Errorf("index: create shard %s: %w", path, lockErr(err))
		}
		if err := s.Close(); err != nil {
			return fmt.Errorf("index: create shard %s: %w", path, err)
		}
	}
	b, _ := json.Marshal(meta{MappingVersion: MappingVersion, Shards: ix.opts.Shards})
	if err := os.WriteFile(filepath.Join(tmp, metaFile), b, 0o644); err != nil {
		return fmt.Errorf("index: write meta in %s: %w", tmp, err)
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	// A directory made beforehand by the caller is fine when empty (Remove refuses otherwise).
	if err := os.Remove(ix.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("index: %s is in the way of a new index: %w", ix.dir, err)
	}
	if err := os.Rename(tmp, ix.dir); err != nil {
		return fmt.Errorf("index: move the new index into %s: %w", ix.dir, err)
	}
	if err := syncDir(filepath.Dir(ix.dir)); err != nil {
		return err
	}
	return ix.open(ix.opts.Shards)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err == nil {
		err = d.Sync()
		d.Close()
	}
	if err != nil {
		return fmt.Errorf("index: sync directory %s: %w", dir, err)
	}
	return nil
}

func (ix *Index) open(n int) error {
	ix.opts.Shards = n
	for i := 0; i < n; i++ {
		path := filepath.Join(ix.dir, shardName(i))
		s, err := bleve.OpenUsing(path, ix.runtimeConfig())
		if err != nil {
			ix.closeShards()
			return fmt.Errorf("index: open shard %s: %w", path, lockErr(err))
		}
		s.SetName(shardName(i))
		ix.shards = append(ix.shards, s)
	}
	return nil
}

// lockErr turns bolt's lock timeout into bantin.ErrLocked.
func lockErr(err error) error {
	if errors.Is(err, berrors.ErrTimeout) {
		return fmt.Errorf("held by another bantin process: %w", bantin.ErrLocked)
	}
	return err
}

func (ix *Index) closeShards() {
	for _, s := range ix.shards {
		_ = s.Close()
	}
	ix.shards = nil
}

// Dir returns the directory of the index.
func (ix *Index) Dir() string { return ix.dir }

// Shards returns the number of shards.
func (ix *Index) Shards() int { return len(ix.shards) }

// Index adds or replaces entries (by ID). Entries are buffered and written in batches of
// Options.BatchSize; they are durable once Flush or Close returns, or once an Index call that
// filled a batch returns.
func (ix *Index) Index(ctx context.Context, entries ...bantin.Entry) error {
	if ix.readOnly {
		return fmt.Errorf("index: %s opened read-only: %w", ix.dir, bantin.ErrInvalid)
	}
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return fmt.Errorf("index: %s is closed: %w", ix.dir, bantin.ErrUnavailable)
	}
	for _, e := range entries {
		if e.ID == "" {
			ix.mu.Unlock()
			return fmt.Errorf("index: entry %s has no id: %w", e.Article.URL, bantin.ErrInvalid)
		}
	}
	ix.pending = append(ix.pending, entries...)
	var batch []bantin.Entry
	if len(ix.pending) >= ix.opts.BatchSize {
		batch, ix.pending = ix.pending, nil
	}
	ix.mu.Unlock()
	if batch == nil {
		return nil
	}
	return ix.write(ctx, batch)
}

// Flush writes every buffered entry and returns once they are durable.
func (ix *Index) Flush(ctx context.Context) error {
	ix.mu.Lock()
	batch := ix.pending
	ix.pending = nil
	ix.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	return ix.write(ctx, batch)
}

// write splits entries over the shards and writes each shard's batch in parallel.
func (ix *Index) write(ctx context.Context, entries []bantin.Entry) error {
	if err := ctx.Err(); err != nil {
		ix.requeue(entries)
		return fmt.Errorf("index: write %d entries: %w", len(entries), err)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	defer ix.generation.Add(1) // even a failed batch may have reached a shard
	// Each shard's documents are mapped, counted and written in a goroutine of its own: mapping
	// a document and counting its words are serial work that would leave a core idle.
	perShard := make([][]bantin.Entry, len(ix.shards))
	for _, e := range entries {
		sh := ix.shardOf(e.ID)
		perShard[sh] = append(perShard[sh], e)
	}
	added := make([]map[string]uint64, len(ix.shards))
	errs := make([]error, len(ix.shards))
	var wg sync.WaitGroup
	for i := range ix.shards {
		if len(perShard[i]) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			added[i], errs[i] = ix.writeShard(i, perShard[i])
		}()
	}
	wg.Wait()
	ix.lengthMu.Lock()
	for i := range added { // the shards that wrote their batch, even if another failed
		for f, n := range added[i] {
			ix.lengths[i][f] += n
		}
	}
	ix.lengthMu.Unlock()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	slog.Debug("index batch written", "dir", ix.dir, "entries", len(entries))
	return nil
}

// writeShard writes entries to shard i as one batch, with the shard's new field lengths, and
// returns how many tokens each text field gained.
func (ix *Index) writeShard(i int, entries []bantin.Entry) (map[string]uint64, error) {
	s := ix.shards[i]
	b := s.NewBatch()
	m := s.Mapping()
	added := map[string]uint64{}
	for _, e := range entries {
		d := newDocument(e)
		doc, err := mapDocument(m, e.ID, d)
		if err == nil {
			err = b.IndexAdvanced(doc)
		}
		if err != nil {
			return nil, fmt.Errorf("index: %s (%s): %w", e.ID, e.Article.URL, err)
		}
		added[FieldTitle] += uint64(countTokens(d.Title))
		added[FieldBody] += uint64(countTokens(d.Body))
		added[FieldAuthor] += uint64(countTokens(d.Author))
	}
	ix.lengthMu.Lock()
	for f, n := range added {
		b.SetInternal(lengthKey(f), encodeUint(ix.lengths[i][f]+n))
	}
	ix.lengthMu.Unlock()
	if err := s.Batch(b); err != nil {
		return nil, fmt.Errorf("index: write batch of %d to %s/%s: %w", b.Size(), ix.dir, shardName(i), err)
	}
	return added, nil
}

// Generation counts the batches written since Open: what a search finds changes only when it
// does, so a result may be reused while it stays the same.
func (ix *Index) Generation() uint64 { return ix.generation.Load() }

// requeue puts entries back in front of the buffer after a cancelled write.
func (ix *Index) requeue(entries []bantin.Entry) {
	ix.mu.Lock()
	ix.pending = append(entries, ix.pending...)
	ix.mu.Unlock()
}

func (ix *Index) shardOf(id string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return int(h.Sum32() % uint32(len(ix.shards)))
}

// Close flushes buffered entries and closes every shard. Nothing Index accepted is lost.
func (ix *Index) Close() error {
	ix.mu.Lock()
	if ix.closed {
		ix.mu.Unlock()
		return nil
	}
	ix.closed = true
	batch := ix.pending
	ix.pending = nil
	ix.mu.Unlock()
	var err error
	if len(batch) > 0 {
		err = ix.write(context.Background(), batch)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	for _, s := range ix.shards {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("index: close %s: %w", ix.dir, cerr)
		}
	}
	return err
}

// Count returns the number of documents written (buffered entries are not counted).
func (ix *Index) Count() (uint64, error) {
	n, err := ix.alias.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count %s: %w", ix.dir, err)
	}
	return n, nil
}

// Bleve returns the alias over the shards, for callers that need Bleve directly.
func (ix *Index) Bleve() bleve.IndexAlias { return ix.alias }

// statusErr returns the errors of the shards that failed (an alias reports them only there).
func statusErr(res *bleve.SearchResult) error {
	if res.Status == nil || len(res.Status.Errors) == 0 {
		return nil
	}
	var errs []error
	for name, err := range res.Status.Errors {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return errors.Join(errs...)
}
