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
	s, err := NewScheduler(ctx, sites, run)
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

// Scheduler holds the schedules of a set of sites; Schedule is NewScheduler plus Run.
type Scheduler struct {
	s    gocron.Scheduler
	jobs map[string]gocron.Job // by site name
}

// NewScheduler checks every site's schedule and prepares its job; nothing runs before Run. A
// bad schedule fails with bantin.ErrInvalid.
func NewScheduler(ctx context.Context, sites []bantin.Site, run func(ctx context.Context, s bantin.Site) error) (*Scheduler, error) {
	s, err := gocron.NewScheduler(gocron.WithLocation(bantin.Location))
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	sc := &Scheduler{s: s, jobs: map[string]gocron.Job{}}
	for _, site := range sites {
		if site.Schedule == "" {
			continue
		}
		def, err := jobDefinition(site.Schedule)
		if err != nil {
			_ = s.Shutdown()
			return nil, fmt.Errorf("schedule %s: %q: %v: %w", site.Name, site.Schedule, err, bantin.ErrInvalid)
		}
		task := gocron.NewTask(func() {
			if err := run(ctx, site); err != nil && ctx.Err() == nil {
				slog.Warn("scheduled crawl failed", "site", site.Name, "err", err)
			}
		})
		job, err := s.NewJob(def, task, gocron.WithName(site.Name),
			gocron.WithSingletonMode(gocron.LimitModeReschedule))
		if err != nil {
			_ = s.Shutdown()
			return nil, fmt.Errorf("schedule %s: %q: %v: %w", site.Name, site.Schedule, err, bantin.ErrInvalid)
		}
		sc.jobs[site.Name] = job
	}
	return sc, nil
}

// Run starts the schedules and blocks until ctx is done, then waits for running crawls to stop.
func (sc *Scheduler) Run(ctx context.Context) error {
	slog.Info("schedules started", "sites", len(sc.jobs))
	sc.s.Start()
	<-ctx.Done()
	if err := sc.s.Shutdown(); err != nil {
		return fmt.Errorf("schedule: shutdown: %w", err)
	}
	return nil
}

// NextRun returns when the site's next scheduled run is due; zero for a site without a
// schedule or before Run.
func (sc *Scheduler) NextRun(site string) time.Time {
	job, ok := sc.jobs[site]
	if !ok {
		return time.Time{}
	}
	t, err := job.NextRun()
	if err != nil {
		return time.Time{}
	}
	return t
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
