package main

import (
	"errors"
	"math"
	"runtime/debug"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
)

func TestSetMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	tests := []struct {
		name      string
		flag, env string
		want      int64 // -1: left as it was
		wantErr   bool
	}{
		{"default", "", "", crawler.DefaultMemoryLimit, false},
		{"flag", "300MiB", "", 300 << 20, false},
		{"flag over env", "64MiB", "1GiB", 64 << 20, false},
		{"env left to the runtime", "", "1GiB", -1, false},
		{"bad flag", "lots", "", -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const sentinel = 12345 << 20
			debug.SetMemoryLimit(sentinel)
			err := setMemoryLimit(tt.flag, tt.env)
			if tt.wantErr != (err != nil) || (err != nil && !errors.Is(err, bantin.ErrInvalid)) {
				t.Fatalf("setMemoryLimit(%q, %q) = %v", tt.flag, tt.env, err)
			}
			want := tt.want
			if want == -1 {
				want = sentinel
			}
			if got := debug.SetMemoryLimit(-1); got != want {
				t.Errorf("limit = %d, want %d", got, want)
			}
		})
	}
}

func TestSetGCPercent(t *testing.T) {
	beforeLimit := debug.SetMemoryLimit(-1)
	beforeGC := debug.SetGCPercent(100)
	t.Cleanup(func() {
		debug.SetMemoryLimit(beforeLimit)
		debug.SetGCPercent(beforeGC)
	})
	tests := []struct {
		name  string
		limit int64
		env   string
		want  int
	}{
		{"under a limit", crawler.DefaultMemoryLimit, "", crawler.DefaultGCPercent},
		{"GOGC set", crawler.DefaultMemoryLimit, "150", 123},
		{"no limit", math.MaxInt64, "", 123},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetMemoryLimit(tt.limit)
			debug.SetGCPercent(123)
			setGCPercent(tt.env)
			if got := debug.SetGCPercent(100); got != tt.want {
				t.Errorf("GOGC = %d, want %d", got, tt.want)
			}
		})
	}
}
