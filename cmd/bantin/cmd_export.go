package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/bantin/bantin/search"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	Format string
	Sites  []string
	From   string
	To     string
}

func newExportCommand(g *globalOptions) *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export [--format jsonl|csv] [--site S]... [--from DATE] [--to DATE] [QUERY]",
		Short: "Write every matching article (all of them without a query) as JSONL or CSV",
		Long: `Stream every archived article, or those matching a query and filters, with no row cap.
JSONL has the keys of 'bantin extract' plus id, site, first_seen, last_seen, gone_at and versions.
CSV is RFC 4180 with a UTF-8 byte-order mark, so that it opens in Excel.`,
		Example: `  bantin export > all.jsonl
  bantin export --format csv --site so-vhttdl --from 2024-01-01 > so-vhttdl-2024.csv
  bantin export --format csv '"lễ hội" AND UBND' > le-hoi.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), g, opts, strings.Join(args, " "), cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "jsonl", "jsonl or csv")
	f.StringArrayVar(&opts.Sites, "site", nil, "only this site (repeatable)")
	f.StringVar(&opts.From, "from", "", "published on or after DATE (YYYY-MM-DD)")
	f.StringVar(&opts.To, "to", "", "published on or before DATE (YYYY-MM-DD)")
	return cmd
}

func runExport(ctx context.Context, g *globalOptions, opts exportOptions, query string, out io.Writer) error {
	if opts.Format != "jsonl" && opts.Format != "csv" {
		return fmt.Errorf("--format %q: want jsonl or csv: %w", opts.Format, bantin.ErrInvalid)
	}
	var filter archive.EntryFilter
	filter.Sites = opts.Sites
	var err error
	if filter.From, err = parseDateFlag("--from", opts.From, false); err != nil {
		return err
	}
	if filter.To, err = parseDateFlag("--to", opts.To, true); err != nil {
		return err
	}
	r, err := openReader(ctx, g, nil)
	if err != nil {
		return err
	}
	defer r.Close()

	bw := bufio.NewWriterSize(out, 64<<10)
	ew, err := newEntryWriter(bw, opts.Format)
	if err != nil {
		return err
	}
	if strings.TrimSpace(query) == "" {
		err = r.Archive.Entries(ctx, filter, ew.Write)
	} else {
		q := bantin.Query{Text: query, Sites: filter.Sites, From: filter.From, To: filter.To, Sort: bantin.SortNewest}
		err = r.Searcher.Each(ctx, q, func(h bantin.Hit) error {
			e, err := r.Archive.Entry(ctx, h.ID)
			if errors.Is(err, bantin.ErrNotFound) {
				return nil // indexed but not (yet) visible to this reader of the catalog
			}
			if err != nil {
				return err
			}
			return ew.Write(e)
		})
	}
	if ferr := ew.Flush(); err == nil {
		err = ferr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// parseDateFlag reads a YYYY-MM-DD (or RFC 3339) flag value; endOfDay moves a day to its last
// instant so that --to includes it.
func parseDateFlag(name, v string, endOfDay bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := search.ParseDate(v, endOfDay)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q: %w", name, v, err)
	}
	return t, nil
}

// entryWriter writes entries as JSONL or CSV.
type entryWriter struct {
	enc *json.Encoder
	csv *csv.Writer
}

func newEntryWriter(w io.Writer, format string) (*entryWriter, error) {
	if format == "jsonl" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &entryWriter{enc: enc}, nil
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &entryWriter{csv: cw}, cw.Write(bantin.ExportCSVHeader)
}

func (ew *entryWriter) Write(e bantin.Entry) error {
	if ew.enc != nil {
		return ew.enc.Encode(bantin.NewExportRecord(e))
	}
	return ew.csv.Write(bantin.ExportCSVRow(e))
}

func (ew *entryWriter) Flush() error {
	if ew.csv != nil {
		ew.csv.Flush()
		return ew.csv.Error()
	}
	return nil
}
