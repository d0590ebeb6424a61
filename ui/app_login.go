package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/ui/sanitize"
)

// startLogin opens the login form. The domains load once the login succeeds
// or the operator cancels it.
func (a *App) startLogin() tea.Cmd {
	a.domains.loading = true
	return a.openDialog(newLoginDialog(a.c))
}

// routeLogin handles login results, stored tokens and token refreshes.
func (a *App) routeLogin(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loginDoneMsg:
		if d, ok := a.dialog.(*loginDialog); ok {
			return d.Update(msg)
		}
		if msg.err == nil {
			return a.loggedIn(msg.username)
		}
		return nil

	case tokensStoredMsg:
		if msg.err != nil {
			a.c.Logger.Warn("storing the tokens failed", "err", msg.err)
			return a.c.status.set(levelError, "Storing the tokens failed, so they stay in memory only: "+sanitize.Text(msg.err.Error()))
		}
		a.c.Logger.Info("tokens stored", "path", msg.path)
		return a.c.status.set(levelSuccess, "Stored the tokens in "+msg.path+" (mode 0600)")
	}
	return a.c.handleRefresh(msg)
}

// loggedIn closes the login form, loads the domains with the new token and
// plans its refresh. When the tokens may be stored, it opens that question.
func (a *App) loggedIn(username string) tea.Cmd {
	a.dialog = nil
	a.c.Logger.Info("logged in", "username", username)
	cmds := []tea.Cmd{
		a.c.status.set(levelSuccess, "Logged in as "+sanitize.Text(username)),
		a.c.scheduleRefresh(),
		a.domains.reload(),
	}
	if a.c.Opts.StoreTokens != nil {
		cmds = append(cmds, a.openDialog(newStoreTokensDialog(a.c, a.c.Client.Tokens())))
	}
	return tea.Batch(cmds...)
}

// loginCancelled closes the login form and loads the domains anyway, so the
// screen shows the service's response to a call without a token.
func (a *App) loginCancelled() tea.Cmd {
	a.dialog = nil
	return tea.Batch(
		a.c.status.set(levelWarning, "Not logged in, so calls fail with 401; run :login to log in"),
		a.domains.reload(),
	)
}
