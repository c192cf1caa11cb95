package crawler

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits are the trap guards of a run. Zero fields take the defaults of DefaultLimits.
type Limits struct {
	MaxPathDepth     int // path segments
	MaxRepeatSegment int // occurrences of one path segment
	MaxQueryParams   int // query keys
	MaxURLLength     int // bytes
	MaxChain         int // pages of one listing chain (page numbers) followed
	MaxVariants      int // distinct sets of query keys of one path per run
	MaxCalendar      int // calendar-like URLs per run
	MaxSeen          int // URLs remembered per run; past it the run stops and the next run goes on
	MaxDepth         int // links followed from a seed (pages of one listing count as one level)
	MaxLinks         int // links read from one page
}

// DefaultLimits are the trap guards used when Options.Limits leaves a field zero.
var DefaultLimits = Limits{
	MaxPathDepth: 12, MaxRepeatSegment: 3, MaxQueryParams: 8, MaxURLLength: 1024,
	MaxChain: 1000, MaxVariants: 64, MaxCalendar: 200, MaxSeen: 2_000_000, MaxDepth: 25, MaxLinks: 5000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.MaxPathDepth, d.MaxPathDepth)
	set(&l.MaxRepeatSegment, d.MaxRepeatSegment)
	set(&l.MaxQueryParams, d.MaxQueryParams)
	set(&l.MaxURLLength, d.MaxURLLength)
	set(&l.MaxChain, d.MaxChain)
	set(&l.MaxVariants, d.MaxVariants)
	set(&l.MaxCalendar, d.MaxCalendar)
	set(&l.MaxSeen, d.MaxSeen)
	set(&l.MaxDepth, d.MaxDepth)
	set(&l.MaxLinks, d.MaxLinks)
	return l
}

// calendarURL matches URLs of calendars and date archives: a calendar path segment, a path
// ending in a date, or a date parameter. Words are whole segments: "du-lich" (tourism) and
// "su-kien" (events, a news category) are not calendars.
var calendarURL = regexp.MustCompile(`(?i)(/(calendar|lich|lich-cong-tac|lichcongtac|lich-lam-viec|lichlamviec)(/|$|\?|\.))|/\d{4}/\d{1,2}(/\d{1,2})?/?$|[?&](year|month|day|date|nam|thang|ngay|tuan|week)=`)

var yearLike = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)`)

// trapGuard decides which URLs a run may follow; safe for concurrent use.
type trapGuard struct {
	lim      Limits
	now      func() time.Time
	mu       sync.Mutex
	variants map[string]map[string]bool // path -> sets of query keys
	calendar int
}

func newTrapGuard(lim Limits, now func() time.Time) *trapGuard {
	return &trapGuard{lim: lim, now: now, variants: map[string]map[string]bool{}}
}

// check returns "" when u may be followed, or why it is a likely trap. It looks at the URL
// alone; budget counts what a run has seen and is called once per new URL.
func (g *trapGuard) check(u *url.URL, s string) string {
	if len(s) > g.lim.MaxURLLength {
		return "url too long"
	}
	segs := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(segs) > g.lim.MaxPathDepth {
		return "path too deep"
	}
	count := map[string]int{}
	for i, sg := range segs {
		count[sg]++
		if count[sg] >= g.lim.MaxRepeatSegment || (i > 0 && segs[i-1] == sg && !isNumber(sg)) {
			return "repeated path segment"
		}
	}
	q := u.Query()
	if len(q) > g.lim.MaxQueryParams {
		return "too many query parameters"
	}
	for _, vs := range q {
		for _, v := range vs {
			if len(v) > 200 {
				return "query value too long"
			}
		}
	}
	if calendarURL.MatchString(s) {
		if y := farYear(s, g.now().Year()); y != 0 {
			return "date out of range " + strconv.Itoa(y)
		}
	}
	return ""
}

// budget counts a URL first seen this run against the run's budgets (query-key sets per
// path, calendar pages) and returns "" while they are not exhausted, or why.
func (g *trapGuard) budget(u *url.URL, s string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if u.RawQuery != "" {
		keys := make([]string, 0, 4)
		for k := range u.Query() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		key := u.Host + u.Path
		set := g.variants[key]
		if set == nil {
			set = map[string]bool{}
			g.variants[key] = set
		}
		ks := strings.Join(keys, "&")
		if !set[ks] {
			if len(set) >= g.lim.MaxVariants {
				return "too many query-parameter combinations on one path"
			}
			set[ks] = true
		}
	}
	if calendarURL.MatchString(s) {
		g.calendar++
		if g.calendar > g.lim.MaxCalendar {
			return "too many calendar pages"
		}
	}
	return ""
}

// farYear returns a year (19xx, 20xx) in s that lies beyond next year, or 0.
func farYear(s string, thisYear int) int {
	for _, m := range yearLike.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		if y > thisYear+1 {
			return y
		}
	}
	return 0
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
