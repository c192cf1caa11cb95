package main

import "github.com/spf13/cobra"

func newSearchCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "search",
		Short: "search (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("search")
		},
	}
}
