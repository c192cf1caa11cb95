package main

import "github.com/spf13/cobra"

func newCrawlCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "crawl",
		Short: "crawl (not implemented yet)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errNotYet("crawl")
		},
	}
}
