package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/certs-tui/certs-tui/client"
)

// screen is the contract of every page and dialog: it handles messages,
// draws itself into the size it was given, and lists its keys for the hint
// bar and the help overlay.
type screen interface {
	help.KeyMap
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
}

// Navigation messages, sent by screens to the App.
type (
	// openDomainMsg opens the certificate list of a domain.
	openDomainMsg struct{ domain client.Domain }

	// backMsg returns from the certificate list to the domains.
	backMsg struct{}

	// openDialogMsg shows a dialog over the current page.
	openDialogMsg struct{ dialog screen }

	// closeDialogMsg closes the dialog.
	closeDialogMsg struct{}
)

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
