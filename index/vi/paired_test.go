package vi

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// pairedTexts are texts whose analysis exercises every shared stage: split words, short and
// full forms, NFD, function words, numbers, nothing at all.
var pairedTexts = []string{
	"Chủ tịch UBND tỉnh dự Hội nghị văn hóa",
	"Ban Chấp hành Công đoàn Sở Văn hóa, Thể thao và Du lịch của tỉnh",
	"TP.HCM, Nguồn:Sở Y tế, GS.TS Nguyễn Văn A",
	norm.NFD.String("Khánh Hòa, Thủy lợi, khỏe mạnh 15/03/2024"),
	"chủ tịch Ủy ban nhân dân tỉnh và HĐND huyện",
	"Huế",
	"",
}

// TestSharedTokens: one analysis of the shared stages gives both the index analyzer's terms
// and the pairs analyzer's, and neither filter changes the shared tokens.
func TestSharedTokens(t *testing.T) {
	index, pairs := NewIndexAnalyzer(), NewPairsAnalyzer()
	for _, text := range pairedTexts {
		wantTerms, wantPairs := render(index.Analyze([]byte(text))), render(pairs.Analyze([]byte(text)))
		ts := SharedTokens([]byte(text))
		before := render(ts)
		if got := render(PairFilter{}.Filter(ts)); got != wantPairs {
			t.Errorf("pairs of %q:\n got %s\nwant %s", text, got, wantPairs)
		}
		if got := render(FoldAlsoFilter{}.Filter(ts)); got != wantTerms {
			t.Errorf("terms of %q:\n got %s\nwant %s", text, got, wantTerms)
		}
		if after := render(ts); after != before {
			t.Errorf("the filters changed the shared tokens of %q:\n got %s\nwant %s", text, after, before)
		}
	}
}
