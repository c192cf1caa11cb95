package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bantin/bantin"
)

// pageNames are the page templates; each is parsed together with layout.html.
var pageNames = []string{"search.html", "article.html", "sites.html", "error.html"}

var templateFuncs = template.FuncMap{
	"snippet": safeSnippet,
	"day":     formatDay,
	"when":    formatTime,
	"stamp": func(lang string, t bantin.Timestamp) string {
		if t.DateOnly {
			return formatDay(lang, t.Time)
		}
		return formatTime(lang, t.Time)
	},
	"iso": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	},
	"add":   func(a, b int) int { return a + b },
	"paras": splitParas,
}

func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html", "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// page is what every template receives; Body holds the page's own view.
type page struct {
	Lang       string
	L          map[string]string
	CSS        string // hashed URL of the style sheet
	Title      string
	LangSwitch string // the same URL in the other language
	Nav        string // "search" or "sites": marks the current menu item
	Body       any
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title, nav string, body any) *page {
	lang, fromParam := pickLang(r)
	if fromParam {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	other := langEN
	if lang == langEN {
		other = langVI
	}
	v := r.URL.Query()
	v.Set("lang", other)
	return &page{
		Lang: lang, L: labels[lang], CSS: s.static.url("style.css"), Title: title, Nav: nav,
		LangSwitch: r.URL.Path + "?" + v.Encode(), Body: body,
	}
}

// render executes a page template into a buffer first, so that a template failure becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("web: render template", "template", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorView struct {
	Status  int
	Message string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p := s.newPage(w, r, http.StatusText(status), "", errorView{Status: status, Message: msg})
	p.Title = p.L["error_title"] + " " + fmt.Sprint(status)
	s.render(w, r, status, "error.html", p)
}

// withParams returns path?query with the given parameters replaced (an empty value removes
// one) and the paging parameters dropped unless set.
func withParams(path string, v url.Values, set map[string][]string) string {
	out := url.Values{}
	for k, vals := range v {
		if k == "offset" || k == "after" || k == "lang" {
			continue
		}
		out[k] = append([]string(nil), vals...)
	}
	for k, vals := range set {
		if len(vals) == 0 || (len(vals) == 1 && vals[0] == "") {
			delete(out, k)
			continue
		}
		out[k] = vals
	}
	if len(out) == 0 {
		return path
	}
	return path + "?" + out.Encode()
}

// baseURL is the public address of this server for permalinks.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return strings.TrimSuffix(s.opts.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
