package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/search"
)

// Bounds on search parameters. The query language itself is checked by the searcher; these
// guards only refuse what no researcher types and what would cost the server dearly.
const (
	maxQueryRunes = 500   // characters of q
	maxDepth      = 8     // nesting of parentheses
	maxTerms      = 64    // terms and operators in q
	maxSites      = 50    // site= parameters
	maxLimit      = 100   // hits per page
	maxOffset     = 10000 // shallow paging; deeper pages use the after cursor
	maxCursor     = 1024  // bytes of the after cursor
)

func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, bantin.ErrInvalid)...)
}

// parseQuery reads the search parameters shared by the pages, the API and the exports:
// q, site (repeatable), from, to (YYYY-MM-DD), sort, limit, offset, after. defLimit is the
// page size when limit is absent. Every failure wraps bantin.ErrInvalid with a message
// that says what to change.
func parseQuery(v url.Values, defLimit int) (bantin.Query, error) {
	q := bantin.Query{Limit: defLimit, Sort: bantin.SortRelevance}
	for k, vals := range v {
		for _, s := range vals {
			if !utf8.ValidString(s) {
				return q, invalid("parameter %s is not valid UTF-8", strconv.Quote(k))
			}
		}
	}
	text := strings.TrimSpace(norm.NFC.String(v.Get("q")))
	if err := checkQueryText(text); err != nil {
		return q, err
	}
	q.Text = text

	sites := v["site"]
	if len(sites) > maxSites {
		return q, invalid("too many site filters (%d, at most %d)", len(sites), maxSites)
	}
	seen := map[string]bool{}
	for _, s := range sites {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		if len(s) > 100 {
			return q, invalid("site name too long")
		}
		seen[s] = true
		q.Sites = append(q.Sites, s)
	}

	var err error
	if q.From, err = parseDay(v.Get("from"), "from", false); err != nil {
		return q, err
	}
	if q.To, err = parseDay(v.Get("to"), "to", true); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, invalid("date range: 'to' is before 'from'")
	}

	switch s := v.Get("sort"); s {
	case "":
		if q.Text == "" {
			q.Sort = bantin.SortNewest // no terms to rank by: newest first is what people expect
		}
	case bantin.SortRelevance, bantin.SortNewest, bantin.SortOldest:
		q.Sort = s
	default:
		return q, invalid("sort %q: want relevance, newest or oldest", s)
	}

	if q.Limit, err = parseInt(v.Get("limit"), "limit", 1, maxLimit, defLimit); err != nil {
		return q, err
	}
	if q.Offset, err = parseInt(v.Get("offset"), "offset", 0, maxOffset, 0); err != nil {
		return q, err
	}
	q.After = v.Get("after")
	if len(q.After) > maxCursor {
		return q, invalid("cursor 'after' too long")
	}
	return q, nil
}

func parseInt(s, name string, lo, hi, def int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, invalid("%s %q: want a whole number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// parseDay reads YYYY-MM-DD in bantin.Location; endOfDay moves it to the last instant of the
// day so that "to" includes the day itself.
func parseDay(s, name string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, bantin.Location)
	if err != nil {
		// RFC 3339 too, as the CLI and search.ParseParams accept: an exact instant.
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, invalid("%s %q: want a date as YYYY-MM-DD (or RFC 3339)", name, s)
		}
		if t.Year() < 1900 || t.Year() > 2200 {
			return time.Time{}, invalid("%s %q: year out of range", name, s)
		}
		return t, nil
	}
	if d.Year() < 1900 || d.Year() > 2200 {
		return time.Time{}, invalid("%s %q: year out of range", name, s)
	}
	if endOfDay {
		d = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return d, nil
}

// checkQueryText refuses the query strings that are hostile or hopeless before the searcher
// runs them: too long, control characters, nesting too deep, too many terms (the web's bounds,
// tighter than the parser's), then whatever the query language itself refuses (search.Parse:
// regular expressions, wildcards with fewer than search.MinPrefix letters, bad dates ...). The
// searcher parses again, but an export has sent its headers by then: a bad query must be a
// 400 before the stream starts.
func checkQueryText(text string) error {
	if n := utf8.RuneCountInString(text); n > maxQueryRunes {
		return invalid("query too long (%d characters, at most %d)", n, maxQueryRunes)
	}
	depth, terms := 0, 0
	inQuote, inWord := false, false
	for _, r := range text {
		switch {
		case r == '"':
			if !inQuote {
				terms++
			}
			inQuote, inWord = !inQuote, false
		case inQuote:
		case unicode.IsControl(r) && !unicode.IsSpace(r):
			return invalid("query contains control characters")
		case r == '(':
			if depth++; depth > maxDepth {
				return invalid("query nests parentheses too deeply (at most %d levels)", maxDepth)
			}
			inWord = false
		case r == ')':
			depth--
			inWord = false
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			terms++
			inWord = true
		}
		if terms > maxTerms {
			return invalid("query has too many terms (at most %d)", maxTerms)
		}
	}
	_, err := search.Parse(text)
	return err
}
