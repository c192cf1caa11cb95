package web

import (
	"fmt"
	"net/http"

	"github.com/bantin/bantin"
)

const runsShown = 50

type sitesView struct {
	Sites []SiteStats
	Runs  []bantin.Run
}

// loadSites returns the sites with their next scheduled run filled in.
func (s *Server) loadSites(r *http.Request) ([]SiteStats, error) {
	if s.opts.Archive == nil {
		return nil, fmt.Errorf("sites: the archive is not open: %w", bantin.ErrUnavailable)
	}
	sites, err := s.opts.Archive.Sites(r.Context())
	if err != nil {
		return nil, fmt.Errorf("sites: %w", err)
	}
	if s.opts.NextRun != nil {
		for i := range sites {
			sites[i].NextRun = s.opts.NextRun(sites[i].Name)
		}
	}
	return sites, nil
}

func (s *Server) handleSitesPage(w http.ResponseWriter, r *http.Request) {
	sites, err := s.loadSites(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	runs, err := s.opts.Archive.Runs(r.Context(), "", runsShown)
	if err != nil {
		s.fail(w, r, fmt.Errorf("runs: %w", err))
		return
	}
	view := &sitesView{Sites: sites, Runs: runs}
	p := s.newPage(w, r, "", "sites", view)
	p.Title = p.L["sites_title"]
	s.render(w, r, http.StatusOK, "sites.html", p)
}
