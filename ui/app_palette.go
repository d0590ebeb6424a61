package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// profileSwitchedMsg carries the options of another profile, built by
// Options.SwitchProfile.
type profileSwitchedMsg struct {
	task int
	name string
	opts Options
	err  error
}

// switchProfileCmd builds the options of a profile. The hook may read files,
// so it runs here and never in Update.
func switchProfileCmd(switchProfile func(string) (Options, error), name string, task int) tea.Cmd {
	return func() tea.Msg {
		opts, err := switchProfile(name)
		return profileSwitchedMsg{task: task, name: name, opts: opts, err: err}
	}
}

// typing reports whether a prompt takes every typed key, so ":" is text.
func (a *App) typing() bool {
	return a.filtering() || (a.expiry != nil && a.expiry.prompting)
}

// handlePaletteKey opens the command palette when ":" is pressed on a page.
func (a *App) handlePaletteKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if a.dialog != nil || a.showHelp || a.typing() || !key.Matches(msg, a.c.Keys.Palette) {
		return nil, false
	}
	return a.openDialog(newPaletteDialog(a.c)), true
}

// runPalette runs a palette command with its argument.
func (a *App) runPalette(command, arg string) tea.Cmd {
	switch command {
	case "quit":
		a.cancel()
		return tea.Quit
	case "domains":
		a.closePages()
		a.certs = nil
		return nil
	case "certs":
		if a.certs == nil {
			return a.c.status.set(levelWarning, "No domain is open; select one on the domains screen and press enter")
		}
		a.closePages()
		return nil
	case "ca":
		return a.openCA()
	case "login":
		return a.openDialog(newLoginDialog(a.c))
	case "profile":
		if a.c.Opts.SwitchProfile == nil {
			return a.c.status.set(levelWarning, "Profile switching is not available in this console")
		}
		id, tick := a.c.tasks.start("Switching to profile " + sanitize.Text(arg) + "…")
		return tea.Batch(tick, switchProfileCmd(a.c.Opts.SwitchProfile, arg, id))
	}
	return nil
}

// closePages closes the pages over the certificate list.
func (a *App) closePages() {
	a.details, a.expiry, a.caPage = nil, nil, nil
}

// applyProfile replaces the client and options with those of the new
// profile and starts again from the domains. Calls still running for the
// old profile are cancelled, and their replies are dropped.
func (a *App) applyProfile(msg profileSwitchedMsg) tea.Cmd {
	a.c.tasks.finish(msg.task)
	name := sanitize.Text(msg.name)
	if msg.err != nil {
		a.c.Logger.Warn("profile switch failed", "profile", msg.name, "err", msg.err)
		return a.c.status.set(levelError, "Switching to profile "+name+" failed, so the console stays on "+sanitize.Text(a.c.Opts.Profile)+": "+sanitize.Text(msg.err.Error()))
	}

	opts := msg.opts
	old := a.c.Opts
	if opts.Logger == nil {
		opts.Logger = a.c.Logger
	}
	if opts.Now == nil {
		opts.Now = old.Now
	}
	if opts.SwitchProfile == nil {
		opts.SwitchProfile, opts.Profiles = old.SwitchProfile, old.Profiles
	}
	opts.NoColor = opts.NoColor || old.NoColor

	a.cancel()
	ctx, cancel := context.WithCancel(context.Background())
	a.c.Ctx, a.cancel = ctx, cancel
	a.c.Client, a.c.Opts, a.c.Logger = opts.Client, opts, opts.Logger
	a.c.Keys = DefaultKeyMap(opts.ReadOnly)
	a.c.ca = nil

	a.dialog, a.showHelp = nil, false
	a.closePages()
	a.certs = nil
	a.domains.domains = nil
	a.domains.table.SetRows(nil)
	a.domains.table.KeyMap = a.c.Keys.Move
	a.setTheme(a.c.Styles.IsDark)
	a.resize()

	a.c.Logger.Info("profile switched", "profile", msg.name, "service", opts.Service)
	switched := a.c.status.set(levelSuccess, "Switched to profile "+name+" ("+sanitize.Text(opts.Service)+")")
	if opts.NeedsLogin {
		return tea.Batch(switched, a.startLogin())
	}
	return tea.Batch(switched, a.domains.reload(), a.c.scheduleRefresh())
}
