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

// navigator moves between pages and dialogs. The App implements it; screens
// call it from Update, so a dialog is open before the next key arrives.
type navigator interface {
	openDomain(domain client.Domain) tea.Cmd
	back() tea.Cmd
	openDialog(dialog screen) tea.Cmd
	openDetails(domainID string, row certRow) tea.Cmd
	closeDetails() tea.Cmd
	openCA() tea.Cmd
	closeCA() tea.Cmd
	openExpiry(domain client.Domain) tea.Cmd
	closeExpiry() tea.Cmd
	showExpiring(f expiryFilter, data expiryLoadedMsg) tea.Cmd
	refreshList() tea.Cmd
	runPalette(command, arg string) tea.Cmd
	loggedIn(username string) tea.Cmd
	loginCancelled() tea.Cmd
	closeDialog() tea.Cmd
}

// dialogTextWidth is the width long dialog texts wrap at: the terminal less
// the box border and padding and a column on each side, and at most 76
// cells so lines stay readable.
func dialogTextWidth(terminalWidth int) int {
	return max(min(terminalWidth-6, 76), 20)
}
