package search

import (
	"strings"

	"github.com/bantin/bantin/index/vi"
)

// Abbreviations is the built-in list of government abbreviations and what they stand for.
// Queries are rewritten both ways: the abbreviation also finds the full form, and the full form
// (quoted or as consecutive words) also finds the abbreviation.
var Abbreviations = map[string]string{
	"UBND":     "ủy ban nhân dân",
	"HĐND":     "hội đồng nhân dân",
	"MTTQ":     "mặt trận tổ quốc",
	"VHTTDL":   "văn hóa thể thao và du lịch",
	"VH-TT-DL": "văn hóa thể thao và du lịch",
	"CCVC":     "công chức viên chức",
	"CBCCVC":   "cán bộ công chức viên chức",
	"CCB":      "cựu chiến binh",
	"TUV":      "tỉnh ủy viên",
	"THPT":     "trung học phổ thông",
	"THCS":     "trung học cơ sở",
	"GDĐT":     "giáo dục và đào tạo",
	"GD&ĐT":    "giáo dục và đào tạo",
	"LĐTBXH":   "lao động thương binh và xã hội",
	"TNMT":     "tài nguyên và môi trường",
	"KHCN":     "khoa học và công nghệ",
	"KH&CN":    "khoa học và công nghệ",
	"NN&PTNT":  "nông nghiệp và phát triển nông thôn",
	"NNPTNT":   "nông nghiệp và phát triển nông thôn",
	"GTVT":     "giao thông vận tải",
	"TTTT":     "thông tin và truyền thông",
	"KHĐT":     "kế hoạch và đầu tư",
	"BHXH":     "bảo hiểm xã hội",
	"BHYT":     "bảo hiểm y tế",
	"ATGT":     "an toàn giao thông",
	"ATTP":     "an toàn thực phẩm",
	"PCCC":     "phòng cháy chữa cháy",
	"TNCS":     "thanh niên cộng sản",
	"HCM":      "Hồ Chí Minh",
	"TP":       "thành phố",
	"CNH-HĐH":  "công nghiệp hóa hiện đại hóa",
	"HTX":      "hợp tác xã",
	"DN":       "doanh nghiệp",
	"CNTT":     "công nghệ thông tin",
	"CĐS":      "chuyển đổi số",
	"NTM":      "nông thôn mới",
	"BCH":      "ban chấp hành",
	"BTV":      "ban thường vụ",
	"QĐ":       "quyết định",
	"NĐ-CP":    "nghị định chính phủ",
	"TTg":      "thủ tướng",
	"HLHPN":    "hội liên hiệp phụ nữ",
	"LHPN":     "liên hiệp phụ nữ",
	"ĐTN":      "đoàn thanh niên",
	"LĐLĐ":     "liên đoàn lao động",
	"CĐ":       "công đoàn",
	"BCĐ":      "ban chỉ đạo",
	"ĐH":       "đại học",
	"TW":       "trung ương",
}

// expansion is one abbreviation as folded term sequences, with the exact terms to substitute.
type expansion struct {
	short, long         []string // folded terms
	shortExact, longExt []string // exact terms
}

// abbrevTable matches term sequences against abbreviations in both directions.
type abbrevTable struct {
	entries []expansion
	byShort map[string][]int // first folded term of short → entries
	byLong  map[string][]int // first folded term of long → entries
}

func newAbbrevTable(extra map[string]string) *abbrevTable {
	t := &abbrevTable{byShort: map[string][]int{}, byLong: map[string][]int{}}
	seen := map[string]bool{}
	add := func(short, long string) {
		e := expansion{
			short: vi.FoldedTerms(short), long: vi.FoldedTerms(long),
			shortExact: vi.Terms(short), longExt: vi.Terms(long),
		}
		if len(e.short) == 0 || len(e.long) == 0 {
			return
		}
		key := strings.Join(e.short, " ") + "=" + strings.Join(e.long, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		t.entries = append(t.entries, e)
		i := len(t.entries) - 1
		t.byShort[e.short[0]] = append(t.byShort[e.short[0]], i)
		t.byLong[e.long[0]] = append(t.byLong[e.long[0]], i)
	}
	for s, l := range Abbreviations {
		if _, overridden := extra[s]; !overridden {
			add(s, l)
		}
	}
	for s, l := range extra {
		add(s, l)
	}
	return t
}

// alternatives returns the other spellings of a term sequence (exact terms in, exact terms
// out): each abbreviation found in it replaced by its full form and each full form by its
// abbreviation, one substitution per alternative.
func (t *abbrevTable) alternatives(exact []string) [][]string {
	if len(exact) == 0 {
		return nil
	}
	folded := make([]string, len(exact))
	for i, e := range exact {
		folded[i] = vi.Fold(e)
	}
	var out [][]string
	seen := map[string]bool{strings.Join(exact, " "): true}
	sub := func(i, n int, with []string) {
		alt := make([]string, 0, len(exact)-n+len(with))
		alt = append(alt, exact[:i]...)
		alt = append(alt, with...)
		alt = append(alt, exact[i+n:]...)
		k := strings.Join(alt, " ")
		if !seen[k] && len(out) < 8 {
			seen[k] = true
			out = append(out, alt)
		}
	}
	for i := range folded {
		for _, ei := range t.byShort[folded[i]] {
			e := t.entries[ei]
			if hasAt(folded, i, e.short) {
				sub(i, len(e.short), e.longExt)
			}
		}
		for _, ei := range t.byLong[folded[i]] {
			e := t.entries[ei]
			if hasAt(folded, i, e.long) {
				sub(i, len(e.long), e.shortExact)
			}
		}
	}
	return out
}

func hasAt(s []string, i int, want []string) bool {
	if i+len(want) > len(s) {
		return false
	}
	for k, w := range want {
		if s[i+k] != w {
			return false
		}
	}
	return true
}
