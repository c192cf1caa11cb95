package vi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// tokenLine renders what a renders of text as "term@position[start:end]" words (byte offsets).
func tokenLine(t *testing.T, a analysis.Analyzer, text string) string {
	t.Helper()
	var b strings.Builder
	for i, tok := range a.Analyze([]byte(text)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s@%d[%d:%d]", tok.Term, tok.Position, tok.Start, tok.End)
	}
	return b.String()
}

func TestAbbrevFilter(t *testing.T) {
	tests := []struct {
		name, text string
		folded     bool
		want       string
	}{
		{"full form marked at its first and last position", "Ủy ban nhân dân tỉnh", false,
			"uỷ@1[0:4] ubnd@1[0:19] ban@2[5:8] nhân@3[9:14] dân@4[15:19] ubnd@4[0:19] tỉnh@5[20:26]"},
		{"old tone placement and NFD are the same full form", "Uỷ ban nha\u0302n da\u0302n", false,
			"uỷ@1[0:4] ubnd@1[0:21] ban@2[5:8] nhân@3[9:15] dân@4[16:21] ubnd@4[0:21]"},
		{"folded stream gets the folded short form", "Hội đồng nhân dân", true,
			"hoi@1[0:5] hdnd@1[0:24] dong@2[6:13] nhan@3[14:19] dan@4[20:24] hdnd@4[0:24]"},
		{"nested full forms are both marked", "cán bộ công chức viên chức", false,
			"cán@1[0:4] cbccvc@1[0:35] bộ@2[5:9] công@3[10:15] ccvc@3[10:35] chức@4[16:22] viên@5[23:28] chức@6[29:35] cbccvc@6[0:35] ccvc@6[10:35]"},
		{"no full form: the stream is unchanged", "ủy ban mặt trận", false,
			"uỷ@1[0:4] ban@2[5:8] mặt@3[9:14] trận@4[15:21]"},
		{"words of a full form split by another word are not one", "ủy ban và nhân dân", false,
			"uỷ@1[0:4] ban@2[5:8] và@3[9:12] nhân@4[13:18] dân@5[19:23]"},
		{"the abbreviation itself is left as it is", "UBND HĐND", false, "ubnd@1[0:4] hđnd@2[5:10]"},
		{"text without diacritics is not marked", "uy ban nhan dan", false,
			"uy@1[0:2] ban@2[3:6] nhan@3[7:11] dan@4[12:15]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenLine(t, newAnalyzer(true, tt.folded, false), tt.text); got != tt.want {
				t.Errorf("%q:\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestIndexAnalyzer(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"each word with marks followed by its folded form", "Hội nghị văn hóa",
			"hội@1[0:5] hoi@1[0:5] nghị@2[6:12] nghi@2[6:12] văn@3[13:17] van@3[13:17] hoá@4[18:22] hoa@4[18:22]"},
		{"a word without marks is stored once", "Sở VH và ban tuyên giáo 2023",
			"sở@1[0:4] so@1[0:4] vh@2[5:7] và@3[8:11] va@3[8:11] ban@4[12:15] tuyên@5[16:22] tuyen@5[16:22] giáo@6[23:28] giao@6[23:28] 2023@7[29:33]"},
		{"đ folds to d, abbreviations in both forms", "HĐND",
			"hđnd@1[0:5] hdnd@1[0:5]"},
		{"full forms marked, then folded", "Hội đồng nhân dân",
			"hội@1[0:5] hoi@1[0:5] hđnd@1[0:24] hdnd@1[0:24] đồng@2[6:13] dong@2[6:13] nhân@3[14:19] nhan@3[14:19] dân@4[20:24] dan@4[20:24] hđnd@4[0:24] hdnd@4[0:24]"},
		{"NFD input gives NFC terms with offsets into the input", "Ho\u0323\u0302i nghi\u0323",
			"hội@1[0:7] hoi@1[0:7] nghị@2[8:14] nghi@2[8:14]"},
		{"text without diacritics is unchanged", "hoi nghi van hoa",
			"hoi@1[0:3] nghi@2[4:8] van@3[9:12] hoa@4[13:16]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenLine(t, NewIndexAnalyzer(), tt.text); got != tt.want {
				t.Errorf("%q:\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestIndexedShort(t *testing.T) {
	tests := []struct {
		long string
		want string
		ok   bool
	}{
		{"ủy ban nhân dân", "ubnd", true},
		{"uỷ ban nhân dân", "ubnd", true},
		{"văn hóa thể thao và du lịch", "vhttdl", true},
		{"giáo dục và đào tạo", "gdđt", true},
		{"ủy ban", "", false},
	}
	for _, tt := range tests {
		got, ok := IndexedShort(Terms(tt.long))
		if got != tt.want || ok != tt.ok {
			t.Errorf("IndexedShort(%q) = %q, %v; want %q, %v", tt.long, got, ok, tt.want, tt.ok)
		}
	}
}
