package vi

import (
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Abbreviations is the built-in list of government abbreviations and what they stand for,
// short form → full form. The index analyzers mark every full form of this list with its short
// form (see AbbrevFilter), so changing the list changes the index: bump index.MappingVersion.
// Package search rewrites queries with it (and with the abbreviations a config adds).
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

// AbbrevFilterName is the token filter that marks full forms with their abbreviation.
const AbbrevFilterName = "vi_abbrev"

// AbbrevFilter is a Bleve token filter that adds, for every full form of Abbreviations found in
// the token stream as consecutive tokens ("ủy ban nhân dân"), its one-token short form ("ubnd")
// twice: at the position of the full form's first token and at the position of its last, both
// with the offsets of the whole full form (a highlight marks all of it). A query for the short
// form then is one term instead of a phrase over four of the commonest words, and a phrase with
// the short form at either end ("ubnd tỉnh", "sở vhttdl") also matches the spelled-out form.
// It runs after NormalizeFilter and before FoldAlsoFilter: full forms are recognised in their
// canonical spelling with diacritics (text written without marks is not marked).
type AbbrevFilter struct{}

// abbrevEntry is one full form as exact terms and its one-token short form.
type abbrevEntry struct {
	long  []string
	short string
}

// abbrevByFirst returns the entries by the first term of their full form. Abbreviations whose
// short form is more than one token ("GD&ĐT") are left to query rewriting. It is built on first
// use: Terms needs the tables this package's init functions fill.
var abbrevByFirst = sync.OnceValue(func() map[string][]abbrevEntry {
	m := map[string][]abbrevEntry{}
	seen := map[string]bool{}
	for s, l := range Abbreviations {
		short, long := Terms(s), Terms(l)
		if len(short) != 1 || len(long) < 2 {
			continue
		}
		key := short[0] + "=" + strings.Join(long, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		m[long[0]] = append(m[long[0]], abbrevEntry{long: long, short: short[0]})
	}
	return m
})

// IndexedShort returns the one-token short form the index adds for the full form long (exact
// terms, as Terms gives them), if the index marks it.
func IndexedShort(long []string) (string, bool) {
	if len(long) == 0 {
		return "", false
	}
	for _, e := range abbrevByFirst()[long[0]] {
		if slices.Equal(e.long, long) {
			return e.short, true
		}
	}
	return "", false
}

// shortForms are the short forms the index marks full forms with, exact and folded.
var shortForms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, es := range abbrevByFirst() {
		for _, e := range es {
			m[e.short], m[Fold(e.short)] = true, true
		}
	}
	return m
})

// MarksShort reports whether term (exact or folded) is a short form that the index may hold as
// the mark of a full form, a token that spans the words of the full form (AbbrevFilter).
func MarksShort(term string) bool { return shortForms()[term] }

// Filter implements analysis.TokenFilter.
func (AbbrevFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream  // nil until a full form is found
	var pending []*analysis.Token // short forms at a later token's position
	byFirst := abbrevByFirst()
	for i, t := range in {
		if out != nil {
			out = append(out, t)
			for len(pending) > 0 && pending[0].Position == t.Position {
				out = append(out, pending[0])
				pending = pending[1:]
			}
		}
		for _, e := range byFirst[string(t.Term)] {
			if !fullFormAt(in, i, e.long) {
				continue
			}
			if out == nil {
				out = make(analysis.TokenStream, 0, len(in)+8)
				out = append(out, in[:i+1]...)
			}
			last := in[i+len(e.long)-1]
			mark := func(pos int) *analysis.Token {
				return &analysis.Token{Term: []byte(e.short), Start: t.Start, End: last.End, Position: pos, Type: analysis.AlphaNumeric}
			}
			out = append(out, mark(t.Position))
			pending = insertByPosition(pending, mark(last.Position))
		}
	}
	if out == nil {
		return in
	}
	return append(out, pending...)
}

// fullFormAt reports whether the terms of long stand at in[i:], at consecutive positions.
func fullFormAt(in analysis.TokenStream, i int, long []string) bool {
	if i+len(long) > len(in) {
		return false
	}
	for k, w := range long {
		t := in[i+k]
		if string(t.Term) != w || t.Position != in[i].Position+k {
			return false
		}
	}
	return true
}

func insertByPosition(ts []*analysis.Token, t *analysis.Token) []*analysis.Token {
	k := len(ts)
	for k > 0 && ts[k-1].Position > t.Position {
		k--
	}
	ts = append(ts, nil)
	copy(ts[k+1:], ts[k:])
	ts[k] = t
	return ts
}
