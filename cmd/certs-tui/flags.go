package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/internal/config"
	"github.com/certs-tui/certs-tui/theme"
)

// Flag names of the console, shared by the flag set, the settings resolver
// and its error messages.
const (
	flagConfig         = "config"
	flagProfile        = "profile"
	flagLocal          = "local"
	flagData           = "data"
	flagURL            = "url"
	flagDomainsURL     = "domains-url"
	flagDomain         = "domain"
	flagTokenFile      = "token-file"
	flagCAFile         = "ca-file"
	flagInsecure       = "insecure-skip-verify"
	flagDownloadDir    = "download-dir"
	flagReadOnly       = "read-only"
	flagLogFile        = "log-file"
	flagExpiringWithin = "expiring-within"
	flagTheme          = "theme"
	flagUsersURL       = "users-url"
)

// Environment variables the console reads.
const (
	envURL   = "CERTS_TUI_URL"
	envToken = "CERTS_TUI_TOKEN"
)

// defaultExpiringWithin is the time before expiry from which a certificate
// shows as expiring, when neither the flag nor the profile sets it.
const defaultExpiringWithin = 14 * config.Day

// consoleFlags are the values of the root command's flags. Whether a flag was
// given at all comes from the flag set, because a flag given with its default
// value still overrides the profile.
type consoleFlags struct {
	configPath     string
	profile        string
	local          bool
	dataDir        string
	url            string
	domainsURL     string
	domains        []string
	tokenFile      string
	caFile         string
	insecure       bool
	downloadDir    string
	readOnly       bool
	logFile        string
	expiringWithin durationValue
	theme          string
	usersURL       string
}

// register adds the console flags to fs. There is deliberately no --token
// flag: a token on the command line lands in shell history and in ps output.
func (f *consoleFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.configPath, flagConfig, "", "config file (default $XDG_CONFIG_HOME/certs-tui/config.toml or config.yaml)")
	fs.StringVar(&f.profile, flagProfile, "", "config profile to use (default: the file's default_profile)")

	fs.BoolVar(&f.local, flagLocal, false, "use the embedded local-mode server even when a URL is configured")
	fs.StringVar(&f.dataDir, flagData, "", "data folder of the local-mode server (default $XDG_DATA_HOME/certs-tui)")

	fs.StringVar(&f.url, flagURL, "", "certs service base URL, such as https://host/certs (env "+envURL+")")
	fs.StringVar(&f.domainsURL, flagDomainsURL, "", "domains service URL (default: /domains on the certs host)")
	fs.StringArrayVar(&f.domains, flagDomain, nil, "domain ID to show when the service cannot list domains (repeatable)")
	fs.StringVar(&f.usersURL, flagUsersURL, "", "users service URL: without a token, the console asks for a username and password")
	fs.StringVar(&f.tokenFile, flagTokenFile, "", "file containing the bearer token (else env "+envToken+" or the profile)")
	fs.StringVar(&f.caFile, flagCAFile, "", "PEM file of extra CA certificates to trust for the service")
	fs.BoolVar(&f.insecure, flagInsecure, false, "skip TLS certificate verification of the service (shown as a warning)")

	fs.StringVar(&f.downloadDir, flagDownloadDir, "", "folder offered for downloaded bundles (default: the current folder)")
	fs.BoolVar(&f.readOnly, flagReadOnly, false, "hide and reject issue, renew, revoke and delete")
	fs.StringVar(&f.logFile, flagLogFile, "", "log file (default $XDG_STATE_HOME/certs-tui/certs-tui.log)")

	f.expiringWithin = durationValue(defaultExpiringWithin)
	fs.Var(&f.expiringWithin, flagExpiringWithin, "show certificates expiring within this duration as expiring, such as 14d or 36h")
	fs.StringVar(&f.theme, flagTheme, "", "colour theme: "+strings.Join(theme.Names(), " or ")+" (default: the profile's, else default)")
}

// durationValue is a pflag.Value for a positive duration that accepts days
// ("14d") as well as Go durations.
type durationValue time.Duration

func (d *durationValue) String() string { return config.FormatDuration(time.Duration(*d)) }

func (d *durationValue) Type() string { return "duration" }

func (d *durationValue) Set(text string) error {
	parsed, err := config.ParseDuration(text)
	if err != nil {
		return err
	}
	if parsed <= 0 {
		return fmt.Errorf("duration %q must be longer than zero", text)
	}
	*d = durationValue(parsed)
	return nil
}
