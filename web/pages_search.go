package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/bantin/bantin"
)

const pageSize = 20 // hits per HTML page

type searchView struct {
	Text, From, To, Sort string
	Sites                []string
	Error                string
	Result               *bantin.Result
	Hits                 []hitView
	SiteFacets           []facetView
	Chart                *chart
	Start, End           int
	Prev, Next           string
	ExportCSV            string
	ExportJSONL          string
	APIURL               string
	ClearURL             string
	Sorts                []option
}

type hitView struct {
	bantin.Hit
	ArticleURL string
}

type facetView struct {
	Value  string
	Count  int
	Active bool
	URL    string
}

type option struct {
	Value, Label string
	Selected     bool
}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := &searchView{}
	p := s.newPage(w, r, "", "search", view)
	p.Title = p.L["site_title"]
	view.Text, view.From, view.To = v.Get("q"), v.Get("from"), v.Get("to")
	view.Sites = v["site"]
	view.Sort = v.Get("sort")
	for _, o := range []string{"", bantin.SortRelevance, bantin.SortNewest, bantin.SortOldest} {
		label := p.L["sort_"+o]
		if o == "" {
			continue
		}
		view.Sorts = append(view.Sorts, option{Value: o, Label: label, Selected: view.Sort == o})
	}
	view.ClearURL = withParams("/", url.Values{"q": {view.Text}}, nil)

	q, err := parseQuery(v, pageSize)
	if err != nil {
		view.Error = err.Error()
		s.render(w, r, http.StatusBadRequest, "search.html", p)
		return
	}
	view.Text = q.Text
	q.Facets, q.Highlight, q.Histogram = true, true, "month"
	res, err := s.search(r.Context(), q)
	if err != nil {
		status, msg := errStatus(err)
		if status >= 500 {
			s.log.Error("web: search page", "query", q.Text, "err", err)
		}
		view.Error = msg
		s.render(w, r, status, "search.html", p)
		return
	}
	view.Result = res
	for _, h := range res.Hits {
		view.Hits = append(view.Hits, hitView{Hit: h, ArticleURL: "/articles/" + url.PathEscape(h.ID)})
	}
	for _, c := range res.Facets["site"] {
		active := slices.Contains(q.Sites, c.Value)
		sites := slices.DeleteFunc(slices.Clone(q.Sites), func(x string) bool { return x == c.Value })
		if !active {
			sites = append(sites, c.Value)
		}
		view.SiteFacets = append(view.SiteFacets, facetView{Value: c.Value, Count: c.Count, Active: active,
			URL: withParams("/", v, map[string][]string{"site": sites})})
	}
	// Sites chosen but absent from the facets still need a way out.
	for _, site := range q.Sites {
		if !slices.ContainsFunc(view.SiteFacets, func(f facetView) bool { return f.Value == site }) {
			rest := slices.DeleteFunc(slices.Clone(q.Sites), func(x string) bool { return x == site })
			view.SiteFacets = append(view.SiteFacets, facetView{Value: site, Active: true,
				URL: withParams("/", v, map[string][]string{"site": rest})})
		}
	}
	hist := res.Histogram
	if len(hist) == 0 {
		hist = res.Facets["month"]
	}
	view.Chart = buildChart(hist)

	view.Start = q.Offset + 1
	view.End = q.Offset + len(res.Hits)
	if q.Offset > 0 {
		view.Prev = withParams("/", v, map[string][]string{"offset": {strconv.Itoa(max(q.Offset-q.Limit, 0))}})
	}
	if uint64(view.End) < res.Total && len(res.Hits) > 0 {
		set := map[string][]string{"offset": {strconv.Itoa(min(q.Offset+q.Limit, maxOffset))}}
		if res.Next != "" {
			set["after"] = []string{res.Next}
		}
		view.Next = withParams("/", v, set)
	}
	view.ExportCSV = withParams("/export", v, map[string][]string{"format": {"csv"}})
	view.ExportJSONL = withParams("/export", v, map[string][]string{"format": {"jsonl"}})
	view.APIURL = withParams("/api/search", v, nil)
	s.render(w, r, http.StatusOK, "search.html", p)
}
