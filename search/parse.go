package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index/vi"
)

// Limits against hostile queries.
const (
	MaxQueryLength = 1000 // bytes
	MaxDepth       = 12   // nesting of parentheses and NOT
	MaxClauses     = 48   // words, phrases and ranges
	MinPrefix      = 2    // letters before a trailing *
)

// SyntaxError is a query the language does not accept. It wraps bantin.ErrInvalid.
type SyntaxError struct {
	Pos int // 1-based rune position in the query
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query: position %d: %s", e.Pos, e.Msg)
}

// Unwrap makes errors.Is(err, bantin.ErrInvalid) true.
func (e *SyntaxError) Unwrap() error { return bantin.ErrInvalid }

type tokKind int

const (
	tEOF tokKind = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tAnd
	tOr
	tNot   // NOT or a leading -
	tPlus  // a leading +
	tField // "name:" followed by a value
)

type token struct {
	kind tokKind
	text string
	pos  int
}

var fieldNames = map[string]string{
	"title": FieldTitle, "site": FieldSite, "author": FieldAuthor, "published": FieldPublished,
}

// lex splits the query into tokens. Word characters are anything but space, parentheses and
// double quotes; a leading + or - is an operator; "field:" is recognised for known fields only.
func lex(q string) ([]token, error) {
	rs := []rune(q)
	var toks []token
	i := 0
	for i < len(rs) {
		r := rs[i]
		pos := i + 1
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '(':
			toks = append(toks, token{tLParen, "(", pos})
			i++
		case r == ')':
			toks = append(toks, token{tRParen, ")", pos})
			i++
		case r == '"' || r == '“' || r == '”':
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '“' && rs[j] != '”' {
				j++
			}
			if j == len(rs) {
				return nil, &SyntaxError{pos, "unterminated quote"}
			}
			toks = append(toks, token{tPhrase, string(rs[i+1 : j]), pos})
			i = j + 1
		case (r == '+' || r == '-') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && rs[i+1] != ')':
			k := tNot
			if r == '+' {
				k = tPlus
			}
			toks = append(toks, token{k, string(r), pos})
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune(`()"“”`, rs[j]) {
				j++
			}
			w := string(rs[i:j])
			if k := strings.IndexByte(w, ':'); k > 0 {
				if f, ok := fieldNames[strings.ToLower(w[:k])]; ok {
					toks = append(toks, token{tField, f, pos})
					i += utf8.RuneCountInString(w[:k+1])
					if i == j && (j == len(rs) || unicode.IsSpace(rs[j]) || rs[j] == ')') {
						return nil, &SyntaxError{pos, fmt.Sprintf("%s: needs a value", w[:k])}
					}
					if f == FieldPublished && (rs[i] == '[' || rs[i] == '{') {
						// A range in Lucene's form, spaces inside: [2023-01-01 TO 2023-06-30].
						end := i + 1
						for end < len(rs) && rs[end] != ']' && rs[end] != '}' {
							end++
						}
						if end == len(rs) {
							return nil, &SyntaxError{i + 1, fmt.Sprintf("unclosed %c", rs[i])}
						}
						toks = append(toks, token{tWord, string(rs[i : end+1]), i + 1})
						i = end + 1
					}
					continue
				}
			}
			switch w {
			case "AND", "&&":
				toks = append(toks, token{tAnd, w, pos})
			case "OR", "||":
				toks = append(toks, token{tOr, w, pos})
			case "NOT":
				toks = append(toks, token{tNot, w, pos})
			default:
				toks = append(toks, token{tWord, w, pos})
			}
			i = j
		}
	}
	return append(toks, token{tEOF, "", len(rs) + 1}), nil
}

type parser struct {
	toks    []token
	i       int
	depth   int
	clauses int
}

// Parse reads a query in bantin's query language:
//
//	hội nghị                 both words (plain words mean all of them)
//	"hội nghị"               the phrase: adjacent, in order
//	a AND b, a OR b, NOT a   operators (upper case); also +a and -a; AND binds tighter than OR
//	(a OR b) c               parentheses
//	title:a  author:"x y"    fields: title, author, site; title:(a OR b)
//	văn*                     words starting with văn (at least 2 letters before *)
//	published:>=2023-01-01   dates: >=, >, <=, <, a bare YYYY, YYYY-MM or YYYY-MM-DD, A..B, or [A TO B]
//
// An empty query gives a nil Node (everything). Errors are *SyntaxError (wrapping
// bantin.ErrInvalid) with the position; Parse never panics.
func Parse(query string) (Node, error) {
	if len(query) > MaxQueryLength {
		return nil, &SyntaxError{1, fmt.Sprintf("query longer than %d bytes", MaxQueryLength)}
	}
	if !utf8.ValidString(query) {
		return nil, &SyntaxError{1, "query is not valid UTF-8"}
	}
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	toks, err := lex(query)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	n, err := p.or("")
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, &SyntaxError{t.pos, "unmatched )"}
		}
		return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q", t.text)}
	}
	if n == nil {
		return nil, &SyntaxError{1, "query has no word to search for"}
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxDepth {
		return &SyntaxError{pos, fmt.Sprintf("nested deeper than %d", MaxDepth)}
	}
	return nil
}

func (p *parser) or(field string) (Node, error) {
	var nodes []Node
	for {
		n, err := p.and(field)
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
		if p.peek().kind != tOr {
			break
		}
		op := p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, &SyntaxError{op.pos, "OR needs a term after it"}
		}
		if n == nil {
			return nil, &SyntaxError{op.pos, "OR needs a term before it"}
		}
	}
	switch len(nodes) {
	case 0:
		return nil, nil
	case 1:
		return nodes[0], nil
	}
	return &Or{nodes}, nil
}

func (p *parser) and(field string) (Node, error) {
	var nodes []Node
	if t := p.peek(); t.kind == tAnd {
		return nil, &SyntaxError{t.pos, "AND needs a term before it"}
	}
	for {
		t := p.peek()
		switch t.kind {
		case tEOF, tRParen, tOr:
			switch len(nodes) {
			case 0:
				return nil, nil
			case 1:
				return nodes[0], nil
			}
			return &And{Nodes: nodes}, nil
		case tAnd:
			p.next()
			if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, &SyntaxError{t.pos, "AND needs a term after it"}
			}
			continue
		}
		n, err := p.unary(field)
		if err != nil {
			return nil, err
		}
		if n != nil {
			nodes = append(nodes, n)
		}
	}
}

func (p *parser) unary(field string) (Node, error) {
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, &SyntaxError{t.pos, "NOT needs a term after it"}
		}
		n, err := p.unary(field)
		if err != nil || n == nil {
			return nil, err
		}
		if inner, ok := n.(*Not); ok {
			return inner.Node, nil
		}
		return &Not{n}, nil
	case tPlus:
		p.next()
		if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd || k == tPlus || k == tNot {
			return nil, &SyntaxError{t.pos, "+ needs a term after it"}
		}
		return p.unary(field)
	}
	return p.primary(field)
}

func (p *parser) primary(field string) (Node, error) {
	t := p.next()
	switch t.kind {
	case tLParen:
		if err := p.enter(t.pos); err != nil {
			return nil, err
		}
		n, err := p.or(field)
		p.depth--
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tRParen {
			return nil, &SyntaxError{t.pos, "unclosed ("}
		}
		if n == nil {
			return nil, &SyntaxError{t.pos, "empty parentheses"}
		}
		return n, nil
	case tField:
		if field != "" {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("%s: inside %s:", t.text, field)}
		}
		if t.text == FieldPublished {
			v := p.next()
			if v.kind != tWord {
				return nil, &SyntaxError{t.pos, "published: needs a date, e.g. published:>=2023-01-01"}
			}
			return p.count(parseDateRange(v.text, t.pos))
		}
		switch p.peek().kind {
		case tWord, tPhrase, tLParen:
			return p.primary(t.text)
		}
		return nil, &SyntaxError{t.pos, t.text + ": needs a value"}
	case tPhrase:
		text := strings.TrimSpace(t.text)
		if len(vi.Terms(text)) == 0 {
			if field == FieldSite && text != "" {
				return p.count(&Phrase{Field: field, Text: text, Pos: t.pos}, nil)
			}
			return nil, &SyntaxError{t.pos, "empty phrase"}
		}
		return p.count(&Phrase{Field: field, Text: text, Pos: t.pos}, nil)
	case tWord:
		return p.word(field, t)
	case tRParen:
		return nil, &SyntaxError{t.pos, "unmatched )"}
	case tEOF:
		return nil, &SyntaxError{t.pos, "unexpected end of query"}
	}
	return nil, &SyntaxError{t.pos, fmt.Sprintf("unexpected %q", t.text)}
}

func (p *parser) count(n Node, err error) (Node, error) {
	if err != nil {
		return nil, err
	}
	p.clauses++
	if p.clauses > MaxClauses {
		return nil, &SyntaxError{posOf(n), fmt.Sprintf("more than %d words", MaxClauses)}
	}
	return n, nil
}

func posOf(n Node) int {
	switch n := n.(type) {
	case *Term:
		return n.Pos
	case *Phrase:
		return n.Pos
	case *DateRange:
		return n.Pos
	}
	return 1
}

func (p *parser) word(field string, t token) (Node, error) {
	w := t.text
	if len(w) > 1 && strings.HasPrefix(w, "/") && strings.HasSuffix(w, "/") {
		return nil, &SyntaxError{t.pos, "regular expressions are not supported"}
	}
	if strings.Trim(w, "*") == "" {
		return nil, &SyntaxError{t.pos, "a bare * is not a query; leave the query empty to match every article"}
	}
	prefix := strings.HasSuffix(w, "*")
	stem := strings.TrimSuffix(w, "*")
	if k := strings.IndexAny(stem, "*?"); k >= 0 && (stem[k] == '*' || k < len(stem)-1) {
		return nil, &SyntaxError{t.pos + utf8.RuneCountInString(stem[:k]), "wildcards are allowed only at the end of a word (văn*)"}
	}
	if field == FieldSite {
		return p.count(&Term{Field: field, Text: stem, Prefix: prefix, Pos: t.pos}, nil)
	}
	terms := vi.Terms(stem)
	if len(terms) == 0 {
		if prefix {
			return nil, &SyntaxError{t.pos, "a wildcard needs letters before *"}
		}
		return nil, nil // punctuation only: nothing to search for
	}
	if prefix {
		if len(terms) != 1 {
			return nil, &SyntaxError{t.pos, "a wildcard applies to one word"}
		}
		if utf8.RuneCountInString(terms[0]) < MinPrefix {
			return nil, &SyntaxError{t.pos, fmt.Sprintf("a wildcard needs at least %d letters before *", MinPrefix)}
		}
	}
	return p.count(&Term{Field: field, Text: stem, Prefix: prefix, Pos: t.pos}, nil)
}

// parseDateRange reads the value of published: ">=2023-01-01", "<2024", "2023-05", "2020..2022",
// "[2020 TO 2022-06]" (Lucene's form: [ ] include their end, { } leave it out, * is open).
func parseDateRange(v string, pos int) (Node, error) {
	bad := func(msg string) error {
		return &SyntaxError{pos, fmt.Sprintf("published:%s: %s", v, msg)}
	}
	if v[0] == '[' || v[0] == '{' {
		f := strings.Fields(v[1 : len(v)-1])
		if len(f) != 3 || !strings.EqualFold(f[1], "TO") {
			return nil, bad("want [FROM TO UNTIL]")
		}
		return between(f[0], f[2], v[0] == '[', v[len(v)-1] == ']', pos, bad)
	}
	for _, op := range []string{">=", "<=", ">", "<", "="} {
		if !strings.HasPrefix(v, op) {
			continue
		}
		from, to, err := period(v[len(op):])
		if err != nil {
			return nil, bad(err.Error())
		}
		switch op {
		case ">=":
			return &DateRange{From: from, Pos: pos}, nil
		case ">":
			return &DateRange{From: to, Pos: pos}, nil
		case "<=":
			return &DateRange{To: to, Pos: pos}, nil
		case "<":
			return &DateRange{To: from, Pos: pos}, nil
		}
		return &DateRange{From: from, To: to, Pos: pos}, nil
	}
	if a, b, ok := strings.Cut(v, ".."); ok {
		return between(a, b, true, true, pos, bad)
	}
	from, to, err := period(v)
	if err != nil {
		return nil, bad(err.Error())
	}
	return &DateRange{From: from, To: to, Pos: pos}, nil
}

// between is the range from a to b (dates as period reads them, "*" or "" for an open end),
// each end included or left out.
func between(a, b string, withA, withB bool, pos int, bad func(string) error) (Node, error) {
	r := DateRange{Pos: pos}
	if a != "" && a != "*" {
		start, next, err := period(a)
		if err != nil {
			return nil, bad(err.Error())
		}
		if r.From = start; !withA {
			r.From = next
		}
	}
	if b != "" && b != "*" {
		start, next, err := period(b)
		if err != nil {
			return nil, bad(err.Error())
		}
		if r.To = next; !withB {
			r.To = start
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && !r.From.Before(r.To) {
		return nil, bad("the range is empty")
	}
	return &r, nil
}

// period reads YYYY, YYYY-MM or YYYY-MM-DD and returns the start of that period and of the next
// one, in bantin.Location.
func period(s string) (from, to time.Time, err error) {
	for _, f := range []struct {
		layout string
		add    func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		t, err := time.ParseInLocation(f.layout, s, bantin.Location)
		if err == nil {
			return t, f.add(t), nil
		}
	}
	return from, to, fmt.Errorf("want a date YYYY, YYYY-MM or YYYY-MM-DD, a comparison (>=2023-01-01, <2024) or a range (2023-01..2023-06, [2023-01 TO 2023-06])")
}
