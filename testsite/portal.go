package testsite

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// category is one news section of a portal.
type category struct {
	Slug, Name string
}

// portal is one simulated department portal. Everything about its articles is computed from
// (seed, key, n) and the simulated clock; nothing is stored per article.
type portal struct {
	Name     string
	Family   string
	key      uint64
	dept     deptInfo
	cats     []category
	pageSize int
	charset  string // "utf-8" or "windows-1258"
	nfd      bool   // serve text in Unicode NFD
	delay    time.Duration
	feeds    bool // RSS
	sitemap  bool
	base     string // http://host:port, set when listening
	fam      family
	tl       *timeline
	titles   titleCache
}

// timeline holds what a portal needs to know about the simulated clock.
type timeline struct {
	seed  int64
	start time.Time
	n0    int
}

const (
	perDay    = 4                  // articles a portal publishes per working day
	eventSpan = 4 * 24 * time.Hour // edits and deletions happen within this span
)

// slotStarts are the office-hour times articles go up at (plus up to 80 minutes).
var slotStarts = []time.Duration{7*time.Hour + 30*time.Minute, 10 * time.Hour, 14 * time.Hour, 16*time.Hour + 30*time.Minute}

// published returns when article n appears (to the minute, in office hours). Articles that
// exist when the clock starts were published on the days before its start date, four a day;
// later ones appear four a day from the day after the start date on. n orders them in time.
func (p *portal) published(n int) time.Time {
	j := time.Duration(hashOf(uint64(p.tl.seed), p.key, uint64(n), 3)%80) * time.Minute
	y, mo, d := p.tl.start.Date()
	day0 := time.Date(y, mo, d, 0, 0, 0, 0, p.tl.start.Location())
	var day, slot int
	if n < p.tl.n0 {
		k := p.tl.n0 - 1 - n // 0 for the newest old article
		day, slot = -1-k/perDay, perDay-1-k%perDay
	} else {
		m := n - p.tl.n0
		day, slot = 1+m/perDay, m%perDay
	}
	return day0.AddDate(0, 0, day).Add(slotStarts[slot] + j)
}

// count returns how many articles have been published at now (deleted ones included).
func (p *portal) count(now time.Time) int {
	if !now.After(p.tl.start) {
		return p.tl.n0
	}
	m := int(now.Sub(p.tl.start)/(24*time.Hour)) * perDay
	for m > 0 && p.published(p.tl.n0+m-1).After(now) {
		m--
	}
	for !p.published(p.tl.n0 + m).After(now) {
		m++
	}
	return p.tl.n0 + m
}

// fate is what happens to an article after it appears.
type fate struct {
	at      time.Time
	edit    bool
	deleted int // 0, 404 or 410
}

func (p *portal) fate(n int) fate {
	h := hashOf(uint64(p.tl.seed), p.key, uint64(n), 4)
	base := p.published(n)
	if base.Before(p.tl.start) {
		base = p.tl.start
	}
	f := fate{at: base.Add(time.Duration(h%uint64(eventSpan/time.Minute)) * time.Minute)}
	switch k := (h >> 40) % 100; {
	case k < 15:
		f.edit = true
	case k < 20:
		f.deleted = 404
	case k < 23:
		f.deleted = 410
	}
	return f
}

// state tells whether article n exists at now, its version and the HTTP status of a gone one.
func (p *portal) state(n int, now time.Time) (live bool, version int, status int) {
	if n < 0 || n >= p.count(now) {
		return false, 0, 404
	}
	f := p.fate(n)
	if now.Before(f.at) {
		return true, 0, 200
	}
	if f.deleted != 0 {
		return false, 0, f.deleted
	}
	if f.edit {
		return true, 1, 200
	}
	return true, 0, 200
}

// modified returns the last modification time of article n at now.
func (p *portal) modified(n int, now time.Time) time.Time {
	f := p.fate(n)
	if f.edit && !now.Before(f.at) {
		return f.at
	}
	return p.published(n)
}

func (p *portal) newStyle(n int) bool { return titleRng(p.tl.seed, p.key, n, 0).chance(0.4) }

// title returns the title of article n in a version.
func (p *portal) title(n, version int) string {
	return p.titles.get(n, version, func() string {
		return makeTitle(p.tl.seed, p.key, n, version, p.dept, p.published(n).Year(), p.newStyle(n))
	})
}

// slug is the URL slug of article n, fixed at creation (from the first title).
func (p *portal) slug(n int) string {
	return p.titles.get(n, -1, func() string { return slugify(p.title(n, 0)) })
}

// titleCache keeps recently used titles and slugs: sidebars and listings ask for the same ones
// on every page. It is emptied when it grows past its bound, so memory stays flat.
type titleCache struct {
	mu sync.Mutex
	m  map[[2]int]string
}

const titleCacheMax = 50000

func (c *titleCache) get(n, version int, make func() string) string {
	k := [2]int{n, version}
	c.mu.Lock()
	s, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return s
	}
	s = make()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= titleCacheMax {
		c.m = map[[2]int]string{}
	}
	c.m[k] = s
	c.mu.Unlock()
	return s
}

// article builds article n at now; nil when it is not live.
func (p *portal) article(n int, now time.Time) *article {
	live, v, _ := p.state(n, now)
	if !live {
		return nil
	}
	a := buildArticle(p.tl.seed, p.key, n, v, len(p.cats), p.dept, p.published(n))
	a.Modified = p.modified(n, now)
	return a
}

// newest returns up to k live article numbers, newest first, among those with n%step == rem
// (step 1 for all), skipping the first skip candidates.
func (p *portal) newest(now time.Time, step, rem, skip, k int) []int {
	total := p.count(now)
	last := total - 1
	if step > 1 {
		last -= ((last-rem)%step + step) % step
	}
	var out []int
	for n := last - skip*step; n >= 0 && len(out) < k; n -= step {
		if live, _, _ := p.state(n, now); live {
			out = append(out, n)
		}
	}
	return out
}

// catPage returns the article numbers of page (1-based) of category c, and the number of pages.
// Pages are index arithmetic: a page holds the slots of its range that are still live.
func (p *portal) catPage(now time.Time, c, page int) ([]int, int) {
	total := p.count(now)
	inCat := 0
	if total > c {
		inCat = (total-1-c)/len(p.cats) + 1
	}
	pages := (inCat + p.pageSize - 1) / p.pageSize
	if page < 1 || page > pages {
		return nil, pages
	}
	last := c + (inCat-1)*len(p.cats)
	var out []int
	for j := (page - 1) * p.pageSize; j < page*p.pageSize && j < inCat; j++ {
		n := last - j*len(p.cats)
		if live, _, _ := p.state(n, now); live {
			out = append(out, n)
		}
	}
	return out, pages
}

// foldTable maps lower-case Latin letters with marks (below U+2000) to their ASCII base.
var foldTable = func() map[rune]byte {
	m := map[rune]byte{'đ': 'd'}
	for r := rune(0xc0); r < 0x2000; r++ {
		if !unicode.IsLower(r) {
			continue
		}
		d := norm.NFD.String(string(r))
		if c := d[0]; c < 128 && (c >= 'a' && c <= 'z') {
			m[r] = c
		}
	}
	return m
}()

// slugify makes an ASCII URL slug of a Vietnamese text.
func slugify(s string) string {
	b := make([]byte, 0, len(s))
	dash := false
	for _, r := range strings.ToLower(s) {
		c := byte(0)
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			c = byte(r)
		case r >= 128:
			c = foldTable[r]
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if c != 0 {
			b = append(b, c)
			dash = false
		} else if !dash && len(b) > 0 {
			b = append(b, '-')
			dash = true
		}
		if len(b) > 80 {
			break
		}
	}
	return strings.Trim(string(b), "-")
}

// older returns up to k live articles of n's category published before n, newest first.
func (p *portal) older(now time.Time, n, k int) []int {
	var out []int
	for m := n - len(p.cats); m >= 0 && len(out) < k; m -= len(p.cats) {
		if live, _, _ := p.state(m, now); live {
			out = append(out, m)
		}
	}
	return out
}
