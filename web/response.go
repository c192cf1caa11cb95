package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// apiError is the body of every JSON error.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true) // a JSON body must never be readable as HTML, whatever sniffs it
	if err := enc.Encode(v); err != nil {
		s.log.Error("web: encode json", "err", err)
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"internal error","status":500}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeError answers with a JSON error under /api/ and /healthz, an HTML error page elsewhere.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if isAPI(r) {
		s.writeJSON(w, status, apiError{Error: msg, Status: status})
		return
	}
	s.renderError(w, r, status, msg)
}

// fail maps err to a status and answers with it; 5xx errors are logged with the URL.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := errStatus(err)
	if status >= 500 {
		s.log.Error("web: request failed", "path", r.URL.Path, "status", status, "err", err)
	}
	s.writeError(w, r, status, msg)
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	if s.methodNotAllowed(w, r) {
		return
	}
	s.writeError(w, r, http.StatusNotFound, "no such API endpoint: "+r.Method+" "+r.URL.Path)
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if s.methodNotAllowed(w, r) {
		return
	}
	s.writeError(w, r, http.StatusNotFound, "page not found")
}

// methodNotAllowed answers 405 when the path exists for another method. The catch-all routes
// hide this from ServeMux, which would otherwise do it.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) bool {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return false
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	s.writeError(w, r, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed here")
	return true
}
