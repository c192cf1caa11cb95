package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/web"
	"github.com/spf13/cobra"
)

type serveOptions struct {
	Addr        string
	Schedule    bool
	Config      string
	MemoryLimit string
}

func newServeCommand(g *globalOptions) *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--schedule] [--config sites.yaml]",
		Short: "Serve the web UI and the JSON API; with --schedule, also run each site's crawl schedule",
		Long: `Serve the search UI at / and the JSON API under /api/. Binds to 127.0.0.1 unless told
otherwise. With --schedule, the sites of --config are crawled on their cron schedules (never two
runs of one site at once). While another bantin process holds the data directory (a running
crawl), serve without --schedule answers read-only through that process.`,
		Example: `  bantin serve
  bantin serve --addr 0.0.0.0:8080 --schedule --config sites.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), g, opts, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "listen address")
	f.BoolVar(&opts.Schedule, "schedule", false, "run each site's crawl schedule from --config")
	f.StringVar(&opts.Config, "config", "", "sites.yaml (needed by --schedule and POST /api/crawl)")
	f.StringVar(&opts.MemoryLimit, "memory-limit", "", fmt.Sprintf(
		"soft memory limit as in bantin crawl, e.g. 256MiB, or off (default: GOMEMLIMIT when set, else %dMiB)", crawler.DefaultMemoryLimit>>20))
	return cmd
}

func runServe(ctx context.Context, g *globalOptions, opts serveOptions, out io.Writer) error {
	cfg := &crawler.Config{}
	if opts.Config != "" {
		var err error
		if cfg, err = crawler.LoadConfig(opts.Config); err != nil {
			return err
		}
	} else if opts.Schedule {
		return fmt.Errorf("--schedule needs --config sites.yaml: %w", errUsage)
	}
	// The memory bounds of bantin crawl, for the scheduled crawls and for the searches alike: a
	// search allocates a few MB (bitmaps, posting iterators) while little stays live, so with
	// Go's default GOGC of 100 the collector ran about twice per search; GOGC 400 under the soft
	// limit took a sixth off the search benchmark's p50 and p95 (bench/index/README.md).
	if err := crawler.SetMemoryBounds(opts.MemoryLimit, os.Getenv("GOMEMLIMIT"), os.Getenv("GOGC")); err != nil {
		return fmt.Errorf("--memory-limit: %w", err)
	}
	w, err := openWriter(ctx, g, cfg.Abbreviations)
	if errors.Is(err, bantin.ErrLocked) && !opts.Schedule {
		return serveReadOnly(ctx, g, opts, cfg, out)
	}
	if err != nil {
		return err
	}
	defer w.Close()
	sc := newSiteCrawls(w, cfg)
	wo := web.Options{
		Searcher:     w.Searcher,
		Archive:      web.ArchiveOf(w.Archive),
		Token:        cfg.APIToken,
		TriggerCrawl: sc.trigger(ctx),
	}
	if opts.Schedule {
		sched, err := crawler.NewScheduler(ctx, cfg.Sites, sc.run)
		if err != nil {
			return err
		}
		wo.NextRun = sched.NextRun
		go func() {
			if err := sched.Run(ctx); err != nil {
				slog.Error("scheduler stopped", "err", err)
			}
		}()
	}
	return listenAndServe(ctx, opts.Addr, wo, out)
}

// serveReadOnly serves beside the process that holds the data directory.
func serveReadOnly(ctx context.Context, g *globalOptions, opts serveOptions, cfg *crawler.Config, out io.Writer) error {
	r, err := openReader(ctx, g, cfg.Abbreviations)
	if err != nil {
		return err
	}
	defer r.Close()
	slog.Info("data directory is held by another bantin process: serving read-only", "data", g.Data)
	return listenAndServe(ctx, opts.Addr, web.Options{Searcher: r.Searcher, Archive: web.ArchiveOf(r.Archive)}, out)
}

// listenAndServe serves the web UI until ctx ends, then shuts down gracefully.
func listenAndServe(ctx context.Context, addr string, wo web.Options, out io.Writer) error {
	srv, err := web.New(wo)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", addr, err)
	}
	hs := web.NewHTTPServer(addr, srv.Handler())
	fmt.Fprintf(out, "serving http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// siteCrawls runs crawls for the scheduler and the API, never two runs of one site at once.
type siteCrawls struct {
	w     *writer
	cfg   *crawler.Config
	mu    sync.Mutex
	busy  map[string]bool
	sites map[string]bantin.Site
}

func newSiteCrawls(w *writer, cfg *crawler.Config) *siteCrawls {
	sc := &siteCrawls{w: w, cfg: cfg, busy: map[string]bool{}, sites: map[string]bantin.Site{}}
	for _, s := range cfg.Sites {
		sc.sites[s.Name] = s
	}
	return sc
}

// run crawls one site now unless it is already being crawled.
func (sc *siteCrawls) run(ctx context.Context, s bantin.Site) error {
	_, err := sc.start(ctx, s, nil)
	return err
}

// start runs a crawl of s; started, if not nil, receives the run id as soon as it is known.
func (sc *siteCrawls) start(ctx context.Context, s bantin.Site, started chan<- int64) (bantin.Run, error) {
	sc.mu.Lock()
	if sc.busy[s.Name] {
		sc.mu.Unlock()
		return bantin.Run{}, fmt.Errorf("site %s is being crawled already: %w", s.Name, bantin.ErrLocked)
	}
	sc.busy[s.Name] = true
	sc.mu.Unlock()
	defer func() {
		sc.mu.Lock()
		delete(sc.busy, s.Name)
		sc.mu.Unlock()
	}()
	c, err := newCrawler(sc.w, sc.cfg, startedProgress{started})
	if err != nil {
		return bantin.Run{}, err
	}
	r, err := c.Run(ctx, s)
	if ferr := sc.w.Index.Flush(context.WithoutCancel(ctx)); err == nil {
		err = ferr
	}
	if err != nil {
		slog.Error("crawl failed", "site", s.Name, "err", err)
	} else {
		slog.Info("crawl done", "site", s.Name, "run_id", r.ID, "new", r.New, "changed", r.Changed, "errors", r.Errors)
	}
	return r, err
}

// trigger is web's TriggerCrawl: it starts a run that outlives the request.
func (sc *siteCrawls) trigger(ctx context.Context) func(context.Context, string) (int64, error) {
	return func(reqCtx context.Context, name string) (int64, error) {
		s, ok := sc.sites[name]
		if !ok {
			return 0, fmt.Errorf("site %q is not in the config: %w", name, bantin.ErrNotFound)
		}
		started := make(chan int64, 1)
		errc := make(chan error, 1)
		go func() {
			_, err := sc.start(ctx, s, started)
			errc <- err
		}()
		select {
		case id := <-started:
			return id, nil
		case err := <-errc:
			if err == nil {
				err = fmt.Errorf("crawl of %s ended before it started", name)
			}
			return 0, err
		case <-reqCtx.Done():
			return 0, reqCtx.Err()
		}
	}
}

// startedProgress passes the run id on once the crawler knows it.
type startedProgress struct{ started chan<- int64 }

func (p startedProgress) Started(_ string, runID int64) {
	if p.started != nil {
		select {
		case p.started <- runID:
		default:
		}
	}
}
func (startedProgress) Update(crawler.Stats)       {}
func (startedProgress) Finished(bantin.Run, error) {}
