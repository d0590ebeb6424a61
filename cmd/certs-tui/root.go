package main

import (
	"errors"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

const rootLong = `certs-tui is a terminal console for the X.509 certificates of a certs service.

With no service configured it starts the embedded local-mode server, a small
CA, on a random 127.0.0.1 port with a new token, and opens the console on it.
--url (or ` + envURL + `) targets a certs service instead; its token comes from
` + envToken + `, --token-file or the config file, never from the command line.

Settings come from flags, then environment variables, then the profile picked
with --profile (or the config file's default_profile), then defaults. The
config file is $XDG_CONFIG_HOME/certs-tui/config.toml or config.yaml.
Logs go to $XDG_STATE_HOME/certs-tui/certs-tui.log.`

// newRootCommand builds the console command with every subcommand attached.
func newRootCommand() *cobra.Command {
	flags := &consoleFlags{}
	root := &cobra.Command{
		Use:           "certs-tui",
		Short:         "Terminal console for X.509 certificates of a certs service",
		Long:          rootLong,
		Version:       version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runRoot(cmd, flags)
		},
	}
	flags.register(root.Flags())
	_ = root.RegisterFlagCompletionFunc(flagProfile, completeProfiles(flags))

	root.AddCommand(newServeCommand())
	return root
}

// runRoot resolves the settings and runs the console on this terminal.
func runRoot(cmd *cobra.Command, flags *consoleFlags) error {
	env, err := processEnvironment()
	if err != nil {
		return err
	}
	s, err := resolveSettings(cmd.Flags(), flags, env)
	if err != nil {
		return err
	}

	if !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("standard output is not a terminal; run certs-tui in a terminal, or use certs-tui serve for the server alone")
	}
	console := newConsole(s, env)
	console.profiles = newProfileSwitcher(cmd.Flags(), flags, env)
	return console.run()
}

// completeProfiles completes --profile with the profile names of the config
// file the other flags point at.
func completeProfiles(flags *consoleFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		env, err := processEnvironment()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		file, err := loadConfig(cmd.Flags(), flags, env)
		if err != nil || file == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return file.Names(), cobra.ShellCompDirectiveNoFileComp
	}
}
