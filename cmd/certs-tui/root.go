package main

import "github.com/spf13/cobra"

// newRootCommand builds the console command with every subcommand attached.
// TODO: skeleton; the console flags and start-up are added with the console.
func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "certs-tui",
		Short:         "Terminal console for X.509 certificates of a certs service",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newServeCommand())
	return root
}
