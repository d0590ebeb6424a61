package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
	"github.com/certs-tui/certs-tui/ui"
	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// console is one run of the full-screen console. newModel and
// programOptions are replaced in tests; the command uses ui.New and the
// process terminal.
type console struct {
	settings       settings
	env            environment
	newModel       func(ui.Options) tea.Model
	programOptions []tea.ProgramOption
	profiles       *profileSwitcher // nil disables the palette's profile command
}

func newConsole(s settings, env environment) *console {
	return &console{
		settings: s,
		env:      env,
		newModel: func(opts ui.Options) tea.Model { return ui.New(opts) },
	}
}

// run opens the log, starts the local server when the settings ask for it,
// and runs the console until the operator quits. Nothing is written to the
// terminal while the console runs, so every failure becomes the returned
// error, printed after the terminal is restored.
func (c *console) run() (err error) {
	s := c.settings

	ownFolder := filepath.Dir(s.logFile) == filepath.Join(c.env.stateHome, appName)
	log, err := openLog(s.logFile, ownFolder)
	if err != nil {
		return err
	}
	defer log.Close()
	logger := log.logger
	defer recordFatalCrashes(log.file, logger)()

	// net/http and other packages that use the standard logger now write to
	// the log file and not to the terminal.
	slog.SetDefault(logger)
	logger.Info("console starting", "version", version, "service", s.service(), "profile", s.profile,
		"config", s.configPath, "token_source", s.tokenSource, "read_only", s.readOnly, "insecure_skip_verify", s.insecure)

	clientConfig := newClientConfig(s, logger)
	store := loginStore(s, c.env, logger)
	if store != nil {
		clientConfig.OnTokens = store.onTokens
	}

	var local *localServer
	if s.local {
		local, err = startLocalServer(s.dataDir, logger)
		if err != nil {
			logger.Error("local server did not start", "error", err)
			return fmt.Errorf("%w (log: %s)", err, log.path)
		}
		defer func() {
			if stopErr := local.stop(); stopErr != nil && err == nil {
				err = fmt.Errorf("%w (log: %s)", stopErr, log.path)
			}
		}()
		clientConfig.BaseURL = local.baseURL
		clientConfig.Token = local.token
	}

	certsClient, err := client.New(clientConfig)
	if err != nil {
		logger.Error("client not created", "error", err)
		return fmt.Errorf("certs client: %w", err)
	}

	opts := newUIOptions(s, certsClient, logger)
	wireLogin(s, store, &opts)
	if c.profiles != nil {
		c.profiles.attach(logger, local, s.dataDir)
		names, err := c.profiles.names()
		if err != nil {
			return err
		}
		if len(names) > 0 {
			opts.Profiles, opts.SwitchProfile = names, c.profiles.switchTo
		}
	}
	return c.runProgram(c.newModel(opts), local, log)
}

// newClientConfig returns the client settings of a remote service. In
// local mode the caller sets the local server's URL and token.
func newClientConfig(s settings, logger *slog.Logger) client.Config {
	return client.Config{
		BaseURL:            s.url,
		DomainsURL:         s.domainsURL,
		UsersURL:           s.usersURL,
		Token:              s.token,
		RefreshToken:       s.refreshToken,
		CAFile:             s.caFile,
		InsecureSkipVerify: s.insecure,
		Version:            version,
		Logger:             logger.With("component", "client"),
	}
}

// newUIOptions returns the console options of the settings.
func newUIOptions(s settings, cl *client.Client, logger *slog.Logger) ui.Options {
	return ui.Options{
		Client:         cl,
		Service:        s.service(),
		Profile:        s.profile,
		Domains:        s.domains,
		DownloadDir:    s.downloadDir,
		ReadOnly:       s.readOnly,
		Insecure:       s.insecure,
		ExpiringWithin: s.expiringWithin,
		Theme:          s.theme,
		NoColor:        os.Getenv("NO_COLOR") != "",
		Logger:         logger.With("component", "ui"),
	}
}

// runProgram runs Bubble Tea with the crash guard, quits when the local
// server stops early, and turns a panic into an error naming the log.
func (c *console) runProgram(model tea.Model, local *localServer, log *logFile) error {
	guard := newCrashGuard(model, log.logger)
	program := tea.NewProgram(guard, c.programOptions...)

	// A stopped local server leaves the console unable to do anything, so
	// the console quits and the reason is printed.
	programDone := make(chan struct{})
	watcherDone := make(chan struct{})
	go func() {
		defer close(watcherDone)
		if local == nil {
			return
		}
		select {
		case <-local.done:
			program.Quit()
		case <-programDone:
		}
	}()

	_, runErr := program.Run()

	close(programDone)
	<-watcherDone
	log.logger.Info("console stopped", "error", runErr)

	if value, crashed := guard.panicValue(); crashed {
		return fmt.Errorf("the console stopped on an internal error: %s; the stack trace is in %s",
			sanitize.Text(fmt.Sprint(value)), log.path)
	}
	if errors.Is(runErr, tea.ErrProgramPanic) {
		return fmt.Errorf("the console stopped on an internal error; the panic and its stack trace are in %s", log.path)
	}
	if local != nil {
		select {
		case <-local.done:
			if local.err != nil {
				return fmt.Errorf("the console closed because the local server stopped (%w); details are in %s", local.err, log.path)
			}
		default:
		}
	}
	// SIGTERM kills the program and SIGINT interrupts it: both are the
	// operator's way to quit, not failures.
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) && !errors.Is(runErr, tea.ErrInterrupted) {
		return fmt.Errorf("console: %w (log: %s)", runErr, log.path)
	}
	return nil
}
