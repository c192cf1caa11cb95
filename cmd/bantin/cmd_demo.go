package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/testsite"
	"github.com/bantin/bantin/web"
	"github.com/spf13/cobra"
)

type demoOptions struct {
	Addr     string
	Articles int
	Serve    bool
}

// demoMarker marks a data directory that `bantin demo` made, and so may wipe.
const demoMarker = "BANTIN-DEMO"

func newDemoCommand(g *globalOptions) *cobra.Command {
	var opts demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--addr 127.0.0.1:8080] [--articles N]",
		Short: "Crawl, archive, index and serve the built-in sample portals",
		Long: `Start the simulated department portals on loopback, crawl every one of them into a demo
data directory (./bantin-demo unless --data is given; a previous demo there is replaced), index
the articles and serve the search UI. Stop it with Ctrl-C.`,
		Example: "  go run ./cmd/bantin demo\n  bantin demo --addr 127.0.0.1:9000 --articles 100",
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flag("data").Changed && os.Getenv("BANTIN_DATA") == "" {
				g.Data = "bantin-demo"
			}
			return runDemo(cmd.Context(), g, opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address of the search UI")
	f.IntVar(&opts.Articles, "articles", 40, "articles per simulated portal")
	f.BoolVar(&opts.Serve, "serve", true, "serve the UI after crawling (false: stop after indexing)")
	return cmd
}

func runDemo(ctx context.Context, g *globalOptions, opts demoOptions, out, errOut io.Writer) error {
	if err := prepareDemoDir(g.Data); err != nil {
		return err
	}
	ts, err := testsite.Start(ctx, testsite.Options{Articles: opts.Articles, CrawlDelay: 100 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("demo: start the sample portals: %w", err)
	}
	defer ts.Close()
	fmt.Fprintf(out, "sample portals: %s\n", ts.Hub)
	for _, p := range ts.Portals {
		fmt.Fprintf(out, "  %-28s %s (%s)\n", p.Name, p.URL, p.Family)
	}

	w, err := openWriter(ctx, g, nil)
	if err != nil {
		return err
	}
	defer w.Close()
	c, err := newCrawler(w, &crawler.Config{Contact: "https://github.com/bantin/bantin"}, newProgress(errOut))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "crawling into %s ...\n", g.Data)
	runs, err := crawlSites(ctx, c, ts.Sites())
	printRunSummary(out, runs)
	if err != nil {
		return err
	}
	if err := w.Index.Flush(ctx); err != nil {
		return err
	}
	n, err := w.Index.Count()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "indexed %d articles\n", n)
	if n == 0 {
		return fmt.Errorf("demo: the crawl indexed no article: %w", bantin.ErrUnavailable)
	}
	fmt.Fprintf(out, "try from another terminal:\n  go run ./cmd/bantin search --data %s 'hoi nghi AND UBND'\n", g.Data)
	if !opts.Serve {
		return nil
	}
	wo := web.Options{Searcher: w.Searcher, Archive: web.ArchiveOf(w.Archive)}
	return listenAndServe(ctx, opts.Addr, wo, out)
}

// prepareDemoDir empties a data directory that a previous demo made (the simulated portals get
// new ports each time, so its URLs would not be revisited) and refuses to touch any other
// non-empty directory.
func prepareDemoDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(entries) == 0) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("demo: create %s: %w", dir, err)
		}
		return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by bantin demo; replaced by the next demo\n"), 0o644)
	}
	if err != nil {
		return fmt.Errorf("demo: read %s: %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
		return fmt.Errorf("demo: %s holds data that a demo did not make; choose another --data: %w", dir, bantin.ErrInvalid)
	}
	l, err := archive.Lock(dir) // a demo still running there keeps it
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	l.Unlock()
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("demo: remove previous demo %s: %w", dir, err)
	}
	return prepareDemoDir(dir)
}
