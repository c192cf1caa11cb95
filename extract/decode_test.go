package extract

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// cp1258 encodes s as windows-1258 does: base letters precomposed where the code page has
// them, tone marks as combining characters.
func cp1258(t *testing.T, s string) []byte {
	t.Helper()
	var out []byte
	enc := charmap.Windows1258.NewEncoder()
	for _, r := range s {
		if b, err := enc.Bytes([]byte(string(r))); err == nil {
			out = append(out, b...)
			continue
		}
		// Decompose the tone mark, keep the rest precomposed.
		d := []rune(norm.NFD.String(string(r)))
		var base []rune
		var tones []rune
		for _, x := range d {
			switch x {
			case 0x300, 0x301, 0x303, 0x309, 0x323:
				tones = append(tones, x)
			default:
				base = append(base, x)
			}
		}
		b, err := enc.Bytes([]byte(norm.NFC.String(string(base)) + string(tones)))
		if err != nil {
			t.Fatalf("cp1258 %q: %v", r, err)
		}
		out = append(out, b...)
	}
	return out
}

func TestDecode(t *testing.T) {
	const vi = "Sở Văn hóa, Thể thao và Du lịch tổ chức Hội nghị chuyên đề về công tác đoàn thể"
	page := func(head string) string {
		return "<html><head>" + head + "</head><body><p>" + vi + "</p></body></html>"
	}
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(page("")))
	tests := []struct {
		name        string
		in          []byte
		contentType string
	}{
		{"utf-8 declared", []byte(page(`<meta charset="utf-8">`)), "text/html; charset=utf-8"},
		{"utf-8 undeclared", []byte(page("")), ""},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, page("")...), ""},
		{"utf-16 bom", utf16le, ""},
		{"windows-1258 by header", cp1258(t, page("")), "text/html; charset=windows-1258"},
		{"windows-1258 by meta", cp1258(t, page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">`)), ""},
		{"windows-1258 by meta charset", cp1258(t, page(`<meta charset='cp1258'>`)), "text/html"},
		{"windows-1258 undeclared", cp1258(t, page("")), ""},
		{"utf-8 misdeclared as iso-8859-1", []byte(page(`<meta charset="iso-8859-1">`)), "text/html; charset=ISO-8859-1"},
		{"nfd", []byte(norm.NFD.String(page(""))), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(tc.in, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(s, vi) {
				t.Errorf("Decode lost the Vietnamese text:\n%q", s)
			}
			if !norm.NFC.IsNormalString(s) {
				t.Error("not NFC")
			}
		})
	}
}

func TestDecodeBadInput(t *testing.T) {
	if _, err := Decode(nil, ""); !errors.Is(err, ErrEmpty) {
		t.Errorf("Decode(nil) err = %v, want ErrEmpty", err)
	}
	tests := []struct {
		name, contentType string
		in                []byte
	}{
		{"invalid utf-8 declared utf-8", "text/html; charset=utf-8", []byte("<p>Sở \xff\xfe Y tế \xc3</p>")},
		{"unknown charset", "text/html; charset=x-klingon", []byte("<p>Sở Y tế</p>")},
		{"malformed content type", "text/html; charset=", []byte("<p>abc</p>")},
		{"odd utf-16", "text/html; charset=utf-16", []byte{0xff, 0xfe, 0x41}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Decode(tc.in, tc.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(s) {
				t.Errorf("Decode returned invalid UTF-8: %q", s)
			}
		})
	}
}
