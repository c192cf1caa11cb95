package archive

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestFrontier(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	now := baseTime
	urls := []bantin.FrontierURL{
		{URL: "http://h/seed", Site: "s", Depth: 0, Kind: "seed"},
		{URL: "http://h/list", Site: "s", Depth: 1, Kind: "listing"},
		{URL: "http://h/a1", Site: "s", Depth: 2, Kind: "article", State: bantin.StateDone, NextDue: now.Add(time.Hour)},
		{URL: "http://h/a2", Site: "s", Depth: 2, Kind: "article", State: bantin.StateDone, NextDue: now.Add(-time.Hour)},
		{URL: "http://h/a3", Site: "s", Depth: 2, Kind: "article", State: bantin.StateGone},
		{URL: "http://h/a4", Site: "s", Depth: 3, Kind: "article", State: bantin.StateFailed, NextDue: now},
		{URL: "http://other/x", Site: "o"},
	}
	if err := a.AddURLs(ctx, urls); err != nil {
		t.Fatal(err)
	}
	// Adding again leaves known rows alone.
	if err := a.AddURLs(ctx, []bantin.FrontierURL{{URL: "http://h/seed", Site: "s", Depth: 9, State: bantin.StateGone}}); err != nil {
		t.Fatal(err)
	}
	due, err := a.DueURLs(ctx, "s", now, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range due {
		got = append(got, u.URL)
	}
	want := []string{"http://h/seed", "http://h/list", "http://h/a2", "http://h/a4"}
	if len(got) != len(want) {
		t.Fatalf("due = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("due = %v, want %v", got, want)
		}
	}
	if due, _ := a.DueURLs(ctx, "s", now, 2); len(due) != 2 || due[0].URL != "http://h/seed" {
		t.Errorf("limit 2: %v", due)
	}
	u, err := a.LookupURL(ctx, "http://h/seed")
	if err != nil || u.Depth != 0 || u.State != bantin.StateQueued || u.Kind != "seed" {
		t.Errorf("LookupURL = %+v, %v", u, err)
	}
	u.State, u.ETag, u.LastModified, u.LastStatus, u.LastFetched, u.NextDue = bantin.StateDone, `"e1"`, "Mon, 02 Jan 2006 15:04:05 GMT", 200, now, now.Add(24*time.Hour)
	if err := a.UpdateURL(ctx, u); err != nil {
		t.Fatal(err)
	}
	got2, _ := a.LookupURL(ctx, "http://h/seed")
	if got2.ETag != `"e1"` || !got2.NextDue.Equal(now.Add(24*time.Hour)) || !got2.LastFetched.Equal(now) || got2.LastStatus != 200 {
		t.Errorf("after update: %+v", got2)
	}
	if _, err := a.LookupURL(ctx, "http://nope"); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

func TestRuns(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, Options{})
	r1, err := a.StartRun(ctx, "s", baseTime)
	if err != nil {
		t.Fatal(err)
	}
	// A second start finds r1 still running: it died.
	r2, err := a.StartRun(ctx, "s", baseTime.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	r2.Fetched, r2.New, r2.Errors, r2.Status = 10, 4, 1, RunOK
	if err := a.FinishRun(ctx, r2); err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartRun(ctx, "t", baseTime); err != nil {
		t.Fatal(err)
	}
	runs, err := a.Runs(ctx, "s", 10)
	if err != nil || len(runs) != 2 {
		t.Fatalf("Runs = %v, %v", runs, err)
	}
	if runs[0].ID != r2.ID || runs[0].Fetched != 10 || runs[0].Status != RunOK || runs[0].Finished.IsZero() {
		t.Errorf("newest run %+v", runs[0])
	}
	if runs[1].ID != r1.ID || runs[1].Status != RunInterrupted {
		t.Errorf("dead run %+v", runs[1])
	}
	if all, _ := a.Runs(ctx, "", 0); len(all) != 3 {
		t.Errorf("all runs: %d", len(all))
	}
	if err := a.FinishRun(ctx, bantin.Run{ID: 999}); !errors.Is(err, bantin.ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
	sites, err := a.Sites(ctx)
	if err != nil || len(sites) != 2 || sites[0].Name != "s" || sites[0].LastRun == nil || sites[0].LastRun.ID != r2.ID {
		t.Errorf("Sites = %+v, %v", sites, err)
	}
	st, err := a.Stats(ctx)
	if err != nil || st.Runs != 3 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
}
