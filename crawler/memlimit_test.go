package crawler

import (
	"errors"
	"math"
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
