package loadgen

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsStatusesAndErrors(t *testing.T) {
	var hits atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/bad":
			http.Error(w, "boom", http.StatusInternalServerError)
		case "/invalid":
			http.Error(w, "no", http.StatusBadRequest)
		default:
			_, _ = w.Write([]byte("ok"))
		}
	})
	tests := []struct {
		name       string
		paths      []string
		wantErrors bool
	}{
		{"all good", []string{"/", "/invalid"}, false},
		{"some 5xx", []string{"/", "/bad"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			r, err := Run(context.Background(), Config{Handler: h, Clients: 8, Requests: 200, Duration: time.Minute, Paths: tt.paths})
			if err != nil {
				t.Fatal(err)
			}
			if r.Requests != 200 || hits.Load() != 200 {
				t.Errorf("requests %d, server saw %d; want 200", r.Requests, hits.Load())
			}
			if (r.Errors > 0) != tt.wantErrors {
				t.Errorf("errors = %d (%v)", r.Errors, r.ErrorLog)
			}
			if tt.wantErrors && (r.Errors != 100 || r.Statuses[500] != 100) {
				t.Errorf("errors %d, 500s %d; want 100 each", r.Errors, r.Statuses[500])
			}
			if !tt.wantErrors && r.Statuses[400] != 100 {
				t.Errorf("4xx must be counted as answers, not errors: %v", r.Statuses)
			}
			if r.P50 <= 0 || r.P50 > r.P99 || r.P99 > r.Max {
				t.Errorf("percentiles out of order: %s", r)
			}
			if len(r.PerPath) != len(tt.paths) || !strings.Contains(r.String(), "p99=") {
				t.Errorf("report: %s", r)
			}
		})
	}
}

func TestRunNeedsATarget(t *testing.T) {
	if _, err := Run(context.Background(), Config{}); err == nil {
		t.Fatal("Run without BaseURL or Handler: want an error")
	}
}

func TestRunUnreachableServerIsErrors(t *testing.T) {
	r, err := Run(context.Background(), Config{BaseURL: "http://127.0.0.1:1", Clients: 2, Requests: 4, Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors != 4 {
		t.Errorf("errors = %d, want 4", r.Errors)
	}
}

func TestPct(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(101-i)*time.Millisecond)
	}
	for _, tt := range []struct {
		p    int
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {1, time.Millisecond}} {
		if got := pct(ds, tt.p); got != tt.want {
			t.Errorf("pct %d = %s, want %s", tt.p, got, tt.want)
		}
	}
	if pct(nil, 50) != 0 {
		t.Error("pct of nothing")
	}
}
