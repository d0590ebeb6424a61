package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/internal/config"
	"github.com/certs-tui/certs-tui/theme"
)

// appName names the folders under the XDG base directories.
const appName = "certs-tui"

// environment is the process context that settings are resolved against
// besides the flags: variables, XDG folders and the working folder. Tests
// supply their own.
type environment struct {
	getenv     func(string) string
	configHome string // $XDG_CONFIG_HOME
	dataHome   string // $XDG_DATA_HOME
	stateHome  string // $XDG_STATE_HOME
	workDir    string
}

// processEnvironment reads the environment of this process.
func processEnvironment() (environment, error) {
	workDir, err := os.Getwd()
	if err != nil {
		return environment{}, fmt.Errorf("cannot read the current folder: %w", err)
	}
	return environment{
		getenv:     os.Getenv,
		configHome: xdg.ConfigHome,
		dataHome:   xdg.DataHome,
		stateHome:  xdg.StateHome,
		workDir:    workDir,
	}, nil
}

// settings are the console's resolved settings. Each value comes from the
// first of: a flag, an environment variable, the selected profile, a default.
type settings struct {
	configPath string // "" when no config file was read
	profile    string

	local   bool
	dataDir string // local mode only

	url         string // remote mode only
	domainsURL  string
	token       string // remote mode only; never logged
	tokenSource string // origin of the token, for messages
	caFile      string
	insecure    bool

	usersURL     string // users service for a login; empty when the token is fixed
	refreshToken string // from stored login tokens; never logged
	tokensStored bool   // the login tokens come from the token store

	domains        []string
	downloadDir    string
	readOnly       bool
	logFile        string
	expiringWithin time.Duration
	theme          theme.Choice
}

// service names the service in the header and the log: "local" or the URL.
func (s settings) service() string {
	if s.local {
		return "local"
	}
	return s.url
}

// resolveSettings merges flags, environment, config file and defaults, and
// checks the result. fs must be the flag set f was registered on.
func resolveSettings(fs *pflag.FlagSet, f *consoleFlags, env environment) (settings, error) {
	file, err := loadConfig(fs, f, env)
	if err != nil {
		return settings{}, err
	}

	profile, err := selectProfile(fs, f, file)
	if err != nil {
		return settings{}, err
	}

	var s settings
	if file != nil {
		s.configPath = file.Path
	}
	s.profile = profile.Name

	if err := resolveMode(fs, f, env, profile, &s); err != nil {
		return settings{}, err
	}
	if s.local {
		err = resolveLocal(fs, f, env, profile, &s)
	} else {
		err = resolveRemote(fs, f, env, profile, &s)
	}
	if err != nil {
		return settings{}, err
	}

	if err := resolveCommon(fs, f, env, profile, &s); err != nil {
		return settings{}, err
	}
	return s, nil
}

// loadConfig reads --config, or the config file in the XDG config folder when
// there is one. It returns nil when there is no file.
func loadConfig(fs *pflag.FlagSet, f *consoleFlags, env environment) (*config.File, error) {
	path := f.configPath
	if !fs.Changed(flagConfig) {
		found, err := config.Find(filepath.Join(env.configHome, appName))
		if err != nil {
			return nil, err
		}
		path = found
	}
	if path == "" {
		return nil, nil
	}

	path, err := config.ExpandPath(path, env.workDir)
	if err != nil {
		return nil, err
	}
	return config.Load(path)
}

// selectProfile returns the --profile profile, else the file's default
// profile, else an empty profile.
func selectProfile(fs *pflag.FlagSet, f *consoleFlags, file *config.File) (config.Profile, error) {
	if file == nil {
		if fs.Changed(flagProfile) {
			return config.Profile{}, fmt.Errorf("--profile %s: there is no config file; create %s or %s in $XDG_CONFIG_HOME/%s, or pass --config FILE",
				f.profile, config.TOMLName, config.YAMLName, appName)
		}
		return config.Profile{}, nil
	}

	if fs.Changed(flagProfile) && f.profile == "" {
		return config.Profile{}, fmt.Errorf("--profile needs a profile name; the profiles in %s are: %s",
			file.Path, strings.Join(file.Names(), ", "))
	}
	return file.Profile(f.profile)
}

// resolveMode decides between the embedded local server and a remote URL.
// --local beats any URL, a URL from a flag or the environment beats a local
// profile, and with no URL at all the console runs locally.
func resolveMode(fs *pflag.FlagSet, f *consoleFlags, env environment, p config.Profile, s *settings) error {
	if f.local && fs.Changed(flagURL) {
		return fmt.Errorf("--local and --url %s contradict each other; pass one of them", f.url)
	}

	switch {
	case f.local:
		s.local = true
	case fs.Changed(flagURL):
		s.url = f.url
	case env.getenv(envURL) != "":
		s.url = env.getenv(envURL)
	case p.Local:
		s.local = true
	case p.URL != "":
		s.url = p.URL
	default:
		s.local = true
	}

	if s.local {
		return nil
	}
	if err := config.CheckURL(s.url); err != nil {
		return fmt.Errorf("certs service: %w", err)
	}
	return nil
}

// remoteOnlyFlags returns the flags that apply only to a remote service.
// Given in local mode they would be silently ignored, so they are rejected.
func remoteOnlyFlags() []string {
	return []string{flagDomainsURL, flagTokenFile, flagCAFile, flagInsecure, flagUsersURL}
}

func resolveLocal(fs *pflag.FlagSet, f *consoleFlags, env environment, p config.Profile, s *settings) error {
	for _, name := range remoteOnlyFlags() {
		if fs.Changed(name) {
			return fmt.Errorf("--%s applies only to a remote service given with --url; the console is in local mode", name)
		}
	}

	dir := filepath.Join(env.dataHome, appName)
	switch {
	case fs.Changed(flagData):
		dir = f.dataDir
	case p.DataDir != "":
		dir = p.DataDir
	}
	if dir == "" {
		return errors.New("--data needs a folder")
	}

	abs, err := config.ExpandPath(dir, env.workDir)
	if err != nil {
		return err
	}
	s.dataDir = abs
	return nil
}

func resolveRemote(fs *pflag.FlagSet, f *consoleFlags, env environment, p config.Profile, s *settings) error {
	if fs.Changed(flagData) {
		return fmt.Errorf("--data is the local-mode server's folder, but the console targets %s; add --local to use the local server", s.url)
	}

	s.domainsURL = p.DomainsURL
	if fs.Changed(flagDomainsURL) {
		s.domainsURL = f.domainsURL
	}
	if s.domainsURL != "" {
		if err := config.CheckURL(s.domainsURL); err != nil {
			return fmt.Errorf("domains service: %w", err)
		}
	}

	s.usersURL = p.UsersURL
	if fs.Changed(flagUsersURL) {
		s.usersURL = f.usersURL
	}
	if s.usersURL != "" {
		if err := config.CheckURL(s.usersURL); err != nil {
			return fmt.Errorf("users service: %w", err)
		}
	}

	if err := resolveToken(fs, f, env, p, s); err != nil {
		return err
	}

	s.caFile = p.CAFile
	if fs.Changed(flagCAFile) {
		s.caFile = f.caFile
	}
	if s.caFile != "" {
		if err := checkReadableFile(s.caFile, "CA file"); err != nil {
			return err
		}
	}

	s.insecure = p.InsecureSkipVerify
	if fs.Changed(flagInsecure) {
		s.insecure = f.insecure
	}
	return nil
}

// resolveCommon fills the settings both modes share.
func resolveCommon(fs *pflag.FlagSet, f *consoleFlags, env environment, p config.Profile, s *settings) error {
	s.domains = p.Domains
	if fs.Changed(flagDomain) {
		s.domains = f.domains
	}
	for _, id := range s.domains {
		if err := config.CheckDomainID(id); err != nil {
			return fmt.Errorf("--domain: %w", err)
		}
	}

	downloadDir := env.workDir
	switch {
	case fs.Changed(flagDownloadDir):
		downloadDir = f.downloadDir
	case p.DownloadDir != "":
		downloadDir = p.DownloadDir
	}
	abs, err := config.ExpandPath(downloadDir, env.workDir)
	if err != nil {
		return err
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		return fmt.Errorf("download folder %s is a file; pass a folder with --%s", abs, flagDownloadDir)
	}
	s.downloadDir = abs

	s.readOnly = p.ReadOnly
	if fs.Changed(flagReadOnly) {
		s.readOnly = f.readOnly
	}

	logFile := filepath.Join(env.stateHome, appName, appName+".log")
	switch {
	case fs.Changed(flagLogFile):
		logFile = f.logFile
	case p.LogFile != "":
		logFile = p.LogFile
	}
	if s.logFile, err = config.ExpandPath(logFile, env.workDir); err != nil {
		return err
	}

	s.expiringWithin = time.Duration(f.expiringWithin)
	if !fs.Changed(flagExpiringWithin) && p.ExpiringWithin > 0 {
		s.expiringWithin = p.ExpiringWithin
	}

	s.theme = theme.Choice{Name: p.Theme, Colors: p.Colors}
	if fs.Changed(flagTheme) {
		s.theme.Name = f.theme
	}
	if err := s.theme.Check(); err != nil {
		return fmt.Errorf("--%s: %w", flagTheme, err)
	}
	return nil
}

// checkReadableFile reports a missing or unreadable file by its role.
func checkReadableFile(path, role string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s %s cannot be read: %w", role, path, pathCause(err))
	}
	return file.Close()
}

// pathCause drops the operation and path from an *fs.PathError, because the
// messages here already name the file.
func pathCause(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}
