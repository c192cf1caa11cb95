package main

import "github.com/spf13/cobra"

func newServeCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "serve (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("serve")
		},
	}
}
