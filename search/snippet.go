package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/bantin/bantin/index"
)

// snippetLen is the length of a snippet in bytes of page text (about 40 Vietnamese words).
const snippetLen = 280

type span struct{ start, end int }

// snippet returns the part of the body (lead and text) with the most matches, HTML-escaped,
// with <mark> around each match (exact or folded terms: both point into the stored body).
func snippet(h *bsearch.DocumentMatch) string {
	body, _ := h.Fields[index.FieldBody].(string)
	return render(body, matchSpans(h.Locations[index.FieldBody], body))
}

func onlySpace(text string, from, to int) bool {
	return to-from <= 2 && strings.TrimSpace(text[from:to]) == ""
}

func matchSpans(locs bsearch.TermLocationMap, text string) []span {
	n := len(text)
	var out []span
	for _, ls := range locs {
		for _, l := range ls {
			if int(l.End) <= n && l.Start < l.End {
				out = append(out, span{int(l.Start), int(l.End)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	// Merge overlaps (the same word matched in both forms) and words one space apart, so that
	// a phrase is marked as one.
	merged := out[:0]
	for _, s := range out {
		if k := len(merged); k > 0 && (s.start < merged[k-1].end || onlySpace(text, merged[k-1].end, s.start)) {
			if s.end > merged[k-1].end {
				merged[k-1].end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// render picks the window of snippetLen bytes holding the most matches and marks them.
func render(text string, spans []span) string {
	from := 0
	if len(spans) > 0 {
		best := -1
		for i, s := range spans {
			n := 0
			for _, t := range spans[i:] {
				if t.end > s.start+snippetLen {
					break
				}
				n++
			}
			if n > best {
				best, from = n, s.start
			}
		}
		from -= snippetLen / 5 // some context before the first match
	}
	from, to := window(text, from, snippetLen)
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	at := from
	for _, s := range spans {
		if s.start < from || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// window returns [from, to) of about size bytes, moved to word boundaries.
func window(text string, from, size int) (int, int) {
	if from < 0 {
		from = 0
	}
	if from > 0 {
		// Start after a space so that no word is cut.
		if k := strings.IndexAny(text[from:], " \n"); k >= 0 && k < 40 {
			from += k + 1
		}
		for from < len(text) && !utf8.RuneStart(text[from]) {
			from++
		}
	}
	to := from + size
	if to >= len(text) {
		return from, len(text)
	}
	if k := strings.LastIndexAny(text[from:to], " \n"); k > size/2 {
		to = from + k
	}
	for to > from && !utf8.RuneStart(text[to]) {
		to--
	}
	return from, to
}
