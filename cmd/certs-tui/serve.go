package main

import "github.com/spf13/cobra"

// newServeCommand builds "certs-tui serve".
// TODO: skeleton; the server flags are added with the server.
func newServeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the local-mode certs server in the foreground",
	}
}
