package web

import (
	"html"
	"html/template"
	"strings"
)

// safeSnippet turns a snippet from the searcher (escaped page text with <mark> around matches)
// into HTML in which nothing but balanced <mark> and </mark> survives. It does not trust the
// escaping it was given: every piece between the mark tags is unescaped and escaped again, so
// a raw <script> or an attribute like onerror= comes out as visible text.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	open := false
	for len(s) > 0 {
		i := strings.Index(s, "<mark>")
		j := strings.Index(s, "</mark>")
		next, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag = i, "<mark>"
		case j >= 0:
			next, tag = j, "</mark>"
		}
		if next < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(s)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(s[:next])))
		s = s[next+len(tag):]
		switch {
		case tag == "<mark>" && !open:
			b.WriteString("<mark>")
			open = true
		case tag == "</mark>" && open:
			b.WriteString("</mark>")
			open = false
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // #nosec: built from escaped text and literal <mark> tags only
}
