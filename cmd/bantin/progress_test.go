package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
)

type stepClock struct{ t time.Time }

func (c *stepClock) now() time.Time { return c.t }

func TestProgressRenderers(t *testing.T) {
	run := bantin.Run{Site: "so-a", Status: "ok", Fetched: 12, New: 9, Errors: 1}
	tests := []struct {
		name  string
		make  func(w *bytes.Buffer, c *stepClock) crawler.Progress
		lines int // status lines expected for 5 updates, 1 s apart, every 2 s
		want  []string
	}{
		{"plain", func(w *bytes.Buffer, c *stepClock) crawler.Progress {
			return &lineProgress{w: w, every: 2 * time.Second, now: c.now}
		}, 2, []string{"so-a: run 7 started\n", "so-a: fetched 2, queued 4, 2.5/s, errors 1", "so-a: ok: fetched 12, new 9, changed 0, unchanged 0, gone 0, errors 1 (boom)\n"}},
		{"bar", func(w *bytes.Buffer, c *stepClock) crawler.Progress {
			return &barProgress{w: w, width: 40, every: 2 * time.Second, now: c.now}
		}, 3, []string{"\r\x1b[Kso-a: starting run 7", "\r\x1b[Kso-a: fetched", "…", "\r\x1b[Kso-a: ok: fetched 12"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			clk := &stepClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			p := tt.make(&buf, clk)
			p.Started("so-a", 7)
			for i := range 5 {
				clk.t = clk.t.Add(time.Second)
				p.Update(crawler.Stats{Site: "so-a", Fetched: i + 1, Queued: 3, InFlight: 1, Rate: 2.5, Errors: 1, URL: "http://a.vn/x"})
			}
			p.Finished(run, errors.New("boom"))
			out := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output %q lacks %q", out, w)
				}
			}
			if got := strings.Count(out, "fetched") - 1; got != tt.lines {
				t.Errorf("%d status lines, want %d (throttled): %q", got, tt.lines, out)
			}
		})
	}
}

func TestNewProgressNotTTY(t *testing.T) {
	if _, ok := newProgress(&bytes.Buffer{}).(*lineProgress); !ok {
		t.Error("a buffer is not a terminal: want plain lines")
	}
}
