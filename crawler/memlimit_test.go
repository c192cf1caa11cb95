package crawler

import (
	"errors"
	"math"
	"runtime/debug"
	"testing"

	"github.com/bantin/bantin"
)

func TestParseMemoryLimit(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"192MiB", 192 << 20, false},
		{"1GiB", 1 << 30, false},
		{"4096", 4096, false},
		{"512KiB", 512 << 10, false},
		{"10B", 10, false},
		{" off ", math.MaxInt64, false},
		{"0", 0, false},
		{"", 0, true},
		{"12MB", 0, true},
		{"-1MiB", 0, true},
		{"lots", 0, true},
		{"99999999999TiB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseMemoryLimit(tt.in)
			if tt.wantErr {
				if !errors.Is(err, bantin.ErrInvalid) {
					t.Fatalf("ParseMemoryLimit(%q) = %d, %v; want ErrInvalid", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseMemoryLimit(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestSetMemoryBoundsLimit checks the soft memory limit SetMemoryBounds sets.
func TestSetMemoryBoundsLimit(t *testing.T) {
	restoreMemoryBounds(t)
	tests := []struct {
		name      string
		flag, env string
		want      int64 // -1: left as it was
		wantErr   bool
	}{
		{"default", "", "", DefaultMemoryLimit, false},
		{"flag", "300MiB", "", 300 << 20, false},
		{"flag over env", "64MiB", "1GiB", 64 << 20, false},
		{"env left to the runtime", "", "1GiB", -1, false},
		{"bad flag", "lots", "", -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const sentinel = 12345 << 20
			debug.SetMemoryLimit(sentinel)
			err := SetMemoryBounds(tt.flag, tt.env, "")
			if tt.wantErr != (err != nil) || (err != nil && !errors.Is(err, bantin.ErrInvalid)) {
				t.Fatalf("SetMemoryBounds(%q, %q) = %v", tt.flag, tt.env, err)
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

// TestSetMemoryBoundsGC checks the GOGC SetMemoryBounds sets: DefaultGCPercent under a limit
// unless GOGC is set.
func TestSetMemoryBoundsGC(t *testing.T) {
	restoreMemoryBounds(t)
	tests := []struct {
		name  string
		limit string
		gogc  string
		want  int
	}{
		{"under a limit", "", "", DefaultGCPercent},
		{"GOGC set", "", "150", 123},
		{"no limit", "off", "", 123},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetGCPercent(123)
			if err := SetMemoryBounds(tt.limit, "", tt.gogc); err != nil {
				t.Fatal(err)
			}
			if got := debug.SetGCPercent(100); got != tt.want {
				t.Errorf("GOGC = %d, want %d", got, tt.want)
			}
		})
	}
}

// restoreMemoryBounds puts the runtime's memory limit and GOGC back after the test.
func restoreMemoryBounds(t *testing.T) {
	t.Helper()
	limit, gc := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	debug.SetGCPercent(gc)
	t.Cleanup(func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(gc)
	})
}
