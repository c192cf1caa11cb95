package main

import "github.com/spf13/cobra"

func newExtractCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "extract",
		Short: "extract (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("extract")
		},
	}
}
