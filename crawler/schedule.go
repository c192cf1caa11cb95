package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"github.com/go-co-op/gocron/v2"
)

// Schedule runs each site with a Schedule (a cron expression, or "@every 6h") on its schedule
// until ctx is done, then waits for running crawls to stop. A site is never run twice at once:
// a run still going when the next is due makes that one be skipped. It fails with
// bantin.ErrInvalid on a bad schedule, before anything runs. Sites without a schedule are skipped.
func Schedule(ctx context.Context, sites []bantin.Site, run func(ctx context.Context, s bantin.Site) error) error {
	s, err := gocron.NewScheduler(gocron.WithLocation(bantin.Location))
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	n := 0
	for _, site := range sites {
		if site.Schedule == "" {
			continue
		}
		def, err := jobDefinition(site.Schedule)
		if err != nil {
			_ = s.Shutdown()
			return fmt.Errorf("schedule %s: %q: %v: %w", site.Name, site.Schedule, err, bantin.ErrInvalid)
		}
		site := site
		task := gocron.NewTask(func() {
			if err := run(ctx, site); err != nil && ctx.Err() == nil {
				slog.Warn("scheduled crawl failed", "site", site.Name, "err", err)
			}
		})
		if _, err := s.NewJob(def, task, gocron.WithName(site.Name),
			gocron.WithSingletonMode(gocron.LimitModeReschedule)); err != nil {
			_ = s.Shutdown()
			return fmt.Errorf("schedule %s: %q: %v: %w", site.Name, site.Schedule, err, bantin.ErrInvalid)
		}
		n++
	}
	slog.Info("schedules started", "sites", n)
	s.Start()
	<-ctx.Done()
	if err := s.Shutdown(); err != nil {
		return fmt.Errorf("schedule: shutdown: %w", err)
	}
	return nil
}

func jobDefinition(expr string) (gocron.JobDefinition, error) {
	if rest, ok := strings.CutPrefix(expr, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return nil, err
		}
		if d < time.Second {
			return nil, fmt.Errorf("interval %s too short", d)
		}
		return gocron.DurationJob(d), nil
	}
	return gocron.CronJob(expr, false), nil
}
