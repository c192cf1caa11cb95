package testsite

import (
	"net/http"
	"time"
)

// faultKind is what fault decided for one request.
type faultKind int

const (
	faultNone     faultKind = iota
	faultHandled            // the response has been written (error status or reset)
	faultTruncate           // serve, but cut the body short of its Content-Length
)

// fault decides, from (seed, URL, attempt), whether this request fails transiently, and if so
// how: 500, 503 (half with Retry-After: 1), a connection reset, a slow answer (1–2 s, then
// served), or a truncated body. A later attempt at the same URL draws again, so retries succeed.
//
// The draw depends on the portal's name, not its port, so a seed gives the same faults on every run.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, portal string) faultKind {
	if s.opts.Faults <= 0 {
		return faultNone
	}
	key := portal + " " + r.URL.String()
	s.mu.Lock()
	if len(s.attempts) > 1<<20 { // bounded memory under crawler traps
		clear(s.attempts)
	}
	attempt := s.attempts[key]
	s.attempts[key] = attempt + 1
	s.mu.Unlock()
	rg := newRng(uint64(s.opts.Seed), strHash(key), attempt, 6)
	s.faultDraws.Add(1)
	if !rg.chance(s.opts.Faults) {
		return faultNone
	}
	s.faultsInjected.Add(1)
	switch rg.intn(6) {
	case 0:
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
		return faultHandled
	case 1:
		if rg.chance(0.5) {
			w.Header().Set("Retry-After", "1")
		}
		http.Error(w, "503 Service Unavailable", http.StatusServiceUnavailable)
		return faultHandled
	case 2, 3:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return faultHandled
			}
		}
		panic(http.ErrAbortHandler)
	case 4:
		select {
		case <-time.After(time.Second + time.Duration(rg.intn(1000))*time.Millisecond):
		case <-r.Context().Done():
			return faultHandled
		}
		return faultNone
	default:
		return faultTruncate
	}
}
