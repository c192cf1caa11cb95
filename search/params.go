package search

import (
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/bantin/bantin"
)

// ParseParams reads a query from URL parameters, the wire form shared by the CLI, the web UI
// and Client: q, site (repeatable), from, to (YYYY-MM-DD or RFC 3339; a "to" day includes the
// whole day), sort, limit, offset, after, histogram (month|year), facets and highlight (1/0,
// true/false; both default to true). Errors wrap bantin.ErrInvalid.
func ParseParams(v url.Values) (bantin.Query, error) {
	q := bantin.Query{
		Text:      v.Get("q"),
		Sort:      v.Get("sort"),
		After:     v.Get("after"),
		Histogram: v.Get("histogram"),
		Facets:    true,
		Highlight: true,
	}
	for _, s := range v["site"] {
		if s != "" {
			q.Sites = append(q.Sites, s)
		}
	}
	bad := func(name, val, want string) error {
		return fmt.Errorf("search: parameter %s=%q: want %s: %w", name, val, want, bantin.ErrInvalid)
	}
	var err error
	if s := v.Get("from"); s != "" {
		if q.From, err = parseDate(s, false); err != nil {
			return q, bad("from", s, "YYYY-MM-DD or RFC 3339")
		}
	}
	if s := v.Get("to"); s != "" {
		if q.To, err = parseDate(s, true); err != nil {
			return q, bad("to", s, "YYYY-MM-DD or RFC 3339")
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"limit", &q.Limit}, {"offset", &q.Offset}} {
		if s := v.Get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return q, bad(p.name, s, "a number >= 0")
			}
			*p.dst = n
		}
	}
	for _, p := range []struct {
		name string
		dst  *bool
	}{{"facets", &q.Facets}, {"highlight", &q.Highlight}} {
		if s := v.Get(p.name); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return q, bad(p.name, s, "1 or 0")
			}
			*p.dst = b
		}
	}
	if err := validate(&q); err != nil {
		return q, err
	}
	if v.Get("limit") == "" {
		q.Limit = 0 // keep the default implicit, so Params(ParseParams(v)) is v
	}
	return q, nil
}

// ParseDate reads a date flag or parameter: YYYY-MM-DD (midnight in bantin.Location, or the
// last instant of that day when endOfDay) or RFC 3339. Errors wrap bantin.ErrInvalid.
func ParseDate(s string, endOfDay bool) (time.Time, error) {
	t, err := parseDate(s, endOfDay)
	if err != nil {
		return t, fmt.Errorf("date %q: want YYYY-MM-DD or RFC 3339: %w", s, bantin.ErrInvalid)
	}
	return t, nil
}

func parseDate(s string, endOfDay bool) (time.Time, error) {
	if d, err := time.ParseInLocation(time.DateOnly, s, bantin.Location); err == nil {
		if endOfDay {
			return d.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
		}
		return d, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// Params is the inverse of ParseParams: ParseParams(Params(q)) gives q back.
func Params(q bantin.Query) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Text)
	for _, s := range q.Sites {
		v.Add("site", s)
	}
	set("from", formatDate(q.From, false))
	set("to", formatDate(q.To, true))
	set("sort", q.Sort)
	if q.Limit != 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Offset != 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	set("after", q.After)
	set("histogram", q.Histogram)
	v.Set("facets", strconv.FormatBool(q.Facets))
	v.Set("highlight", strconv.FormatBool(q.Highlight))
	return v
}

func formatDate(t time.Time, endOfDay bool) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(bantin.Location)
	probe := l
	if endOfDay {
		probe = l.Add(time.Nanosecond)
	}
	if probe.Hour() == 0 && probe.Minute() == 0 && probe.Second() == 0 && probe.Nanosecond() == 0 {
		if endOfDay {
			return l.Format(time.DateOnly)
		}
		return probe.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}
