package vi

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/bantin/bantin/testsite"
)

func render(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%s@%d[%d:%d] ", t.Term, t.Position, t.Start, t.End)
	}
	return b.String()
}

func TestTokenizer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hội nghị văn hóa", "Hội nghị văn hóa"},
		{"ngày 15/3/2024 lúc 10:30", "ngày 15 3 2024 lúc 10 30"},
		{"1.234.567 người, 3,5%", "1.234.567 người 3,5"},
		{"TP.HCM và U.B.N.D", "TP.HCM và U.B.N.D"},
		{"kết thúc. Sau đó", "kết thúc Sau đó"},
		{"Thống kê: 9.544.977 Online: 37", "Thống kê 9.544.977 Online 37"},
		{"http://so.gov.vn/tin-tuc?id=5", "http so.gov.vn tin tuc id 5"},
		{"don't ‘quote’ l'eau", "don't quote l'eau"},
		{"snake_case ___ _x", "snake_case _x"},
		{"abc123 2023a", "abc123 2023a"},
		{norm.NFD.String("Thủy lợi"), norm.NFD.String("Thủy lợi")},
		{"\u0301lead mark", "lead mark"},
		{"中文 テスト", "中 文 テ ス ト"},
		{"«Tuổi trẻ» — sáng tạo!", "Tuổi trẻ sáng tạo"},
		{"", ""},
		{"a.", "a"},
		{"x\xffy", "x y"},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range (Tokenizer{}).Tokenize([]byte(tt.in)) {
			got = append(got, string(tok.Term))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, g, tt.want)
		}
	}
}

// TestTokenizerMatchesUnicode checks that Tokenizer gives the tokens of Bleve's unicode
// tokenizer (terms, offsets, positions) on department news: the simulator's articles of every
// portal family and the extraction test pages' texts.
func TestTokenizerMatchesUnicode(t *testing.T) {
	var texts []string
	for _, fam := range []string{"liferay", "sharepoint", "dnn", "php", "wordpress"} {
		for n := range 20 {
			_, _, truth := testsite.RenderArticle(fam, 1, n)
			if truth.Text == "" {
				t.Fatalf("no article %d of family %s", n, fam)
			}
			texts = append(texts, truth.Title, truth.Lead, truth.Text, truth.Author)
		}
	}
	golden, _ := filepath.Glob(filepath.Join("..", "..", "extract", "testdata", "golden", "*.json"))
	for _, f := range golden {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if len(golden) == 0 {
		t.Fatal("no extraction golden files found")
	}
	ref := unicode.NewUnicodeTokenizer()
	words := 0
	for _, text := range texts {
		for _, form := range []string{text, norm.NFD.String(text)} {
			want, got := ref.Tokenize([]byte(form)), (Tokenizer{}).Tokenize([]byte(form))
			words += len(want)
			if w, g := render(want), render(got); w != g {
				t.Errorf("tokens differ on %.80q\nunicode: %.300s\nvi:      %.300s", form, w, g)
			}
		}
	}
	t.Logf("%d texts, %d words compared", 2*len(texts), words)
}

// FuzzTokenizer: any input gives tokens that are the input's bytes at their offsets, in
// order, with consecutive positions, and never a panic; so do the tokens after
// SplitDottedFilter, and the word pairs have offsets within the input.
func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{"Hội nghị 15/3/2024", "TP.HCM 1.234,5", "a'b 'c' ___ x_y", "中文テスト", norm.NFD.String("Thủy"), "\xff\xfe.", "\u0301a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts := (Tokenizer{}).Tokenize([]byte(s))
		checkTokens(t, s, ts)
		checkTokens(t, s, (SplitDottedFilter{}).Filter(ts))
		for _, tok := range NewPairsAnalyzer().Analyze([]byte(s)) {
			if tok.Start < 0 || tok.End <= tok.Start || tok.End > len(s) || len(tok.Term) == 0 {
				t.Fatalf("pair %q at [%d:%d] in %q", tok.Term, tok.Start, tok.End, s)
			}
		}
	})
}

// checkTokens fails unless ts are s's bytes at their offsets, in order, at positions 1, 2, ...
func checkTokens(t *testing.T, s string, ts analysis.TokenStream) {
	t.Helper()
	last := 0
	for i, tok := range ts {
		if tok.Start < last || tok.End <= tok.Start || tok.End > len(s) {
			t.Fatalf("token %d %q at [%d:%d] after %d in %q", i, tok.Term, tok.Start, tok.End, last, s)
		}
		if string(tok.Term) != s[tok.Start:tok.End] || tok.Position != i+1 {
			t.Fatalf("token %d %q at [%d:%d] position %d in %q", i, tok.Term, tok.Start, tok.End, tok.Position, s)
		}
		last = tok.End
	}
}
