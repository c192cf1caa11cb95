package web

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenPages compares whole rendered pages over the fixtures with testdata/golden/*.html,
// so that a change of markup is seen in review. Run with -update after an intended change.
func TestGoldenPages(t *testing.T) {
	h, _, _ := newTestServer(t, func(o *Options) { o.BaseURL = "https://luutru.example" })
	tests := []struct{ name, path, lang string }{
		{"search-vi", "/?q=chuy%E1%BB%83n&limit=2", "vi"},
		{"search-en", "/?q=chuy%E1%BB%83n&site=sotttt", "en"},
		{"article-vi", "/articles/a1b2c3d4e5f60001", "vi"},
		{"sites-en", "/sites", "en"},
		{"error-vi", "/articles/ffffffffffffffff", "vi"},
		{"bad-query-vi", "/?q=*", "vi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := do(t, h, "GET", tt.path, "Accept-Language", tt.lang).Body.String()
			file := filepath.Join("testdata", "golden", tt.name+".html")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./web -run TestGoldenPages -update)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("%s differs from %s at line %d:\n got: %s\nwant: %s\n(rerun with -update if intended)",
							tt.path, file, i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("%s differs from %s in length: %d vs %d lines", tt.path, file, len(gl), len(wl))
			}
		})
	}
}
