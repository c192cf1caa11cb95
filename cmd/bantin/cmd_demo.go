package main

import "github.com/spf13/cobra"

func newDemoCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "demo (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("demo")
		},
	}
}
