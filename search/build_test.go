package search

import (
	"slices"
	"testing"
)

// TestPlacements: a prefix typed in the old tone placement also looks for the words as the
// index spells them (the new placement); other prefixes add nothing.
func TestPlacements(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		want   []string
	}{
		{"hò", []string{"hoà", "hoè"}},
		{"hó", []string{"hoá", "hoé"}},
		{"khỏ", []string{"khoả", "khoẻ"}},
		{"thủ", []string{"thuỷ"}},
		{"họ", []string{"hoạ", "hoẹ"}},
		{"hoà", nil},
		{"ho", nil},
		{"hồ", nil},
		{"quý", nil},
		{"văn", nil},
	} {
		if got := placements(tt.prefix); !slices.Equal(got, tt.want) {
			t.Errorf("placements(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}
