package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
)

// flushEvery is how many exported rows go out between flushes.
const flushEvery = 200

// exportRow is one line of a JSONL export; CSV has the same columns in this order.
type exportRow struct {
	ID        string           `json:"id"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Site      string           `json:"site"`
	Published bantin.Timestamp `json:"published"`
	Score     float64          `json:"score"`
	// With full=1, from the archive:
	Author    *string `json:"author,omitempty"`
	Lead      *string `json:"lead,omitempty"`
	Text      *string `json:"text,omitempty"`
	FirstSeen string  `json:"first_seen,omitempty"`
	Versions  int     `json:"versions,omitempty"`
}

var csvHeader = []string{"id", "url", "title", "site", "published", "score"}
var csvFullHeader = []string{"author", "lead", "text", "first_seen", "versions"}

// handleExport streams every hit of a query (no cap) as CSV (UTF-8 BOM, RFC 4180, CRLF) or
// JSONL. With full=1 each row also carries the article's author, lead, text, first-seen time
// and version count from the archive. A failure after the first byte cannot change the status
// any more: it is reported in the X-Bantin-Error trailer, and as a last {"error": ...} line in
// JSONL.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := v.Get("format")
	if format == "" {
		format = "jsonl"
	}
	if format != "csv" && format != "jsonl" {
		s.fail(w, r, invalid("format %q: want csv or jsonl", format))
		return
	}
	full := v.Get("full") == "1"
	if full && s.opts.Archive == nil {
		s.fail(w, r, fmt.Errorf("export full=1: the archive is not open: %w", bantin.ErrUnavailable))
		return
	}
	q, err := parseQuery(v, maxLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Limit, q.Offset, q.After = maxLimit, 0, ""
	q.Facets, q.Highlight, q.Histogram = false, false, ""

	name := "bantin-" + s.opts.Now().In(bantin.Location).Format("20060102-1504") + "." + format
	h := w.Header()
	h.Set("Trailer", "X-Bantin-Error")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	} else {
		h.Set("Content-Type", "application/x-ndjson; charset=utf-8")
	}

	release, err := acquire(r.Context(), s.export)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer release()
	rc := http.NewResponseController(w)
	rows := 0
	started := false
	var cw *csv.Writer
	var enc *json.Encoder
	start := func() error {
		started = true
		w.WriteHeader(http.StatusOK)
		if format == "csv" {
			if _, err := w.Write([]byte("\uFEFF")); err != nil {
				return err
			}
			cw = csv.NewWriter(w)
			cw.UseCRLF = true
			header := csvHeader
			if full {
				header = append(append([]string(nil), csvHeader...), csvFullHeader...)
			}
			return cw.Write(header)
		}
		enc = json.NewEncoder(w)
		return nil
	}
	err = s.each(r.Context(), q, func(hit bantin.Hit) error {
		if !started {
			if err := start(); err != nil {
				return err
			}
		}
		row := exportRow{ID: hit.ID, URL: hit.URL, Title: hit.Title, Site: hit.Site, Published: hit.Published, Score: hit.Score}
		if full {
			e, err := s.opts.Archive.Entry(r.Context(), hit.ID)
			if err != nil && !errors.Is(err, bantin.ErrNotFound) {
				return fmt.Errorf("export: article %s: %w", hit.ID, err)
			}
			if err == nil {
				row.Author, row.Lead, row.Text = &e.Article.Author, &e.Article.Lead, &e.Article.Text
				row.FirstSeen, row.Versions = e.FirstSeen.Format("2006-01-02T15:04:05Z07:00"), e.Versions
			}
		}
		if err := writeRow(cw, enc, row, full); err != nil {
			return err
		}
		rows++
		if rows%flushEvery == 0 {
			if cw != nil {
				cw.Flush()
			}
			_ = rc.Flush()
		}
		return nil
	})
	if !started {
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := start(); err != nil {
			return
		}
	}
	if cw != nil {
		cw.Flush()
	}
	if err != nil {
		_, msg := errStatus(err)
		if !errors.Is(err, context.Canceled) {
			s.log.Error("web: export stopped", "format", format, "rows", rows, "err", err)
		}
		h.Set("X-Bantin-Error", msg)
		if enc != nil {
			_ = enc.Encode(map[string]any{"error": msg, "rows": rows})
		}
	}
}

func writeRow(cw *csv.Writer, enc *json.Encoder, row exportRow, full bool) error {
	if enc != nil {
		return enc.Encode(row)
	}
	rec := []string{row.ID, row.URL, cell(row.Title), cell(row.Site), row.Published.String(),
		strconv.FormatFloat(row.Score, 'f', -1, 64)}
	if full {
		deref := func(p *string) string {
			if p == nil {
				return ""
			}
			return cell(*p)
		}
		rec = append(rec, deref(row.Author), deref(row.Lead), deref(row.Text), row.FirstSeen,
			strconv.Itoa(row.Versions))
	}
	return cw.Write(rec)
}

// cell defuses spreadsheet formulas in crawled text: a cell that starts with = + - @ or a
// control character is what Excel evaluates, so it gets a leading apostrophe (OWASP's advice
// for CSV injection). Only text columns pass through here; ids, URLs and numbers do not.
func cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// pageThrough is Each for a searcher that only has Search: it walks the pages with the Next
// cursor (or the offset, when the searcher gives no cursor) until the hits run out.
func (s *Server) pageThrough(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
	q.Limit = maxLimit
	q.Offset, q.After = 0, ""
	for {
		res, err := s.opts.Searcher.Search(ctx, q)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return err
			}
		}
		if len(res.Hits) == 0 || uint64(q.Offset+len(res.Hits)) >= res.Total {
			return nil
		}
		q.Offset += len(res.Hits)
		if res.Next != "" {
			q.After = res.Next
		} else if q.Offset > maxOffset*10 {
			return fmt.Errorf("export: the searcher gives no cursor and offset paging stops at %d hits: %w", q.Offset, bantin.ErrUnavailable)
		}
	}
}
