package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
	"github.com/spf13/cobra"
)

type statusOptions struct {
	Format string
	Check  bool
}

func newStatusCommand(g *globalOptions) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:     "status [--format text|json]",
		Short:   "Show what the data directory holds: captures, articles, sites, runs, the frontier",
		Example: "  bantin status\n  bantin status --format json | jq .sites\n  bantin status --check",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runStatus(cmd.Context(), g, opts, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "text or json")
	cmd.Flags().BoolVar(&opts.Check, "check", false, "also verify the catalog (SQLite integrity check) and every WARC record's digests")
	return cmd
}

// statusReport is `bantin status --format json`.
type statusReport struct {
	Data    string              `json:"data"`
	Writer  *writerInfo         `json:"writer"` // the process holding the data directory, if any
	Archive archive.Stats       `json:"archive"`
	Index   *uint64             `json:"indexed,omitempty"`
	Sites   []archive.SiteStats `json:"sites"`
	Runs    []bantin.Run        `json:"recent_runs"`
	Check   string              `json:"check,omitempty"` // with --check: "ok" or what failed
}

type writerInfo struct {
	PID    int    `json:"pid"`
	Socket string `json:"socket,omitempty"`
}

func runStatus(ctx context.Context, g *globalOptions, opts statusOptions, out io.Writer) error {
	if opts.Format != "text" && opts.Format != "json" {
		return fmt.Errorf("--format %q: want text or json: %w", opts.Format, bantin.ErrInvalid)
	}
	r, err := openReader(ctx, g, nil)
	if err != nil {
		return err
	}
	defer r.Close()
	rep := statusReport{Data: g.Data}
	if pid, sock, err := archive.LockInfo(g.Data); err == nil && pid > 0 {
		rep.Writer = &writerInfo{PID: pid, Socket: sock}
	}
	if rep.Archive, err = r.Archive.Stats(ctx); err != nil {
		return err
	}
	if rep.Sites, err = r.Archive.Sites(ctx); err != nil {
		return err
	}
	if rep.Runs, err = r.Archive.Runs(ctx, "", 10); err != nil {
		return err
	}
	if res, err := r.Searcher.Search(ctx, bantin.Query{Limit: 0}); err == nil {
		rep.Index = &res.Total
	}
	var checkErr error
	if opts.Check {
		rep.Check = "ok"
		if checkErr = r.Archive.IntegrityCheck(ctx); checkErr != nil {
			rep.Check = checkErr.Error()
			checkErr = fmt.Errorf("status --check: %w", checkErr)
		}
	}
	if err := printOrEncode(out, opts.Format, rep); err != nil {
		return err
	}
	return checkErr
}

func printOrEncode(out io.Writer, format string, rep statusReport) error {
	if format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printStatus(out, rep)
	return nil
}

func printStatus(out io.Writer, rep statusReport) {
	a := rep.Archive
	fmt.Fprintf(out, "data directory  %s\n", rep.Data)
	if rep.Writer != nil {
		fmt.Fprintf(out, "in use by       pid %d\n", rep.Writer.PID)
	}
	fmt.Fprintf(out, "captures        %d (%d revisits) in %d WARC files, %s\n", a.Captures, a.Revisits, a.WARCFiles, humanBytes(a.WARCBytes))
	fmt.Fprintf(out, "articles        %d (%d gone), %d versions\n", a.Articles, a.Gone, a.Versions)
	if rep.Index != nil {
		fmt.Fprintf(out, "indexed         %d\n", *rep.Index)
	}
	states := slices.Sorted(maps.Keys(a.Frontier))
	var parts []string
	for _, st := range states {
		parts = append(parts, fmt.Sprintf("%s %d", st, a.Frontier[st]))
	}
	fmt.Fprintf(out, "frontier URLs   %s\n", strings.Join(parts, ", "))
	if rep.Check != "" {
		fmt.Fprintf(out, "check           %s\n", rep.Check)
	}
	fmt.Fprintln(out)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SITE\tARTICLES\tCAPTURES\tLAST RUN\tSTATUS\tNEW\tCHANGED\tERRORS")
	for _, s := range rep.Sites {
		last, status, n, c, e := "-", "-", 0, 0, 0
		if s.LastRun != nil {
			last = s.LastRun.Started.In(bantin.Location).Format(time.DateTime)
			status, n, c, e = s.LastRun.Status, s.LastRun.New, s.LastRun.Changed, s.LastRun.Errors
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%d\t%d\t%d\n", s.Name, s.Articles, s.Captures, last, status, n, c, e)
	}
	tw.Flush()
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
