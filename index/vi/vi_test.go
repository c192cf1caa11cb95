package vi

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòa", "hoà"},
		{"hoà", "hoà"},
		{"thủy", "thuỷ"},
		{"thuỷ", "thuỷ"},
		{"khỏe", "khoẻ"},
		{"khoẻ", "khoẻ"},
		{"hoàn", "hoàn"},
		{"hòan", "hoàn"},
		{"toán", "toán"},
		{"người", "người"},
		{"ngừơi", "người"},
		{"rượu", "rượu"},
		{"thuở", "thuở"},
		{"ngoài", "ngoài"},
		{"ngòai", "ngoài"},
		{"khuỷu", "khuỷu"},
		{"của", "của"},
		{"cuả", "của"},
		{"quả", "quả"},
		{"giữa", "giữa"},
		{"gì", "gì"},
		{"mái", "mái"},
		{"kìa", "kìa"},
		{"lý", "lí"},
		{"lí", "lí"},
		{"kỹ", "kĩ"},
		{"quý", "quí"},
		{"ý", "ý"},
		{"y", "y"},
		{"thúy", "thuý"},
		{"huỳnh", "huỳnh"},
		{"quyết", "quyết"},
		{"2023", "2023"},
		{"hđnd", "hđnd"},
		{"ubnd", "ubnd"},
		{"city", "city"},
		{"đoàn", "đoàn"},
		{"đòan", "đoàn"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Canonical(tt.in); got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := Canonical(norm.NFD.String(tt.in)); got != tt.want {
				t.Errorf("Canonical(NFD %q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hội nghị văn hóa", "Hoi nghi van hoa"},
		{"ĐOÀN THANH NIÊN", "DOAN THANH NIEN"},
		{norm.NFD.String("người đứng đầu"), "nguoi dung dau"},
		{"plain", "plain"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// cp1258 encodes s as windows-1258 does (tones as separate combining bytes) and decodes it back,
// giving text with combining marks as a page in that charset yields.
func cp1258(t *testing.T, s string) string {
	t.Helper()
	// windows-1258 has ơ, ư, ă, â, ê, ô precomposed but tones only as combining marks.
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if isTone(r) {
			b.WriteString("\x00")
		}
		b.WriteRune(r)
	}
	parts := strings.Split(b.String(), "\x00")
	for i, p := range parts {
		if i > 0 {
			p = p[:len(string(rune(toneGrave)))] + norm.NFC.String(p[len(string(rune(toneGrave))):])
		} else {
			p = norm.NFC.String(p)
		}
		parts[i] = p
	}
	enc, err := charmap.Windows1258.NewEncoder().String(strings.Join(parts, ""))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	dec, err := charmap.Windows1258.NewDecoder().String(enc)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if dec == s {
		t.Fatalf("windows-1258 round trip of %q gave NFC back; the fixture tests nothing", s)
	}
	return dec
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		exact  []string
		folded []string
	}{
		{"sentence", "Hội nghị văn hóa", []string{"hội", "nghị", "văn", "hoá"}, []string{"hoi", "nghi", "van", "hoa"}},
		{"new tone style", "Hội nghị văn hoá", []string{"hội", "nghị", "văn", "hoá"}, []string{"hoi", "nghi", "van", "hoa"}},
		{"NFD input", norm.NFD.String("Thủy lợi, khỏe mạnh"), []string{"thuỷ", "lợi", "khoẻ", "mạnh"}, []string{"thuy", "loi", "khoe", "manh"}},
		{"windows-1258", cp1258(t, "Sở Văn hóa Thể thao"), []string{"sở", "văn", "hoá", "thể", "thao"}, []string{"so", "van", "hoa", "the", "thao"}},
		{"uppercase Đ", "ĐẢNG ỦY ĐOÀN", []string{"đảng", "uỷ", "đoàn"}, []string{"dang", "uy", "doan"}},
		{"abbreviations", "HĐND và UBND tỉnh", []string{"hđnd", "và", "ubnd", "tỉnh"}, []string{"hdnd", "va", "ubnd", "tinh"}},
		{"numbers", "Năm 2023 có 1.234 người", []string{"năm", "2023", "có", "1.234", "người"}, []string{"nam", "2023", "co", "1.234", "nguoi"}},
		{"dates", "ngày 15/3/2024", []string{"ngày", "15", "3", "2024"}, []string{"ngay", "15", "3", "2024"}},
		{"leading zeros", "ngày 05/03/2024, số 0 và 007", []string{"ngày", "5", "3", "2024", "số", "0", "và", "7"}, []string{"ngay", "5", "3", "2024", "so", "0", "va", "7"}},
		{"y spelling", "Lý luận kỹ thuật", []string{"lí", "luận", "kĩ", "thuật"}, []string{"li", "luan", "ki", "thuat"}},
		{"punctuation", "«Tuổi trẻ» — sáng tạo!", []string{"tuổi", "trẻ", "sáng", "tạo"}, []string{"tuoi", "tre", "sang", "tao"}},
		{"dotted place", "tại TP.HCM và P.Bến Nghé", []string{"tại", "tp", "hcm", "và", "p", "bến", "nghé"}, []string{"tai", "tp", "hcm", "va", "p", "ben", "nghe"}},
		{"dotted titles", "GS.TS Nguyễn", []string{"gs", "ts", "nguyễn"}, []string{"gs", "ts", "nguyen"}},
		{"dotted NFD", norm.NFD.String("H.Lệ Thủy"), []string{"h", "lệ", "thuỷ"}, []string{"h", "le", "thuy"}},
		{"fullwidth stop", "TP\uFF0EHCM", []string{"tp", "hcm"}, []string{"tp", "hcm"}},
		{"domain", "sovhttdl.gov.vn", []string{"sovhttdl", "gov", "vn"}, []string{"sovhttdl", "gov", "vn"}},
		{"decimal stays whole", "tăng 15.3 lần", []string{"tăng", "15.3", "lần"}, []string{"tang", "15.3", "lan"}},
		{"colon without a space", "Nguồn:Sở Y tế", []string{"nguồn", "sở", "y", "tế"}, []string{"nguon", "so", "y", "te"}},
		{"fullwidth colon", "Nơi nhận\uFF1ANhư trên", []string{"nơi", "nhận", "như", "trên"}, []string{"noi", "nhan", "nhu", "tren"}},
		{"time", "lúc 8:30", []string{"lúc", "8", "30"}, []string{"luc", "8", "30"}},
		{"empty", "", []string{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.in); !reflect.DeepEqual(got, tt.exact) {
				t.Errorf("exact %q = %q, want %q", tt.in, got, tt.exact)
			}
			if got := FoldedTerms(tt.in); !reflect.DeepEqual(got, tt.folded) {
				t.Errorf("folded %q = %q, want %q", tt.in, got, tt.folded)
			}
		})
	}
}

func TestOffsetsPointIntoOriginal(t *testing.T) {
	in := norm.NFD.String("Đoàn thanh niên hòa nhập")
	for _, a := range []bool{false, true} {
		for _, tok := range NewAnalyzer(a).Analyze([]byte(in)) {
			orig := in[tok.Start:tok.End]
			if Fold(Normalize(orig)) != Fold(string(tok.Term)) {
				t.Errorf("folded=%v token %q has offsets [%d,%d) covering %q", a, tok.Term, tok.Start, tok.End, orig)
			}
			if strings.ContainsAny(orig, " ") {
				t.Errorf("token %q spans a space", orig)
			}
		}
	}
}

// TestSplitDotted checks the positions and offsets of split words: the parts of a dotted word
// are consecutive, the words after it move on by the parts added, and every offset covers the
// part's own text.
func TestSplitDotted(t *testing.T) {
	in := "Sở Y tế TP.HCM, P.Bến Nghé Q.1 có 1.234 ca. Nguồn:Sở"
	type tok struct {
		term string
		pos  int
		text string
	}
	want := []tok{
		{"sở", 1, "Sở"}, {"y", 2, "Y"}, {"tế", 3, "tế"}, {"tp", 4, "TP"}, {"hcm", 5, "HCM"},
		{"p", 6, "P"}, {"bến", 7, "Bến"}, {"nghé", 8, "Nghé"}, {"q", 9, "Q"}, {"1", 10, "1"},
		{"có", 11, "có"}, {"1.234", 12, "1.234"}, {"ca", 13, "ca"}, {"nguồn", 14, "Nguồn"}, {"sở", 15, "Sở"},
	}
	var got []tok
	for _, t := range NewAnalyzer(false).Analyze([]byte(in)) {
		got = append(got, tok{string(t.Term), t.Position, in[t.Start:t.End]})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokens of %q:\n got %v\nwant %v", in, got, want)
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"hòa", "thủy", "ngừơi", "q", "gi", "", "x\u0301\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Canonical(s)
		if Canonical(c) != c && norm.NFC.IsNormalString(s) {
			t.Errorf("not idempotent: %q → %q → %q", s, c, Canonical(c))
		}
		_ = Fold(s)
	})
}
