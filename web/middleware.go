package web

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Limits on what a request may carry. Queries are short by nature; anything larger is hostile
// or a mistake, and gets a 4xx before it reaches the searcher.
const (
	maxRawQuery = 8 << 10 // bytes of the URL query string
	maxBody     = 4 << 10 // bytes of a request body (only POST /api/crawl takes one, and ignores it)
)

// pageCSP is the policy of every page but the snapshots: no script at all, styles and images
// only from bantin itself, frames only of bantin's own snapshots, and nobody may frame bantin.
const pageCSP = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// snapshotCSP is the policy of archived pages: a sandbox with no scripts, no requests to the
// live web, framable only by bantin's own article page.
const snapshotCSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; " +
	"form-action 'none'; base-uri 'none'; frame-ancestors 'self'"

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush on the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h := sw.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")

		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("web: handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					s.writeError(sw, r, http.StatusInternalServerError, "internal error")
				}
			}
			s.log.Info("http request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"bytes", sw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000)
		}()

		if len(r.URL.RawQuery) > maxRawQuery {
			s.writeError(sw, r, http.StatusRequestURITooLong, "the query string is too long")
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(sw, r.Body, maxBody)
		}
		timeout := s.opts.RequestTimeout
		if isExport(r) {
			timeout = s.opts.ExportTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

func isExport(r *http.Request) bool {
	return r.URL.Path == "/export" || r.URL.Path == "/api/export"
}

func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}
