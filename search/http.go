package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/bantin/bantin"
)

// Handler returns the GET /api/search JSON handler over s: ParseParams of the URL query in,
// a bantin.Result out (the JSON of `bantin search --format json`), or {"error": "..."} with
// 400 (bad query), 409 (locked), 503 (unavailable) or 500.
func Handler(s bantin.Searcher) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{"method not allowed"})
			return
		}
		q, err := ParseParams(r.URL.Query())
		if err == nil {
			var res *bantin.Result
			if res, err = s.Search(r.Context(), q); err == nil {
				writeJSON(w, http.StatusOK, res)
				return
			}
		}
		writeJSON(w, statusOf(err), errorBody{err.Error()})
	})
}

type errorBody struct {
	Error string `json:"error"`
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, bantin.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, bantin.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, bantin.ErrLocked):
		return http.StatusConflict
	case errors.Is(err, bantin.ErrUnavailable), errors.Is(err, bantin.ErrIndexStale):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Client is a bantin.Searcher that asks the bantin process holding the index, over the unix
// socket it serves GET /api/search on.
type Client struct {
	socket string
	http   *http.Client
}

// NewClient returns a Client for the unix socket at socketPath. It does not connect yet.
func NewClient(socketPath string) *Client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socketPath)
		},
	}
	return &Client{socket: socketPath, http: &http.Client{Transport: tr, Timeout: time.Minute}}
}

// Search implements bantin.Searcher. A socket nobody listens on gives bantin.ErrUnavailable;
// errors the server reports keep their kind (bantin.ErrInvalid for a bad query ...).
func (c *Client) Search(ctx context.Context, q bantin.Query) (*bantin.Result, error) {
	u := "http://bantin/api/search?" + Params(q).Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("search client: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search client: no bantin process answers on %s: %v: %w", c.socket, err, bantin.ErrUnavailable)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
	if err != nil {
		return nil, fmt.Errorf("search client: read answer from %s: %w", c.socket, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e errorBody
		_ = json.Unmarshal(body, &e)
		if e.Error == "" {
			e.Error = resp.Status
		}
		return nil, fmt.Errorf("search client: %s: %w", e.Error, kindOf(resp.StatusCode))
	}
	var res bantin.Result
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, fmt.Errorf("search client: decode answer from %s: %w", c.socket, err)
	}
	return &res, nil
}

func kindOf(status int) error {
	switch status {
	case http.StatusBadRequest:
		return bantin.ErrInvalid
	case http.StatusNotFound:
		return bantin.ErrNotFound
	case http.StatusConflict:
		return bantin.ErrLocked
	}
	return bantin.ErrUnavailable
}

// Each calls fn for every hit of q, paging through the server (EachHit over c).
func (c *Client) Each(ctx context.Context, q bantin.Query, fn func(bantin.Hit) error) error {
	return EachHit(ctx, c, q, fn)
}
