package vi

import (
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestPairs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "Chủ tịch tỉnh", []string{"chu tich", "tich tinh"}},
		{"no marks", "Hoa sen", []string{"hoa sen"}},
		{"short form", "chủ tịch UBND tỉnh", []string{"chu tich", "tich ubnd", "ubnd tinh"}},
		{"full form", "chủ tịch Ủy ban nhân dân tỉnh", []string{
			"chu tich", "tich uy", "tich ubnd", "uy ban", "ban nhan", "nhan dan", "dan tinh", "ubnd tinh"}},
		{"full forms side by side", "Ban Chấp hành Công đoàn", []string{ // BCH, CĐ
			"ban chap", "chap hanh", "hanh cong", "hanh cd", "bch cong", "bch cd", "cong doan"}},
		{"function words", "Sở Văn hóa, Thể thao và Du lịch của tỉnh", []string{
			"so van", "so vhttdl", "van hoa", "hoa the", "the thao", "du lich"}},
		{"across punctuation", "phòng, chống", []string{"phong chong"}},
		{"dotted", "TP.HCM", []string{"tp hcm"}},
		{"NFD and old tone style", norm.NFD.String("Khánh Hòa"), []string{"khanh hoa"}},
		{"one word", "Huế", nil},
		{"empty", "", nil},
	}
	a := NewPairsAnalyzer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range a.Analyze([]byte(tt.in)) {
				got = append(got, string(tok.Term))
				if tok.Start >= tok.End || tok.End > len(tt.in) {
					t.Errorf("pair %q has offsets [%d,%d)", tok.Term, tok.Start, tok.End)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pairs of %q:\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPairMatchesIndex: Pair gives the term PairFilter indexes for the same words, typed with
// marks or without, and Paired says which pairs are indexed.
func TestPairMatchesIndex(t *testing.T) {
	a := NewPairsAnalyzer()
	for _, tt := range []struct {
		text, x, y string
		paired     bool
	}{
		{"chủ tịch", "chủ", "tịch", true},
		{"chủ tịch", "chu", "tich", true},
		{"Khánh Hòa", "khánh", "hoà", true},
		{"UBND tỉnh", "ubnd", "tỉnh", true},
		{"văn hóa và du lịch", "và", "du", false},
		{"văn hóa và du lịch", "va", "du", false},
		{"cơ sở", "cơ", "sở", true},
		{"có sở", "co", "so", false}, // "co so" is also "cơ sở", paired: not every spelling is
	} {
		want := Pair(tt.x, tt.y)
		found := false
		for _, tok := range a.Analyze([]byte(tt.text)) {
			found = found || string(tok.Term) == want
		}
		paired := Paired(tt.x, tt.y)
		if !HasDiacritics(tt.x + tt.y) {
			paired = PairedFolded(tt.x, tt.y)
		}
		if found != tt.paired || paired != tt.paired {
			t.Errorf("%q: pair %q of %q %q indexed %v, Paired %v, want %v", tt.text, want, tt.x, tt.y, found, paired, tt.paired)
		}
	}
}
