package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
)

// maxSnapshot is the most of an archived payload the snapshot view sends.
const maxSnapshot = 32 << 20

var idPattern = regexp.MustCompile(`^[0-9a-zA-Z_-]{1,64}$`)

type articleView struct {
	Entry        bantin.Entry
	Shown        bantin.Version
	Article      bantin.Article
	Versions     []versionView
	Captures     []captureView
	SnapshotURL  string
	ShownCapture int64 // capture in the frame when chosen with ?capture=
	Permalink    string
	Cite         string
	APIURL       string
}

type versionView struct {
	bantin.Version
	URL              string
	Selected         bool
	Current          bool
	Prev             int // number of the version compared against; 0 for the first
	OldTitle         string
	Diff             []diffPara
	Removed, Added   int
	MetaChanges      []metaChange
	HasContentChange bool
}

type metaChange struct{ Field, Old, New string }

type captureView struct {
	bantin.Capture
	ViewURL string // the article page with this capture in the frame
}

// loadArticle fetches an entry and its versions, checking the id first.
func (s *Server) loadArticle(r *http.Request) (bantin.Entry, []bantin.Version, error) {
	id := r.PathValue("id")
	if !idPattern.MatchString(id) {
		return bantin.Entry{}, nil, fmt.Errorf("article id %q: %w", id, bantin.ErrNotFound)
	}
	if s.opts.Archive == nil {
		return bantin.Entry{}, nil, fmt.Errorf("article %s: the archive is not open: %w", id, bantin.ErrUnavailable)
	}
	e, err := s.opts.Archive.Entry(r.Context(), id)
	if err != nil {
		return e, nil, fmt.Errorf("article %s: %w", id, err)
	}
	vs, err := s.opts.Archive.Versions(r.Context(), id)
	if err != nil {
		return e, nil, fmt.Errorf("versions of article %s: %w", id, err)
	}
	return e, vs, nil
}

func (s *Server) handleArticlePage(w http.ResponseWriter, r *http.Request) {
	e, vs, err := s.loadArticle(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := &articleView{Entry: e, Article: e.Article}
	p := s.newPage(w, r, e.Article.Title, "", view)
	base := "/articles/" + url.PathEscape(e.ID)

	selected := len(vs)
	if n, err := strconv.Atoi(r.URL.Query().Get("v")); err == nil && n >= 1 && n <= len(vs) {
		selected = n
	}
	for i, v := range vs {
		vv := versionView{Version: v, URL: base + "?v=" + strconv.Itoa(v.N), Selected: i+1 == selected,
			Current: i == len(vs)-1}
		if i > 0 {
			prev := vs[i-1]
			vv.Prev = prev.N
			vv.Diff = diffText(prev.Article.Text, v.Article.Text)
			vv.Removed, vv.Added = diffStats(vv.Diff)
			vv.MetaChanges = metaChanges(p.L, prev.Article, v.Article)
			vv.HasContentChange = vv.Removed+vv.Added > 0 || len(vv.MetaChanges) > 0
		}
		view.Versions = append(view.Versions, vv)
	}
	if selected > 0 {
		view.Shown = vs[selected-1]
		view.Article = view.Shown.Article
		if view.Shown.CaptureID > 0 {
			view.SnapshotURL = "/snapshot/" + strconv.FormatInt(view.Shown.CaptureID, 10)
		}
	}
	if caps, err := s.opts.Archive.CapturesOf(r.Context(), e.Article.URL); err == nil {
		// ?capture=ID shows another capture of the same URL in the frame.
		want, _ := strconv.ParseInt(r.URL.Query().Get("capture"), 10, 64)
		for _, c := range caps {
			cv := captureView{Capture: c, ViewURL: base + "?capture=" + strconv.FormatInt(c.ID, 10) + "#snapshot-h"}
			if c.ID == want {
				view.SnapshotURL = "/snapshot/" + strconv.FormatInt(c.ID, 10)
				view.ShownCapture = c.ID
			}
			view.Captures = append(view.Captures, cv)
		}
	} else {
		s.log.Warn("web: captures of article", "url", e.Article.URL, "err", err)
	}
	view.Permalink = s.baseURL(r) + base
	if selected > 0 && selected < len(vs) {
		view.Permalink += "?v=" + strconv.Itoa(selected)
	}
	view.Cite = cite(p.Lang, view, e)
	view.APIURL = "/api/articles/" + url.PathEscape(e.ID)
	s.render(w, r, http.StatusOK, "article.html", p)
}

// cite is the line a researcher pastes into a bibliography: title, site, date, original URL,
// archived date, permalink.
func cite(lang string, v *articleView, e bantin.Entry) string {
	a := v.Article
	captured := v.Shown.CapturedAt
	if captured.IsZero() {
		captured = e.LastSeen
	}
	parts := []string{quoteTitle(a.Title), e.Site}
	if d := formatDay(lang, a.Published.Time); d != "" {
		parts = append(parts, d)
	}
	parts = append(parts, a.URL)
	if d := formatDay(lang, captured); d != "" {
		parts = append(parts, labels[lang]["archived_on"]+" "+d)
	}
	parts = append(parts, v.Permalink)
	return strings.Join(parts, ". ") + "."
}

func quoteTitle(t string) string { return "“" + strings.TrimSpace(t) + "”" }

func metaChanges(l map[string]string, a, b bantin.Article) []metaChange {
	var out []metaChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, metaChange{Field: l[field], Old: x, New: y})
		}
	}
	add("title_changed", a.Title, b.Title)
	add("published", a.Published.String(), b.Published.String())
	add("author", a.Author, b.Author)
	add("lead", a.Lead, b.Lead)
	return out
}

// handleSnapshot serves an archived response from the WARC for the sandboxed frame: under a
// CSP sandbox with no scripts and no requests anywhere, never sniffed, and as a download unless
// it is HTML.
func (s *Server) handleSnapshot(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("capture"), 10, 64)
	if err != nil || id <= 0 {
		s.writeError(w, r, http.StatusNotFound, "no such capture")
		return
	}
	if s.opts.Archive == nil {
		s.fail(w, r, fmt.Errorf("snapshot %d: the archive is not open: %w", id, bantin.ErrUnavailable))
		return
	}
	c, err := s.opts.Archive.Capture(r.Context(), id)
	if err != nil {
		s.fail(w, r, fmt.Errorf("capture %d: %w", id, err))
		return
	}
	rec, err := s.opts.Archive.OpenRecord(r.Context(), c)
	if err != nil {
		s.fail(w, r, fmt.Errorf("open record of capture %d (%s): %w", id, c.URL, err))
		return
	}
	defer rec.Body.Close()

	h := w.Header()
	h.Set("Content-Security-Policy", snapshotCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=3600")
	ctype := rec.Header.Get("Content-Type")
	if ctype == "" {
		ctype = c.ContentType
	}
	if isHTML(ctype) {
		h.Set("Content-Type", ctype)
	} else {
		h.Set("Content-Type", "application/octet-stream")
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": downloadName(c.URL)}))
	}
	n, err := io.Copy(w, io.LimitReader(rec.Body, maxSnapshot))
	if err != nil {
		s.log.Warn("web: send snapshot", "capture_id", id, "url", c.URL, "bytes", n, "err", err)
	}
}

// isHTML reports whether a content type is one the browser should render as a page.
func isHTML(ctype string) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return false
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// downloadName is a safe file name for an archived download.
func downloadName(raw string) string {
	name := "snapshot"
	if u, err := url.Parse(raw); err == nil {
		if b := path.Base(u.Path); b != "/" && b != "." && b != "" {
			name = b
		}
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\"'<>:;|?*`, r) {
			return '_'
		}
		return r
	}, name)
	if len(name) > 120 {
		name = name[:120]
	}
	return name
}
