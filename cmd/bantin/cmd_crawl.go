package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"text/tabwriter"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	"github.com/spf13/cobra"
)

type crawlOptions struct {
	Config      string
	Sites       []string
	MaxPages    int
	MemoryLimit string
}

func newCrawlCommand(g *globalOptions) *cobra.Command {
	var opts crawlOptions
	cmd := &cobra.Command{
		Use:   "crawl [--config sites.yaml] [--site NAME]... [URL]...",
		Short: "Crawl department sites into the archive and the index",
		Long: `Crawl the sites of a sites.yaml (all, or those named by --site) and any URLs given,
archiving every response in WARC files, extracting articles and indexing them. A re-run fetches
only what is new or due for revalidation; an interrupted crawl resumes where it stopped.`,
		Example: `  bantin crawl --config sites.yaml
  bantin crawl --config sites.yaml --site so-vhttdl
  bantin crawl https://sovhttdl.example.gov.vn/ --max-pages 200`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCrawl(cmd.Context(), g, opts, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Config, "config", "", "sites.yaml to crawl")
	f.StringArrayVar(&opts.Sites, "site", nil, "crawl only this site of the config (repeatable)")
	f.IntVar(&opts.MaxPages, "max-pages", 0, "stop each site after this many fetched pages (0: no limit)")
	f.StringVar(&opts.MemoryLimit, "memory-limit", "", fmt.Sprintf(
		"soft memory limit of the crawl, e.g. 256MiB, or off (default: GOMEMLIMIT when set, else %dMiB)", crawler.DefaultMemoryLimit>>20))
	return cmd
}

// crawlPlan reads the config and the arguments into the sites to crawl.
func crawlPlan(opts crawlOptions, args []string) (*crawler.Config, []bantin.Site, error) {
	cfg := &crawler.Config{}
	if opts.Config != "" {
		var err error
		if cfg, err = crawler.LoadConfig(opts.Config); err != nil {
			return nil, nil, err
		}
	}
	var sites []bantin.Site
	for _, s := range cfg.Sites {
		if len(opts.Sites) == 0 || slices.Contains(opts.Sites, s.Name) {
			sites = append(sites, s)
		}
	}
	for _, name := range opts.Sites {
		if !slices.ContainsFunc(cfg.Sites, func(s bantin.Site) bool { return s.Name == name }) {
			return nil, nil, fmt.Errorf("--site %q: no such site in %q: %w", name, opts.Config, bantin.ErrInvalid)
		}
	}
	for _, u := range args {
		s, err := crawler.SiteForURL(u)
		if err != nil {
			return nil, nil, err
		}
		sites = append(sites, s)
	}
	if len(sites) == 0 {
		return nil, nil, fmt.Errorf("nothing to crawl: give --config sites.yaml or a URL: %w", errUsage)
	}
	if opts.MaxPages > 0 {
		for i := range sites {
			sites[i].MaxPages = opts.MaxPages
		}
	}
	return cfg, sites, nil
}

func runCrawl(ctx context.Context, g *globalOptions, opts crawlOptions, args []string, stdout, stderr io.Writer) error {
	cfg, sites, err := crawlPlan(opts, args)
	if err != nil {
		return err
	}
	if err := crawler.SetMemoryBounds(opts.MemoryLimit, os.Getenv("GOMEMLIMIT"), os.Getenv("GOGC")); err != nil {
		return fmt.Errorf("--memory-limit: %w", err)
	}
	w, err := openWriter(ctx, g, cfg.Abbreviations)
	if err != nil {
		return err
	}
	defer w.Close()
	c, err := newCrawler(w, cfg, newProgress(stderr))
	if err != nil {
		return err
	}
	runs, err := crawlSites(ctx, c, sites)
	printRunSummary(stdout, runs)
	if ferr := w.Index.Flush(context.WithoutCancel(ctx)); err == nil {
		err = ferr
	}
	return err
}

// crawlSites runs each site in turn and returns their runs; it goes on after a failed site and
// returns the errors joined.
func crawlSites(ctx context.Context, c *crawler.Crawler, sites []bantin.Site) ([]bantin.Run, error) {
	var runs []bantin.Run
	var errs []error
	for _, s := range sites {
		r, err := c.Run(ctx, s)
		runs = append(runs, r)
		if err != nil {
			if ctx.Err() != nil {
				return runs, ctx.Err()
			}
			slog.Error("crawl failed", "site", s.Name, "err", err)
			errs = append(errs, err)
		}
	}
	return runs, errors.Join(errs...)
}

func printRunSummary(out io.Writer, runs []bantin.Run) {
	if len(runs) == 0 {
		return
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "site\tstatus\tfetched\tnew\tchanged\tunchanged\tgone\terrors\t")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", r.Site, r.Status, r.Fetched, r.New, r.Changed, r.Unchanged, r.Gone, r.Errors)
	}
	tw.Flush()
}
