package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/index"
	"github.com/spf13/cobra"
)

type reindexOptions struct {
	FromWARC bool
}

func newReindexCommand(g *globalOptions) *cobra.Command {
	var opts reindexOptions
	cmd := &cobra.Command{
		Use:   "reindex [--from-warc]",
		Short: "Rebuild the search index from the archive alone (no network)",
		Long: `Rebuild the search index from the archive. The new index is built beside the old one and
replaces it only when complete, so an interrupted reindex leaves the old index in place.

With --from-warc, the articles and their versions are first re-extracted from every archived
response in the WARC files, in capture order: use it when catalog.sqlite was lost (move the
damaged catalog.sqlite* files away first).`,
		Example: "  bantin reindex\n  mv bantin-data/catalog.sqlite* /tmp/ && bantin reindex --from-warc",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReindex(cmd.Context(), g, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&opts.FromWARC, "from-warc", false, "re-extract articles from the WARC files into an empty catalog first")
	return cmd
}

func runReindex(ctx context.Context, g *globalOptions, opts reindexOptions, out io.Writer) error {
	if _, err := os.Stat(g.Data); err != nil {
		return fmt.Errorf("reindex: data directory %s: %w", g.Data, bantin.ErrNotFound)
	}
	arc, err := archive.Open(ctx, g.Data, archive.Options{Software: "bantin " + version})
	if err != nil {
		return err
	}
	defer arc.Close()
	if opts.FromWARC {
		n, err := refileFromWARC(ctx, arc)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "re-extracted %d articles from the WARC files\n", n)
	}

	final := filepath.Join(g.Data, "index")
	if err := recoverIndex(final); err != nil {
		return err
	}
	tmp := final + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("reindex: remove %s: %w", tmp, err)
	}
	ix, err := index.Open(tmp, index.Options{})
	if err != nil {
		return err
	}
	n := 0
	err = arc.Entries(ctx, archive.EntryFilter{}, func(e bantin.Entry) error {
		n++
		return ix.Index(ctx, e)
	})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("reindex: %w (the old index is untouched)", err)
	}
	if err := swapIndex(final); err != nil {
		return err
	}
	fmt.Fprintf(out, "indexed %d articles\n", n)
	return nil
}

// swapIndex puts the complete index <dir>.new in place of <dir> so that a crash at any moment
// leaves one whole index: the old one is renamed aside first, and removed only once the new
// one is in place. recoverIndex finishes or rolls back a swap that a crash interrupted.
func swapIndex(dir string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("reindex: remove %s: %w", old, err)
	}
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reindex: move the old index aside: %w", err)
	}
	if err := os.Rename(dir+".new", dir); err != nil {
		return fmt.Errorf("reindex: move the new index into place: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("reindex: remove the old index %s: %w", old, err)
	}
	return nil
}

// recoverIndex repairs what a crash during swapIndex left: with no index but an old one set
// aside, the old one comes back; with both, the set-aside one is the stale one. It is called
// before any index is opened.
func recoverIndex(dir string) error {
	old := dir + ".old"
	if _, err := os.Stat(old); err != nil {
		return nil
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		slog.Warn("an interrupted reindex left the old index aside: restoring it", "index", dir)
		if err := os.Rename(old, dir); err != nil {
			return fmt.Errorf("restore index %s: %w", old, err)
		}
		return nil
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("remove stale index %s: %w", old, err)
	}
	return nil
}

// refileFromWARC re-extracts every archived HTML response into the catalog's articles and
// versions. It refuses a catalog that already holds articles: refiling old captures there
// would make spurious versions.
func refileFromWARC(ctx context.Context, arc *archive.Archive) (int, error) {
	st, err := arc.Stats(ctx)
	if err != nil {
		return 0, err
	}
	if st.Articles > 0 {
		return 0, fmt.Errorf("reindex --from-warc: the catalog already holds %d articles; it rebuilds a lost catalog only (move %s* away first, or run plain `bantin reindex`): %w",
			st.Articles, filepath.Join(arc.Dir(), archive.CatalogFile), bantin.ErrInvalid)
	}
	// The site models learn the captures in order, as the crawls that made them did.
	sites := newSiteRegistry(filepath.Join(arc.Dir(), siteModelDir), maxSiteModels)
	defer sites.saveLogged()
	n := 0
	err = arc.Rebuild(ctx, func(c bantin.Capture, rec *archive.Record) error {
		if rec.Status != 200 || !isHTML(rec.ContentType()) {
			return nil
		}
		u, err := url.Parse(c.URL)
		if err != nil {
			return nil
		}
		art, err := sites.extract(rec.Payload, u, rec.Header.Get("Content-Type"), bantin.Selectors{})
		if err != nil || art.Kind != bantin.KindArticle {
			return nil
		}
		if _, _, err := arc.SaveArticle(ctx, rec.Site, c, art); err != nil {
			return err
		}
		n++
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("reindex --from-warc: %w", err)
	}
	slog.Info("refiled articles from WARC", "articles", n)
	return n, nil
}

func isHTML(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "text/html" || mt == "application/xhtml+xml" || (mt == "" && strings.Contains(contentType, "html"))
}
