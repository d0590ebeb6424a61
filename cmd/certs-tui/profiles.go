package main

import (
	"fmt"
	"log/slog"
	"sync"

	"github.com/spf13/pflag"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui"
)

// profileSwitcher builds the console options of another config profile for
// the palette's "profile NAME", resolving the settings as --profile NAME with
// the same flags would. A local profile can only reuse the local server this
// console already runs, on the same data folder.
type profileSwitcher struct {
	mu    sync.Mutex // the flag set is changed while settings resolve
	fs    *pflag.FlagSet
	flags *consoleFlags
	env   environment

	logger   *slog.Logger
	local    *localServer // the running local server; nil in remote mode
	localDir string
}

func newProfileSwitcher(fs *pflag.FlagSet, flags *consoleFlags, env environment) *profileSwitcher {
	return &profileSwitcher{fs: fs, flags: flags, env: env}
}

// attach gives the switcher the console's logger and local server.
func (p *profileSwitcher) attach(logger *slog.Logger, local *localServer, localDir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.logger, p.local, p.localDir = logger, local, localDir
}

// names returns the profile names of the config file, or nil without one.
func (p *profileSwitcher) names() ([]string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	file, err := loadConfig(p.fs, p.flags, p.env)
	if err != nil || file == nil {
		return nil, err
	}
	return file.Names(), nil
}

// switchTo resolves the settings of profile name and builds its client.
func (p *profileSwitcher) switchTo(name string) (ui.Options, error) {
	p.mu.Lock()
	defer p.mu.Unlock()

	if err := p.fs.Set(flagProfile, name); err != nil {
		return ui.Options{}, fmt.Errorf("--profile %s: %w", name, err)
	}
	s, err := resolveSettings(p.fs, p.flags, p.env)
	if err != nil {
		return ui.Options{}, err
	}

	cfg := newClientConfig(s, p.logger)
	store := loginStore(s, p.env, p.logger)
	if store != nil {
		cfg.OnTokens = store.onTokens
	}
	if s.local {
		if p.local == nil || s.dataDir != p.localDir {
			return ui.Options{}, fmt.Errorf("profile %s runs a local server on %s, which this console did not start; restart with certs-tui --profile %s", name, s.dataDir, name)
		}
		cfg.BaseURL, cfg.Token = p.local.baseURL, p.local.token
	}

	cl, err := client.New(cfg)
	if err != nil {
		return ui.Options{}, fmt.Errorf("profile %s: certs client: %w", name, err)
	}
	p.logger.Info("profile resolved", "profile", s.profile, "service", s.service(), "token_source", s.tokenSource, "read_only", s.readOnly)
	opts := newUIOptions(s, cl, p.logger)
	wireLogin(s, store, &opts)
	return opts, nil
}
