// Command bantin archives the news of Vietnamese government department portals and makes it
// searchable. See README.md for every command.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/bantin/bantin"
	"github.com/spf13/cobra"
)

// globalOptions are the flags every command takes.
type globalOptions struct {
	Data    string
	Verbose bool
	Quiet   bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCommand().ExecuteContext(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bantin:", err)
	}
	os.Exit(exitCode(err))
}

func newRootCommand() *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:           "bantin",
		Short:         "Archive and search the news of Vietnamese government department portals",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			level := slog.LevelInfo
			switch {
			case g.Verbose:
				level = slog.LevelDebug
			case g.Quiet:
				level = slog.LevelWarn
			}
			slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
		},
	}
	def := os.Getenv("BANTIN_DATA")
	if def == "" {
		def = "bantin-data"
	}
	root.PersistentFlags().StringVar(&g.Data, "data", def, "data directory (env BANTIN_DATA)")
	root.PersistentFlags().BoolVarP(&g.Verbose, "verbose", "v", false, "log debug messages")
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "log warnings and errors only")
	root.AddCommand(
		newDemoCommand(g),
		newTestsiteCommand(g),
		newCrawlCommand(g),
		newSearchCommand(g),
		newExtractCommand(g),
		newServeCommand(g),
		newExportCommand(g),
		newReindexCommand(g),
		newStatusCommand(g),
	)
	return root
}

// exitCode maps an error to the process exit code. The one place that does.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		return 130
	case errors.Is(err, bantin.ErrInvalid), errors.Is(err, errUsage):
		return 2
	case errors.Is(err, bantin.ErrNotFound):
		return 3
	case errors.Is(err, bantin.ErrLocked):
		return 4
	case errors.Is(err, bantin.ErrUnavailable):
		return 5
	case errors.Is(err, bantin.ErrIndexStale):
		return 6
	default:
		return 1
	}
}

// errUsage marks a wrong command line.
var errUsage = errors.New("usage")

// errNotYet is what a command not built yet returns: it says so and exits non-zero.
func errNotYet(name string) error {
	return fmt.Errorf("%s: not implemented yet: %w", name, bantin.ErrUnavailable)
}
