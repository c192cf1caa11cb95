package index

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/bantin/bantin"
)

// Judged is one query of the relevance set with its judgement rule. A document is relevant
// when its text contains every Must concept and no Not concept; its grade is 2 when a Must
// concept is in its title, 1 otherwise. A concept is a list of spellings (lower case, NFC);
// both tone-mark styles of each spelling are added automatically. The rule never looks at how
// any engine analyses text.
type Judged struct {
	Kind  string // exact, no-diacritics, tone-style, abbreviation, phrase, boolean
	Query string // bantin's query language (the baseline parses it the same way)
	Must  [][]string
	Not   [][]string
}

func c(spellings ...string) []string { return spellings }

// JudgedSet is the relevance set over the simulator's vocabulary.
var JudgedSet = []Judged{
	{"exact", "bình đẳng giới", [][]string{c("bình đẳng giới")}, nil},
	{"exact", "phổ cập bơi", [][]string{c("phổ cập bơi")}, nil},
	{"exact", "số hóa tư liệu", [][]string{c("số hóa tư liệu")}, nil},
	{"exact", "phát triển văn hóa đọc", [][]string{c("phát triển văn hóa đọc")}, nil},
	{"exact", "giải chạy việt dã", [][]string{c("giải chạy việt dã")}, nil},
	{"exact", "sản phẩm OCOP", [][]string{c("sản phẩm ocop")}, nil},
	{"exact", "kinh tế tập thể", [][]string{c("kinh tế tập thể")}, nil},
	{"exact", "triển lãm ảnh tư liệu", [][]string{c("triển lãm ảnh tư liệu")}, nil},
	{"no-diacritics", "binh dang gioi", [][]string{c("bình đẳng giới")}, nil},
	{"no-diacritics", "giai chay viet da", [][]string{c("giải chạy việt dã")}, nil},
	{"no-diacritics", "van hoa doc", [][]string{c("văn hóa đọc")}, nil},
	{"no-diacritics", "phong chong thien tai", [][]string{c("phòng, chống thiên tai")}, nil},
	{"no-diacritics", "ngay hoi doc sach", [][]string{c("ngày hội đọc sách")}, nil},
	{"no-diacritics", "hoi cho thuong mai", [][]string{c("hội chợ thương mại")}, nil},
	{"no-diacritics", "tiem chung mo rong", [][]string{c("tiêm chủng mở rộng")}, nil},
	{"no-diacritics", "bien doi khi hau", [][]string{c("biến đổi khí hậu")}, nil},
	{"tone-style", "Hoà Bình", [][]string{c("hòa bình")}, nil},
	{"tone-style", "Thanh Hoá", [][]string{c("thanh hóa")}, nil},
	{"tone-style", "Khánh Hoà", [][]string{c("khánh hòa")}, nil},
	{"tone-style", "Lệ Thuỷ", [][]string{c("lệ thủy")}, nil},
	{"tone-style", "chăm sóc sức khoẻ", [][]string{c("chăm sóc sức khỏe")}, nil},
	{"tone-style", "xã Tân Hoá", [][]string{c("xã tân hóa")}, nil},
	{"tone-style", "Thuỷ Xuân", [][]string{c("thủy xuân")}, nil},
	{"tone-style", "số hoá tư liệu", [][]string{c("số hóa tư liệu")}, nil},
	{"abbreviation", "UBND huyện", [][]string{c("ủy ban nhân dân huyện", "ubnd huyện")}, nil},
	{"abbreviation", "Hội đồng nhân dân tỉnh", [][]string{c("hội đồng nhân dân tỉnh", "hđnd tỉnh")}, nil},
	{"abbreviation", "Hội CCB", [][]string{c("hội cựu chiến binh", "hội ccb")}, nil},
	{"abbreviation", "Trường THPT chuyên", [][]string{c("trường trung học phổ thông chuyên", "trường thpt chuyên")}, nil},
	{"abbreviation", `"Sở VHTTDL"`, [][]string{c("sở văn hóa, thể thao và du lịch", "sở vhttdl")}, nil},
	{"abbreviation", `"ban chấp hành công đoàn"`, [][]string{c("ban chấp hành công đoàn", "bch công đoàn")}, nil},
	{"abbreviation", "MTTQ", [][]string{c("mặt trận tổ quốc", "mttq")}, nil},
	{"abbreviation", "chủ tịch hđnd", [][]string{c("chủ tịch hđnd", "chủ tịch hội đồng nhân dân")}, nil},
	{"phrase", `"hội thi tuyên truyền lưu động"`, [][]string{c("hội thi tuyên truyền lưu động")}, nil},
	{"phrase", `"nhà văn hóa thôn"`, [][]string{c("nhà văn hóa thôn")}, nil},
	{"phrase", `"dịch vụ công trực tuyến"`, [][]string{c("dịch vụ công trực tuyến")}, nil},
	{"phrase", `"quy chế phối hợp"`, [][]string{c("quy chế phối hợp")}, nil},
	{"phrase", `"cuộc thi sáng tác ảnh nghệ thuật"`, [][]string{c("cuộc thi sáng tác ảnh nghệ thuật")}, nil},
	{"phrase", `"giảm nghèo bền vững"`, [][]string{c("giảm nghèo bền vững")}, nil},
	{"boolean", `"chuyển đổi số" AND "dịch vụ công trực tuyến"`, [][]string{c("chuyển đổi số"), c("dịch vụ công trực tuyến")}, nil},
	{"boolean", `"lễ hội truyền thống" NOT "du khách"`, [][]string{c("lễ hội truyền thống")}, [][]string{c("du khách")}},
	{"boolean", `("giải bóng đá thiếu niên" OR "đại hội thể dục thể thao") AND "Phú Thọ"`,
		[][]string{c("giải bóng đá thiếu niên", "đại hội thể dục thể thao"), c("phú thọ")}, nil},
	{"boolean", `"an sinh xã hội" AND "Lâm Đồng"`, [][]string{c("an sinh xã hội"), c("lâm đồng")}, nil},
	{"boolean", `"phòng, chống tham nhũng" -"Nghị quyết"`, [][]string{c("phòng, chống tham nhũng")}, [][]string{c("nghị quyết")}},
	{"boolean", `"xây dựng nông thôn mới" AND ("Quảng Bình" OR "Bình Định")`,
		[][]string{c("xây dựng nông thôn mới"), c("quảng bình", "bình định")}, nil},
}

// toneStyles returns s with oa/oe/uy tone marks in the old and the new style.
func toneStyles(s string) []string {
	var pairs []string
	oldNew := [][2]string{
		{"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
		{"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
		{"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
	}
	old, nw := s, s
	for _, p := range oldNew {
		old = strings.ReplaceAll(old, p[1], p[0])
		nw = strings.ReplaceAll(nw, p[0], p[1])
	}
	pairs = append(pairs, old)
	if nw != old {
		pairs = append(pairs, nw)
	}
	return pairs
}

// doc is a judged document: lower-case NFC title and whole text.
type doc struct{ title, all string }

func judgeDoc(e bantin.Entry) doc {
	low := func(s string) string { return strings.ToLower(norm.NFC.String(s)) }
	a := e.Article
	return doc{title: low(a.Title), all: low(a.Title + "\n" + a.Lead + "\n" + a.Text)}
}

func hasConcept(text string, concept []string) bool {
	for _, s := range concept {
		for _, v := range toneStyles(s) {
			if strings.Contains(text, v) {
				return true
			}
		}
	}
	return false
}

// Grade returns the judged relevance of d for j: 0, 1 or 2.
func (j Judged) grade(d doc) int {
	for _, n := range j.Not {
		if hasConcept(d.all, n) {
			return 0
		}
	}
	inTitle := false
	for _, m := range j.Must {
		if !hasConcept(d.all, m) {
			return 0
		}
		if hasConcept(d.title, m) {
			inTitle = true
		}
	}
	if inTitle {
		return 2
	}
	return 1
}
