package vi

import (
	"fmt"
	"strings"
	"testing"
)

// tokenLine renders a token stream as "term@position[start:end]" words (byte offsets).
func tokenLine(t *testing.T, folded bool, text string) string {
	t.Helper()
	var b strings.Builder
	for i, tok := range NewIndexAnalyzer(folded).Analyze([]byte(text)) {
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
		{"folded field gets the folded short form", "Hội đồng nhân dân", true,
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
			if got := tokenLine(t, tt.folded, tt.text); got != tt.want {
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
