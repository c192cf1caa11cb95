package extract

import (
	"bytes"
	"errors"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// ErrEmpty is returned for a page with no bytes at all.
var ErrEmpty = errors.New("extract: empty page")

// Decode returns the page as NFC UTF-8. The charset comes from, in order: the Content-Type
// header's charset parameter, a byte-order mark, a <meta charset> or http-equiv declaration in
// the first bytes, valid UTF-8, and finally a windows-1258 / windows-1252 guess from the bytes.
// A page declared as windows-1252 or ISO-8859-1 whose bytes are valid multi-byte UTF-8 is read
// as UTF-8 (a common misdeclaration that garbles Vietnamese). Invalid bytes become U+FFFD; it
// never panics. It fails only on an empty page (ErrEmpty).
func Decode(page []byte, contentType string) (string, error) {
	if len(page) == 0 {
		return "", ErrEmpty
	}
	enc, name := detectEncoding(page, contentType)
	var s string
	if enc == nil {
		s = strings.ToValidUTF8(string(page), "\uFFFD")
	} else {
		b, err := enc.NewDecoder().Bytes(page)
		if err != nil {
			// Decoders of single-byte charsets do not fail; UTF-16 may on odd lengths.
			s = strings.ToValidUTF8(string(page), "\uFFFD")
		} else {
			s = strings.ToValidUTF8(string(b), "\uFFFD")
		}
	}
	_ = name
	s = strings.TrimPrefix(s, "\uFEFF")
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s, nil
}

// detectEncoding returns nil for UTF-8, or the decoder to apply, and the charset name.
func detectEncoding(page []byte, contentType string) (encoding.Encoding, string) {
	if cs := contentTypeCharset(contentType); cs != "" {
		if e, name := lookup(cs, page); name != "" {
			return e, name
		}
	}
	switch {
	case bytes.HasPrefix(page, []byte{0xEF, 0xBB, 0xBF}):
		return nil, "utf-8"
	case bytes.HasPrefix(page, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(page, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	if cs := metaCharset(page); cs != "" {
		if e, name := lookup(cs, page); name != "" {
			return e, name
		}
	}
	if utf8.Valid(page) {
		return nil, "utf-8"
	}
	if looksWindows1258(page) {
		return charmap.Windows1258, "windows-1258"
	}
	return charmap.Windows1252, "windows-1252"
}

func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(ct); err == nil {
		return params["charset"]
	}
	// Malformed header: look for charset= by hand. Only ASCII letters are lowered, so that
	// offsets stay those of ct even when it holds invalid UTF-8.
	i := strings.Index(asciiLower(ct), "charset=")
	if i < 0 {
		return ""
	}
	v := strings.Trim(ct[i+len("charset="):], "\"' ")
	if j := strings.IndexAny(v, ";, "); j >= 0 {
		v = v[:j]
	}
	return v
}

// lookup maps a charset label to a decoder (nil for UTF-8). name is "" for an unknown label.
func lookup(label string, page []byte) (encoding.Encoding, string) {
	e, name := charset.Lookup(strings.TrimSpace(label))
	if e == nil {
		return nil, ""
	}
	switch name {
	case "utf-8":
		return nil, name
	case "utf-16le", "utf-16be":
		// A page served as UTF-16 without a BOM is almost always mislabelled ASCII-compatible
		// text; trust the bytes when they are valid UTF-8.
		if utf8.Valid(page) {
			return nil, "utf-8"
		}
	case "windows-1252":
		if hasMultibyteUTF8(page) {
			return nil, "utf-8"
		}
	}
	return e, name
}

// hasMultibyteUTF8 reports whether page is valid UTF-8 and contains non-ASCII characters: such
// bytes are almost never meant as windows-1252.
func hasMultibyteUTF8(page []byte) bool {
	for _, c := range page {
		if c >= 0x80 {
			return utf8.Valid(page)
		}
	}
	return false
}

// metaCharset finds a charset declared in a <meta> element near the start of the page.
func metaCharset(page []byte) string {
	head := page
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := bytes.ToLower(head)
	for off := 0; ; {
		i := bytes.Index(lower[off:], []byte("<meta"))
		if i < 0 {
			return ""
		}
		start := off + i
		end := bytes.IndexByte(lower[start:], '>')
		if end < 0 {
			end = len(lower) - start
		}
		tag := lower[start : start+end]
		if j := bytes.Index(tag, []byte("charset")); j >= 0 {
			v := tag[j+len("charset"):]
			v = bytes.TrimLeft(v, " \t\r\n")
			if len(v) > 0 && v[0] == '=' {
				v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
				k := 0
				for k < len(v) && v[k] != '"' && v[k] != '\'' && v[k] != ';' && v[k] != ' ' && v[k] != '/' && v[k] != '>' {
					k++
				}
				if k > 0 {
					return string(v[:k])
				}
			}
		}
		off = start + 5
	}
}

// looksWindows1258 guesses windows-1258 over windows-1252 from the bytes that are Vietnamese
// letters or combining tone marks in windows-1258 but rare Western letters in windows-1252.
func looksWindows1258(page []byte) bool {
	var marks, viet, high int
	for _, c := range page {
		if c < 0x80 {
			continue
		}
		high++
		switch c {
		case 0xCC, 0xD2, 0xDE, 0xEC, 0xF2: // combining grave, hook, tilde, acute, dot below
			marks++
		case 0xC3, 0xE3, 0xD5, 0xF5, 0xDD, 0xFD, 0xD0, 0xF0: // Ă ă Ơ ơ Ư ư Đ đ
			viet++
		}
	}
	return high > 0 && marks+viet >= high/3 && marks > 0
}

// asciiLower lowers ASCII letters only and keeps every other byte, so the result has the
// same byte offsets as s (strings.ToLower replaces invalid UTF-8 and shifts them).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
