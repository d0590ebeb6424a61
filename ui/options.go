// Package ui is the certs-tui console: Bubble Tea models, one screen a file.
package ui

import (
	"log/slog"
	"time"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/theme"
)

// Options configures the console. The command line fills it from flags and the
// config file; the console reads nothing else from the environment.
type Options struct {
	Client         *client.Client
	Service        string   // shown in the header: "local" or the certs URL
	Profile        string   // config profile name, empty when none
	Domains        []string // domain IDs to show when the service cannot list them
	DownloadDir    string
	ReadOnly       bool
	Insecure       bool          // TLS verification is off: shown as a warning
	ExpiringWithin time.Duration // "expiring" status threshold; 14 days when zero
	Logger         *slog.Logger

	// NoColor turns every colour off, following the NO_COLOR convention, and
	// statuses keep their text labels. Set it when NO_COLOR is set and not
	// empty.
	NoColor bool

	// Now is the clock for expiry status and time left; time.Now when nil.
	Now func() time.Time

	// UsersURL is the users service that issues tokens, shown in the login
	// form; empty when the profile uses a fixed token.
	UsersURL string

	// NeedsLogin opens the login form at start, because the client has no
	// token yet and Client was built with the users service URL.
	NeedsLogin bool

	// StoreTokens writes the tokens to a private file and returns its path;
	// the console calls it from a command after the operator agrees. Nil
	// keeps tokens in memory only and skips the question.
	StoreTokens func(client.Tokens) (string, error)

	// Theme is the colour theme with its role overrides, already checked
	// with theme.Choice.Check; the zero value is the default theme.
	Theme theme.Choice

	// Profiles are the config profile names the palette offers after
	// "profile".
	Profiles []string

	// SwitchProfile builds the options of another config profile, with a new
	// client, for the palette's "profile NAME". The console calls it from a
	// command, never from Update, so it may read files. The fields Logger,
	// Now, SwitchProfile and Profiles keep their current values when it
	// leaves them zero, and NoColor stays on once set. Nil disables the
	// command.
	SwitchProfile func(name string) (Options, error)
}
