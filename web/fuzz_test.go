package web

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bantin/bantin"
)

// FuzzParseQuery: any query string either parses or fails with ErrInvalid; never a panic, and a
// parsed query respects the bounds.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"q=ubnd", "q=v%C4%83n*&site=a&from=2024-01-01&to=2024-12-31&sort=newest&limit=5&offset=10",
		"q=((a OR b) AND NOT c)", "q=*", "q=%ff", "q=/re/", `q="a * b"`, "q=title:%22x", "limit=-1", "after=abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseQuery(v, 20)
		if err != nil {
			if !errors.Is(err, bantin.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > maxLimit || q.Offset < 0 || q.Offset > maxOffset || !utf8.ValidString(q.Text) ||
			utf8.RuneCountInString(q.Text) > maxQueryRunes {
			t.Fatalf("out of bounds: %+v", q)
		}
	})
}

var markTags = regexp.MustCompile(`</?mark>`)

// FuzzSafeSnippet: whatever the searcher sends, only balanced <mark> tags come out.
func FuzzSafeSnippet(f *testing.F) {
	for _, s := range []string{"a <mark>b</mark>", "<script>alert(1)</script>", "&lt;mark&gt;", "<mark>", "</mark><mark",
		"<img src=x onerror=alert(1)>", "\xff<mark>\xfe</mark>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(safeSnippet(in))
		rest := markTags.ReplaceAllString(out, "")
		if strings.ContainsAny(rest, "<>\"'") {
			t.Fatalf("safeSnippet(%q) = %q lets markup through", in, out)
		}
		depth := 0
		for _, m := range markTags.FindAllString(out, -1) {
			if m == "<mark>" {
				depth++
			} else {
				depth--
			}
			if depth < 0 || depth > 1 {
				t.Fatalf("unbalanced marks in %q", out)
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed mark in %q", out)
		}
	})
}

// FuzzDiff: the diff of two texts gives back both texts, paragraph by paragraph and word by
// word.
func FuzzDiff(f *testing.F) {
	f.Add("a b c\n\nd e", "a x c\n\ne\n\nf")
	f.Add("", "x")
	f.Add("Sở Y tế\r\n\r\nhọp", "Sở Y tế họp")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 2000 || len(b) > 2000 {
			return
		}
		var olds, news []string
		for _, p := range diffText(a, b) {
			switch p.Op {
			case opEqual:
				olds, news = append(olds, p.Text), append(news, p.Text)
			case opDelete:
				olds = append(olds, p.Text)
			case opInsert:
				news = append(news, p.Text)
			case opChange:
				var o, n []string
				for _, w := range p.Words {
					if w.Op != opInsert {
						o = append(o, w.Text)
					}
					if w.Op != opDelete {
						n = append(n, w.Text)
					}
				}
				olds, news = append(olds, strings.Join(o, " ")), append(news, strings.Join(n, " "))
			}
		}
		norm := func(s string) string {
			var ps []string
			for _, p := range splitParas(s) {
				ps = append(ps, strings.Join(strings.Fields(p), " "))
			}
			return strings.Join(ps, "\n\n")
		}
		rebuilt := func(ps []string) string {
			var out []string
			for _, p := range ps {
				if p = strings.Join(strings.Fields(p), " "); p != "" {
					out = append(out, p)
				}
			}
			return strings.Join(out, "\n\n")
		}
		if got, want := rebuilt(olds), norm(a); got != want {
			t.Fatalf("old side %q, want %q", got, want)
		}
		if got, want := rebuilt(news), norm(b); got != want {
			t.Fatalf("new side %q, want %q", got, want)
		}
	})
}
