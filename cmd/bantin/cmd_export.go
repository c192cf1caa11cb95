package main

import "github.com/spf13/cobra"

func newExportCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "export (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("export")
		},
	}
}
