package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/index"
	"github.com/bantin/bantin/search"
	"github.com/bantin/bantin/web"
)

// socketName is the unix socket under the data directory on which the process that holds the
// index (a crawl, `bantin serve`) answers searches for other bantin processes.
const socketName = "bantin.sock"

// writer is a data directory opened for writing: the lock, the archive, the index and a
// searcher over it, served to other processes on the data directory's socket.
type writer struct {
	Archive  *archive.Archive
	Index    *index.Index
	Searcher *search.Searcher
	// Sites are the extraction models of the sites' templates, one per host, read from and
	// saved to the data directory's sites/ (see siteRegistry).
	Sites   *siteRegistry
	sockSrv *http.Server
}

// openWriter takes the data directory's lock and opens everything a crawl or a server needs.
func openWriter(ctx context.Context, g *globalOptions, abbreviations map[string]string) (*writer, error) {
	if err := os.MkdirAll(g.Data, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", g.Data, err)
	}
	arc, err := archive.Open(ctx, g.Data, archive.Options{Software: "bantin " + version})
	if err != nil {
		return nil, err
	}
	ixDir := filepath.Join(g.Data, "index")
	if err := recoverIndex(ixDir); err != nil {
		arc.Close()
		return nil, err
	}
	ix, err := index.Open(ixDir, index.Options{})
	if err != nil {
		arc.Close()
		return nil, err
	}
	w := &writer{Archive: arc, Index: ix, Searcher: search.New(ix, search.Options{Abbreviations: abbreviations}),
		Sites: newSiteRegistry(filepath.Join(g.Data, siteModelDir), maxSiteModels)}
	w.serveSocket(g.Data)
	return w, nil
}

// serveSocket lets `bantin search` and `bantin export` ask this process while it holds the
// index. Failing to listen only costs that convenience, so it is logged, not returned.
func (w *writer) serveSocket(dataDir string) {
	path := filepath.Join(dataDir, socketName)
	_ = os.Remove(path) // we hold the lock: a socket file left here is stale
	ln, err := net.Listen("unix", path)
	if err != nil {
		slog.Warn("no search socket: other bantin commands cannot search while this one runs", "path", path, "err", err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/api/search", search.Handler(w.Searcher))
	if h, err := web.New(web.Options{Searcher: w.Searcher, Archive: web.ArchiveOf(w.Archive)}); err == nil {
		mux.Handle("/", h.Handler())
	}
	w.sockSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go w.sockSrv.Serve(ln)
	if err := w.Archive.DirLock().SetSocket(path); err != nil {
		slog.Warn("record search socket in lock file", "err", err)
	}
}

// Close saves the site models (a failure is logged: it only costs learning again), flushes
// the index and closes everything; the first error wins.
func (w *writer) Close() error {
	if w.sockSrv != nil {
		w.sockSrv.Close()
	}
	w.Sites.saveLogged()
	err := w.Index.Close()
	if err2 := w.Archive.Close(); err == nil {
		err = err2
	}
	return err
}

// reader is a data directory opened for reading beside a possible writer.
type reader struct {
	Archive  *archive.Archive // read-only catalog; nil when there is no data directory
	Searcher web.Searcher
	close    func() error
}

// openReader opens the catalog read-only and the index read-only, or, while another process
// holds the index, a client of that process's socket.
func openReader(ctx context.Context, g *globalOptions, abbreviations map[string]string) (*reader, error) {
	if _, err := os.Stat(filepath.Join(g.Data, archive.CatalogFile)); err != nil {
		return nil, fmt.Errorf("no archive in %s (run `bantin crawl` or `bantin demo` first, or pass --data): %w", g.Data, bantin.ErrNotFound)
	}
	arc, err := archive.Open(ctx, g.Data, archive.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	r := &reader{Archive: arc}
	ixDir := filepath.Join(g.Data, "index")
	if _, err := os.Stat(ixDir); errors.Is(err, os.ErrNotExist) {
		// A reindex is swapping indexes, or crashed doing so: the old one is whole.
		if _, err := os.Stat(ixDir + ".old"); err == nil {
			ixDir += ".old"
		}
	}
	ix, err := index.Open(ixDir, index.Options{ReadOnly: true})
	switch {
	case err == nil:
		r.Searcher = search.New(ix, search.Options{Abbreviations: abbreviations})
		r.close = func() error { ix.Close(); return arc.Close() }
		return r, nil
	case errors.Is(err, bantin.ErrLocked):
		pid, sock, lerr := archive.LockInfo(g.Data)
		if lerr != nil || sock == "" {
			arc.Close()
			return nil, fmt.Errorf("index %s is held by another process (pid %d) that serves no search socket: %w", g.Data, pid, bantin.ErrLocked)
		}
		slog.Debug("index held by another process: searching through it", "pid", pid, "socket", sock)
		r.Searcher = search.NewClient(sock)
		r.close = arc.Close
		return r, nil
	default:
		arc.Close()
		return nil, err
	}
}

// Close releases what openReader opened.
func (r *reader) Close() error { return r.close() }

// newCrawler wires a crawler over a writer. Pages are extracted with the writer's per-host
// site models (w.Sites), saved at the end of every run.
func newCrawler(w *writer, cfg *crawler.Config, progress crawler.Progress) (*crawler.Crawler, error) {
	if progress == nil {
		progress = crawler.NopProgress{}
	}
	opts := crawler.Options{
		Archiver: w.Archive,
		Frontier: w.Archive,
		Indexer:  w.Index,
		Extract:  w.Sites.extract,
		Progress: saveOnFinish{progress, w.Sites},
	}
	if cfg != nil {
		opts.Contact = cfg.Contact
		opts.UserAgent = cfg.UserAgent
	}
	return crawler.New(opts)
}
