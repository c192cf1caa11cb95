package archive

import (
	"context"
	"testing"

	"github.com/bantin/bantin"
)

// TestQueuedFrontierRows checks that frontier rows written behind read as if written at once,
// and that Close commits them.
func TestQueuedFrontierRows(t *testing.T) {
	ctx := context.Background()
	a, dir := openTest(t, Options{})
	const u = "http://h/x"
	steps := []struct {
		name      string
		do        func() error
		wantDepth int
		wantState string
	}{
		{"add", func() error { return a.AddURLs(ctx, []bantin.FrontierURL{{URL: u, Site: "s", Depth: 1}}) }, 1, bantin.StateQueued},
		{"add again leaves it", func() error { return a.AddURLs(ctx, []bantin.FrontierURL{{URL: u, Site: "s", Depth: 9}}) }, 1, bantin.StateQueued},
		{"update replaces it", func() error {
			return a.UpdateURL(ctx, bantin.FrontierURL{URL: u, Site: "s", Depth: 2, State: bantin.StateDone, NextDue: baseTime.Add(1e12)})
		}, 2, bantin.StateDone},
		{"add after update leaves it", func() error { return a.AddURLs(ctx, []bantin.FrontierURL{{URL: u, Site: "s", Depth: 7}}) }, 2, bantin.StateDone},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			got, err := a.LookupURL(ctx, u)
			if err != nil || got.Depth != st.wantDepth || got.State != st.wantState {
				t.Fatalf("LookupURL = depth %d state %q, %v; want depth %d state %q", got.Depth, got.State, err, st.wantDepth, st.wantState)
			}
		})
	}
	if due, err := a.DueURLs(ctx, "s", baseTime, 10); err != nil || len(due) != 0 {
		t.Errorf("DueURLs = %v, %v; want none (done, due later)", due, err)
	}
	if err := a.AddURLs(ctx, []bantin.FrontierURL{{URL: "http://h/y", Site: "s", Depth: 3}}); err != nil {
		t.Fatal(err)
	}
	if due, err := a.DueURLs(ctx, "s", baseTime, 10); err != nil || len(due) != 1 || due[0].URL != "http://h/y" {
		t.Errorf("DueURLs = %v, %v; want the row just added", due, err)
	}
	if err := a.UpdateURL(ctx, bantin.FrontierURL{URL: "http://h/z", Site: "s", State: bantin.StateFailed}); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b := openDir(t, dir, Options{})
	for url, want := range map[string]string{u: bantin.StateDone, "http://h/y": bantin.StateQueued, "http://h/z": bantin.StateFailed} {
		if got, err := b.LookupURL(ctx, url); err != nil || got.State != want {
			t.Errorf("after reopening, %s = %q, %v; want %q", url, got.State, err, want)
		}
	}
}
