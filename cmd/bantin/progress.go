package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/crawler"
	"golang.org/x/term"
)

// newProgress renders crawl progress on w: a live one-line bar when w is a terminal, plain
// lines every few seconds otherwise.
func newProgress(w io.Writer) crawler.Progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		width := 100
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			width = cols
		}
		return &barProgress{w: w, width: width, every: 100 * time.Millisecond, now: time.Now}
	}
	return &lineProgress{w: w, every: 10 * time.Second, now: time.Now}
}

// barProgress redraws one status line in place, at most once per `every`.
type barProgress struct {
	mu    sync.Mutex
	w     io.Writer
	width int
	every time.Duration
	now   func() time.Time
	last  time.Time
	drawn bool
}

// Started implements crawler.Progress.
func (p *barProgress) Started(site string, runID int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = time.Time{}
	p.draw(fmt.Sprintf("%s: starting run %d", site, runID))
}

// Update implements crawler.Progress.
func (p *barProgress) Update(s crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw(statusLine(s))
	}
}

// Finished implements crawler.Progress.
func (p *barProgress) Finished(r bantin.Run, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
	fmt.Fprintln(p.w, summaryLine(r, err))
}

func (p *barProgress) draw(line string) {
	if r := []rune(line); len(r) > p.width-1 {
		line = string(r[:p.width-2]) + "…"
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.drawn = true
}

// lineProgress writes a plain status line at most once per `every`.
type lineProgress struct {
	mu    sync.Mutex
	w     io.Writer
	every time.Duration
	now   func() time.Time
	last  time.Time
}

// Started implements crawler.Progress.
func (p *lineProgress) Started(site string, runID int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = p.now()
	fmt.Fprintf(p.w, "%s: run %d started\n", site, runID)
}

// Update implements crawler.Progress.
func (p *lineProgress) Update(s crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last = now
		fmt.Fprintln(p.w, statusLine(s))
	}
}

// Finished implements crawler.Progress.
func (p *lineProgress) Finished(r bantin.Run, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, summaryLine(r, err))
}

func statusLine(s crawler.Stats) string {
	return fmt.Sprintf("%s: fetched %d, queued %d, %.1f/s, errors %d, new %d, changed %d, gone %d  %s",
		s.Site, s.Fetched, s.Queued+s.InFlight, s.Rate, s.Errors, s.New, s.Changed, s.Gone, s.URL)
}

func summaryLine(r bantin.Run, err error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: fetched %d, new %d, changed %d, unchanged %d, gone %d, errors %d",
		r.Site, r.Status, r.Fetched, r.New, r.Changed, r.Unchanged, r.Gone, r.Errors)
	if !r.Finished.IsZero() && !r.Started.IsZero() {
		fmt.Fprintf(&b, " in %s", r.Finished.Sub(r.Started).Round(time.Second))
	}
	if err != nil {
		fmt.Fprintf(&b, " (%v)", err)
	}
	return b.String()
}
