package testsite

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHostile(t *testing.T) {
	s := startServer(t, Options{Hostile: true, Families: []string{"php"}})
	base := strings.TrimSuffix(s.Portals[len(s.Portals)-1].URL, "/")
	if s.Portals[len(s.Portals)-1].Family != "hostile" {
		t.Fatalf("hostile portal not listed: %v", s.Portals)
	}
	raw := &http.Client{
		Timeout:       15 * time.Second,
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// fetch reads at most limit bytes and reports status, headers, body and the read error.
	fetch := func(t *testing.T, c *http.Client, path string, limit int64) (int, http.Header, []byte, error) {
		t.Helper()
		wait := 15 * time.Second
		if path == "/slowloris" {
			wait = 2 * time.Second // it would trickle for two minutes
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		resp, err := c.Do(req)
		if err != nil {
			return 0, nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(io.LimitReader(resp.Body, limit))
		return resp.StatusCode, resp.Header, b, err
	}
	t.Run("home links every case", func(t *testing.T) {
		_, _, b, err := fetch(t, raw, "/", 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for p := range HostilePaths {
			if !strings.Contains(string(b), `href="`+esc(p)+`"`) {
				t.Errorf("home does not link %s", p)
			}
		}
	})
	cases := []struct {
		path  string
		limit int64
		check func(t *testing.T, st int, h http.Header, b []byte, err error)
	}{
		{"/gzip-bomb", 4 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if err != nil || h.Get("Content-Encoding") != "gzip" || len(b) > 2<<20 {
				t.Fatalf("%v %q %d bytes on the wire", err, h.Get("Content-Encoding"), len(b))
			}
			zr, err := gzip.NewReader(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			n, _ := io.Copy(io.Discard, io.LimitReader(zr, 200<<20))
			if n < 200<<20 {
				t.Fatalf("inflates to only %d bytes", n)
			}
		}},
		{"/endless", 8 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if err != nil || len(b) != 8<<20 {
				t.Fatalf("%v, %d bytes", err, len(b))
			}
		}},
		{"/nested", 4 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if c := strings.Count(string(b), "<div"); c != 10000 {
				t.Fatalf("%d divs", c)
			}
		}},
		{"/big-attr", 8 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if len(b) < 3<<20 {
				t.Fatalf("%d bytes", len(b))
			}
		}},
		{"/bad-utf8", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if st != 200 || strings.ToValidUTF8(string(b), "?") == string(b) {
				t.Fatalf("status %d, body valid UTF-8", st)
			}
		}},
		{"/redirect-loop", 1 << 10, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if st != 301 || h.Get("Location") != "/redirect-loop/b" {
				t.Fatalf("%d %q", st, h.Get("Location"))
			}
		}},
		{"/redirect-chain/3", 1 << 10, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if st != 302 || h.Get("Location") != "/redirect-chain/2" {
				t.Fatalf("%d %q", st, h.Get("Location"))
			}
		}},
		{"/xss", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if c := strings.Count(string(b), XSSMarker); c < 10 {
				t.Fatalf("%d markers", c)
			}
		}},
		{"/robots.txt", 4 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if len(b) < 2<<20 {
				t.Fatalf("robots.txt of %d bytes", len(b))
			}
		}},
		{"/sitemap.xml", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if !strings.Contains(string(b), base+"/sitemap.xml<") {
				t.Fatalf("sitemap does not list itself")
			}
		}},
		{"/reset-mid-body", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if err == nil || errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("read error %v, want a reset or unexpected EOF", err)
			}
		}},
		{"/slowloris", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			if st != 200 || err == nil || len(b) > 40 {
				t.Fatalf("status %d, err %v, %d bytes before the timeout", st, err, len(b))
			}
		}},
		{"/bad-links", 1 << 20, func(t *testing.T, st int, h http.Header, b []byte, err error) {
			for _, l := range []string{"javascript:", "data:text/html", "file:///", "http://10.0.0.1/", "http://169.254.169.254/"} {
				if !strings.Contains(string(b), l) {
					t.Fatalf("no %s link", l)
				}
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			start := time.Now()
			st, h, b, err := fetch(t, raw, c.path, c.limit)
			if time.Since(start) > 20*time.Second {
				t.Fatalf("took %v", time.Since(start))
			}
			c.check(t, st, h, b, err)
		})
	}
	t.Run("every path answers", func(t *testing.T) {
		for p := range HostilePaths {
			start := time.Now()
			fetch(t, raw, p, 1<<20)
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("%s took %v", p, d)
			}
		}
	})
	if st, _, _, _ := fetch(t, raw, "/nope", 1<<10); st != 404 {
		t.Fatalf("unknown path: %d", st)
	}
}
