package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/bantin/bantin"
)

// flushEvery is how many exported rows go out between flushes.
const flushEvery = 200

// hitRow is one line of a light export (full=0, or no archive): the hit as the API gives it.
type hitRow struct {
	ID        string           `json:"id"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Site      string           `json:"site"`
	Published bantin.Timestamp `json:"published"`
	Score     float64          `json:"score"`
}

var hitCSVHeader = []string{"id", "url", "title", "site", "published", "score"}

// handleExport streams every hit of a query (no cap) as CSV (UTF-8 BOM, RFC 4180, CRLF) or
// JSONL. With the archive open each row is the whole article with its catalog facts, the same
// record as `bantin export`; full=0 (or no archive) gives the hits only. A failure after the first byte cannot change the status
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
	full := s.opts.Archive != nil && v.Get("full") != "0"
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
			if full {
				return cw.Write(bantin.ExportCSVHeader)
			}
			return cw.Write(hitCSVHeader)
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
		if full {
			e, err := s.opts.Archive.Entry(r.Context(), hit.ID)
			if errors.Is(err, bantin.ErrNotFound) {
				return nil // indexed but not (yet) in this reader's view of the catalog
			}
			if err != nil {
				return fmt.Errorf("export: article %s: %w", hit.ID, err)
			}
			if err := writeEntry(cw, enc, e); err != nil {
				return err
			}
		} else if err := writeHit(cw, enc, hit); err != nil {
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

func writeHit(cw *csv.Writer, enc *json.Encoder, h bantin.Hit) error {
	if enc != nil {
		return enc.Encode(hitRow{ID: h.ID, URL: h.URL, Title: h.Title, Site: h.Site, Published: h.Published, Score: h.Score})
	}
	return cw.Write([]string{h.ID, h.URL, bantin.CSVCell(h.Title), bantin.CSVCell(h.Site), h.Published.String(),
		strconv.FormatFloat(h.Score, 'f', -1, 64)})
}

func writeEntry(cw *csv.Writer, enc *json.Encoder, e bantin.Entry) error {
	if enc != nil {
		return enc.Encode(bantin.NewExportRecord(e))
	}
	return cw.Write(bantin.ExportCSVRow(e))
}
