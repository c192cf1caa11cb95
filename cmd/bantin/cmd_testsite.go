package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
	"github.com/spf13/cobra"
)

// testsiteOptions are the flags of bantin testsite.
type testsiteOptions struct {
	Addr      string
	Articles  int
	Seed      int64
	Faults    float64
	Hostile   bool
	Speed     float64
	SitesFile string
}

// AddFlags registers the flags on a command.
func (o *testsiteOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Addr, "addr", "127.0.0.1:0", "hub address host:port; portals take the following free ports (random ones with :0)")
	f.IntVar(&o.Articles, "articles", 40, "articles per portal when the clock starts")
	f.Int64Var(&o.Seed, "seed", 1, "seed of everything generated")
	f.Float64Var(&o.Faults, "faults", 0, "share of requests that fail transiently (0..1)")
	f.BoolVar(&o.Hostile, "hostile", false, "also serve the hostile portal")
	f.Float64Var(&o.Speed, "speed", 0, "run the simulated clock this many times faster than the wall clock (0: only /__clock moves it)")
	f.StringVar(&o.SitesFile, "sites-file", "", "write a sites.yaml for bantin crawl --config to this file")
}

func newTestsiteCommand(g *globalOptions) *cobra.Command {
	o := &testsiteOptions{}
	cmd := &cobra.Command{
		Use:   "testsite",
		Short: "Serve the simulated department portals on loopback ports",
		Long: "Serve the simulated department portals, each on its own port, and a hub linking them with\n" +
			"/__truth.jsonl (every live article) and POST /__clock?advance=48h. Runs until interrupted.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTestsite(cmd, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runTestsite(cmd *cobra.Command, o *testsiteOptions) error {
	host, portStr, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("testsite: --addr %q: %v: %w", o.Addr, err, errUsage)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("testsite: --addr %q: bad port: %w", o.Addr, errUsage)
	}
	if o.Articles < 1 {
		return fmt.Errorf("testsite: --articles %d: want at least 1: %w", o.Articles, errUsage)
	}
	ctx := cmd.Context()
	s, err := testsite.Start(ctx, testsite.Options{
		Articles: o.Articles, Seed: o.Seed, Faults: o.Faults, Hostile: o.Hostile, Host: host, Port: port, Speed: o.Speed,
	})
	if err != nil {
		if errors.Is(err, bantin.ErrInvalid) {
			return fmt.Errorf("%w: %w", err, errUsage)
		}
		return err
	}
	defer s.Close()
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "listening on %s\n", s.Hub)
	for _, p := range s.Portals {
		fmt.Fprintf(out, "portal %s %s\n", p.Name, p.URL)
	}
	if o.SitesFile != "" {
		if err := os.WriteFile(o.SitesFile, s.SitesYAML(), 0o644); err != nil {
			return fmt.Errorf("testsite: write sites file %s: %w", o.SitesFile, err)
		}
	}
	<-ctx.Done()
	return nil
}
