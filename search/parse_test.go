package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hội nghị", "(hội AND nghị)"},
		{`"hội nghị" AND (đoàn thể OR "công đoàn") NOT tuyển dụng`,
			`("hội nghị" AND ((đoàn AND thể) OR "công đoàn") AND NOT tuyển AND dụng)`},
		{"a OR b c", "(a OR (b AND c))"},
		{"a b OR c", "((a AND b) OR c)"},
		{"(a OR b) c", "((a OR b) AND c)"},
		{"-a b", "(NOT a AND b)"},
		{"+a -b", "(a AND NOT b)"},
		{"a && b || c", "((a AND b) OR c)"},
		{"NOT NOT a", "a"},
		{`title:"hội nghị"`, `title:"hội nghị"`},
		{"title:(a OR b)", "(title:a OR title:b)"},
		{"Title:văn", "title:văn"},
		{"site:sovh author:An", "(site:sovh AND author:An)"},
		{"published:>=2023-01-01", "published:[2023-01-01,*)"},
		{"published:2023", "published:[2023-01-01,2024-01-01)"},
		{"published:<2024-05", "published:[*,2024-05-01)"},
		{"published:>2024-05", "published:[2024-06-01,*)"},
		{"published:<=2024-05-31", "published:[*,2024-06-01)"},
		{"published:2020..2021-06", "published:[2020-01-01,2021-07-01)"},
		{"published:[2020 TO 2021-06]", "published:[2020-01-01,2021-07-01)"},
		{"published:{2020 TO 2021-06}", "published:[2021-01-01,2021-06-01)"},
		{"published:[2020-05-01 TO *] hội", "(published:[2020-05-01,*) AND hội)"},
		{"hội published:[* TO 2021}", "(hội AND published:[*,2021-01-01))"},
		{"published:[ 2020  to  2021 ]", "published:[2020-01-01,2022-01-01)"},
		{"văn*", "văn*"},
		{"COVID-19", "COVID-19"},
		{"http://so.gov.vn/a", "http://so.gov.vn/a"},
		{"a - b", "(a AND b)"},
		{"“hội nghị”", `"hội nghị"`},
		{"gì?", "gì?"},
		{"  ", "<nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			got := "<nil>"
			if n != nil {
				got = n.String()
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		pos      int
		msg      string
	}{
		{"bare star", "*", 1, "bare *"},
		{"bare star later", "hội *", 5, "bare *"},
		{"inner wildcard", "v*n", 2, "only at the end"},
		{"short prefix", "a*", 1, "at least 2"},
		{"regex", "/ho.*/", 1, "regular expressions"},
		{"unterminated quote", `a "abc`, 3, "unterminated"},
		{"unclosed paren", "(a OR b", 1, "unclosed"},
		{"innermost unclosed", "a (b (c", 6, "unclosed"},
		{"unmatched paren", "a)", 2, "unmatched"},
		{"leading AND", "AND a", 1, "before"},
		{"trailing OR", "a OR", 3, "after"},
		{"trailing AND", "a AND", 3, "after"},
		{"double OR", "a OR OR b", 3, "after"},
		{"lone NOT", "NOT", 1, "NOT needs"},
		{"field without value", "title:", 1, "needs a value"},
		{"field before space", "title: a", 1, "needs a value"},
		{"bad date", "published:2023-13", 1, "YYYY"},
		{"range without TO", "published:[2023-01-01 2023-12-31]", 1, "want [FROM TO UNTIL]"},
		{"unclosed range", "published:[2023 TO 2024", 11, "unclosed ["},
		{"bad date in a range", "published:[2023-13 TO 2024]", 1, "YYYY"},
		{"empty bracket range", "published:{2023 TO 2024}", 1, "empty"},
		{"empty brackets", "published:[]", 1, "want [FROM TO UNTIL]"},
		{"date needs value", `published:"x"`, 1, "needs a date"},
		{"empty range", "published:2024..2023", 1, "empty"},
		{"empty parens", "a ()", 3, "empty parentheses"},
		{"empty phrase", `""`, 1, "empty phrase"},
		{"field in field", "title:(site:x)", 8, "inside"},
		{"punctuation only", "— …", 1, "no word"},
		{"too deep", strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1), MaxDepth + 1, "deeper"},
		{"too many words", strings.TrimSpace(strings.Repeat("ab ", MaxClauses+1)), 3*MaxClauses + 1, "more than"},
		{"too long", strings.Repeat("a", MaxQueryLength+1), 1, "longer"},
		{"invalid utf-8", "a\xffb", 1, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, n)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			if !errors.Is(err, bantin.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if se.Pos != tt.pos {
				t.Errorf("Parse(%q) error at %d (%v), want %d", tt.in, se.Pos, err, tt.pos)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`"hội nghị" AND (đoàn thể OR "công đoàn") NOT tuyển dụng`,
		"title:(a OR b) -c +d", "published:>=2023-01-01", "văn*", "((a)", `"`, "site:x*", "a OR NOT b",
		"published:2020..2021", "UBND ủy ban nhân dân", "\u0301"} {
		f.Add(s)
	}
	b := &builder{abbr: newAbbrevTable(nil)}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 || se.Pos > len([]rune(s))+1 {
				t.Fatalf("Parse(%q): error %v has no valid position", s, err)
			}
			return
		}
		if _, err := b.build(n); err != nil {
			t.Fatalf("build(Parse(%q)): %v", s, err)
		}
		if n != nil {
			if _, err := Parse(n.String()); err != nil && !strings.Contains(err.Error(), "more than") {
				t.Logf("re-parse of %q: %v", n.String(), err)
			}
		}
	})
}
