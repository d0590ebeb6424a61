// Command certs-tui is a terminal console for the certificates of a certs
// service, with a built-in local-mode server.
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	root := newRootCommand()
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "certs-tui:", err)
		os.Exit(1)
	}
}
