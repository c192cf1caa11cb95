package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bantin/bantin"
)

// ParseDate finds the first date in s: ISO 8601 ("2023-09-15T08:30:00+07:00"), day-first
// numeric ("15/09/2023", "15-9-2023", "15.09.2023"), Vietnamese words ("ngày 15 tháng 9 năm
// 2023") or English month names. A time of day next to the date ("Thứ Sáu, 15/09/2023 08:30",
// "Cập nhật lúc 14:05 ngày 03/10/2022", "8h30") is kept; otherwise the Timestamp is DateOnly.
// Times without a zone are in bantin.Location. It reports false when s holds no valid date.
func ParseDate(s string) (bantin.Timestamp, bool) {
	m, ok := findDate(s)
	return m.ts, ok
}

// dateMatch is a date found in a string and where.
type dateMatch struct {
	ts         bantin.Timestamp
	start, end int // byte span of the date (and its time) in the string
}

var (
	isoRe = regexp.MustCompile(`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	dmyRe = regexp.MustCompile(`(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?[/.-]\s?(\d{4}|\d{2})`)
	viRe  = regexp.MustCompile(`(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,|/)\s*(\d{4})`)
	enRe  = regexp.MustCompile(`(?i)\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}))`)
	tmRe  = regexp.MustCompile(`(?i)(\d{1,2})\s?(?::|h|giờ)\s?(\d{2})(?:\s?(?::|phút)\s?(\d{2}))?(?:\s?(am|pm|sa|ch|a\.m\.|p\.m\.)(?:[^\p{L}]|$))?`)
)

var enMonths = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// findDate returns the earliest valid date in s.
func findDate(s string) (dateMatch, bool) {
	if len(s) < 6 || !hasDigit(s) {
		return dateMatch{}, false
	}
	best := dateMatch{start: -1}
	consider := func(m dateMatch) {
		if best.start < 0 || m.start < best.start {
			best = m
		}
	}
	for _, g := range isoRe.FindAllStringSubmatchIndex(s, 3) {
		if !digitBoundary(s, g[0], g[1]) {
			continue
		}
		y, mo, d := atoi(s, g[2], g[3]), atoi(s, g[4], g[5]), atoi(s, g[6], g[7])
		if !validYMD(y, mo, d) {
			continue
		}
		if g[8] >= 0 {
			h, mi, sec := atoi(s, g[8], g[9]), atoi(s, g[10], g[11]), 0
			if g[12] >= 0 {
				sec = atoi(s, g[12], g[13])
			}
			if h < 24 && mi < 60 && sec < 60 {
				loc := bantin.Location
				if g[14] >= 0 {
					loc = zoneOf(s[g[14]:g[15]])
				}
				consider(dateMatch{bantin.Timestamp{Time: time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)}, g[0], g[1]})
				break
			}
		}
		consider(withTime(s, y, mo, d, g[0], g[1]))
		break
	}
	for _, g := range dmyRe.FindAllStringSubmatchIndex(s, 4) {
		if !digitBoundary(s, g[0], g[1]) {
			continue
		}
		d, mo, y := atoi(s, g[2], g[3]), atoi(s, g[6], g[7]), atoi(s, g[8], g[9])
		if g[9]-g[8] == 2 {
			if s[g[4]] != '/' {
				continue // "1.2.23" is more likely a version or a number than a date
			}
			y += 2000
		}
		if !validYMD(y, mo, d) {
			if validYMD(y, d, mo) {
				d, mo = mo, d
			} else {
				continue
			}
		}
		consider(withTime(s, y, mo, d, g[0], g[1]))
		break
	}
	if g := viRe.FindStringSubmatchIndex(s); g != nil {
		d, mo, y := atoi(s, g[2], g[3]), atoi(s, g[4], g[5]), atoi(s, g[6], g[7])
		if validYMD(y, mo, d) {
			consider(withTime(s, y, mo, d, g[0], g[1]))
		}
	}
	if g := enRe.FindStringSubmatchIndex(s); g != nil {
		var y, mo, d int
		if g[2] >= 0 {
			mo, d, y = enMonths[strings.ToLower(s[g[2]:g[3]])], atoi(s, g[4], g[5]), atoi(s, g[6], g[7])
		} else {
			d, mo, y = atoi(s, g[8], g[9]), enMonths[strings.ToLower(s[g[10]:g[11]])], atoi(s, g[12], g[13])
		}
		if validYMD(y, mo, d) {
			consider(withTime(s, y, mo, d, g[0], g[1]))
		}
	}
	return best, best.start >= 0
}

// withTime looks for a time of day right after or right before the date at s[start:end].
func withTime(s string, y, mo, d, start, end int) dateMatch {
	m := dateMatch{start: start, end: end}
	day := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, bantin.Location)
	if h, mi, sec, e, ok := timeAfter(s, end); ok {
		m.ts = bantin.Timestamp{Time: day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second)}
		m.end = e
		return m
	}
	if h, mi, sec, b, ok := timeBefore(s, start); ok {
		m.ts = bantin.Timestamp{Time: day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second)}
		m.start = b
		return m
	}
	m.ts = bantin.Timestamp{Time: day, DateOnly: true}
	return m
}

const timeGap = 24 // bytes of separators and words allowed between a date and its time

func timeAfter(s string, end int) (h, mi, sec, e int, ok bool) {
	w := s[end:]
	if len(w) > timeGap+12 {
		w = w[:timeGap+12]
	}
	g := tmRe.FindStringSubmatchIndex(w)
	if g == nil || g[0] > timeGap || hasDigit(w[:g[0]]) || !gapOK(w[:g[0]]) {
		return 0, 0, 0, 0, false
	}
	if g[0] > 0 && isDigitByte(w[g[0]-1]) {
		return 0, 0, 0, 0, false
	}
	h, mi, sec, ok = clock(w, g)
	return h, mi, sec, end + g[1], ok
}

func timeBefore(s string, start int) (h, mi, sec, b int, ok bool) {
	from := start - timeGap - 14
	if from < 0 {
		from = 0
	}
	for from > 0 && !utf8.RuneStart(s[from]) {
		from++
	}
	w := s[from:start]
	all := tmRe.FindAllStringSubmatchIndex(w, -1)
	if len(all) == 0 {
		return 0, 0, 0, 0, false
	}
	g := all[len(all)-1]
	gap := w[g[1]:]
	if len(gap) > timeGap || hasDigit(gap) || !gapOK(gap) || (g[0] > 0 && isDigitByte(w[g[0]-1])) {
		return 0, 0, 0, 0, false
	}
	h, mi, sec, ok = clock(w, g)
	return h, mi, sec, from + g[0], ok
}

// gapOK reports whether the text between a date and a time is only separators and short words
// ("lúc", "ngày", a weekday), not a sentence.
func gapOK(gap string) bool {
	low := strings.ToLower(gap)
	for _, l := range modLabels {
		if strings.Contains(low, l) {
			return false // the time of another date: "15/09/2023 | Cập nhật lúc 14:05"
		}
	}
	for _, l := range pubLabels {
		if strings.Contains(low, l) {
			return false
		}
	}
	words := 0
	inWord := false
	for _, r := range gap {
		if unicode.IsLetter(r) {
			if !inWord {
				words++
			}
			inWord = true
		} else {
			inWord = false
		}
	}
	return words <= 3
}

func clock(w string, g []int) (h, mi, sec int, ok bool) {
	h, mi = atoi(w, g[2], g[3]), atoi(w, g[4], g[5])
	if g[6] >= 0 {
		sec = atoi(w, g[6], g[7])
	}
	if g[8] >= 0 {
		switch strings.ToLower(w[g[8]:g[9]])[0] {
		case 'p', 'c':
			if h < 12 {
				h += 12
			}
		case 'a', 's':
			if h == 12 {
				h = 0
			}
		}
	}
	return h, mi, sec, h < 24 && mi < 60 && sec < 60
}

func zoneOf(z string) *time.Location {
	if z == "Z" || z == "z" {
		return time.UTC
	}
	z = strings.ReplaceAll(z, ":", "")
	if len(z) != 5 {
		return bantin.Location
	}
	hh, _ := strconv.Atoi(z[1:3])
	mm, _ := strconv.Atoi(z[3:5])
	if hh > 14 || mm > 59 {
		return bantin.Location // no real zone is that far from UTC (RFC 3339 cannot write it)
	}
	off := hh*3600 + mm*60
	if z[0] == '-' {
		off = -off
	}
	if off == 7*3600 {
		return bantin.Location
	}
	return time.FixedZone("", off)
}

func validYMD(y, mo, d int) bool {
	if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func atoi(s string, a, b int) int {
	if a < 0 {
		return -1
	}
	n := 0
	for i := a; i < b; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return -1
		}
	}
	return n
}

// digitBoundary rejects matches glued to more digits or to the dots of numbers
// ("0912.345.678", "2023-09-15-1234").
func digitBoundary(s string, a, b int) bool {
	if a > 0 {
		c := s[a-1]
		if isDigitByte(c) || ((c == '.' || c == '/' || c == '-') && a > 1 && isDigitByte(s[a-2])) {
			return false
		}
	}
	if b < len(s) {
		c := s[b]
		if isDigitByte(c) || ((c == '.' || c == '/' || c == '-') && b+1 < len(s) && isDigitByte(s[b+1])) {
			return false
		}
	}
	return true
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			return true
		}
	}
	return false
}
