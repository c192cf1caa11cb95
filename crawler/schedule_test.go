package crawler

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestSchedule(t *testing.T) {
	sites := []bantin.Site{{Name: "a", Schedule: "@every 1s"}, {Name: "b", Schedule: "@every 1s"}, {Name: "never"}}
	var mu sync.Mutex
	running, maxRunning, runs := map[string]int{}, map[string]int{}, map[string]int{}
	ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
	defer cancel()
	err := Schedule(ctx, sites, func(ctx context.Context, s bantin.Site) error {
		mu.Lock()
		running[s.Name]++
		runs[s.Name]++
		maxRunning[s.Name] = max(maxRunning[s.Name], running[s.Name])
		mu.Unlock()
		// Longer than the interval: the next tick must not start a second run of this site.
		select {
		case <-time.After(1500 * time.Millisecond):
		case <-ctx.Done():
		}
		mu.Lock()
		running[s.Name]--
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, name := range []string{"a", "b"} {
		if runs[name] == 0 {
			t.Errorf("site %s never ran", name)
		}
		if maxRunning[name] > 1 {
			t.Errorf("site %s ran %d times at once", name, maxRunning[name])
		}
	}
	if runs["never"] != 0 {
		t.Errorf("a site without a schedule ran")
	}
}

func TestScheduleInvalid(t *testing.T) {
	for _, expr := range []string{"every day", "@every soon", "@every 1ms", "61 * * * *"} {
		t.Run(expr, func(t *testing.T) {
			err := Schedule(context.Background(), []bantin.Site{{Name: "a", Schedule: expr}}, func(context.Context, bantin.Site) error {
				t.Error("ran with an invalid schedule")
				return nil
			})
			if !errors.Is(err, bantin.ErrInvalid) {
				t.Errorf("Schedule(%q) = %v, want ErrInvalid", expr, err)
			}
		})
	}
}

func TestSchedulerNextRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sites := []bantin.Site{{Name: "hourly", Schedule: "@every 1h"}, {Name: "daily", Schedule: "30 6 * * *"}, {Name: "never"}}
	sc, err := NewScheduler(ctx, sites, func(context.Context, bantin.Site) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sc.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for sc.NextRun("hourly").IsZero() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	now := time.Now()
	if next := sc.NextRun("hourly"); next.Before(now.Add(59*time.Minute)) || next.After(now.Add(61*time.Minute)) {
		t.Errorf("hourly next run %v, want about an hour from %v", next, now)
	}
	if next := sc.NextRun("daily").In(bantin.Location); next.Hour() != 6 || next.Minute() != 30 || next.Before(now) {
		t.Errorf("daily next run %v, want the next 06:30 in Vietnam", next)
	}
	if next := sc.NextRun("never"); !next.IsZero() {
		t.Errorf("unscheduled site's next run %v, want zero", next)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
