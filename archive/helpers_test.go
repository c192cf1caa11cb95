package archive

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

// baseTime is a fixed clock start for tests.
var baseTime = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

// openTest opens a writer archive in a fresh temporary data directory.
func openTest(t *testing.T, opts Options) (*Archive, string) {
	t.Helper()
	dir := t.TempDir()
	return openDir(t, dir, opts), dir
}

// openDir opens dir and closes it at the end of the test.
func openDir(t *testing.T, dir string, opts Options) *Archive {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return baseTime }
	}
	a, err := Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// exchange builds a 200 text/html exchange of url with body.
func exchange(url, body string) *bantin.Exchange {
	return &bantin.Exchange{
		URL:        url,
		Method:     http.MethodGet,
		ReqHeader:  http.Header{"User-Agent": {"bantin-test"}},
		Status:     http.StatusOK,
		Proto:      "HTTP/1.1",
		RespHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {fmt.Sprint(len(body))}},
		Body:       []byte(body),
		FetchedAt:  baseTime,
		IP:         "127.0.0.1",
		Site:       "sotest",
	}
}

// mustCapture captures ex or fails the test.
func mustCapture(t *testing.T, a *Archive, ex *bantin.Exchange) bantin.Capture {
	t.Helper()
	c, err := a.Capture(context.Background(), ex)
	if err != nil {
		t.Fatalf("Capture(%s): %v", ex.URL, err)
	}
	return c
}
