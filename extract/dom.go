package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// isBlock reports whether an element starts a new paragraph in the text.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer,
		atom.Aside, atom.Nav, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.Table, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Blockquote,
		atom.Pre, atom.Figure, atom.Figcaption, atom.Br, atom.Hr, atom.Address, atom.Center,
		atom.Form, atom.Fieldset, atom.Details, atom.Summary, atom.Body, atom.Html, atom.Menu:
		return true
	}
	return false
}

// isHeading reports h1..h6.
func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// dropTag lists elements that never carry article text.
func dropTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe,
		atom.Object, atom.Embed, atom.Input, atom.Select, atom.Textarea, atom.Button,
		atom.Canvas, atom.Map, atom.Link, atom.Meta, atom.Head, atom.Title, atom.Audio,
		atom.Video, atom.Option, atom.Label, atom.Math, atom.Dialog:
		return true
	}
	return false
}

// isSpace is whitespace as pages use it, including no-break and zero-width spaces.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' || r == '\v'
	}
	if r < 0x1680 {
		// Most text is letters below the first White_Space rune past Latin-1 (U+1680):
		// Vietnamese's precomposed letters are U+00C0-U+01B0 and U+1EA0-U+1EF9.
		return r == '\u0085' || r == '\u00a0'
	}
	if r > 0x1680 && r < 0x2000 {
		return false
	}
	switch r {
	case '\u00a0', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2028', '\u2029':
		return true
	}
	return unicode.IsSpace(r)
}

// collapse folds runs of whitespace into one space, trims the ends and drops soft hyphens and
// invisible format characters (bidi controls, word joiners).
func collapse(s string) string {
	if cleanText(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		w := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		i += w
		if isSpace(r) {
			space = true
			continue
		}
		if r == '\u00ad' || (r >= 0x200e && unicode.Is(unicode.Cf, r)) {
			continue // soft hyphens, bidi and other invisible format characters
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if w == 1 {
			b.WriteByte(c)
		} else {
			b.WriteString(s[i-w : i])
		}
	}
	return b.String()
}

// cleanText reports text that collapse would leave as it is: no leading, trailing, doubled
// or special whitespace and no soft hyphen.
func cleanText(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case c < ' ' || c >= utf8.RuneSelf:
			if c < ' ' {
				return false
			}
			// Non-ASCII: only the rare space-like runes and soft hyphens need work.
			r, _ := utf8.DecodeRuneInString(s[i:])
			if r == '\u00ad' || isSpace(r) || (r >= 0x200e && unicode.Is(unicode.Cf, r)) {
				return false
			}
		}
		prevSpace = false
	}
	return true
}

// nodeText returns the collapsed visible text of n (block boundaries become spaces).
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			if dropTag(n.DataAtom) {
				return
			}
			if isBlock(n.DataAtom) {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && isBlock(n.DataAtom) {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return collapse(b.String())
}

// runeLen counts the non-space runes of s.
func runeLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c > ' ' {
				n++
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			n++
		}
		i += w
	}
	return n
}

// classTokens splits the class and id of n into lower-case words ("news-detail_Content" →
// news, detail, content) and also returns the raw lower-cased strings for stem matching.
func classTokens(n *html.Node, buf []string) ([]string, string) {
	raw := ""
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			raw += " " + a.Val
		}
	}
	if raw == "" {
		return buf[:0], ""
	}
	buf = buf[:0]
	start := -1
	lower := strings.ToLower(raw)
	for i := 0; i <= len(raw); i++ {
		var c byte
		if i < len(raw) {
			c = raw[i]
		}
		alnum := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
		upper := c >= 'A' && c <= 'Z'
		if upper && start >= 0 && i > 0 && raw[i-1] >= 'a' && raw[i-1] <= 'z' {
			buf = append(buf, lower[start:i]) // camelCase boundary
			start = i
			continue
		}
		if alnum || upper {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			buf = append(buf, lower[start:i])
			start = -1
		}
	}
	return buf, lower
}

func hidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return true
	}
	st := attr(n, "style")
	if st == "" {
		return false
	}
	st = strings.ToLower(strings.ReplaceAll(st, " ", ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func removeNode(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// isAncestor reports whether a is n or an ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}
