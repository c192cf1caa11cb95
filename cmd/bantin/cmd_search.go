package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	"github.com/bantin/bantin/search"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// searchOptions are the flags of `bantin search`.
type searchOptions struct {
	Sites     []string
	From, To  string
	Sort      string
	Limit     int
	Offset    int
	After     string
	Format    string
	Histogram string
	Config    string
}

// AddFlags registers the options on cmd.
func (o *searchOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&o.Sites, "site", nil, "only this site (repeatable)")
	f.StringVar(&o.From, "from", "", "published on or after DATE (YYYY-MM-DD or RFC 3339)")
	f.StringVar(&o.To, "to", "", "published on or before DATE (YYYY-MM-DD: the whole day)")
	f.StringVar(&o.Sort, "sort", bantin.SortRelevance, "relevance, newest or oldest")
	f.IntVar(&o.Limit, "limit", search.DefaultLimit, "hits per page (at most 1000)")
	f.IntVar(&o.Offset, "offset", 0, "hits to skip (shallow pages; use --after for deep ones)")
	f.StringVar(&o.After, "after", "", "cursor printed after a page (\"next\" in JSON): the page after it")
	f.StringVar(&o.Format, "format", "table", "table, json, jsonl or csv")
	f.StringVar(&o.Histogram, "histogram", "", "also count hits per month or year")
	f.StringVar(&o.Config, "config", "", "sites.yaml whose abbreviations extend the built-in list")
}

func newSearchCommand(g *globalOptions) *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "Search the archived articles",
		Long: `Search the index with bantin's query language:

  hội nghị                  both words; without diacritics (hoi nghi) matches all spellings
  "hội nghị"                the phrase
  a AND b, a OR b, NOT a    operators (also +a, -a); AND binds tighter than OR; parentheses
  title:x author:x site:x   fields
  published:>=2023-01-01    dates: >=, >, <=, <, YYYY, YYYY-MM, YYYY-MM-DD, A..B, [A TO B]
  văn*                      prefix (2 letters at least)

Abbreviations (UBND, HĐND, VHTTDL, CCVC, CCB, THPT ...) match their full forms and back.
While a crawl or 'bantin serve' holds the index, the search goes through that process.`,
		Example: `  bantin search 'hội nghị văn hóa'
  bantin search --site so-vhttdl --from 2024-01-01 --sort newest UBND
  bantin search --format json --histogram month '"công đoàn" NOT tuyển dụng'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSearch(cmd.Context(), g, opts, strings.Join(args, " "), cmd.OutOrStdout())
		},
	}
	opts.AddFlags(cmd)
	return cmd
}

func runSearch(ctx context.Context, g *globalOptions, opts searchOptions, text string, out io.Writer) error {
	switch opts.Format {
	case "table", "json", "jsonl", "csv":
	default:
		return fmt.Errorf("--format %q: want table, json, jsonl or csv: %w", opts.Format, bantin.ErrInvalid)
	}
	q := bantin.Query{
		Text: text, Sites: opts.Sites, Sort: opts.Sort, Limit: opts.Limit, Offset: opts.Offset,
		After: opts.After, Histogram: opts.Histogram, Facets: opts.Format == "json", Highlight: true,
	}
	var err error
	if q.From, err = parseDateFlag("--from", opts.From, false); err != nil {
		return err
	}
	if q.To, err = parseDateFlag("--to", opts.To, true); err != nil {
		return err
	}
	if _, err := search.Parse(text); err != nil {
		return err // before opening anything: a typo should not wait for the index
	}
	var abbreviations map[string]string
	if opts.Config != "" {
		cfg, err := crawler.LoadConfig(opts.Config)
		if err != nil {
			return err
		}
		abbreviations = cfg.Abbreviations
	}
	r, err := openReader(ctx, g, abbreviations)
	if err != nil {
		return err
	}
	defer r.Close()
	res, err := r.Searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	switch opts.Format {
	case "json":
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	case "jsonl":
		enc := json.NewEncoder(out)
		for _, h := range res.Hits {
			if err := enc.Encode(h); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		return writeSearchCSV(out, res)
	}
	return writeSearchTable(out, res, isTerminal(out))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// writeSearchCSV writes one RFC 4180 row per hit; the snippet is plain text.
func writeSearchCSV(out io.Writer, res *bantin.Result) error {
	w := csv.NewWriter(out)
	_ = w.Write([]string{"id", "url", "title", "site", "published", "score", "snippet"})
	for _, h := range res.Hits {
		_ = w.Write([]string{h.ID, h.URL, h.Title, h.Site, h.Published.String(),
			strconv.FormatFloat(h.Score, 'f', 4, 64), snippetText(h.Snippet, "", "")})
	}
	w.Flush()
	return w.Error()
}

// writeSearchTable prints a readable list: bold matches on a terminal, [brackets] elsewhere.
func writeSearchTable(out io.Writer, res *bantin.Result, tty bool) error {
	open, close := "[", "]"
	bold, reset := "", ""
	if tty {
		open, close = "\x1b[1m", "\x1b[0m"
		bold, reset = "\x1b[1m", "\x1b[0m"
	}
	bw := &errWriter{w: out}
	noun := "results"
	if res.Total == 1 {
		noun = "result"
	}
	bw.printf("%d %s (%.1f ms)\n", res.Total, noun, res.TookMS)
	for i, h := range res.Hits {
		date := "—"
		if !h.Published.IsZero() {
			date = h.Published.Time.In(bantin.Location).Format("2006-01-02")
		}
		bw.printf("\n%3d. %s%s%s\n", i+1, bold, oneLine(h.Title), reset)
		bw.printf("     %s · %s · %s\n", h.Site, date, h.URL)
		if s := snippetText(h.Snippet, open, close); s != "" {
			bw.printf("     %s\n", s)
		}
	}
	if len(res.Histogram) > 0 {
		max := 1
		for _, c := range res.Histogram {
			if c.Count > max {
				max = c.Count
			}
		}
		bw.printf("\n")
		for _, c := range res.Histogram {
			bar := strings.Repeat("▇", (c.Count*40+max-1)/max)
			bw.printf("%-7s %6d %s\n", c.Value, c.Count, bar)
		}
	}
	if res.Next != "" {
		bw.printf("\nnext page: --after %s\n", res.Next)
	}
	return bw.err
}

// snippetText turns an HTML snippet into terminal text with open/close around the matches.
func snippetText(s, open, close string) string {
	s = strings.ReplaceAll(s, "<mark>", "\x00")
	s = strings.ReplaceAll(s, "</mark>", "\x01")
	s = html.UnescapeString(s)
	s = stripControl(s)
	s = strings.ReplaceAll(s, "\x00", open)
	return strings.ReplaceAll(s, "\x01", close)
}

// stripControl drops control characters from page text (but not the two markers), so that a
// page cannot send escape sequences to the terminal.
func stripControl(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0 || r == 1 {
			return r
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

func oneLine(s string) string { return strings.Join(strings.Fields(stripControl(s)), " ") }

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
