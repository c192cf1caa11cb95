package main

import "github.com/spf13/cobra"

func newReindexCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "reindex (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("reindex")
		},
	}
}
