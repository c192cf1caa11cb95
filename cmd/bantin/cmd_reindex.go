package main

import (
	"context"
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
	if err := os.RemoveAll(final); err != nil {
		return fmt.Errorf("reindex: remove old index %s: %w", final, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("reindex: move %s into place: %w", tmp, err)
	}
	fmt.Fprintf(out, "indexed %d articles\n", n)
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
	n := 0
	err = arc.Rebuild(ctx, func(c bantin.Capture, rec *archive.Record) error {
		if rec.Status != 200 || !isHTML(rec.ContentType()) {
			return nil
		}
		u, err := url.Parse(c.URL)
		if err != nil {
			return nil
		}
		art, err := extractFunc(rec.Payload, u, rec.Header.Get("Content-Type"), bantin.Selectors{})
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
