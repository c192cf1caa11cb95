package extract

import (
	"math"
	"testing"

	"github.com/bantin/bantin"
	"golang.org/x/text/unicode/norm"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Sở Văn hóa, Thể thao", []string{"Sở", "Văn", "hóa", "Thể", "thao"}},
		{norm.NFD.String("Sở Văn hóa"), []string{"Sở", "Văn", "hóa"}},
		{"co\u00adop snake_case 12,5%", []string{"coop", "snake_case", "12", "5"}},
		{"", nil},
	}
	for _, tc := range tests {
		got := Tokens(tc.in)
		if len(got) != len(tc.want) {
			t.Fatalf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
			}
		}
	}
}

func TestScorePage(t *testing.T) {
	tests := []struct {
		name, truth, pred string
		p, r              float64
		exact             bool
	}{
		{"identical", "a b c d e", "a, b. c d e", 1, 1, true},
		// shingles {abcd, bcde} vs {abcd, bcdx}: tp = fp = fn = 1/3.
		{"one wrong word", "a b c d e", "a b c d x", 0.5, 0.5, false},
		{"short texts are one shingle", "a b", "a b", 1, 1, true},
		{"nothing predicted", "a b c d", "", 0, 0, false},
		{"nothing true", "", "a b c d", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ScorePage(tc.truth, tc.pred)
			if math.Abs(s.Precision()-tc.p) > 1e-9 || math.Abs(s.Recall()-tc.r) > 1e-9 || s.Exact != tc.exact {
				t.Errorf("P=%v R=%v exact=%v, want %v %v %v", s.Precision(), s.Recall(), s.Exact, tc.p, tc.r, tc.exact)
			}
		})
	}
	// Macro: precision over pages with a prediction, recall over pages with a truth.
	f1, p, r, acc := Macro([]PageScore{ScorePage("a b c d e", "a b c d e"), ScorePage("a b c d e", ""), ScorePage("", "x y z w")})
	if math.Abs(p-0.5) > 1e-9 || math.Abs(r-0.5) > 1e-9 || math.Abs(f1-0.5) > 1e-9 || math.Abs(acc-1.0/3) > 1e-9 {
		t.Errorf("Macro = %v %v %v %v", f1, p, r, acc)
	}
}

func TestDateMatches(t *testing.T) {
	day, _ := bantin.ParseTimestamp("2024-06-01")
	at, _ := bantin.ParseTimestamp("2024-06-01T09:30:00+07:00")
	utc, _ := bantin.ParseTimestamp("2024-06-01T02:30:00Z")
	other, _ := bantin.ParseTimestamp("2024-06-01T09:31:00+07:00")
	tests := []struct {
		truth, pred bantin.Timestamp
		want        bool
	}{
		{day, at, true}, {day, day, true}, {at, utc, true}, {at, day, false}, {at, other, false}, {at, bantin.Timestamp{}, false},
	}
	for _, tc := range tests {
		if got := DateMatches(tc.truth, tc.pred); got != tc.want {
			t.Errorf("DateMatches(%s, %s) = %v, want %v", tc.truth, tc.pred, got, tc.want)
		}
	}
}
