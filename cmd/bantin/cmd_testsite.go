package main

import "github.com/spf13/cobra"

func newTestsiteCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "testsite",
		Short: "testsite (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("testsite")
		},
	}
}
