package web

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
)

// searchJSON is the body of GET /api/search: the same keys as `bantin search --format json`.
type searchJSON struct {
	Total     uint64                    `json:"total"`
	TookMS    float64                   `json:"took_ms"`
	Hits      []bantin.Hit              `json:"hits"`
	Facets    map[string][]bantin.Count `json:"facets"`
	Histogram []bantin.Count            `json:"histogram,omitempty"`
	Next      string                    `json:"next,omitempty"`
}

func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := parseQuery(v, 10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q.Facets, q.Highlight = true, true
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"facets", &q.Facets}, {"highlight", &q.Highlight}} {
		if val := v.Get(p.name); val != "" {
			b, err := strconv.ParseBool(val)
			if err != nil {
				s.fail(w, r, invalid("%s %q: want 1 or 0", p.name, val))
				return
			}
			*p.dst = b
		}
	}
	switch h := v.Get("histogram"); h {
	case "", "month", "year":
		q.Histogram = h
	default:
		s.fail(w, r, invalid("histogram %q: want month or year", h))
		return
	}
	res, err := s.search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := searchJSON{Total: res.Total, TookMS: res.TookMS, Hits: res.Hits, Facets: res.Facets,
		Histogram: res.Histogram, Next: res.Next}
	if out.Hits == nil {
		out.Hits = []bantin.Hit{}
	}
	if out.Facets == nil {
		out.Facets = map[string][]bantin.Count{}
	}
	for _, k := range []string{"site", "month"} {
		if out.Facets[k] == nil {
			out.Facets[k] = []bantin.Count{}
		}
	}
	s.writeJSON(w, http.StatusOK, out)
}

// articleJSON is the body of GET /api/articles/{id}.
type articleJSON struct {
	Entry    bantin.Entry     `json:"entry"`
	Versions []bantin.Version `json:"versions"`
	Captures []bantin.Capture `json:"captures"`
}

func (s *Server) handleAPIArticle(w http.ResponseWriter, r *http.Request) {
	e, vs, err := s.loadArticle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	caps, err := s.opts.Archive.CapturesOf(r.Context(), e.Article.URL)
	if err != nil {
		s.fail(w, r, fmt.Errorf("captures of %s: %w", e.Article.URL, err))
		return
	}
	if vs == nil {
		vs = []bantin.Version{}
	}
	if caps == nil {
		caps = []bantin.Capture{}
	}
	s.writeJSON(w, http.StatusOK, articleJSON{Entry: e, Versions: vs, Captures: caps})
}

func (s *Server) handleAPISites(w http.ResponseWriter, r *http.Request) {
	sites, err := s.loadSites(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sites == nil {
		sites = []SiteStats{}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"sites": sites})
}

func (s *Server) handleAPIRuns(w http.ResponseWriter, r *http.Request) {
	if s.opts.Archive == nil {
		s.fail(w, r, fmt.Errorf("runs: the archive is not open: %w", bantin.ErrUnavailable))
		return
	}
	v := r.URL.Query()
	limit, err := parseInt(v.Get("limit"), "limit", 1, 1000, runsShown)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	site := v.Get("site")
	if len(site) > 100 {
		s.fail(w, r, invalid("site name too long"))
		return
	}
	runs, err := s.opts.Archive.Runs(r.Context(), site, limit)
	if err != nil {
		s.fail(w, r, fmt.Errorf("runs: %w", err))
		return
	}
	if runs == nil {
		runs = []bantin.Run{}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"runs": runs})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "time": s.opts.Now().UTC()})
}

// handleAPICrawl starts a crawl of one site. It exists only when TriggerCrawl is set, and
// works only with the configured token.
func (s *Server) handleAPICrawl(w http.ResponseWriter, r *http.Request) {
	if s.opts.TriggerCrawl == nil {
		s.writeError(w, r, http.StatusNotFound, "crawling through the API is not enabled")
		return
	}
	if s.opts.Token == "" {
		s.writeError(w, r, http.StatusForbidden, "crawling through the API needs an API token in the configuration")
		return
	}
	auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(auth)), []byte(s.opts.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="bantin"`)
		s.fail(w, r, fmt.Errorf("crawl: missing or wrong bearer token: %w", bantin.ErrUnauthorized))
		return
	}
	site := r.URL.Query().Get("site")
	if site == "" || len(site) > 100 {
		s.fail(w, r, invalid("crawl: the site parameter is required"))
		return
	}
	id, err := s.opts.TriggerCrawl(r.Context(), site)
	if err != nil {
		s.fail(w, r, fmt.Errorf("crawl %s: %w", site, err))
		return
	}
	s.writeJSON(w, http.StatusAccepted, map[string]any{"run_id": id, "site": site})
}
