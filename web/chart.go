package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bantin/bantin"
)

// chart is a bar chart of hit counts over time, drawn as SVG by the search template.
type chart struct {
	Width, Height int
	Unit          string // "month" or "year"
	Bars          []bar
	Max           int
	First, Last   string // labels under the first and last bars
	MaxY          int    // y of the baseline
}

type bar struct {
	X, Y, W, H int
	Label      string // "2024-03" or "2024"
	Count      int
}

const (
	chartW      = 640
	chartH      = 160
	chartBottom = 140 // baseline; labels below it
	chartTop    = 16  // room above the tallest bar for the "max" label
	maxMonths   = 48  // more months than this are drawn as years
	maxBarStep  = 48  // widest bar, with its gap
)

// buildChart turns histogram buckets ("YYYY-MM" or "YYYY", oldest first, possibly with gaps)
// into bars with every bucket between the first and the last, empty ones included, so that
// the time axis is even. It returns nil when there is nothing to draw. Buckets it cannot read
// are skipped.
func buildChart(hist []bantin.Count) *chart {
	months := map[time.Time]int{}
	years := map[int]int{}
	monthly := true
	for _, c := range hist {
		if t, err := time.Parse("2006-01", c.Value); err == nil {
			months[t] += c.Count
			years[t.Year()] += c.Count
			continue
		}
		if y, err := strconv.Atoi(c.Value); err == nil && len(c.Value) == 4 {
			years[y] += c.Count
			monthly = false
		}
	}
	var labels []string
	var counts []int
	unit := "year"
	if monthly && len(months) > 0 {
		lo, hi := minMaxTime(months)
		if n := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month()) + 1; n <= maxMonths {
			unit = "month"
			for t := lo; !t.After(hi); t = t.AddDate(0, 1, 0) {
				labels = append(labels, t.Format("2006-01"))
				counts = append(counts, months[t])
			}
		}
	}
	if unit == "year" {
		if len(years) == 0 {
			return nil
		}
		lo, hi := 1<<31-1, -1<<31
		for y := range years {
			lo, hi = min(lo, y), max(hi, y)
		}
		if hi-lo > 500 {
			return nil // nonsense dates; no honest axis to draw
		}
		for y := lo; y <= hi; y++ {
			labels = append(labels, strconv.Itoa(y))
			counts = append(counts, years[y])
		}
	}
	c := &chart{Width: chartW, Height: chartH, Unit: unit, MaxY: chartBottom}
	for _, n := range counts {
		c.Max = max(c.Max, n)
	}
	if c.Max == 0 {
		return nil
	}
	step := min(chartW/len(counts), maxBarStep) // a lone month is a bar, not a wall
	w := max(step-2, 1)
	if step < 1 {
		step, w = 1, 1
	}
	for i, n := range counts {
		h := n * (chartBottom - chartTop) / c.Max
		if n > 0 && h == 0 {
			h = 1
		}
		c.Bars = append(c.Bars, bar{X: i * step, Y: chartBottom - h, W: w, H: h, Label: labels[i], Count: n})
	}
	c.First, c.Last = labels[0], labels[len(labels)-1]
	c.Width = max(step*len(counts), 200) // room for the labels; the CSS scales the rest
	return c
}

func minMaxTime(m map[time.Time]int) (lo, hi time.Time) {
	for t := range m {
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if t.After(hi) {
			hi = t
		}
	}
	return lo, hi
}

// barTitle is the tooltip of one bar.
func (b bar) Title() string { return fmt.Sprintf("%s: %d", b.Label, b.Count) }
