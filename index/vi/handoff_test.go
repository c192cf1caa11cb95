package vi

import (
	"fmt"
	"hash/maphash"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// handoffTexts are texts whose analysis exercises every shared stage: split words, short and
// full forms, NFD, function words, numbers, nothing at all.
var handoffTexts = []string{
	"Chủ tịch UBND tỉnh dự Hội nghị văn hóa",
	"Ban Chấp hành Công đoàn Sở Văn hóa, Thể thao và Du lịch của tỉnh",
	"TP.HCM, Nguồn:Sở Y tế, GS.TS Nguyễn Văn A",
	norm.NFD.String("Khánh Hòa, Thủy lợi, khỏe mạnh 15/03/2024"),
	"chủ tịch Ủy ban nhân dân tỉnh và HĐND huyện",
	"Huế",
	"",
}

// TestPairedAnalyzers: the paired analyzer makes the index analyzer's tokens, and the pairs
// analyzer makes the same pairs whether it takes the paired analyzer's tokens or analyses the
// text itself; the hand-over happens, and leaves nothing behind.
func TestPairedAnalyzers(t *testing.T) {
	index, paired, pairs := NewIndexAnalyzer(), NewPairedAnalyzer(), NewPairsAnalyzer()
	for _, text := range handoffTexts {
		alone := render(pairs.Analyze([]byte(text))) // nothing handed over: the fallback
		if got, want := render(paired.Analyze([]byte(text))), render(index.Analyze([]byte(text))); got != want {
			t.Errorf("paired analyzer of %q:\n got %s\nwant %s", text, got, want)
		}
		if !waiting(text) {
			t.Errorf("paired analyzer of %q handed nothing over", text)
		}
		// A copy of the text, as Bleve gives each field its own.
		if got := render(pairs.Analyze([]byte(text))); got != alone {
			t.Errorf("pairs of %q taken over:\n got %s\nwant %s", text, got, alone)
		}
		if n := waitingCount(); n != 0 {
			t.Errorf("after the pairs of %q, %d token streams left", text, n)
		}
	}
}

// TestHandoffConcurrent: analysing goroutines, some with the same texts, each get their own
// text's terms and pairs.
func TestHandoffConcurrent(t *testing.T) {
	index, paired, pairs := NewIndexAnalyzer(), NewPairedAnalyzer(), NewPairsAnalyzer()
	wantTerms, wantPairs := map[string]string{}, map[string]string{}
	for _, text := range handoffTexts {
		wantTerms[text] = render(index.Analyze([]byte(text)))
		wantPairs[text] = render(pairs.Analyze([]byte(text)))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				text := handoffTexts[(g+i)%len(handoffTexts)]
				if got := render(paired.Analyze([]byte(text))); got != wantTerms[text] {
					t.Errorf("paired analyzer of %q: %s", text, got)
					return
				}
				if got := render(pairs.Analyze([]byte(text))); got != wantPairs[text] {
					t.Errorf("pairs of %q: %s", text, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestHandoffBounded: streams nobody takes do not pile up.
func TestHandoffBounded(t *testing.T) {
	paired := NewPairedAnalyzer()
	for i := range 3 * handoffMax {
		paired.Analyze(fmt.Appendf(nil, "văn bản số %d", i))
	}
	handoffs.mu.Lock()
	n := len(handoffs.m)
	clear(handoffs.m)
	handoffs.mu.Unlock()
	if n > handoffMax {
		t.Errorf("%d token streams waiting, more than %d", n, handoffMax)
	}
}

// waiting reports whether tokens of text wait to be taken.
func waiting(text string) bool {
	handoffs.mu.Lock()
	defer handoffs.mu.Unlock()
	_, ok := handoffs.m[maphash.Bytes(handoffs.seed, []byte(text))]
	return ok
}

func waitingCount() int {
	handoffs.mu.Lock()
	defer handoffs.mu.Unlock()
	return len(handoffs.m)
}
