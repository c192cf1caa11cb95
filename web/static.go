package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

//go:embed templates
var templateFS embed.FS

// staticFiles serves the embedded static files under content-hashed names
// ("style.3f2a9c1b.css"), so that they can be cached for ever and change name when they change.
type staticFiles struct {
	byHashed map[string]staticFile // hashed name -> file
	urls     map[string]string     // plain name -> /static/hashed name
}

type staticFile struct {
	data  []byte
	ctype string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byHashed: map[string]staticFile{}, urls: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: read embedded static files: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		name := e.Name()
		data, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			return nil, fmt.Errorf("web: read embedded %s: %w", name, err)
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		sf.byHashed[hashed] = staticFile{data: data, ctype: ctype}
		sf.urls[name] = "/static/" + hashed
	}
	return sf, nil
}

// url returns the hashed URL of a static file, or "" when there is no such file.
func (sf *staticFiles) url(name string) string { return sf.urls[name] }

func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := sf.byHashed[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.data)
}
