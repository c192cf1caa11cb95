package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

// syncBuffer is a bytes.Buffer safe for a writer and a polling reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeAPICrawl starts `bantin serve` with a config, starts a crawl through the API (the
// token required), waits for its run and searches what it indexed.
func TestServeAPICrawl(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts, err := testsite.Start(ctx, testsite.Options{Articles: 5, Families: testsite.Families()[:1], CrawlDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Close()
	site := ts.Sites()[0]
	cfgPath := filepath.Join(t.TempDir(), "sites.yaml")
	cfg := append(ts.SitesYAML(), []byte("\napi_token: s3cret\n")...)
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	g := &globalOptions{Data: filepath.Join(t.TempDir(), "data")}
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, g, serveOptions{Addr: "127.0.0.1:0", Config: cfgPath}, &out) }()
	base := waitFor(t, func() string {
		m := regexp.MustCompile(`serving (http://\S+)/`).FindStringSubmatch(out.String())
		if m == nil {
			return ""
		}
		return m[1]
	})

	post := func(token string) *http.Response {
		req, _ := http.NewRequest("POST", base+"/api/crawl?site="+site.Name, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("crawl with a wrong token: %s, want 401", resp.Status)
	}
	if resp := post("s3cret"); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("crawl with the token: %s, want 202", resp.Status)
	}
	waitFor(t, func() string {
		var body struct{ Runs []bantin.Run }
		if err := getJSON(base+"/api/runs", &body); err != nil || len(body.Runs) == 0 || body.Runs[0].Status == "running" {
			return ""
		}
		runs := body.Runs
		if runs[0].Status != "ok" || runs[0].New < 5 {
			t.Errorf("run through the API: %+v, want ok with the 5 articles new", runs[0])
		}
		return "done"
	})
	var res bantin.Result
	if err := getJSON(base+"/api/search?q=t%E1%BB%89nh", &res); err != nil || res.Total == 0 {
		t.Errorf("search after the API crawl: %v, total %d", err, res.Total)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve ended with %v", err)
	}
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// waitFor polls f until it returns non-empty, for at most 60 s.
func waitFor(t *testing.T, f func() string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if s := f(); s != "" {
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("timed out")
	return ""
}

// TestServeFlagErrors checks the flag combinations serve refuses before it opens anything.
func TestServeFlagErrors(t *testing.T) {
	cfgPath := filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(cfgPath, []byte("sites: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts serveOptions
		want error
	}{
		{"schedule without config", serveOptions{Schedule: true}, errUsage},
		{"bad memory limit", serveOptions{Schedule: true, Config: cfgPath, MemoryLimit: "lots"}, bantin.ErrInvalid},
		{"bad memory limit without schedule", serveOptions{MemoryLimit: "lots"}, bantin.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &globalOptions{Data: filepath.Join(t.TempDir(), "data")}
			tt.opts.Addr = "127.0.0.1:0"
			err := runServe(context.Background(), g, tt.opts, &bytes.Buffer{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("runServe: %v, want %v", err, tt.want)
			}
			if _, err := os.Stat(g.Data); err == nil {
				t.Error("the data directory was made before the flags were checked")
			}
		})
	}
}
